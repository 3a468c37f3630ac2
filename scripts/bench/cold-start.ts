import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** Messages a 2025-11-25 client sends before asking for the tool list. */
const HANDSHAKE = [
  { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } },
  { jsonrpc: '2.0', method: 'notifications/initialized' },
  { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} },
];

export interface ColdStart {
  readonly milliseconds: number;
  /** Bytes of the tools/list JSON-RPC response line. */
  readonly listBytes: number;
}

/** Spawn to answered tools/list: what a client waits for before it can use the server. */
export function measureColdStart(options: { command: string; args: readonly string[]; env: Record<string, string> }): Promise<ColdStart> {
  const started = performance.now();
  const child = spawn(options.command, options.args, { env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: ['pipe', 'pipe', 'ignore'] });
  child.stdin.write(HANDSHAKE.map((message) => JSON.stringify(message)).join('\n') + '\n');
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const line = buffered.split('\n').find((candidate) => candidate.includes('"id":2'));
      if (!line) return;
      const milliseconds = performance.now() - started;
      child.kill();
      resolve({ milliseconds, listBytes: Buffer.byteLength(line) });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${options.command} exited with ${code} before answering tools/list`)));
  });
}

/** Spawn to exit of a process that does nothing: the floor of any Node start-up. */
export function measureNodeFloor(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.on('exit', () => resolve(performance.now() - started));
    child.on('error', reject);
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
