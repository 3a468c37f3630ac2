import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../src/http/send.js';
import { UpstreamUnreachableError } from '../src/http/types.js';
import type { UpstreamRequest } from '../src/http/types.js';

/** What the local upstream saw of one request. */
interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const seen: Seen[] = [];
let server: http.Server;
let origin: string;

function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', 'http://x');
  switch (url.pathname) {
    case '/api/echo':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, body }));
      return;
    case '/api/fail':
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"Unable to retrieve environment","details":"database is locked"}');
      return;
    case '/api/teapot':
      res.writeHead(418, 'Short And Stout', { 'content-type': 'text/plain' });
      res.end('no coffee');
      return;
    case '/api/html':
      res.writeHead(502, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body>Bad Gateway</body></html>');
      return;
    case '/api/no-type':
      res.writeHead(200);
      res.end('plain');
      return;
    case '/api/empty':
      res.writeHead(204);
      res.end();
      return;
    case '/api/big': {
      // 3 chunks of 4 KiB each: 'a'…, 'b'…, 'c'….
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('a'.repeat(4096));
      res.write('b'.repeat(4096));
      res.end('c'.repeat(4096));
      return;
    }
    case '/api/exact':
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('0123456789');
      return;
    case '/api/hang':
      return; // never answers
    case '/api/slow-body':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":'); // never ends
      return;
    case '/api/late': {
      const delay = Number(url.searchParams.get('ms') ?? '100');
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"late":true}');
      }, delay);
      return;
    }
    case '/api/reset':
      req.socket.destroy();
      return;
    case '/api/reset-mid-body':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items":[', () => setTimeout(() => req.socket.destroy(), 20));
      return;
    default:
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message":"not found"}');
  }
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function get(path: string, extra: Partial<UpstreamRequest> = {}): UpstreamRequest {
  return { method: 'GET', url: new URL(origin + path), headers: { accept: 'application/json' }, ...extra };
}

const defaults = { timeoutMs: 5_000, tlsVerify: true, maxBodyBytes: 1024 * 1024 };

async function unreachable(promise: Promise<unknown>): Promise<UpstreamUnreachableError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpstreamUnreachableError);
  return error as UpstreamUnreachableError;
}

describe('createHttpClient', () => {
  it('sends method, path, query, headers and body, with a content length', async () => {
    const send = createHttpClient(defaults);
    const response = await send({
      method: 'POST',
      url: new URL(`${origin}/api/echo?endpointId=2&x=a%20b`),
      headers: { accept: 'application/json', 'content-type': 'application/json', 'x-api-key': 'ptr_key' },
      body: Buffer.from('{"Name":"wëb"}'),
    });
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('OK');
    expect(response.contentType).toBe('application/json');
    expect(response.truncated).toBe(false);
    expect(JSON.parse(response.body.toString())).toEqual({ method: 'POST', body: '{"Name":"wëb"}' });
    const request = seen.at(-1)!;
    expect(request.url).toBe('/api/echo?endpointId=2&x=a%20b');
    expect(request.headers['x-api-key']).toBe('ptr_key');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength('{"Name":"wëb"}')));
  });

  it('sends no body and no content length for a GET', async () => {
    const send = createHttpClient(defaults);
    await send(get('/api/echo'));
    const request = seen.at(-1)!;
    expect(request.method).toBe('GET');
    expect(request.body).toBe('');
    expect(request.headers['content-length']).toBeUndefined();
  });

  it('resolves (does not reject) a 500 with a JSON message', async () => {
    const response = await createHttpClient(defaults)(get('/api/fail'));
    expect(response).toEqual({
      status: 500,
      statusText: 'Internal Server Error',
      contentType: 'application/json',
      body: Buffer.from('{"message":"Unable to retrieve environment","details":"database is locked"}'),
      truncated: false,
    });
  });

  it('keeps a custom status text', async () => {
    const response = await createHttpClient(defaults)(get('/api/teapot'));
    expect(response.status).toBe(418);
    expect(response.statusText).toBe('Short And Stout');
    expect(response.body.toString()).toBe('no coffee');
  });

  it('returns a non-JSON body untouched with its content type', async () => {
    const response = await createHttpClient(defaults)(get('/api/html'));
    expect(response.status).toBe(502);
    expect(response.contentType).toBe('text/html; charset=utf-8');
    expect(response.body.toString()).toBe('<html><body>Bad Gateway</body></html>');
  });

  it('reports a missing content type as an empty string', async () => {
    const response = await createHttpClient(defaults)(get('/api/no-type'));
    expect(response.contentType).toBe('');
    expect(response.body.toString()).toBe('plain');
  });

  it('returns an empty body for 204', async () => {
    const response = await createHttpClient(defaults)(get('/api/empty'));
    expect(response.status).toBe(204);
    expect(response.body.length).toBe(0);
    expect(response.truncated).toBe(false);
  });

  it('answers HEAD without a body', async () => {
    const response = await createHttpClient(defaults)(get('/api/echo', { method: 'HEAD' }));
    expect(response.status).toBe(200);
    expect(response.body.length).toBe(0);
  });

  describe('maxBodyBytes', () => {
    it('keeps the first bytes of a longer body and marks it truncated', async () => {
      const response = await createHttpClient({ ...defaults, maxBodyBytes: 100 })(get('/api/big'));
      expect(response.truncated).toBe(true);
      expect(response.body.length).toBe(100);
      expect(response.body.toString()).toBe('a'.repeat(100));
    });

    it('cuts across chunk boundaries', async () => {
      const response = await createHttpClient({ ...defaults, maxBodyBytes: 4096 + 10 })(get('/api/big'));
      expect(response.truncated).toBe(true);
      expect(response.body.toString()).toBe('a'.repeat(4096) + 'b'.repeat(10));
    });

    it('does not mark a body of exactly the limit as truncated', async () => {
      const response = await createHttpClient({ ...defaults, maxBodyBytes: 10 })(get('/api/exact'));
      expect(response.truncated).toBe(false);
      expect(response.body.toString()).toBe('0123456789');
    });

    it('marks a body one byte over the limit as truncated', async () => {
      const response = await createHttpClient({ ...defaults, maxBodyBytes: 9 })(get('/api/exact'));
      expect(response.truncated).toBe(true);
      expect(response.body.toString()).toBe('012345678');
    });

    it('keeps the whole body under the limit', async () => {
      const response = await createHttpClient(defaults)(get('/api/big'));
      expect(response.truncated).toBe(false);
      expect(response.body.length).toBe(3 * 4096);
    });
  });

  describe('failures without an HTTP answer', () => {
    it('times out when no answer comes, naming the limit in seconds', async () => {
      const started = Date.now();
      const error = await unreachable(createHttpClient({ ...defaults, timeoutMs: 200 })(get('/api/hang')));
      const elapsed = Date.now() - started;
      expect(error.message).toBe('no complete answer within 0.2 s (timeout)');
      expect(elapsed).toBeGreaterThanOrEqual(150);
      expect(elapsed).toBeLessThan(3_000);
    });

    it('times out when the body never ends', async () => {
      const started = Date.now();
      const error = await unreachable(createHttpClient({ ...defaults, timeoutMs: 300 })(get('/api/slow-body')));
      expect(error.message).toBe('no complete answer within 0.3 s (timeout)');
      expect(Date.now() - started).toBeLessThan(3_000);
    });

    it('does not time out an answer that comes in time', async () => {
      const response = await createHttpClient({ ...defaults, timeoutMs: 2_000 })(get('/api/late?ms=100'));
      expect(response.body.toString()).toBe('{"late":true}');
    });

    it('keeps working after a timeout', async () => {
      const send = createHttpClient({ ...defaults, timeoutMs: 200 });
      await unreachable(send(get('/api/hang')));
      const response = await send(get('/api/echo'));
      expect(response.status).toBe(200);
    });

    it('reports a connection reset before the answer', async () => {
      const error = await unreachable(createHttpClient(defaults)(get('/api/reset')));
      expect(error.message).toBe('connection reset by the upstream (ECONNRESET)');
    });

    it('reports a connection closed in the middle of the body', async () => {
      const error = await unreachable(createHttpClient(defaults)(get('/api/reset-mid-body')));
      expect(error.message).toMatch(
        /^(connection closed mid-response|connection reset by the upstream \(ECONNRESET\))$/,
      );
    });

    it('reports a refused connection', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const error = await unreachable(
        createHttpClient(defaults)({ method: 'GET', url: new URL(`http://127.0.0.1:${port}/api/status`), headers: {} }),
      );
      expect(error.message).toBe('connection refused (ECONNREFUSED)');
    });

    it('serves several requests in a row on one client (keep-alive)', async () => {
      const send = createHttpClient(defaults);
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await send(get('/api/echo'))).status);
      expect(statuses).toEqual([200, 200, 200]);
    });

    // Formerly a bug: timeouts above 2^31-1 ms overflow Node's timers and fire after 1 ms. loadConfig now caps
    // the timeout at 86400 s (ConfigError above it, see load-config.test.ts); the longest allowed one must work.
    it('does not time out at once with the longest timeout the configuration allows (86400 s)', async () => {
      const response = await createHttpClient({ ...defaults, timeoutMs: 86_400 * 1000 })(get('/api/late?ms=100'));
      expect(response.status).toBe(200);
      expect(response.body.toString()).toBe('{"late":true}');
    });
  });
});
