/**
 * The official MCP conformance suite (`@modelcontextprotocol/conformance`, exact version in
 * the root package.json) against the generated Portainer server in Streamable HTTP mode.
 * Which scenarios apply to a tools-only, stateless server, and why the others do not, is
 * kept below and in test/e2e/CONFORMANCE.md.
 *
 * How it is reached:
 * - The suite's `server --url` mode has no way to send headers, and the server requires
 *   `Authorization: Bearer <gate token>`. A tiny proxy on 127.0.0.1 (in this file) adds that
 *   one header and passes everything else on unchanged, Host and Origin included, so the
 *   server's own Host/Origin checks are what the DNS-rebinding scenario meets.
 * - The suite's bundle imports `globSync` from node:fs (Node >= 22; used only by its
 *   `tier-check` command). On Node 20 it is run with a loader hook, written to a temporary
 *   folder, that gives the bundle an `fs` module with a stub `globSync` that throws; on
 *   Node >= 22 it runs as is.
 * - Each scenario runs as `conformance server --url <proxy>/mcp --scenario <name> -o <tmp>`
 *   and its checks.json is read. Nothing leaves 127.0.0.1.
 *
 * The DNS-rebinding scenario sends `Host` and `Origin` of `127.0.0.1:<port>` and expects
 * 2xx. The server rejects every `Origin` not in PORTAINER_MCP_ALLOWED_ORIGINS (default:
 * none) with 403, so the main server lists the proxy's origin there, as a deployment that
 * serves browser clients from that origin would. What the default settings give is
 * asserted separately (the valid-localhost check fails with 403).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePortainerBuild, startPortainerHttpServer } from '../../scripts/bench/load.js';
import { startFaultUpstream, type FaultUpstream } from '../support/fault-upstream.js';
import type { RunningServer } from '../support/http-server.js';
import { HOP_BY_HOP } from '../support/hop-by-hop.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFORMANCE_BIN = join(REPO_ROOT, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const GATE = `gate-${randomUUID()}-${randomUUID()}`;
const SCENARIO_TIMEOUT_MS = 60_000;

/** Scenarios that test what this server is: the lifecycle, ping, tools/list, the HTTP front. */
const APPLICABLE = ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection'] as const;

/**
 * Scenarios that do not apply, with the reason. Most `tools-call-*` scenarios call fixture
 * tools of the suite's reference server (`test_simple_text`, `test_error_handling`, ...)
 * that a generated Portainer server does not and should not have; two of them "pass"
 * anyway against it, for the wrong reason (see CONFORMANCE.md), so they are not counted.
 */
const NOT_APPLICABLE: Readonly<Record<string, string>> = {
  'logging-set-level':
    'the server declares no `logging` capability; logging/setLevel answers -32601 Method not found, as it should',
  'completion-complete': 'no `completions` capability: the server has no prompts or resource templates to complete',
  'tools-call-simple-text':
    'calls the fixture tool `test_simple_text`; passes vacuously on the "Unknown tool" error text',
  'tools-call-image':
    'calls the fixture tool `test_image_content`; the server returns JSON text from the upstream, never images',
  'tools-call-audio': 'calls the fixture tool `test_audio_content`; no audio content',
  'tools-call-embedded-resource': 'calls the fixture tool `test_embedded_resource`; no resources',
  'tools-call-mixed-content':
    'calls the fixture tool `test_multiple_content_types`; results are one text block (+ structuredContent)',
  'tools-call-with-logging': 'calls the fixture tool `test_tool_with_logging`; no logging capability',
  'tools-call-error':
    'calls the fixture tool `test_error_handling`; passes vacuously on the "Unknown tool" isError result (real tool errors: http-faults.e2e.test.ts)',
  'tools-call-with-progress':
    'calls the fixture tool `test_tool_with_progress`; progress is sent only by task-following PVE tools, not by Portainer tools',
  'tools-call-sampling': 'calls the fixture tool `test_sampling`; the server never asks the client for sampling',
  'tools-call-elicitation':
    'calls the fixture tool `test_elicitation`; elicitation is only used to confirm destructive calls of targets that ask for it',
  'json-schema-2020-12':
    'looks for the fixture tool `json_schema_2020_12_tool`; generated input schemas carry no `$schema`/`$defs`',
  'elicitation-sep1034-defaults':
    'calls the fixture tool `test_elicitation_sep1034_defaults`; no form defaults are elicited',
  'elicitation-sep1330-enums': 'calls the fixture tool `test_elicitation_sep1330_enums`; no enum elicitation',
  'server-sse-polling':
    'calls the fixture tool `test_reconnection` (SEP-1699 stream resumption); the server is stateless and keeps no event store to resume from',
  'server-sse-multiple-streams':
    'needs an Mcp-Session-Id; the server is stateless and issues none, so the scenario stops at a WARNING (concurrent POSTs: http-load.e2e.test.ts)',
  'resources-list': 'no `resources` capability',
  'resources-read-text': 'no `resources` capability',
  'resources-read-binary': 'no `resources` capability',
  'resources-templates-read': 'no `resources` capability',
  'resources-subscribe': 'no `resources` capability',
  'resources-unsubscribe': 'no `resources` capability',
  'prompts-list': 'no `prompts` capability',
  'prompts-get-simple': 'no `prompts` capability',
  'prompts-get-with-args': 'no `prompts` capability',
  'prompts-get-embedded-resource': 'no `prompts` capability',
  'prompts-get-with-image': 'no `prompts` capability',
};

interface Check {
  id: string;
  name: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
  details?: unknown;
}

const teardown: Array<() => Promise<void>> = [];
let workDir: string;
let nodeArgs: string[];
let upstream: FaultUpstream;
/** Proxy -> server with the proxy's origin allowed. */
let mainProxy: HeaderProxy;
/** Proxy -> server with default settings (no allowed origins). */
let defaultsProxy: HeaderProxy;

beforeAll(async () => {
  const bin = await ensurePortainerBuild();
  workDir = await mkdtemp(join(tmpdir(), 'mcp-conformance-'));
  teardown.push(() => rm(workDir, { recursive: true, force: true }));
  nodeArgs = await nodeArgsForConformance(workDir);
  upstream = await startFaultUpstream({
    routes: [{ match: 'GET /api/system/status', behaviour: { kind: 'json', body: { Version: '2.43.0' } } }],
  });
  teardown.push(upstream.stop);
  mainProxy = await startHeaderProxy({ headers: { authorization: `Bearer ${GATE}` } });
  teardown.push(mainProxy.stop);
  defaultsProxy = await startHeaderProxy({ headers: { authorization: `Bearer ${GATE}` } });
  teardown.push(defaultsProxy.stop);
  const [main, defaults] = await Promise.all([
    startPortainerHttpServer({
      bin,
      upstreamUrl: upstream.url,
      token: GATE,
      env: { PORTAINER_MCP_ALLOWED_ORIGINS: mainProxy.origin },
    }),
    startPortainerHttpServer({ bin, upstreamUrl: upstream.url, token: GATE }),
  ]);
  teardown.push(main.stop, defaults.stop);
  mainProxy.target(main);
  defaultsProxy.target(defaults);
}, 300_000);

afterAll(async () => {
  for (const step of teardown.reverse()) await step().catch((error: unknown) => console.error('teardown:', error));
}, 30_000);

describe('MCP conformance suite (server mode) against mcp-portainer over HTTP', () => {
  it(
    'every server scenario of the suite is classified as applicable or not',
    { timeout: SCENARIO_TIMEOUT_MS },
    async () => {
      const listed = await listServerScenarios();
      expect(listed.length).toBeGreaterThan(0);
      const classified = [...APPLICABLE, ...Object.keys(NOT_APPLICABLE)];
      expect([...listed].sort()).toEqual([...classified].sort());
    },
  );

  it.each(APPLICABLE)('%s passes', { timeout: SCENARIO_TIMEOUT_MS }, async (scenario) => {
    const checks = await runScenario({ scenario, url: `${mainProxy.origin}/mcp` });
    const failed = checks.filter((check) => check.status === 'FAILURE');
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(
      checks.filter((check) => check.status === 'SUCCESS').length,
      JSON.stringify(checks, null, 2),
    ).toBeGreaterThan(0);
  });

  it(
    'dns-rebinding-protection with default settings: rebinding refused (421), a localhost Origin accepted',
    { timeout: SCENARIO_TIMEOUT_MS },
    async () => {
      const checks = await runScenario({ scenario: 'dns-rebinding-protection', url: `${defaultsProxy.origin}/mcp` });
      const byId = Object.fromEntries(checks.map((check) => [check.id, check]));
      expect(byId['localhost-host-rebinding-rejected']).toMatchObject({
        status: 'SUCCESS',
        details: { statusCode: 421 },
      });
      expect(byId['localhost-host-valid-accepted']).toMatchObject({ status: 'SUCCESS' });
    },
  );

  it('the proxy only added the gate token: requests reached the server with their own Host', () => {
    expect(mainProxy.requests).toBeGreaterThan(0);
    expect(mainProxy.hostsSeen.has('evil.example.com')).toBe(true);
  });
});

/**
 * `node [--import <hook>] <conformance>`: on Node < 22 a loader hook replaces the bundle's
 * `fs` import with one that also exports a `globSync` stub (the bundle only needs it for
 * `tier-check`).
 */
async function nodeArgsForConformance(dir: string): Promise<string[]> {
  if (!fs.existsSync(CONFORMANCE_BIN)) throw new Error(`${CONFORMANCE_BIN} is missing: run \`pnpm install\``);
  if (typeof (fs as { globSync?: unknown }).globSync === 'function') return [CONFORMANCE_BIN];
  const shim = join(dir, 'fs-with-globsync.mjs');
  const hooks = join(dir, 'hooks.mjs');
  const register = join(dir, 'register.mjs');
  await writeFile(
    shim,
    [
      "import fs from 'node:fs';",
      "export * from 'node:fs';",
      'export default fs;',
      "export function globSync() { throw new Error('globSync needs Node 22 (conformance tier-check only)'); }",
      '',
    ].join('\n'),
  );
  await writeFile(
    hooks,
    [
      `const SHIM = ${JSON.stringify(new URL(`file://${shim}`).href)};`,
      'export async function resolve(specifier, context, next) {',
      "  if ((specifier === 'fs' || specifier === 'node:fs') && context.parentURL?.includes('/@modelcontextprotocol/conformance/')) return { url: SHIM, shortCircuit: true };",
      '  return next(specifier, context);',
      '}',
      '',
    ].join('\n'),
  );
  await writeFile(
    register,
    [
      "import { register } from 'node:module';",
      `register(${JSON.stringify(new URL(`file://${hooks}`).href)});`,
      '',
    ].join('\n'),
  );
  return ['--import', new URL(`file://${register}`).href, CONFORMANCE_BIN];
}

async function conformance(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [...nodeArgs, ...args], {
      cwd: workDir,
      timeout: SCENARIO_TIMEOUT_MS - 5_000,
      maxBuffer: 16 * 1024 * 1024,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? workDir, NO_COLOR: '1' },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string; code?: number | string };
    if (typeof failure.code !== 'number')
      throw new Error(`conformance ${args.join(' ')} did not run: ${failure.message}\n${failure.stderr ?? ''}`);
    return { stdout: failure.stdout ?? '', stderr: failure.stderr ?? '', code: failure.code };
  }
}

async function listServerScenarios(): Promise<string[]> {
  const { stdout, code, stderr } = await conformance(['list', '--server']);
  expect(code, stderr).toBe(0);
  return [...stdout.matchAll(/^\s+- (\S+)/gm)].map((match) => match[1]!);
}

/** Runs one scenario into its own output folder and returns its checks. */
async function runScenario(options: { scenario: string; url: string }): Promise<Check[]> {
  const outputDir = await mkdtemp(join(workDir, `${options.scenario}-`));
  const run = await conformance(['server', '--url', options.url, '--scenario', options.scenario, '-o', outputDir]);
  const found = await findChecks(outputDir);
  if (!found)
    throw new Error(
      `no checks.json for ${options.scenario} (exit ${run.code}):\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`,
    );
  return JSON.parse(await readFile(found, 'utf8')) as Check[];
}

async function findChecks(dir: string): Promise<string | undefined> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isFile() && entry.name === 'checks.json') return path;
    if (entry.isDirectory()) {
      const inner = await findChecks(path);
      if (inner) return inner;
    }
  }
  return undefined;
}

interface HeaderProxy {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Sets the server requests go to; until then the proxy answers 503. */
  target(server: RunningServer): void;
  readonly requests: number;
  readonly hostsSeen: Set<string>;
  stop(): Promise<void>;
}

/**
 * Reverse proxy on 127.0.0.1 that sets `headers` (the gate token) on every request and
 * passes the rest on as received, Host and Origin included; bodies stream both ways, so SSE
 * answers arrive as written.
 */
async function startHeaderProxy(options: { headers: Record<string, string> }): Promise<HeaderProxy> {
  let upstreamPort: number | undefined;
  let requests = 0;
  const hostsSeen = new Set<string>();
  const sockets = new Set<Socket>();
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    requests += 1;
    hostsSeen.add(req.headers.host ?? '');
    if (upstreamPort === undefined) return void res.writeHead(503).end('no target yet');
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    Object.assign(headers, options.headers);
    const outgoing = http.request(
      { hostname: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers, agent: false },
      (incoming) => {
        const answerHeaders: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(incoming.headers))
          if (value !== undefined && !HOP_BY_HOP.has(name)) answerHeaders[name] = value;
        res.writeHead(incoming.statusCode ?? 502, answerHeaders);
        incoming.pipe(res);
      },
    );
    outgoing.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${error.message}`);
      else res.destroy();
    });
    res.on('close', () => outgoing.destroy());
    req.pipe(outgoing);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    target: (running) => {
      upstreamPort = running.port;
    },
    get requests() {
      return requests;
    },
    hostsSeen,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
