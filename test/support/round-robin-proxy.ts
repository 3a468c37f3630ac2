/**
 * A tiny round-robin HTTP reverse proxy on 127.0.0.1 for end-to-end tests: consecutive
 * requests go to the next upstream in turn (request 1 -> upstream 0, request 2 -> upstream
 * 1, ...), whatever connection they arrive on, like a load balancer without session
 * affinity. Bodies are streamed both ways, so SSE answers pass through as they are
 * written. Each request is recorded with the upstream that served it.
 *
 * Headers are passed on unchanged (Host included, as nginx does with
 * `proxy_set_header Host $http_host`), minus hop-by-hop ones; `X-Forwarded-For` and
 * `X-Forwarded-Proto` are added. An optional `rewriteUrl` changes the request target on
 * the way (the record keeps both), e.g. to bridge a known gap between a client and a mock.
 */
import { once } from 'node:events';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HOP_BY_HOP } from './hop-by-hop.js';

export interface ProxiedRequest {
  /** 1-based arrival order. */
  seq: number;
  /** Index into `upstreams` of the upstream that got the request. */
  backend: number;
  method: string;
  /** Request target as received. */
  url: string;
  /** Request target as sent upstream (differs from `url` only when `rewriteUrl` changed it). */
  forwardedUrl: string;
  /** Headers as received from the client. */
  headers: IncomingHttpHeaders;
  /** Status from the upstream; 502 when it could not be reached; undefined while pending. */
  status: number | undefined;
}

export interface RoundRobinProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  readonly requests: readonly ProxiedRequest[];
  /** Records after `mark` (a value of `requests.length` taken earlier). */
  since(mark: number): ProxiedRequest[];
  stop(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

export interface RoundRobinProxyOptions {
  /** `http://127.0.0.1:<port>` base URLs; requests keep their path. */
  upstreams: readonly string[];
  /** Returns the request target to send upstream; default: unchanged. */
  rewriteUrl?: (request: { method: string; url: string }) => string;
}

export async function startRoundRobinProxy(options: RoundRobinProxyOptions): Promise<RoundRobinProxy> {
  if (options.upstreams.length === 0) throw new Error('at least one upstream is required');
  const upstreams = options.upstreams.map((text) => {
    const url = new URL(text);
    if (url.protocol !== 'http:' || url.hostname !== LOOPBACK)
      throw new Error(`upstream must be http://${LOOPBACK}:<port>, got ${text}`);
    return url;
  });
  const requests: ProxiedRequest[] = [];
  const upstreamSockets = new Set<Socket>();
  let next = 0;
  const server = createServer((req, res) => {
    const backend = next;
    next = (next + 1) % upstreams.length;
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const forwardedUrl = options.rewriteUrl?.({ method, url }) ?? url;
    const record: ProxiedRequest = {
      seq: requests.length + 1,
      backend,
      method,
      url,
      forwardedUrl,
      headers: req.headers,
      status: undefined,
    };
    requests.push(record);
    forward({ req, res, upstream: upstreams[backend] as URL, record, sockets: upstreamSockets });
  });
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK}:${port}`,
    requests,
    since: (mark) => requests.slice(mark),
    stop: async () => {
      for (const socket of upstreamSockets) socket.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function forward(ctx: {
  req: IncomingMessage;
  res: ServerResponse;
  upstream: URL;
  record: ProxiedRequest;
  sockets: Set<Socket>;
}): void {
  const { req, res, upstream, record } = ctx;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  const peer = req.socket.remoteAddress ?? LOOPBACK;
  const forwardedFor = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${String(forwardedFor)}, ${peer}` : peer;
  headers['x-forwarded-proto'] = 'http';
  const outgoing = httpRequest({
    hostname: upstream.hostname,
    port: upstream.port,
    method: record.method,
    path: record.forwardedUrl,
    headers,
    agent: false,
  });
  outgoing.on('socket', (socket) => {
    ctx.sockets.add(socket);
    socket.once('close', () => ctx.sockets.delete(socket));
  });
  outgoing.on('response', (incoming) => {
    record.status = incoming.statusCode;
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
    }
    res.writeHead(incoming.statusCode ?? 502, incoming.statusMessage, out);
    // Flush headers at once: an SSE stream must reach the client before its first event.
    res.flushHeaders();
    incoming.pipe(res);
    incoming.on('error', () => res.destroy());
  });
  outgoing.on('error', (error) => {
    record.status ??= 502;
    if (!res.headersSent)
      res
        .writeHead(502, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: `proxy: ${error.message}` }));
    else res.destroy();
  });
  // The client went away before the answer was complete: drop the upstream request too.
  res.on('close', () => {
    if (!res.writableFinished) outgoing.destroy();
  });
  req.pipe(outgoing);
}
