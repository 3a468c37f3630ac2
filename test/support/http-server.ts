/**
 * Runs a generated MCP server (the installed `.bin` entry or `out/<pkg>/dist/<bin>.js`) in
 * Streamable HTTP mode for end-to-end tests, and small HTTP(S) helpers to talk to it.
 *
 * - `startHttpServer` picks a free port on 127.0.0.1, starts the bin with exactly the given
 *   environment (plus PATH, and the transport/host/port variables), waits until
 *   `GET /health` answers 200 and returns its URLs. stdout and stderr are captured (the
 *   server logs to stderr) for failure messages and log assertions. If the port was taken
 *   between probing and binding, it retries on another one.
 * - `runUntilExit` starts the bin and waits for it to exit: for start-up refusals
 *   (configuration errors exit with code 2 and one line on stderr).
 * - `createNodeFetch` is a `fetch` built on node:http/https that trusts an extra CA (Node's
 *   global fetch cannot be given one without a dispatcher from undici) and sends every
 *   header as given (e.g. `Cookie`, `Host`). MCP SDK clients accept it as `fetch`.
 * - `rawRequest` sends one request and reads the whole answer.
 *
 * Everything listens on and talks to 127.0.0.1 only. Each server runs in its own process
 * group and has an orphan guard like Prism's (see prism.ts): if this process dies without
 * calling stop(), the guard kills the server's group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { killGroup, startOrphanGuard, stopChild } from './process-group.js';
import { once } from 'node:events';
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { findFreePort } from './prism.js';

export interface HttpServerOptions {
  /** A `.js` file (run with this Node) or an executable such as `node_modules/.bin/<name>`. */
  command: string;
  /** Environment of the server; PATH is added from this process when missing. Nothing else is inherited. */
  env: Record<string, string>;
  /** Variable prefix of the target's HTTP settings, e.g. `PORTAINER_MCP_` or `MCP_`. */
  envPrefix: string;
  /** Variable that selects the transport, e.g. `PORTAINER_MCP_TRANSPORT` or `MCP_TRANSPORT`. */
  transportEnv: string;
  /** PEM of the CA that signed the server certificate: switches the health probe to HTTPS. */
  ca?: string;
  /** Default 30 s. */
  startupTimeoutMs?: number;
  /** Label for messages. */
  name?: string;
}

export interface RunningServer {
  /** `http(s)://127.0.0.1:<port>` */
  origin: string;
  /** `<origin>/mcp` */
  mcpUrl: string;
  port: number;
  pid: number | undefined;
  /** Everything written to stderr so far (capped). */
  stderr(): string;
  stdout(): string;
  /** Exit code once the process has ended, else null. */
  exitCode(): number | null;
  /** SIGTERM to the group, SIGKILL after a grace period; safe to call more than once. */
  stop(): Promise<void>;
}

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const LOOPBACK = '127.0.0.1';
const MAX_OUTPUT_CHARS = 256 * 1024;
const PORT_ATTEMPTS = 3;

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const port = await findFreePort(LOOPBACK);
    try {
      return await startOnPort({ options, port });
    } catch (error) {
      lastError = error as Error;
      if (!(error instanceof PortTakenError)) throw error;
    }
  }
  throw lastError ?? new Error('could not start the server');
}

class PortTakenError extends Error {}

async function startOnPort(ctx: { options: HttpServerOptions; port: number }): Promise<RunningServer> {
  const { options, port } = ctx;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    [options.transportEnv]: 'http',
    [`${options.envPrefix}HTTP_HOST`]: LOOPBACK,
    [`${options.envPrefix}HTTP_PORT`]: String(port),
    ...options.env,
  };
  const child = spawnServer({ command: options.command, env });
  const output = captureOutput(child);
  const guard = startOrphanGuard(child);
  const scheme = options.ca === undefined ? 'http' : 'https';
  const origin = `${scheme}://${LOOPBACK}:${port}`;
  const server: RunningServer = {
    origin,
    mcpUrl: `${origin}/mcp`,
    port,
    pid: child.pid,
    stderr: () => output.stderr,
    stdout: () => output.stdout,
    exitCode: () => child.exitCode,
    stop: async () => {
      await stopChild(child);
      guard.release();
    },
  };
  try {
    await waitForHealth({ origin, child, ca: options.ca, timeoutMs: options.startupTimeoutMs ?? 30_000 });
  } catch (error) {
    await server.stop();
    const text = `${options.name ?? options.command} did not start on ${origin}: ${(error as Error).message}\n--- server stderr ---\n${output.stderr.slice(-4000)}`;
    if (/EADDRINUSE/.test(output.stderr)) throw new PortTakenError(text);
    throw new Error(text);
  }
  return server;
}

/** Starts the bin with exactly `env` (PATH added) and resolves when it exits, or kills it after `timeoutMs`. */
export async function runUntilExit(options: {
  command: string;
  env: Record<string, string>;
  timeoutMs?: number;
}): Promise<ExitResult> {
  const child = spawnServer({ command: options.command, env: { PATH: process.env.PATH ?? '', ...options.env } });
  const output = captureOutput(child);
  const guard = startOrphanGuard(child);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), options.timeoutMs ?? 15_000);
  try {
    const [code, signal] = await exited;
    return { code, signal, stdout: output.stdout, stderr: output.stderr };
  } finally {
    clearTimeout(timer);
    guard.release();
  }
}

function spawnServer(options: { command: string; env: Record<string, string> }): ChildProcess {
  const isScript = /\.[cm]?js$/.test(options.command);
  const file = isScript ? process.execPath : options.command;
  const args = isScript ? [options.command] : [];
  // detached: own process group, reached as a whole by stop() and by the orphan guard.
  return spawn(file, args, { env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

function captureOutput(child: ChildProcess): { stdout: string; stderr: string } {
  const output = { stdout: '', stderr: '' };
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    output[stream] += chunk.toString('utf8');
    if (output[stream].length > MAX_OUTPUT_CHARS) output[stream] = output[stream].slice(-MAX_OUTPUT_CHARS);
  };
  child.stdout?.on('data', collect('stdout'));
  child.stderr?.on('data', collect('stderr'));
  return output;
}

async function waitForHealth(options: {
  origin: string;
  child: ChildProcess;
  ca: string | undefined;
  timeoutMs: number;
}): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (options.child.exitCode !== null || options.child.signalCode !== null) {
      throw new Error(`exited early (code ${options.child.exitCode}, signal ${options.child.signalCode})`);
    }
    try {
      const answer = await rawRequest({ url: `${options.origin}/health`, ca: options.ca, timeoutMs: 1000 });
      if (answer.status === 200) return;
      last = `GET /health answered ${answer.status}: ${answer.body.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`no 200 from /health within ${options.timeoutMs} ms (${last})`);
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request over node:http(s), the answer read in full. Headers are sent exactly as given (Host included). */
export async function rawRequest(options: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  ca?: string | undefined;
  timeoutMs?: number;
}): Promise<RawAnswer> {
  const response = await send({ ...options, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') };
}

function send(options: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  ca?: string | undefined;
  signal?: AbortSignal | undefined;
}): Promise<IncomingMessage> {
  const url = new URL(options.url);
  if (url.hostname !== LOOPBACK)
    return Promise.reject(new Error(`test traffic must stay on ${LOOPBACK}, got ${url.hostname}`));
  const transport = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) {
    headers['content-length'] = String(Buffer.byteLength(options.body));
  }
  return new Promise((resolve, reject) => {
    const request = transport.request(
      {
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? 'GET',
        headers,
        agent: false,
        ...(url.protocol === 'https:' && options.ca !== undefined ? { ca: options.ca } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      resolve,
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/**
 * A WHATWG-style fetch over node:http/https: trusts `ca` for HTTPS and streams the response
 * body (SSE answers arrive as they are written). Enough for the MCP SDK clients.
 */
export function createNodeFetch(
  options: { ca?: string } = {},
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = request ? request.url : String(input);
    const headers = new Headers(init?.headers ?? request?.headers);
    const method = init?.method ?? request?.method ?? 'GET';
    const body = await bodyBytes(init?.body ?? (request && request.body ? await request.arrayBuffer() : undefined));
    const signal = init?.signal ?? request?.signal ?? undefined;
    const response = await send({
      url,
      method,
      headers: Object.fromEntries(headers.entries()),
      ...(body ? { body } : {}),
      ca: options.ca,
      signal,
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, item);
    }
    const status = response.statusCode ?? 0;
    const noBody = status === 204 || status === 304 || method === 'HEAD';
    if (noBody) response.resume();
    return new Response(noBody ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>), {
      status,
      statusText: response.statusMessage ?? '',
      headers: responseHeaders,
    });
  };
}

async function bodyBytes(body: unknown): Promise<Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return new Uint8Array(await new Response(body as ConstructorParameters<typeof Response>[0]).arrayBuffer());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
