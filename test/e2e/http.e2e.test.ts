/**
 * End-to-end test of the generated servers over Streamable HTTP (team mode): the bins of
 * `npm pack` + offline `npm install` of out/mcp-portainer-2.43 (and out/mcp-pve-9.2) are
 * started with `<PREFIX>TRANSPORT=http` on free 127.0.0.1 ports, upstream Portainer is the
 * recorder + Prism pair of the stdio test, upstream Proxmox the PVE mock.
 *
 * Covered: the MCP SDK v2 client in both protocol eras (2026-07-28 via server/discover,
 * 2025-11-25 via initialize), the v1 SDK client (2025 era), the inspector CLI; two replicas
 * behind a round-robin proxy serving one client; the gate token (401), Host allowlist
 * (421), Origin check (403); per-user upstream credentials that never cross between users
 * and are the only credential the upstream sees; HTTPS with a self-signed certificate made
 * at test time by openssl; start-up refusals (exit code 2, one line naming the variable).
 *
 * Overrides: E2E_PORTAINER_PACKAGE_DIR, E2E_PORTAINER_SPEC, E2E_PVE_PACKAGE_DIR, as in the
 * stdio tests.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, StreamableHTTPClientTransport, type CallToolResult, type Tool } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNodeFetch,
  rawRequest,
  runUntilExit,
  startHttpServer,
  type RunningServer,
} from '../support/http-server.js';
import { packAndInstall, type InstalledPackage } from '../support/install-package.js';
import { startPrism, type PrismServer } from '../support/prism.js';
import { startPveMock, type PveMock } from '../support/pve-mock.js';
import { startRecorder, type RecordedRequest, type Recorder } from '../support/recorder.js';
import { startRoundRobinProxy, type RoundRobinProxy } from '../support/round-robin-proxy.js';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PORTAINER_DIR = process.env.E2E_PORTAINER_PACKAGE_DIR ?? join(REPO_ROOT, 'out', 'mcp-portainer-2.43');
const PORTAINER_SPEC =
  process.env.E2E_PORTAINER_SPEC ?? join(REPO_ROOT, '..', 'shared', 'specs', 'portainer', '2.43.0.yaml');
const PVE_DIR = process.env.E2E_PVE_PACKAGE_DIR ?? join(REPO_ROOT, 'out', 'mcp-pve-9.2');
const INSPECTOR_DIR = join(REPO_ROOT, 'node_modules', '@modelcontextprotocol', 'inspector-cli', 'build');
const INSPECTOR_CLI = join(INSPECTOR_DIR, 'cli.js');

const PORTAINER = {
  envPrefix: 'PORTAINER_MCP_',
  transportEnv: 'PORTAINER_MCP_TRANSPORT',
  userHeader: 'X-Portainer-API-Key',
} as const;
const PVE = { envPrefix: 'MCP_', transportEnv: 'MCP_TRANSPORT', userHeader: 'X-PVE-API-Token' } as const;
const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';

// All random, so "the upstream saw this value" cannot pass by accident.
const GATE = `gate-${randomUUID()}-${randomUUID()}`;
const SERVER_KEY = `ptr_server_${randomUUID()}`;
const KEY_A = `ptr_alice_${randomUUID()}`;
const KEY_B = `ptr_bob_${randomUUID()}`;
const KEY_C = `ptr_carol_${randomUUID()}`;
const ALLOWED_ORIGIN = 'http://mcp-ui.example';
const PVE_TOKEN = { tokenId: 'alice@pve!mcp', secret: randomUUID() };

const teardown: Array<() => Promise<void>> = [];
let portainerBin: string;
let pveBin: string;
let prism: PrismServer;
let recorder: Recorder;
/** Between the servers and the recorder; see specGapShim(). */
let shim: RoundRobinProxy;
let main: RunningServer;

beforeAll(async () => {
  for (const dir of [PORTAINER_DIR, PVE_DIR]) {
    const bin = join(dir, 'dist', dir === PVE_DIR ? 'mcp-pve.js' : 'mcp-portainer.js');
    if (!existsSync(bin))
      throw new Error(`${bin} is missing: run \`pnpm generate\` first (the stdio e2e tests do that on their own)`);
  }
  const [portainer, pve, prismServer] = await Promise.allSettled([
    packAndInstall({ packageDir: PORTAINER_DIR, binName: 'mcp-portainer' }),
    packAndInstall({ packageDir: PVE_DIR, binName: 'mcp-pve' }),
    startPrism({ specPath: PORTAINER_SPEC }),
  ]);
  // Whatever started is torn down even when another part failed.
  if (portainer.status === 'fulfilled') teardown.push(portainer.value.cleanup);
  if (pve.status === 'fulfilled') teardown.push(pve.value.cleanup);
  if (prismServer.status === 'fulfilled') teardown.push(prismServer.value.stop);
  for (const outcome of [portainer, pve, prismServer]) if (outcome.status === 'rejected') throw outcome.reason;
  portainerBin = (portainer as PromiseFulfilledResult<InstalledPackage>).value.binPath;
  pveBin = (pve as PromiseFulfilledResult<InstalledPackage>).value.binPath;
  prism = (prismServer as PromiseFulfilledResult<PrismServer>).value;
  recorder = await startRecorder({ upstreamUrl: prism.url });
  teardown.push(recorder.stop);
  shim = await specGapShim(recorder.url);
  teardown.push(shim.stop);
  main = await startPortainer({ name: 'main' });
}, 120_000);

afterAll(async () => {
  // Reverse order; keep going on failure so no process or temp folder is left behind.
  for (const step of teardown.reverse()) await step().catch((error: unknown) => console.error('teardown:', error));
}, 30_000);

const USERS_ME_FLAG = 'noEndpointAuthorizations';

/**
 * The server checks each user key with `GET /api/users/me` (target http.credentialCheckPath).
 * The Portainer 2.43.0 spec declares the query parameter `noEndpointAuthorizations` of that
 * operation (CurrentUserInspect) as required, so Prism answers the bare request with 400 and
 * the server refuses every user with 502. So that the rest of the HTTP front can be tested,
 * this one-upstream proxy adds `noEndpointAuthorizations=true` to a bare `GET /api/users/me`
 * on its way to the recorder and records that it had to; the test 'checks user keys with a
 * request the 2.43 spec accepts' reports the gap. Everything else passes through unchanged.
 */
function specGapShim(upstream: string): Promise<RoundRobinProxy> {
  return startRoundRobinProxy({
    upstreams: [upstream],
    rewriteUrl: ({ method, url }) => {
      const parsed = new URL(url, 'http://shim.invalid');
      if (method !== 'GET' || parsed.pathname !== '/api/users/me' || parsed.searchParams.has(USERS_ME_FLAG)) return url;
      parsed.searchParams.set(USERS_ME_FLAG, 'true');
      return `${parsed.pathname}${parsed.search}`;
    },
  });
}

/** Started servers are stopped in afterAll; the server-wide key is set so tests can show it is never used. */
async function startPortainer(options: {
  name: string;
  env?: Record<string, string>;
  ca?: string;
}): Promise<RunningServer> {
  const server = await startHttpServer({
    command: portainerBin,
    envPrefix: PORTAINER.envPrefix,
    transportEnv: PORTAINER.transportEnv,
    name: `mcp-portainer (${options.name})`,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    env: {
      PORTAINER_URL: shim.url,
      PORTAINER_API_KEY: SERVER_KEY,
      PORTAINER_PROFILES: 'ALL',
      // Every tool listed: these tests are about the transport, not about which tools auto mode lists.
      PORTAINER_TOOL_MODE: 'tools',
      PORTAINER_TIMEOUT: '10',
      PORTAINER_MCP_AUTH_TOKEN: GATE,
      PORTAINER_MCP_ALLOWED_ORIGINS: ALLOWED_ORIGIN,
      ...options.env,
    },
  });
  teardown.push(server.stop);
  return server;
}

type Era = 'modern' | 'legacy';

interface OpenClient {
  client: Client;
  close(): Promise<void>;
}

async function connectV2(options: {
  url: string;
  era: Era | 'auto';
  headers: Record<string, string>;
  fetch?: ReturnType<typeof createNodeFetch>;
  name?: string;
}): Promise<OpenClient> {
  const transport = new StreamableHTTPClientTransport(new URL(options.url), {
    requestInit: { headers: options.headers },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const mode = options.era === 'modern' ? { pin: MODERN } : options.era;
  const client = new Client({ name: options.name ?? 'http-e2e', version: '0.0.0' }, { versionNegotiation: { mode } });
  await client.connect(transport);
  return { client, close: () => client.close().catch(() => undefined) };
}

function userHeaders(key: string, extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${GATE}`, [PORTAINER.userHeader]: key, ...extra };
}

async function listAllTools(client: {
  listTools(params?: { cursor?: string }): Promise<{ tools: Tool[]; nextCursor?: string | undefined }>;
}): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? undefined : { cursor });
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

function resultText(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : JSON.stringify(result.content);
}

function describeRecord(record: RecordedRequest): string {
  return `${record.method} ${record.url} -> ${record.status} key=${String(record.headers['x-api-key'])}`;
}

/** The JSON-RPC POST every refusal test sends; only the listed headers vary. */
async function postMcp(options: { url: string; headers: Record<string, string> }) {
  return rawRequest({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...options.headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
  });
}

describe('mcp-portainer over Streamable HTTP', { timeout: 30_000 }, () => {
  describe('clients', () => {
    it.each([
      { era: 'modern' as const, version: MODERN },
      { era: 'legacy' as const, version: LEGACY },
    ])(
      'SDK v2 client, $era era ($version): lists tools and calls a read tool with the user key',
      async ({ era, version }) => {
        const open = await connectV2({ url: main.mcpUrl, era, headers: userHeaders(KEY_A) });
        try {
          expect(open.client.getProtocolEra()).toBe(era);
          expect(open.client.getNegotiatedProtocolVersion()).toBe(version);
          const tools = await listAllTools(open.client);
          expect(tools.length).toBeGreaterThan(100);
          expect(tools.map((tool) => tool.name)).toEqual(
            expect.arrayContaining(['system_version', 'endpoint_inspect']),
          );
          const mark = recorder.requests.length;
          const result = (await open.client.callTool({ name: 'system_version', arguments: {} })) as CallToolResult;
          expect(result.isError, `${resultText(result)}\n${main.stderr().slice(-2000)}`).not.toBe(true);
          const records = recorder.since(mark).filter((r) => r.pathname !== '/api/users/me');
          expect(records.map(describeRecord)).toEqual([`GET /api/system/version -> 200 key=${KEY_A}`]);
        } finally {
          await open.close();
        }
      },
    );

    it("SDK v2 client in 'auto' mode picks the modern era", async () => {
      const open = await connectV2({ url: main.mcpUrl, era: 'auto', headers: userHeaders(KEY_A) });
      try {
        expect(open.client.getProtocolEra()).toBe('modern');
        expect((await listAllTools(open.client)).length).toBeGreaterThan(100);
      } finally {
        await open.close();
      }
    });

    it('SDK v1 client (2025 era) lists tools and calls a read tool', async () => {
      const transport = new V1StreamableHTTPClientTransport(new URL(main.mcpUrl), {
        requestInit: { headers: userHeaders(KEY_B) },
      });
      const client = new V1Client({ name: 'http-e2e-v1', version: '0.0.0' });
      try {
        await client.connect(transport);
        expect(transport.protocolVersion).toBe(LEGACY);
        const tools = await listAllTools(client as unknown as Parameters<typeof listAllTools>[0]);
        expect(tools.length).toBeGreaterThan(100);
        const mark = recorder.requests.length;
        const result = (await client.callTool({ name: 'endpoint_inspect', arguments: { id: 4 } })) as CallToolResult;
        expect(result.isError, resultText(result)).not.toBe(true);
        const records = recorder.since(mark).filter((r) => r.pathname !== '/api/users/me');
        expect(records.map(describeRecord)).toEqual([`GET /api/endpoints/4 -> 200 key=${KEY_B}`]);
      } finally {
        await client.close().catch(() => undefined);
      }
    });

    it('inspector CLI lists tools with the bearer and user key headers', async () => {
      const { stdout } = await run(
        process.execPath,
        [
          INSPECTOR_CLI,
          '--cli',
          main.mcpUrl,
          '--transport',
          'http',
          '--method',
          'tools/list',
          '--header',
          `Authorization: Bearer ${GATE}`,
          `${PORTAINER.userHeader}: ${KEY_A}`,
        ],
        { timeout: 20_000, maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '' }, cwd: INSPECTOR_DIR },
      );
      const listed = JSON.parse(stdout) as { tools: Tool[] };
      expect(listed.tools.length).toBeGreaterThan(100);
      expect(listed.tools.map((tool) => tool.name)).toContain('endpoint_inspect');
    });
  });

  describe('two replicas behind a round-robin proxy', () => {
    let proxy: RoundRobinProxy;
    let replica: RunningServer;

    beforeAll(async () => {
      replica = await startPortainer({ name: 'replica-2', env: { PORTAINER_MCP_LOG_FORMAT: 'json' } });
      proxy = await startRoundRobinProxy({ upstreams: [main.origin, replica.origin] });
      teardown.push(proxy.stop);
    }, 60_000);

    it.each(['legacy', 'modern'] as const)(
      'one %s-era client session works while requests alternate between replicas',
      async (era) => {
        const mark = proxy.requests.length;
        const open = await connectV2({ url: `${proxy.url}/mcp`, era, headers: userHeaders(KEY_A) });
        try {
          expect(open.client.getProtocolEra()).toBe(era);
          expect((await listAllTools(open.client)).length).toBeGreaterThan(100);
          for (const id of [11, 12, 13, 14]) {
            const result = (await open.client.callTool({
              name: 'endpoint_inspect',
              arguments: { id },
            })) as CallToolResult;
            expect(result.isError, resultText(result)).not.toBe(true);
          }
        } finally {
          await open.close();
        }
        const served = proxy.since(mark);
        const posts = served.filter((r) => r.method === 'POST');
        expect(posts.length).toBeGreaterThanOrEqual(6);
        expect(new Set(posts.map((r) => r.backend))).toEqual(new Set([0, 1]));
        // Every request was answered by whichever replica got it, without session affinity.
        expect(
          posts
            .filter((r) => r.status === undefined || r.status >= 400)
            .map((r) => `${r.seq} ${r.method} -> ${r.status} (replica ${r.backend})`),
        ).toEqual([]);
        expect(served.map((r) => r.backend)).toEqual(served.map((_, index) => (served[0]!.backend + index) % 2));
      },
    );

    it('logs one JSON object per line with PORTAINER_MCP_LOG_FORMAT=json', () => {
      const lines = replica
        .stderr()
        .split('\n')
        .filter((line) => line.trim() !== '');
      expect(lines.length).toBeGreaterThan(0);
      const notJson = lines.filter((line) => {
        try {
          return typeof JSON.parse(line) !== 'object';
        } catch {
          return true;
        }
      });
      expect(notJson).toEqual([]);
    });

    it('writes one audit record per tool call: user identity and address, tool, outcome, duration; no secret', () => {
      const audits = replica
        .stderr()
        .split('\n')
        .filter((line) => line.includes('"audit":true'))
        .map((line) => JSON.parse(line) as { user: string; tool: string; outcome: string; durationMs: number });
      expect(audits.length).toBeGreaterThan(0);
      const call = audits.find((record) => record.tool === 'endpoint_inspect')!;
      expect(call).toMatchObject({ outcome: 'ok' });
      expect(call.user).toMatch(/^key:[0-9a-f]{12} from 127\.0\.0\.1$/);
      expect(typeof call.durationMs).toBe('number');
      expect(JSON.stringify(audits)).not.toContain(KEY_A);
    });
  });

  describe('security', () => {
    it('checks user keys with a request the 2.43 spec accepts (GET /api/users/me needs noEndpointAuthorizations)', async () => {
      const mark = shim.requests.length;
      const answer = await postMcp({
        url: main.mcpUrl,
        headers: { authorization: `Bearer ${GATE}`, [PORTAINER.userHeader]: `ptr_check_${randomUUID()}` },
      });
      expect(answer.status, answer.body).toBe(200);
      const checks = shim.since(mark).filter((r) => r.url.startsWith('/api/users/me'));
      expect(checks).toHaveLength(1);
      // Fails while the server sends the bare path: the shim had to add the required parameter.
      expect(
        checks.map((r) => r.url),
        'the credential check omits the query parameter the 2.43.0 spec requires',
      ).toEqual(checks.map((r) => r.forwardedUrl));
    });

    it.each<{ case: string; headers: Record<string, string> }>([
      { case: 'no Authorization header', headers: {} },
      {
        case: 'a wrong bearer token',
        headers: { authorization: `Bearer ${GATE.replace(/.$/, (c) => (c === 'x' ? 'y' : 'x'))}` },
      },
      { case: 'a short bearer token', headers: { authorization: 'Bearer abc' } },
      { case: 'the token in another scheme', headers: { authorization: `Basic ${GATE}` } },
    ])('answers 401 to $case, before any upstream call', async ({ headers }) => {
      const mark = recorder.requests.length;
      const answer = await postMcp({ url: main.mcpUrl, headers: { [PORTAINER.userHeader]: KEY_A, ...headers } });
      expect(answer.status, answer.body).toBe(401);
      expect(recorder.since(mark)).toEqual([]);
    });

    it('answers 401 when the user sends no key, although the server has one (PORTAINER_MCP_ALLOW_SERVER_CREDENTIAL unset)', async () => {
      const mark = recorder.requests.length;
      const answer = await postMcp({ url: main.mcpUrl, headers: { authorization: `Bearer ${GATE}` } });
      expect(answer.status, answer.body).toBe(401);
      expect(recorder.since(mark)).toEqual([]);
    });

    it('answers 401 when the upstream rejects the user key, and does not cache the refusal', async () => {
      const key = `ptr_rejected_${randomUUID()}`;
      const mark = recorder.requests.length;
      recorder.preferStatusOnNextRequest(403); // Prism answers /users/me with the spec's 403
      const refused = await postMcp({
        url: main.mcpUrl,
        headers: { authorization: `Bearer ${GATE}`, [PORTAINER.userHeader]: key },
      });
      expect(refused.status, refused.body).toBe(401);
      const accepted = await postMcp({
        url: main.mcpUrl,
        headers: { authorization: `Bearer ${GATE}`, [PORTAINER.userHeader]: key },
      });
      expect(accepted.status, accepted.body).toBe(200);
      expect(
        recorder
          .since(mark)
          .map((r) => `${r.method} ${r.pathname} ${r.status} ${String(r.headers['x-api-key'] === key)}`),
      ).toEqual(['GET /api/users/me 403 true', 'GET /api/users/me 200 true']);
    });

    it.each(['evil.example', 'evil.example:80', `127.0.0.1.evil.example:${1234}`])(
      'answers 421 to Host %s',
      async (host) => {
        const answer = await postMcp({
          url: main.mcpUrl,
          headers: { host, authorization: `Bearer ${GATE}`, [PORTAINER.userHeader]: KEY_A },
        });
        expect(answer.status, answer.body).toBe(421);
      },
    );

    it('answers 403 to a foreign Origin and serves the allowed one', async () => {
      const base = { authorization: `Bearer ${GATE}`, [PORTAINER.userHeader]: KEY_A };
      const foreign = await postMcp({ url: main.mcpUrl, headers: { ...base, origin: 'http://evil.example' } });
      expect(foreign.status, foreign.body).toBe(403);
      const lookalike = await postMcp({
        url: main.mcpUrl,
        headers: { ...base, origin: `${ALLOWED_ORIGIN}.evil.example` },
      });
      expect(lookalike.status, lookalike.body).toBe(403);
      const allowed = await postMcp({ url: main.mcpUrl, headers: { ...base, origin: ALLOWED_ORIGIN } });
      expect(allowed.status, allowed.body).toBe(200);
    });

    it("never uses user A's key for user B: concurrent calls from two clients", async () => {
      const alice = await connectV2({ url: main.mcpUrl, era: 'modern', headers: userHeaders(KEY_A), name: 'alice' });
      const bob = await connectV2({ url: main.mcpUrl, era: 'legacy', headers: userHeaders(KEY_B), name: 'bob' });
      const mark = recorder.requests.length;
      try {
        const calls: Array<Promise<unknown>> = [];
        for (let i = 0; i < 10; i += 1) {
          calls.push(alice.client.callTool({ name: 'endpoint_inspect', arguments: { id: 1000 + i } }));
          calls.push(bob.client.callTool({ name: 'endpoint_inspect', arguments: { id: 2000 + i } }));
        }
        const results = (await Promise.all(calls)) as CallToolResult[];
        expect(results.filter((r) => r.isError === true).map(resultText)).toEqual([]);
      } finally {
        await Promise.all([alice.close(), bob.close()]);
      }
      const calls = recorder.since(mark).filter((r) => r.pathname.startsWith('/api/endpoints/'));
      expect(calls).toHaveLength(20);
      const wrong = calls.filter((r) => {
        const id = Number(r.pathname.split('/').pop());
        return r.headers['x-api-key'] !== (id >= 2000 ? KEY_B : KEY_A);
      });
      expect(wrong.map(describeRecord)).toEqual([]);
    });

    it('forwards only the user key upstream: caller X-API-Key, Cookie and Authorization are not passed on', async () => {
      const nodeFetch = createNodeFetch();
      const headers = userHeaders(KEY_C, {
        'X-API-Key': `stolen-${randomUUID()}`,
        Cookie: 'portainer_api_key=stolen; session=stolen',
      });
      const open = await connectV2({ url: main.mcpUrl, era: 'legacy', headers, fetch: nodeFetch });
      const mark = recorder.requests.length;
      try {
        const inspect = (await open.client.callTool({
          name: 'endpoint_inspect',
          arguments: { id: 3001 },
        })) as CallToolResult;
        expect(inspect.isError, resultText(inspect)).not.toBe(true);
        const docker = (await open.client.callTool({
          name: 'docker_proxy',
          arguments: { environment_id: 3, path: '/containers/json' },
        })) as CallToolResult;
        expect(docker.isError, resultText(docker)).not.toBe(true);
      } finally {
        await open.close();
      }
      const records = recorder.since(mark);
      expect(records.map((r) => `${r.method} ${r.pathname}`)).toEqual([
        'GET /api/endpoints/3001',
        'GET /api/endpoints/3/docker/containers/json',
      ]);
      for (const record of records) {
        expect(record.headers['x-api-key']).toBe(KEY_C);
        expect(record.headers.cookie).toBeUndefined();
        expect(record.headers.authorization).toBeUndefined();
        expect(JSON.stringify(record.headers)).not.toMatch(new RegExp(`stolen|${GATE}|${SERVER_KEY}`));
      }
    });

    it('never sent the server-wide PORTAINER_API_KEY or the gate token upstream', () => {
      const leaks = recorder.requests.filter(
        (r) => JSON.stringify(r.headers).includes(SERVER_KEY) || JSON.stringify(r.headers).includes(GATE),
      );
      expect(leaks.map(describeRecord)).toEqual([]);
    });

    it('never writes a full gate token or user key to its log', () => {
      const log = main.stderr();
      expect(log.length).toBeGreaterThan(0);
      expect([GATE, KEY_A, KEY_B, KEY_C, SERVER_KEY].filter((secret) => log.includes(secret))).toEqual([]);
    });
  });

  describe('TLS with a self-signed certificate made by openssl', () => {
    let dir: string;
    let ca: string;
    let tlsServer: RunningServer;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'mcp-e2e-tls-'));
      teardown.push(() => rm(dir, { recursive: true, force: true }));
      const cert = join(dir, 'cert.pem');
      const key = join(dir, 'key.pem');
      await run(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1,DNS:localhost',
        ],
        { timeout: 20_000 },
      );
      ca = await readFile(cert, 'utf8');
      tlsServer = await startPortainer({
        name: 'tls',
        ca,
        env: { PORTAINER_MCP_TLS_CERT: cert, PORTAINER_MCP_TLS_KEY: key },
      });
    }, 60_000);

    it('serves HTTPS to an SDK client that trusts the certificate', async () => {
      expect(tlsServer.mcpUrl.startsWith('https://')).toBe(true);
      const open = await connectV2({
        url: tlsServer.mcpUrl,
        era: 'modern',
        headers: userHeaders(KEY_A),
        fetch: createNodeFetch({ ca }),
      });
      try {
        expect((await listAllTools(open.client)).length).toBeGreaterThan(100);
        const mark = recorder.requests.length;
        const result = (await open.client.callTool({ name: 'system_version', arguments: {} })) as CallToolResult;
        expect(result.isError, resultText(result)).not.toBe(true);
        expect(
          recorder
            .since(mark)
            .filter((r) => r.pathname !== '/api/users/me')
            .map(describeRecord),
        ).toEqual([`GET /api/system/version -> 200 key=${KEY_A}`]);
      } finally {
        await open.close();
      }
      expect(tlsServer.stderr()).toMatch(/self-signed/);
    });

    it('serves the inspector CLI with NODE_EXTRA_CA_CERTS', async () => {
      const { stdout } = await run(
        process.execPath,
        [
          INSPECTOR_CLI,
          '--cli',
          tlsServer.mcpUrl,
          '--transport',
          'http',
          '--method',
          'tools/list',
          '--header',
          `Authorization: Bearer ${GATE}`,
          `${PORTAINER.userHeader}: ${KEY_A}`,
        ],
        {
          timeout: 20_000,
          maxBuffer: 64 * 1024 * 1024,
          env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') },
          cwd: INSPECTOR_DIR,
        },
      );
      expect((JSON.parse(stdout) as { tools: Tool[] }).tools.length).toBeGreaterThan(100);
    });

    it('is refused by a client that does not trust the certificate, and does not speak plaintext', async () => {
      await expect(fetch(`${tlsServer.origin}/health`)).rejects.toThrow();
      await expect(rawRequest({ url: `http://127.0.0.1:${tlsServer.port}/health`, timeoutMs: 3000 })).rejects.toThrow();
    });
  });

  describe('start-up refusals', () => {
    const base = (): Record<string, string> => ({
      PORTAINER_URL: recorder.url,
      PORTAINER_MCP_TRANSPORT: 'http',
      PORTAINER_MCP_HTTP_PORT: String(main.port), // never bound: each case must stop before listening
    });

    it.each<{ case: string; env: Record<string, string>; names: string[] }>([
      {
        case: 'plaintext on 0.0.0.0 without PORTAINER_MCP_DANGEROUSLY_ALLOW_PLAINTEXT_HTTP',
        env: { PORTAINER_MCP_HTTP_HOST: '0.0.0.0', PORTAINER_MCP_AUTH_TOKEN: GATE },
        names: ['PORTAINER_MCP_HTTP_HOST', 'PORTAINER_MCP_DANGEROUSLY_ALLOW_PLAINTEXT_HTTP'],
      },
      { case: 'no gate token', env: {}, names: ['PORTAINER_MCP_AUTH_TOKEN'] },
      {
        case: 'a 31-character gate token',
        env: { PORTAINER_MCP_AUTH_TOKEN: 'x'.repeat(31) },
        names: ['PORTAINER_MCP_AUTH_TOKEN'],
      },
      {
        case: 'a malformed port number',
        env: { PORTAINER_MCP_AUTH_TOKEN: GATE, PORTAINER_MCP_HTTP_PORT: '80a' },
        names: ['PORTAINER_MCP_HTTP_PORT'],
      },
      {
        case: 'a malformed timeout',
        env: { PORTAINER_MCP_AUTH_TOKEN: GATE, PORTAINER_TIMEOUT: 'soon' },
        names: ['PORTAINER_TIMEOUT'],
      },
      {
        case: 'an unknown log format',
        env: { PORTAINER_MCP_AUTH_TOKEN: GATE, PORTAINER_MCP_LOG_FORMAT: 'xml' },
        names: ['PORTAINER_MCP_LOG_FORMAT'],
      },
      {
        case: 'an unknown transport',
        env: { PORTAINER_MCP_AUTH_TOKEN: GATE, PORTAINER_MCP_TRANSPORT: 'websocket' },
        names: ['PORTAINER_MCP_TRANSPORT'],
      },
      {
        case: 'an unreadable TLS certificate',
        env: {
          PORTAINER_MCP_AUTH_TOKEN: GATE,
          PORTAINER_MCP_TLS_CERT: '/nonexistent/cert.pem',
          PORTAINER_MCP_TLS_KEY: '/nonexistent/key.pem',
        },
        names: ['PORTAINER_MCP_TLS_CERT'],
      },
      {
        case: 'a trusted proxy without addresses',
        env: { PORTAINER_MCP_AUTH_TOKEN: GATE, PORTAINER_MCP_HTTP_HOST: '0.0.0.0', PORTAINER_MCP_TRUST_PROXY_TLS: '1' },
        names: ['PORTAINER_MCP_FORWARDED_ALLOW_IPS'],
      },
      {
        case: 'a bad boolean',
        env: { PORTAINER_MCP_AUTH_TOKEN: GATE, PORTAINER_READ_ONLY: 'maybe' },
        names: ['PORTAINER_READ_ONLY'],
      },
    ])('exits with code 2 and one line for $case', async ({ env, names }) => {
      const result = await runUntilExit({ command: portainerBin, env: { ...base(), ...env } });
      const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
      expect({ code: result.code, lines: lines.length }, result.stderr).toEqual({ code: 2, lines: 1 });
      for (const name of names) expect(lines[0]).toContain(name);
    });
  });
});

describe('mcp-pve over Streamable HTTP', { timeout: 30_000 }, () => {
  let mock: PveMock;
  let pve: RunningServer;
  const tokenHeader = `${PVE_TOKEN.tokenId}=${PVE_TOKEN.secret}`;

  beforeAll(async () => {
    mock = await startPveMock({ openapiPath: join(PVE_DIR, 'openapi.json'), token: PVE_TOKEN });
    teardown.push(mock.stop);
    pve = await startHttpServer({
      command: pveBin,
      envPrefix: PVE.envPrefix,
      transportEnv: PVE.transportEnv,
      name: 'mcp-pve',
      env: { PVE_BASE_URL: mock.url, PVE_TIMEOUT: '10', MCP_AUTH_TOKEN: GATE },
    });
    teardown.push(pve.stop);
  }, 60_000);

  it.each(['modern', 'legacy'] as const)(
    '%s era: lists tools and calls a read tool with the user token',
    async (era) => {
      const open = await connectV2({
        url: pve.mcpUrl,
        era,
        headers: { Authorization: `Bearer ${GATE}`, [PVE.userHeader]: tokenHeader },
      });
      try {
        const tools = await listAllTools(open.client);
        expect(tools.map((tool) => tool.name)).toContain('list_qemu');
        const mark = mock.requests.length;
        const result = (await open.client.callTool({
          name: 'list_qemu',
          arguments: { node: 'pve1' },
        })) as CallToolResult;
        expect(result.isError, `${resultText(result)}\n${pve.stderr().slice(-2000)}`).not.toBe(true);
        const calls = mock.since(mark).filter((r) => r.template !== '/version');
        expect(calls.map((r) => `${r.method} ${r.template} ${r.status} ${String(r.headers.authorization)}`)).toEqual([
          `GET /nodes/{node}/qemu 200 PVEAPIToken=${tokenHeader}`,
        ]);
      } finally {
        await open.close();
      }
    },
  );

  it('SDK v1 client (2025 era) lists tools and calls list_qemu with the user token', async () => {
    const headers = { Authorization: `Bearer ${GATE}`, [PVE.userHeader]: tokenHeader };
    const transport = new V1StreamableHTTPClientTransport(new URL(pve.mcpUrl), { requestInit: { headers } });
    const client = new V1Client({ name: 'http-e2e-v1-pve', version: '0.0.0' });
    try {
      await client.connect(transport);
      expect(transport.protocolVersion).toBe(LEGACY);
      const tools = await listAllTools(client as unknown as Parameters<typeof listAllTools>[0]);
      expect(tools.map((tool) => tool.name)).toContain('list_qemu');
      const mark = mock.requests.length;
      const result = (await client.callTool({ name: 'list_qemu', arguments: { node: 'pve1' } })) as CallToolResult;
      expect(result.isError, resultText(result)).not.toBe(true);
      expect(
        mock
          .since(mark)
          .filter((r) => r.template !== '/version')
          .map((r) => `${r.method} ${r.template} ${r.status}`),
      ).toEqual(['GET /nodes/{node}/qemu 200']);
    } finally {
      await client.close().catch(() => undefined);
    }
  });

  it('inspector CLI lists the PVE tools with the bearer and user token headers', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        INSPECTOR_CLI,
        '--cli',
        pve.mcpUrl,
        '--transport',
        'http',
        '--method',
        'tools/list',
        '--header',
        `Authorization: Bearer ${GATE}`,
        `${PVE.userHeader}: ${tokenHeader}`,
      ],
      { timeout: 20_000, maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '' }, cwd: INSPECTOR_DIR },
    );
    const listed = JSON.parse(stdout) as { tools: Tool[] };
    expect(listed.tools.map((tool) => tool.name)).toContain('list_qemu');
  });

  it('answers 401 to a token the upstream rejects, to a malformed token and to none', async () => {
    const gate = { authorization: `Bearer ${GATE}` };
    const rejected = await postMcp({
      url: pve.mcpUrl,
      headers: { ...gate, [PVE.userHeader]: `${PVE_TOKEN.tokenId}=wrong-secret` },
    });
    expect(rejected.status, rejected.body).toBe(401);
    const malformed = await postMcp({ url: pve.mcpUrl, headers: { ...gate, [PVE.userHeader]: 'just-a-secret' } });
    expect(malformed.status, malformed.body).toBe(401);
    const none = await postMcp({ url: pve.mcpUrl, headers: gate });
    expect(none.status, none.body).toBe(401);
  });

  it('exits with code 2 naming MCP_AUTH_TOKEN when the gate token is missing', async () => {
    const result = await runUntilExit({
      command: pveBin,
      env: { PVE_BASE_URL: mock.url, MCP_TRANSPORT: 'http', MCP_HTTP_PORT: String(pve.port) },
    });
    const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
    expect({ code: result.code, lines: lines.length }, result.stderr).toEqual({ code: 2, lines: 1 });
    expect(lines[0]).toMatch(/\bMCP_AUTH_TOKEN\b/);
  });
});
