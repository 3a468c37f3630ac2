import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readPeakRss } from './memory.js';
import { type Launch, launchEnv, stopChild, track } from './processes.js';

export interface JsonRpcResponse {
  readonly id: number;
  readonly result?: Record<string, unknown>;
  readonly error?: { code: number; message: string };
  /** Bytes of the response line as the server wrote it. */
  readonly bytes: number;
  readonly line: string;
}

/** A line-delimited JSON-RPC client for an MCP server on stdio. */
export class StdioClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, (response: JsonRpcResponse) => void>();
  private buffered = '';
  private nextId = 1;
  private exited = false;
  private stderrTail = '';

  constructor(launch: Launch) {
    this.child = track(
      spawn(launch.command, [...launch.args], {
        env: launchEnv(launch.env),
        cwd: launch.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onData(chunk));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.child.on('exit', () => {
      this.exited = true;
    });
    this.child.stdin.on('error', () => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last stderr output, for error messages. */
  get stderr(): string {
    return this.stderrTail.trim();
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    let newline = this.buffered.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      this.onLine(line);
      newline = this.buffered.indexOf('\n');
    }
  }

  private onLine(line: string): void {
    let message: { id?: unknown; result?: Record<string, unknown>; error?: { code: number; message: string } };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return; // not JSON-RPC (a stray log line): ignored
    }
    if (typeof message.id !== 'number') return;
    const resolve = this.pending.get(message.id);
    if (!resolve) return;
    this.pending.delete(message.id);
    resolve({ id: message.id, result: message.result, error: message.error, bytes: Buffer.byteLength(line), line });
  }

  notify(method: string, params: Record<string, unknown> = {}): void {
    this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method, params }) + '\n');
  }

  request(method: string, params: Record<string, unknown>, timeoutMs = 30_000): Promise<JsonRpcResponse> {
    if (this.exited) return Promise.reject(new Error(`server exited before ${method}: ${this.stderr}`));
    const id = this.nextId++;
    return new Promise<JsonRpcResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} got no answer within ${timeoutMs} ms: ${this.stderr}`));
      }, timeoutMs);
      const onExit = () => {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new Error(`server exited during ${method}: ${this.stderr}`));
      };
      this.child.once('exit', onExit);
      this.pending.set(id, (response) => {
        clearTimeout(timer);
        this.child.off('exit', onExit);
        resolve(response);
      });
      this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    });
  }

  async initialize(): Promise<void> {
    const response = await this.request('initialize', {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'bench', version: '1' },
    });
    if (response.error) throw new Error(`initialize failed: ${response.error.message}`);
    this.notify('notifications/initialized');
  }

  /** VmHWM of the server process now, in bytes. */
  peakRss(): number | undefined {
    return this.child.pid === undefined ? undefined : readPeakRss(this.child.pid);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  close(graceMs = 2000): Promise<void> {
    return stopChild(this.child, graceMs);
  }
}
