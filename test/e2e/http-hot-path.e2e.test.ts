/**
 * The HTTP hot path (2025-era tools/call and tools/list answered by one server per process,
 * packages/runtime/src/serve-http/hot-path.ts) must answer exactly as the SDK's stateless
 * path does, and everything it does not take must reach the SDK unchanged. Each case sends
 * raw HTTP to the generated Portainer server; a request with a progress token takes the SDK
 * path, so the same call both ways can be compared.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../support/http-server.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const PORTAINER_BIN = process.env.E2E_PORTAINER_PACKAGE_DIR
  ? path.join(process.env.E2E_PORTAINER_PACKAGE_DIR, 'dist', 'mcp-portainer.js')
  : path.join(REPO, 'out', 'mcp-portainer-2.43', 'dist', 'mcp-portainer.js');
const GATE = 'hot-path-gate-token-0123456789abcdefghij';

let upstream: http.Server;
let server: RunningServer;

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    req.resume();
    const id = /^\/api\/endpoints\/(\d+)$/.exec(req.url ?? '')?.[1];
    res
      .writeHead(id ? 200 : 404, { 'content-type': 'application/json' })
      .end(JSON.stringify(id ? { Id: Number(id), Name: `endpoint ${id}` } : { message: 'not found' }));
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  server = await startHttpServer({
    command: PORTAINER_BIN,
    envPrefix: 'PORTAINER_MCP_',
    transportEnv: 'PORTAINER_MCP_TRANSPORT',
    name: 'hot path',
    env: {
      PORTAINER_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      PORTAINER_API_KEY: 'server-key',
      PORTAINER_MCP_AUTH_TOKEN: GATE,
      PORTAINER_MCP_ALLOW_SERVER_CREDENTIAL: '1',
      PORTAINER_MCP_LOG_LEVEL: 'warn',
    },
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  upstream?.closeAllConnections();
  upstream?.close();
});

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

function post(options: {
  body: string | Buffer;
  headers?: Record<string, string>;
  chunked?: boolean;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
      authorization: `Bearer ${GATE}`,
      ...options.headers,
    };
    const req = http.request(server.mcpUrl, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    if (options.chunked) {
      // No content-length: the limit must be enforced while reading.
      const body = Buffer.from(options.body);
      for (let at = 0; at < body.length; at += 1 << 20) req.write(body.subarray(at, at + (1 << 20)));
      req.end();
    } else req.end(options.body);
  });
}

/** The JSON-RPC message of a one-event SSE answer. */
function message(answer: Answer): { id?: unknown; result?: unknown; error?: { code: number } } {
  const data = answer.body.split('\n').find((line) => line.startsWith('data: '));
  return JSON.parse(data ? data.slice(6) : answer.body) as never;
}

const call = (options: { id: number; progress?: boolean; method?: string; params?: object }) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id: options.id,
    method: options.method ?? 'tools/call',
    params: {
      ...(options.params ?? { name: 'endpoint_inspect', arguments: { id: 7 } }),
      ...(options.progress ? { _meta: { progressToken: 'p' } } : {}),
    },
  });

describe('HTTP hot path', () => {
  it.each(['tools/call', 'tools/list'])(
    '%s: the hot path answers with the same SSE headers and result as the SDK path',
    async (method) => {
      const params = method === 'tools/list' ? {} : undefined;
      const hot = await post({ body: call({ id: 1, method, ...(params ? { params } : {}) }) });
      const sdk = await post({ body: call({ id: 2, method, ...(params ? { params } : {}), progress: true }) });
      for (const answer of [hot, sdk]) {
        expect(answer.status).toBe(200);
        expect(answer.headers['content-type']).toBe('text/event-stream');
        expect(answer.headers['cache-control']).toBe('no-cache, no-transform');
        expect(answer.body).toMatch(/^event: message\ndata: .*\n\n$/s);
      }
      expect(message(hot)).toMatchObject({ jsonrpc: '2.0', id: 1 });
      expect(message(sdk)).toMatchObject({ jsonrpc: '2.0', id: 2 });
      expect(message(hot).result).toEqual(message(sdk).result);
      if (method === 'tools/call') expect(JSON.stringify(message(hot).result)).toContain('endpoint 7');
    },
  );

  it('an unknown tool gets the same JSON-RPC answer both ways', async () => {
    const params = { name: 'no_such_tool', arguments: {} };
    const hot = message(await post({ body: call({ id: 3, params }) }));
    const sdk = message(await post({ body: call({ id: 3, params, progress: true }) }));
    expect(hot).toEqual(sdk);
  });

  it('leaves to the SDK what it refuses: invalid JSON (400, -32700), no SSE in Accept (406), another media type (415), an unsupported protocol version (400)', async () => {
    const invalid = await post({ body: '{"jsonrpc": "2.0", "id": 1, "method": "tools/call", ' });
    expect(invalid.status).toBe(400);
    expect(message(invalid).error?.code).toBe(-32700);
    expect((await post({ body: call({ id: 1 }), headers: { accept: 'application/json' } })).status).toBe(406);
    expect((await post({ body: call({ id: 1 }), headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await post({ body: call({ id: 1 }), headers: { 'mcp-protocol-version': '1999-01-01' } })).status).toBe(400);
  });

  it('takes only what the strict request schema of the SDK accepts: other shapes get the answer of the SDK, _meta goes to the SDK path', async () => {
    const base = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'endpoint_inspect', arguments: { id: 7 } },
    };
    for (const body of [
      { ...base, extra: 1 },
      { ...base, id: 1.5 },
      { ...base, params: [] },
    ]) {
      const answer = await post({ body: JSON.stringify(body) });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      // Invalid Request, from the SDK: the hot path would have answered 200 with a result.
      expect(message(answer).error?.code, JSON.stringify(body)).toBe(-32600);
    }
    const meta = await post({ body: JSON.stringify({ ...base, params: { ...base.params, _meta: { trace: 'x' } } }) });
    expect(meta.status).toBe(200);
    expect(JSON.stringify(message(meta).result)).toContain('endpoint 7');
  });

  it('refuses a body over 4 MiB sent without a length (413), and the next call still works', async () => {
    const huge = await post({ body: Buffer.alloc(5 * 1024 * 1024, 0x20), chunked: true });
    expect(huge.status).toBe(413);
    expect(message(await post({ body: call({ id: 9 }) })).result).toBeDefined();
  });
});
