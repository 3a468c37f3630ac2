import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { type Launch, launchEnv, stopChild, track } from './processes.js';

export { median } from './stats.js';

/** Messages a 2025-11-25 client sends before asking for the tool list. */
const HANDSHAKE = [
  {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
  },
  { jsonrpc: '2.0', method: 'notifications/initialized' },
  { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} },
];

export interface ColdStart {
  readonly milliseconds: number;
  /** Bytes of the tools/list JSON-RPC response line. */
  readonly listBytes: number;
}

/**
 * Spawn to answered tools/list: what a client waits for before it can use the server.
 * The clock stops when the whole tools/list response line has arrived; the process is then
 * stopped and awaited, so runs never overlap. Bounded by `timeoutMs`.
 */
export function measureColdStart(options: Launch & { timeoutMs?: number }): Promise<ColdStart> {
  const started = performance.now();
  const child = track(
    spawn(options.command, [...options.args], {
      env: launchEnv(options.env),
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  child.stdin.on('error', () => undefined);
  child.stdin.write(HANDSHAKE.map((message) => JSON.stringify(message)).join('\n') + '\n');
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-1000);
  });
  return new Promise<ColdStart>((resolve, reject) => {
    let buffered = '';
    let done = false;
    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void stopChild(child).then(outcome);
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new Error(`no tools/list answer within ${options.timeoutMs ?? 30_000} ms: ${stderr.trim()}`)),
        ),
      options.timeoutMs ?? 30_000,
    );
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      // `buffered` never holds a complete line here: only the start of the next one.
      buffered += chunk;
      // Only complete lines count: a partial line may merely start like the answer.
      if (!chunk.includes('\n')) return;
      let start = 0;
      let end = buffered.indexOf('\n', start);
      while (end >= 0) {
        const line = buffered.slice(start, end);
        if (isListAnswer(line)) {
          const milliseconds = performance.now() - started;
          finish(() => resolve({ milliseconds, listBytes: Buffer.byteLength(line) }));
          return;
        }
        start = end + 1;
        end = buffered.indexOf('\n', start);
      }
      buffered = buffered.slice(start);
    });
    child.on('error', (error) => finish(() => reject(error)));
    child.on('exit', (code) =>
      finish(() =>
        reject(new Error(`${options.command} exited with ${code} before answering tools/list: ${stderr.trim()}`)),
      ),
    );
  });
}

function isListAnswer(line: string): boolean {
  if (!line.includes('"id":2')) return false;
  try {
    const message = JSON.parse(line) as { id?: unknown };
    return message.id === 2;
  } catch {
    return false;
  }
}

/**
 * Spawn to exit of a process that does nothing: the floor of any Node start-up. Started
 * with exactly the environment the servers get (PATH, HOME, plus `env`), never the
 * caller's: a variable such as NODE_EXTRA_CA_CERTS costs every Node start tens of ms.
 */
export function measureNodeFloor(env: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  const child = track(spawn(process.execPath, ['-e', '0'], { env: launchEnv(env), stdio: 'ignore' }));
  return new Promise((resolve, reject) => {
    child.on('exit', () => resolve(performance.now() - started));
    child.on('error', reject);
  });
}
