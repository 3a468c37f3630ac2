/**
 * Starts a Stoplight Prism 5.12 mock server for an OpenAPI document, for end-to-end tests.
 *
 * Why these flags (checked against prism-cli 5.12.0 sources and by hand):
 * - Strictness needs no flag. `prism mock` hard-codes `validateRequest: true` and
 *   `checkSecurity: true` (prism-cli dist/util/createServer.js), so an invalid request
 *   (wrong path/query/header/body) gets the spec's 400/422 response, or a generated 422,
 *   with the reasons in an `sl-violations` header, and a request without the API key
 *   header of the operation's security requirement gets 401. Unknown paths get 404.
 * - `--errors` is deliberately NOT set: in mock mode it only turns violations found in
 *   Prism's *own generated response* (spec examples that contradict the spec's schemas)
 *   into 500s. That checks the spec, not the client under test.
 * - `--dynamic false`: answer with the spec's examples (or a static schema-derived value),
 *   so responses are the same on every run.
 * - `--cors false`: without it Prism adds CORS headers and answers preflight OPTIONS
 *   itself; we want every answer to come from the spec.
 * - `--multiprocess false`: a single process, so there is nothing left behind to reap
 *   besides the process group we kill.
 * - `--verboseLevel warn`: request violations are logged at warn/error, which we keep for
 *   diagnostics; `info` would log every one of the ~400 routes on startup.
 * Prism serves the spec paths WITHOUT the `servers[0].url` base path (`/api` for
 * Portainer): `GET /system/status` answers 200, `GET /api/system/status` answers 404.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { startOrphanGuard, stopChild } from './process-group.js';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface PrismOptions {
  /** Absolute path of the OpenAPI document (read in place, never copied). */
  specPath: string;
  /** Interface to bind; anything other than loopback is refused. */
  host?: string;
  /** Port to use; a free one is picked when omitted. */
  port?: number;
  /** How long to wait for the first HTTP answer. Parsing a 1 MB spec takes a few seconds. */
  startupTimeoutMs?: number;
}

export interface PrismServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`, serving the spec paths without `/api`. */
  url: string;
  /** Last lines Prism wrote to stdout/stderr, for failure messages. */
  logs(): string;
  /** Kills the whole process group; safe to call more than once. */
  stop(): Promise<void>;
}

const PRISM_BIN = fileURLToPath(new URL('../../node_modules/.bin/prism', import.meta.url));
const LOOPBACK = '127.0.0.1';
const MAX_LOG_LINES = 200;

export async function startPrism(options: PrismOptions): Promise<PrismServer> {
  const host = options.host ?? LOOPBACK;
  if (host !== LOOPBACK) throw new Error(`Prism must listen on ${LOOPBACK}, got ${host}`);
  const port = options.port ?? (await findFreePort(host));
  const child = spawnPrism({ specPath: options.specPath, host, port });
  const log = captureOutput(child);
  const guard = startOrphanGuard(child);
  const server: PrismServer = {
    url: `http://${host}:${port}`,
    logs: () => log.join('\n'),
    stop: async () => {
      await stopChild(child);
      guard.release();
    },
  };
  try {
    await waitUntilAnswering({ url: server.url, child, timeoutMs: options.startupTimeoutMs ?? 60_000 });
  } catch (error) {
    await server.stop();
    throw new Error(`Prism did not start: ${(error as Error).message}\n--- prism output ---\n${server.logs()}`);
  }
  return server;
}

function spawnPrism(options: { specPath: string; host: string; port: number }): ChildProcess {
  const args = [
    'mock',
    options.specPath,
    '--host',
    options.host,
    '--port',
    String(options.port),
    '--dynamic',
    'false',
    '--cors',
    'false',
    '--multiprocess',
    'false',
    '--verboseLevel',
    'warn',
  ];
  // detached: own process group, so stop() also reaches the node process that the
  // `.bin/prism` shell shim execs (and anything it might fork).
  return spawn(PRISM_BIN, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

function captureOutput(child: ChildProcess): string[] {
  const lines: string[] = [];
  const collect = (chunk: Buffer): void => {
    lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return lines;
}

/** Any HTTP answer (404 for the probe path) means Prism has parsed the spec and listens. */
async function waitUntilAnswering(options: { url: string; child: ChildProcess; timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (options.child.exitCode !== null || options.child.signalCode !== null) {
      throw new Error(`prism exited early (code ${options.child.exitCode}, signal ${options.child.signalCode})`);
    }
    if (await answers(`${options.url}/__e2e_readiness_probe__`)) return;
    await sleep(200);
  }
  throw new Error(`no answer from ${options.url} within ${options.timeoutMs} ms`);
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

export async function findFreePort(host: string): Promise<number> {
  const probe = createServer();
  probe.listen(0, host);
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not determine a free port');
  return address.port;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
