import { type ChildProcess, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createServer } from 'node:net';
import { readCpuMs, readPeakRss } from './memory.js';

/** How to start a server: a command with exactly this environment (plus PATH and HOME). */
export interface Launch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  readonly cwd?: string;
}

/** Every child this bench started and has not seen exit: stopped by `stopAll` on the way out. */
const live = new Set<ChildProcess>();

/** Remembers a child until it exits, so `stopAll` can end it if the bench is interrupted. */
export function track<T extends ChildProcess>(child: T): T {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Stops every tracked child (each by its own pid). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((child) => stopChild(child, 1000)));
}

/** Environment a launched server sees: PATH and HOME only, plus what the subject sets. */
export function launchEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env };
}

/** A background server process (HTTP mode): stdout ignored, stderr kept as a short tail. */
export interface BackgroundProcess {
  readonly pid: number | undefined;
  exited(): boolean;
  stderrTail(): string;
  peakRss(): number | undefined;
  /** CPU time used so far (user + system), ms. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

export function startBackground(launch: Launch): BackgroundProcess {
  const child = track(
    spawn(launch.command, [...launch.args], {
      env: launchEnv(launch.env),
      cwd: launch.cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  let tail = '';
  let exited = false;
  // Always drained, so a chatty server never blocks on a full pipe.
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4000);
  });
  child.on('exit', () => {
    exited = true;
  });
  child.on('error', (error) => {
    exited = true;
    tail += `\nspawn error: ${error.message}`;
  });
  return {
    pid: child.pid,
    exited: () => exited,
    stderrTail: () => tail,
    peakRss: () => (child.pid === undefined || exited ? undefined : readPeakRss(child.pid)),
    cpuMs: () => (child.pid === undefined || exited ? undefined : readCpuMs(child.pid)),
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 2000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The most telling line of a crashed server's stderr: the last one naming an error, else the last one. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const reversed = [...lines].reverse();
  const errorLine =
    reversed.find((line) => /^[A-Za-z]*Error\b.*:/.test(line)) ??
    reversed.find((line) => /error|exception|refus|invalid/i.test(line) && !/^at |^code:/.test(line));
  return (errorLine ?? lines.at(-1) ?? '(no output)').slice(0, 200);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface Completed {
  readonly code: number | null;
  readonly milliseconds: number;
  /** Last part of stdout and stderr together. */
  readonly output: string;
}

/** Runs a command to completion (this process's environment plus `env`), killed after `timeoutMs`. */
export function runToCompletion(options: {
  command: string;
  args: readonly string[];
  cwd: string;
  env?: Record<string, string>;
  timeoutMs: number;
}): Promise<Completed> {
  const started = performance.now();
  const child = track(
    spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-6000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return new Promise<Completed>((resolve) => {
    const timer = setTimeout(() => {
      output += `\n(killed after ${options.timeoutMs} ms)`;
      void stopChild(child, 1000);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({
        code: null,
        milliseconds: performance.now() - started,
        output: `${output}\nspawn error: ${error.message}`,
      });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, milliseconds: performance.now() - started, output });
    });
  });
}
