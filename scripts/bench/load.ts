/**
 * Bounded load test of the generated Portainer server in Streamable HTTP mode.
 *
 * `npx tsx scripts/bench/load.ts` (or `runLoadTest()` from a test) starts a fast fake
 * Portainer on 127.0.0.1 (test/support/fault-upstream.ts, `GET /api/endpoints/<n>`
 * answers `{"Id": n}`), the bundled server `out/mcp-portainer-2.43/dist/mcp-portainer.js`
 * with `PORTAINER_MCP_TRANSPORT=http` on a free 127.0.0.1 port, and then sends
 * `tools/call endpoint_inspect {id: n}` for n = 1..calls at a fixed concurrency.
 *
 * The client is raw JSON-RPC over HTTP/1.1 with a keep-alive node:http Agent (one socket
 * per worker), sending what the 2025-11-25 Streamable HTTP transport expects of a client:
 * one `initialize` first (its answer must carry protocol version 2025-11-25; a session id,
 * if the server hands one out, is sent back on every later request; this server is
 * stateless and hands none out), then each call as a POST with `Content-Type:
 * application/json`, `Accept: application/json, text/event-stream`,
 * `MCP-Protocol-Version: 2025-11-25` and the gate token. Answers may be JSON or SSE; both
 * are read.
 *
 * Counted per call:
 * - protocol error: HTTP status other than 200, an unreadable body, no JSON-RPC response,
 *   a JSON-RPC `error`, a per-call timeout or a thrown socket error;
 * - crossed response: the JSON-RPC id differs from the one sent, or the result's `Id` (the
 *   endpoint id the upstream saw) differs from the caller's `n`;
 * - tool error: a result with `isError: true` (none are expected from the fast upstream).
 * Also: calls per second, p50/p99/max latency, and the server's VmRSS from
 * /proc/<pid>/status after a warm-up ("before"; see `warmupCalls` for its size), once a
 * second during the run, and after the run ("after").
 *
 * Environment when run directly: LOAD_CALLS (10000), LOAD_CONCURRENCY (50), LOAD_WARMUP
 * (10000), LOAD_UPSTREAM_KEEPALIVE_MS (5000). Exit code 1 on any protocol error, crossed
 * response or time-limit stop.
 *
 * Bounded: exactly `calls` calls (no retries), a per-call timeout and a hard time limit for
 * the whole run, after which no new call starts. Traffic stays on 127.0.0.1.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rmdir } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { startFaultUpstream } from '../../test/support/fault-upstream.js';
import { startHttpServer, type RunningServer } from '../../test/support/http-server.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** E2E_PORTAINER_PACKAGE_DIR overrides the package folder, as in the other e2e tests. */
const PORTAINER_PACKAGE_DIR =
  process.env.E2E_PORTAINER_PACKAGE_DIR ?? path.join(REPO_ROOT, 'out', 'mcp-portainer-2.43');
export const PORTAINER_BIN = path.join(PORTAINER_PACKAGE_DIR, 'dist', 'mcp-portainer.js');
const PROTOCOL_VERSION = '2025-11-25';
const TOOL = 'endpoint_inspect';
const LOOPBACK = '127.0.0.1';

export interface LoadTestOptions {
  /** Measured tools/call requests; default 10,000. */
  calls?: number;
  /** Requests in flight at once; default 50. */
  concurrency?: number;
  /**
   * Calls before the "before" RSS reading (not counted in the figures); default 10,000.
   * Measured on the 2-core machine: the server's RSS rises in steps for the first ~10,000
   * calls at concurrency 50 (V8 growing its young and old generations: ~113 -> ~185 MiB)
   * and then stays flat (a 40,000-call run is flat within a few % from ~15 s on). So after
   * 500 warm-up calls a healthy server shows +60 % "after"; after 5,000, +4 to +18 %.
   */
  warmupCalls?: number;
  /** Hard limit for the measured run: no call starts after it; default 180 s. */
  timeLimitMs?: number;
  /** Per-call limit; default 15 s. */
  callTimeoutMs?: number;
  /** The bundled server; default out/mcp-portainer-2.43/dist/mcp-portainer.js. */
  serverBin?: string;
  /** Server log level (`PORTAINER_MCP_LOG_LEVEL`); default `info`, as deployed (one audit line per call). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /**
   * Idle keep-alive timeout of the fake upstream; default 5 s (Node's default). The server
   * pools its upstream sockets and does not retry a request whose reused socket the
   * upstream closed just then; such a call ends as a tool error (ECONNRESET), counted in
   * `toolErrors` (seen once in ~150,000 calls at 5 s). A value longer than the run rules
   * that out.
   */
  upstreamKeepAliveMs?: number;
  /** Extra server environment, e.g. NODE_OPTIONS for a heap experiment. */
  serverEnv?: Record<string, string>;
  /** Called after each phase, for progress output. */
  onPhase?: (phase: string) => void;
}

export interface LoadTestResult {
  calls: number;
  concurrency: number;
  /** Calls that got an answer of any kind (equals `calls` unless the time limit hit). */
  completed: number;
  protocolErrors: number;
  crossedResponses: number;
  toolErrors: number;
  /** Up to 10 descriptions of protocol errors / crossed responses / tool errors. */
  samples: string[];
  /** True when the time limit stopped the run before all calls were sent. */
  timedOut: boolean;
  durationMs: number;
  callsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** Protocol version the server answered `initialize` with. */
  negotiatedVersion: string;
  /** Mcp-Session-Id from `initialize`, if any (none: stateless). */
  sessionId: string | undefined;
  /** Requests the fake upstream received during the measured run. */
  upstreamRequests: number;
  rssKb: { before: number; after: number; peak: number; ratio: number };
  /** Warm-up calls and their protocol errors + crossed responses + tool errors (expected 0). */
  warmup: { calls: number; problems: number };
  /** VmRSS sampled once a second during the measured run, kB. */
  rssTimelineKb: number[];
}

export async function runLoadTest(options: LoadTestOptions = {}): Promise<LoadTestResult> {
  const calls = options.calls ?? 10_000;
  const concurrency = options.concurrency ?? 50;
  const warmupCalls = options.warmupCalls ?? 10_000;
  const serverBin = options.serverBin ?? PORTAINER_BIN;
  if (!existsSync(serverBin)) throw new Error(`${serverBin} is missing: run \`pnpm generate\` first`);
  const token = `load-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}-gate-token-0123456789`;
  const upstream = await startFaultUpstream({
    routes: [{ match: /^GET \/api\/endpoints\/\d+$/, behaviour: { kind: 'echo-endpoint-id' }, name: 'endpoint' }],
    maxRecords: 100,
    keepAliveTimeoutMs: options.upstreamKeepAliveMs ?? 5_000,
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let server: RunningServer | undefined;
  try {
    server = await startPortainerHttpServer({
      bin: serverBin,
      upstreamUrl: upstream.url,
      token,
      env: { PORTAINER_MCP_LOG_LEVEL: options.logLevel ?? 'info', ...options.serverEnv },
    });
    const pid = server.pid;
    if (pid === undefined) throw new Error('the server has no pid');
    const client = new RawMcpClient({ url: server.mcpUrl, token, agent, timeoutMs: options.callTimeoutMs ?? 15_000 });
    const handshake = await client.initialize();
    options.onPhase?.(
      `initialize: protocol ${handshake.version}, session ${handshake.sessionId ?? 'none (stateless)'}`,
    );
    const warmup = await runCalls({
      client,
      first: 1_000_000,
      count: warmupCalls,
      concurrency,
      deadline: Date.now() + 60_000,
    });
    const warmupProblems = warmup.protocolErrors + warmup.crossedResponses + warmup.toolErrors;
    if (warmupProblems > 0) options.onPhase?.(`warm-up had errors: ${warmup.samples.join('; ')}`);
    const before = await readRssKb(pid);
    options.onPhase?.(`warm-up: ${warmupCalls} calls, RSS ${before} kB`);
    const upstreamBefore = upstream.count;
    const rssTimelineKb: number[] = [];
    const sampler = setInterval(
      () =>
        void readRssKb(pid).then(
          (kb) => rssTimelineKb.push(kb),
          () => undefined,
        ),
      1000,
    );
    const run = await runCalls({
      client,
      first: 1,
      count: calls,
      concurrency,
      deadline: Date.now() + (options.timeLimitMs ?? 180_000),
    }).finally(() => clearInterval(sampler));
    const upstreamRequests = upstream.count - upstreamBefore;
    // Let in-flight bookkeeping (audit lines, sockets) settle before reading memory.
    await sleep(500);
    const after = await readRssKb(pid);
    const peak = await readStatusKb(pid, 'VmHWM');
    options.onPhase?.(`run: ${run.completed} calls in ${run.durationMs.toFixed(0)} ms, RSS ${after} kB`);
    return {
      calls,
      concurrency,
      completed: run.completed,
      protocolErrors: run.protocolErrors,
      crossedResponses: run.crossedResponses,
      toolErrors: run.toolErrors,
      samples: run.samples,
      timedOut: run.timedOut,
      durationMs: run.durationMs,
      callsPerSecond: run.completed / (run.durationMs / 1000),
      latencyMs: run.latencyMs,
      negotiatedVersion: handshake.version,
      sessionId: handshake.sessionId,
      upstreamRequests,
      rssKb: { before, after, peak, ratio: after / before },
      warmup: { calls: warmup.completed, problems: warmupProblems },
      rssTimelineKb,
    };
  } catch (error) {
    if (server) (error as Error).message += `\n--- server stderr (tail) ---\n${server.stderr().slice(-3000)}`;
    throw error;
  } finally {
    agent.destroy();
    await server?.stop();
    await upstream.stop();
  }
}

/**
 * Starts the bundled Portainer server over HTTP against `upstreamUrl` with the server-wide
 * API key allowed (so clients need not send X-Portainer-API-Key) and every profile.
 * Shared by the load test and the HTTP fault/conformance tests.
 */
export function startPortainerHttpServer(options: {
  bin?: string;
  upstreamUrl: string;
  token: string;
  env?: Record<string, string>;
}): Promise<RunningServer> {
  return startHttpServer({
    command: options.bin ?? PORTAINER_BIN,
    envPrefix: 'PORTAINER_MCP_',
    transportEnv: 'PORTAINER_MCP_TRANSPORT',
    name: 'mcp-portainer (http)',
    env: {
      PORTAINER_URL: options.upstreamUrl,
      PORTAINER_API_KEY: 'ptr_server_key_for_tests',
      PORTAINER_MCP_ALLOW_SERVER_CREDENTIAL: '1',
      PORTAINER_MCP_AUTH_TOKEN: options.token,
      PORTAINER_PROFILES: 'ALL',
      ...options.env,
    },
  });
}

/**
 * Runs `pnpm generate` when the bundled Portainer server is missing (out/ is not
 * committed). A lock folder keeps two test files of one run from generating at once;
 * waiting for it is bounded.
 */
export async function ensurePortainerBuild(timeoutMs = 300_000): Promise<string> {
  if (existsSync(PORTAINER_BIN)) return PORTAINER_BIN;
  if (process.env.E2E_PORTAINER_PACKAGE_DIR !== undefined)
    throw new Error(`E2E_PORTAINER_PACKAGE_DIR is set but ${PORTAINER_BIN} does not exist`);
  const lock = path.join(REPO_ROOT, '.tmp', 'generate.lock');
  await mkdir(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await mkdir(lock);
    } catch {
      // Someone else is generating: wait for their result.
      if (existsSync(PORTAINER_BIN)) return PORTAINER_BIN;
      await sleep(1000);
      continue;
    }
    try {
      if (!existsSync(PORTAINER_BIN)) {
        await promisify(execFile)('pnpm', ['generate'], {
          cwd: REPO_ROOT,
          timeout: Math.max(1000, deadline - Date.now()),
          maxBuffer: 64 * 1024 * 1024,
        });
      }
    } finally {
      await rmdir(lock).catch(() => undefined);
    }
    if (!existsSync(PORTAINER_BIN)) throw new Error(`\`pnpm generate\` did not create ${PORTAINER_BIN}`);
    return PORTAINER_BIN;
  }
  throw new Error(`timed out waiting for ${PORTAINER_BIN} (lock ${lock})`);
}

interface RunFigures {
  completed: number;
  protocolErrors: number;
  crossedResponses: number;
  toolErrors: number;
  samples: string[];
  timedOut: boolean;
  durationMs: number;
  latencyMs: { p50: number; p99: number; max: number };
}

/** `count` calls with ids first..first+count-1, `concurrency` workers; no call starts after `deadline`. */
async function runCalls(options: {
  client: RawMcpClient;
  first: number;
  count: number;
  concurrency: number;
  deadline: number;
}): Promise<RunFigures> {
  const { client, first, count, deadline } = options;
  const latencies = new Float64Array(count);
  const figures = {
    completed: 0,
    protocolErrors: 0,
    crossedResponses: 0,
    toolErrors: 0,
    samples: [] as string[],
    timedOut: false,
  };
  const note = (text: string): void => {
    if (figures.samples.length < 10) figures.samples.push(text);
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      if (Date.now() > deadline) {
        figures.timedOut = true;
        return;
      }
      const index = next;
      next += 1;
      const id = first + index;
      const started = performance.now();
      const outcome = await client.callEndpointInspect(id);
      latencies[index] = performance.now() - started;
      figures.completed += 1;
      if (outcome.kind === 'protocol-error') {
        figures.protocolErrors += 1;
        note(`call ${id}: ${outcome.detail}`);
      } else if (outcome.kind === 'crossed') {
        figures.crossedResponses += 1;
        note(`call ${id}: crossed: ${outcome.detail}`);
      } else if (outcome.kind === 'tool-error') {
        figures.toolErrors += 1;
        note(`call ${id}: tool error: ${outcome.detail}`);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(options.concurrency, count) }, worker));
  const durationMs = performance.now() - started;
  const measured = Array.from(latencies.subarray(0, figures.completed)).sort((a, b) => a - b);
  return {
    ...figures,
    durationMs,
    latencyMs: { p50: percentile(measured, 0.5), p99: percentile(measured, 0.99), max: measured.at(-1) ?? 0 },
  };
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

type CallOutcome = { kind: 'ok' } | { kind: 'protocol-error' | 'crossed' | 'tool-error'; detail: string };

interface JsonRpcResponse {
  jsonrpc?: string;
  id?: string | number | null;
  result?: {
    isError?: boolean;
    structuredContent?: { Id?: unknown };
    content?: Array<{ type: string; text?: string }>;
  };
  error?: { code: number; message: string };
}

/** JSON-RPC over Streamable HTTP (2025-11-25, client side) on a keep-alive agent. */
class RawMcpClient {
  private sessionId: string | undefined;
  private rpcSeq = 0;

  constructor(private readonly options: { url: string; token: string; agent: http.Agent; timeoutMs: number }) {
    const url = new URL(options.url);
    if (url.hostname !== LOOPBACK) throw new Error(`load traffic must stay on ${LOOPBACK}, got ${url.hostname}`);
  }

  async initialize(): Promise<{ version: string; sessionId: string | undefined }> {
    const answer = await this.post({
      jsonrpc: '2.0',
      id: 'init',
      method: 'initialize',
      params: {
        protocolVersion: PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'mcpgen-load', version: '0.0.0' },
      },
    });
    if (answer.status !== 200)
      throw new Error(`initialize answered HTTP ${answer.status}: ${answer.body.slice(0, 500)}`);
    const response = findResponse(answer, 'init');
    const version = (response?.result as { protocolVersion?: string } | undefined)?.protocolVersion;
    if (!version) throw new Error(`initialize gave no protocol version: ${answer.body.slice(0, 500)}`);
    this.sessionId = answer.sessionId;
    // The lifecycle's second half; a stateless server answers 202 and keeps nothing.
    const initialized = await this.post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    if (initialized.status !== 202 && initialized.status !== 200)
      throw new Error(
        `notifications/initialized answered HTTP ${initialized.status}: ${initialized.body.slice(0, 500)}`,
      );
    return { version, sessionId: this.sessionId };
  }

  async callEndpointInspect(endpointId: number): Promise<CallOutcome> {
    this.rpcSeq += 1;
    const rpcId = `c${this.rpcSeq}-${endpointId}`;
    let answer: PostAnswer;
    try {
      answer = await this.post({
        jsonrpc: '2.0',
        id: rpcId,
        method: 'tools/call',
        params: { name: TOOL, arguments: { id: endpointId } },
      });
    } catch (error) {
      return { kind: 'protocol-error', detail: `request failed: ${(error as Error).message}` };
    }
    if (answer.status !== 200)
      return { kind: 'protocol-error', detail: `HTTP ${answer.status}: ${answer.body.slice(0, 200)}` };
    let messages: JsonRpcResponse[];
    try {
      messages = parseMessages(answer);
    } catch (error) {
      return {
        kind: 'protocol-error',
        detail: `unreadable body (${(error as Error).message}): ${answer.body.slice(0, 200)}`,
      };
    }
    const responses = messages.filter((message) => 'result' in message || 'error' in message);
    if (responses.length !== 1)
      return {
        kind: 'protocol-error',
        detail: `expected one JSON-RPC response, got ${responses.length}: ${answer.body.slice(0, 200)}`,
      };
    const response = responses[0]!;
    if (response.id !== rpcId)
      return { kind: 'crossed', detail: `JSON-RPC id ${JSON.stringify(response.id)} for request ${rpcId}` };
    if (response.error)
      return { kind: 'protocol-error', detail: `JSON-RPC error ${response.error.code}: ${response.error.message}` };
    const result = response.result;
    if (!result) return { kind: 'protocol-error', detail: 'response without result' };
    if (result.isError) return { kind: 'tool-error', detail: result.content?.[0]?.text?.slice(0, 200) ?? '(no text)' };
    const seen = result.structuredContent?.Id;
    if (seen !== endpointId)
      return { kind: 'crossed', detail: `result Id ${JSON.stringify(seen)} for endpoint ${endpointId}` };
    return { kind: 'ok' };
  }

  private post(message: object): Promise<PostAnswer> {
    const body = Buffer.from(JSON.stringify(message));
    const url = new URL(this.options.url);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': PROTOCOL_VERSION,
      authorization: `Bearer ${this.options.token}`,
      'content-length': String(body.length),
    };
    if (this.sessionId) headers['mcp-session-id'] = this.sessionId;
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers,
          agent: this.options.agent,
          timeout: this.options.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const session = response.headers['mcp-session-id'];
            resolve({
              status: response.statusCode ?? 0,
              contentType: String(response.headers['content-type'] ?? ''),
              body: Buffer.concat(chunks).toString('utf8'),
              sessionId: Array.isArray(session) ? session[0] : session,
            });
          });
          response.on('error', reject);
          response.on('aborted', () => reject(new Error('response aborted')));
        },
      );
      const timer = setTimeout(
        () => request.destroy(new Error(`no complete answer within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
      request.on('close', () => clearTimeout(timer));
      request.on('timeout', () => request.destroy(new Error(`socket idle for ${this.options.timeoutMs} ms`)));
      request.on('error', reject);
      request.end(body);
    });
  }
}

interface PostAnswer {
  status: number;
  contentType: string;
  body: string;
  sessionId: string | undefined;
}

function findResponse(answer: PostAnswer, id: string): JsonRpcResponse | undefined {
  return parseMessages(answer).find((message) => message.id === id);
}

/** The JSON-RPC messages of a JSON body or of the `data:` fields of an SSE body. */
function parseMessages(answer: PostAnswer): JsonRpcResponse[] {
  if (answer.contentType.includes('text/event-stream')) {
    const messages: JsonRpcResponse[] = [];
    for (const event of answer.body.split(/\r?\n\r?\n/)) {
      const data = event
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data.trim() !== '') messages.push(JSON.parse(data) as JsonRpcResponse);
    }
    return messages;
  }
  if (answer.contentType.includes('application/json')) {
    const parsed = JSON.parse(answer.body) as JsonRpcResponse | JsonRpcResponse[];
    return Array.isArray(parsed) ? parsed : [parsed];
  }
  throw new Error(`unexpected content-type '${answer.contentType}'`);
}

/** A line of /proc/<pid>/status in kB, e.g. VmRSS (resident now) or VmHWM (peak resident). */
export async function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

export function readRssKb(pid: number): Promise<number> {
  return readStatusKb(pid, 'VmRSS');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function formatLoadTable(result: LoadTestResult): string {
  const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;
  const rows: Array<[string, string]> = [
    [
      'calls (completed / planned)',
      `${result.completed} / ${result.calls}${result.timedOut ? ' (time limit hit)' : ''}`,
    ],
    ['concurrency', String(result.concurrency)],
    ['warm-up calls (problems)', `${result.warmup.calls} (${result.warmup.problems})`],
    ['protocol', `${result.negotiatedVersion}, session: ${result.sessionId ?? 'none (stateless)'}`],
    ['protocol errors', String(result.protocolErrors)],
    ['crossed responses', String(result.crossedResponses)],
    ['tool errors (isError)', String(result.toolErrors)],
    ['upstream requests', String(result.upstreamRequests)],
    ['duration', `${(result.durationMs / 1000).toFixed(2)} s`],
    ['calls per second', result.callsPerSecond.toFixed(0)],
    [
      'latency p50 / p99 / max',
      `${result.latencyMs.p50.toFixed(1)} / ${result.latencyMs.p99.toFixed(1)} / ${result.latencyMs.max.toFixed(1)} ms`,
    ],
    ['server RSS before (after warm-up)', mb(result.rssKb.before)],
    ['server RSS after', `${mb(result.rssKb.after)} (${((result.rssKb.ratio - 1) * 100).toFixed(1)}%)`],
    ['server RSS peak (VmHWM)', mb(result.rssKb.peak)],
    ['server RSS each second (MiB)', result.rssTimelineKb.map((kb) => (kb / 1024).toFixed(0)).join(' ')],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `| ${label.padEnd(width)} | ${value}`);
  if (result.samples.length > 0) lines.push('', 'samples:', ...result.samples.map((sample) => `  ${sample}`));
  return lines.join('\n');
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const numberFrom = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
  runLoadTest({
    calls: numberFrom('LOAD_CALLS', 10_000),
    concurrency: numberFrom('LOAD_CONCURRENCY', 50),
    warmupCalls: numberFrom('LOAD_WARMUP', 10_000),
    upstreamKeepAliveMs: numberFrom('LOAD_UPSTREAM_KEEPALIVE_MS', 5_000),
    onPhase: (phase) => process.stderr.write(`load: ${phase}\n`),
  }).then(
    (result) => {
      process.stdout.write(`${formatLoadTable(result)}\n`);
      if (result.protocolErrors + result.crossedResponses > 0 || result.timedOut) process.exitCode = 1;
    },
    (error: unknown) => {
      process.stderr.write(`load: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
