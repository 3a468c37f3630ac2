/**
 * A fake Portainer on 127.0.0.1 whose answer is scripted per request path, for fault and
 * load tests of the generated servers. The server under test is pointed at `url`
 * (`PORTAINER_URL`; it appends `/api` itself), and each request is answered by the first
 * route whose `match` fits `METHOD /path` (query string left out), else by `fallback`.
 *
 * Behaviours (see `Behaviour`):
 * - `json`: a normal JSON answer (any status).
 * - `echo-endpoint-id`: `GET /api/endpoints/<n>` answers `{"Id": n, ...}`, so a caller can
 *   tell whose answer it got (crossed-response detection in the load test).
 * - `hang`: reads the request and never answers; the socket is destroyed at `stop()` or
 *   after `maxHangMs`, whichever comes first, so nothing outlives the test.
 * - `hang-mid-body`: status, headers and the first bytes of a JSON body, then nothing.
 * - `drip`: a JSON body one byte every `intervalMs`, never finished (bounded by `maxHangMs`).
 * - `error-json`: an error status with a Portainer-style `{"message", "details"}` body.
 * - `reset`: destroys the socket before any byte of the answer (the client sees ECONNRESET).
 * - `reset-mid-body`: headers and part of the body, then destroys the socket.
 * - `invalid-json`: 200, `content-type: application/json`, a body that is not JSON.
 * - `huge`: 200 JSON of `bytes` bytes, streamed in 1 MiB chunks with backpressure; it stops
 *   writing as soon as the client goes away.
 *
 * Every request is recorded (method, path, query, the route that answered, the API key
 * header) and counted; `stop()` closes the listener and destroys every open socket.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Behaviour =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'echo-endpoint-id' }
  | { kind: 'hang' }
  | { kind: 'hang-mid-body' }
  | { kind: 'drip'; intervalMs?: number }
  | { kind: 'error-json'; status?: number; message: string; details?: string }
  | { kind: 'reset' }
  | { kind: 'reset-mid-body' }
  | { kind: 'invalid-json'; body?: string }
  | { kind: 'huge'; bytes: number };

export interface FaultRoute {
  /** `METHOD /api/path` exactly, or a RegExp tested against that string. */
  match: string | RegExp;
  behaviour: Behaviour;
  /** Name in records; default: the match as text. */
  name?: string;
}

export interface FaultUpstreamOptions {
  routes?: readonly FaultRoute[];
  /** Answer for requests no route matches; default 404 JSON. */
  fallback?: Behaviour;
  /** Upper bound for `hang`/`drip` sockets; default 60 s. */
  maxHangMs?: number;
  /** Keep the last N records only (load tests send thousands); default 10,000. */
  maxRecords?: number;
  /**
   * How long an idle keep-alive connection stays open (node:http `keepAliveTimeout`);
   * default 5 s, Node's own default. The server under test pools its upstream sockets, so
   * a short value makes it meet sockets the upstream closed (see the load test).
   */
  keepAliveTimeoutMs?: number;
}

export interface FaultRecord {
  seq: number;
  method: string;
  pathname: string;
  query: string;
  route: string;
  apiKey: string | undefined;
}

export interface FaultUpstream {
  /** `http://127.0.0.1:<port>`: the value for `PORTAINER_URL`. */
  url: string;
  /** Total requests received since start. */
  readonly count: number;
  readonly records: readonly FaultRecord[];
  /** Requests received per route name. */
  countFor(route: string): number;
  /** Bytes of `huge` bodies written so far (all requests). */
  readonly hugeBytesWritten: number;
  /** `hang`, `hang-mid-body` and `drip` answers whose connection the client has not closed yet. */
  readonly openHangs: number;
  /** Replaces the routes (e.g. between test cases); records are kept. */
  setRoutes(routes: readonly FaultRoute[]): void;
  stop(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
const MIB = 1024 * 1024;
const NOT_FOUND: Behaviour = { kind: 'json', status: 404, body: { message: 'Not found (fault upstream: no route)' } };

export async function startFaultUpstream(options: FaultUpstreamOptions = {}): Promise<FaultUpstream> {
  let routes = [...(options.routes ?? [])];
  const fallback = options.fallback ?? NOT_FOUND;
  const maxHangMs = options.maxHangMs ?? 60_000;
  const maxRecords = options.maxRecords ?? 10_000;
  const records: FaultRecord[] = [];
  const perRoute = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let count = 0;
  let hugeBytesWritten = 0;
  let openHangs = 0;
  const holdOpen = (socket: Socket): void => {
    openHangs += 1;
    socket.once('close', () => (openHangs -= 1));
  };

  const later = (ms: number, task: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      task();
    }, ms);
    timers.add(timer);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fault.invalid');
    const key = `${req.method ?? 'GET'} ${url.pathname}`;
    const route = routes.find((candidate) =>
      typeof candidate.match === 'string' ? candidate.match === key : candidate.match.test(key),
    );
    const name = route ? (route.name ?? String(route.match)) : 'fallback';
    count += 1;
    perRoute.set(name, (perRoute.get(name) ?? 0) + 1);
    records.push({
      seq: count,
      method: req.method ?? 'GET',
      pathname: url.pathname,
      query: url.search,
      route: name,
      apiKey: headerValue(req, 'x-api-key'),
    });
    if (records.length > maxRecords) records.splice(0, records.length - maxRecords);
    // Read the request body (if any) before answering, as a real server would.
    req.resume();
    req.once('end', () => answer({ behaviour: route?.behaviour ?? fallback, req, res, url }));
  });

  const answer = (ctx: { behaviour: Behaviour; req: IncomingMessage; res: ServerResponse; url: URL }): void => {
    const { behaviour, req, res, url } = ctx;
    const socket = req.socket;
    switch (behaviour.kind) {
      case 'json':
        return sendJson({ res, status: behaviour.status ?? 200, body: behaviour.body, headers: behaviour.headers });
      case 'echo-endpoint-id': {
        const id = /^\/api\/endpoints\/(\d+)$/.exec(url.pathname)?.[1];
        if (id === undefined)
          return sendJson({ res, status: 404, body: { message: `no endpoint id in ${url.pathname}` } });
        return sendJson({ res, status: 200, body: { Id: Number(id), Name: `env-${id}`, Type: 1, Status: 1 } });
      }
      case 'hang':
        holdOpen(socket);
        return later(maxHangMs, () => socket.destroy());
      case 'hang-mid-body':
        holdOpen(socket);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"Id": 1, "Name": "half');
        return later(maxHangMs, () => socket.destroy());
      case 'drip': {
        holdOpen(socket);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":"');
        const started = Date.now();
        const tick = (): void => {
          if (res.destroyed || socket.destroyed) return;
          if (Date.now() - started > maxHangMs) return void socket.destroy();
          res.write('x');
          later(behaviour.intervalMs ?? 100, tick);
        };
        return tick();
      }
      case 'error-json':
        return sendJson({
          res,
          status: behaviour.status ?? 500,
          body: { message: behaviour.message, details: behaviour.details ?? 'fault upstream' },
        });
      case 'reset':
        return void socket.destroy();
      case 'reset-mid-body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
        res.write('{"Id": 1, "Name": "cut', () => socket.destroy());
        return;
      case 'invalid-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(behaviour.body ?? '{"Id": 1, "Name": "broken", <html>not json</html>');
      case 'huge':
        return streamHuge({ res, bytes: behaviour.bytes, onWrite: (n) => (hugeBytesWritten += n) });
    }
  };

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5_000;
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${LOOPBACK}:${port}`,
    get count() {
      return count;
    },
    records,
    countFor: (route) => perRoute.get(route) ?? 0,
    get hugeBytesWritten() {
      return hugeBytesWritten;
    },
    get openHangs() {
      return openHangs;
    },
    setRoutes: (next) => {
      routes = [...next];
    },
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(options: {
  res: ServerResponse;
  status: number;
  body: unknown;
  headers?: Record<string, string> | undefined;
}): void {
  const text = JSON.stringify(options.body);
  options.res.writeHead(options.status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...options.headers,
  });
  options.res.end(text);
}

/**
 * `{"data":"xxxx...x"}` of exactly `bytes` bytes (at least 12), written chunk by chunk:
 * the next chunk only after `drain`, and nothing more once the client has gone.
 */
function streamHuge(options: { res: ServerResponse; bytes: number; onWrite: (bytes: number) => void }): void {
  const { res, onWrite } = options;
  const head = '{"data":"';
  const tail = '"}';
  const total = Math.max(options.bytes, head.length + tail.length + 1);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(total) });
  const filler = Buffer.alloc(MIB, 'x');
  let remaining = total - head.length - tail.length;
  res.write(head);
  onWrite(head.length);
  const pump = (): void => {
    while (remaining > 0) {
      if (res.destroyed) return;
      const size = Math.min(remaining, filler.length);
      remaining -= size;
      onWrite(size);
      if (!res.write(size === filler.length ? filler : filler.subarray(0, size))) {
        res.once('drain', pump);
        return;
      }
    }
    res.end(tail);
    onWrite(tail.length);
  };
  res.once('close', () => res.removeAllListeners('drain'));
  pump();
}
