import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * HOOK: scripts/bench/load.ts (`runLoadTest`) measures our Portainer server over Streamable
 * HTTP. It is loaded dynamically so that `pnpm bench` still runs (and says so in the table
 * notes) when that module is absent or exports something else; the shape used is below.
 */
interface LoadTestResultLike {
  readonly completed: number;
  readonly calls: number;
  readonly callsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number };
  readonly protocolErrors: number;
  readonly crossedResponses?: number;
  readonly toolErrors?: number;
  readonly timedOut?: boolean;
  readonly rssKb: { readonly before: number; readonly after: number; readonly peak?: number };
}

type RunLoadTest = (options: { calls?: number; concurrency?: number; warmupCalls?: number; timeLimitMs?: number; serverBin?: string; logLevel?: 'info' }) => Promise<LoadTestResultLike>;

export interface OurLoad {
  readonly callsPerSecond: number;
  readonly completed: number;
  readonly planned: number;
  readonly p50: number;
  readonly p99: number;
  readonly protocolErrors: number;
  readonly crossedResponses: number;
  readonly toolErrors: number;
  readonly timedOut: boolean;
  readonly rssBeforeBytes: number;
  readonly rssAfterBytes: number;
  readonly peakRss?: number;
}

export type OurLoadOutcome = OurLoad | { readonly unavailable: string };

const LOAD_MODULE = './load.js';

async function loadRunner(): Promise<RunLoadTest | string> {
  try {
    const module = (await import(LOAD_MODULE)) as { runLoadTest?: unknown };
    return typeof module.runLoadTest === 'function' ? (module.runLoadTest as RunLoadTest) : 'scripts/bench/load.ts exports no runLoadTest';
  } catch (error) {
    return `scripts/bench/load.ts could not be loaded (${(error as Error).message.split('\n')[0]})`;
  }
}

/**
 * `runLoadTest` on our Portainer bundle. It always starts the server with
 * PORTAINER_PROFILES=ALL; for the default profile it is given a two-line wrapper that
 * removes that variable and then imports the real bundle in the same process.
 */
export async function runOurLoadTest(options: { bin: string; profile: 'default' | 'ALL'; workDir: string; calls: number; warmupCalls: number; concurrency: number; timeLimitMs: number }): Promise<OurLoadOutcome> {
  const runLoadTest = await loadRunner();
  if (typeof runLoadTest === 'string') return { unavailable: runLoadTest };
  let serverBin = options.bin;
  if (options.profile === 'default') {
    serverBin = path.join(options.workDir, 'portainer-default-profile.mjs');
    await writeFile(serverBin, `delete process.env.PORTAINER_PROFILES;\nawait import(${JSON.stringify(pathToFileURL(options.bin).href)});\n`);
  }
  try {
    const result = await runLoadTest({ calls: options.calls, warmupCalls: options.warmupCalls, concurrency: options.concurrency, timeLimitMs: options.timeLimitMs, serverBin, logLevel: 'info' });
    return {
      callsPerSecond: result.callsPerSecond,
      completed: result.completed,
      planned: result.calls,
      p50: result.latencyMs.p50,
      p99: result.latencyMs.p99,
      protocolErrors: result.protocolErrors,
      crossedResponses: result.crossedResponses ?? 0,
      toolErrors: result.toolErrors ?? 0,
      timedOut: result.timedOut ?? false,
      rssBeforeBytes: result.rssKb.before * 1024,
      rssAfterBytes: result.rssKb.after * 1024,
      ...(result.rssKb.peak === undefined ? {} : { peakRss: result.rssKb.peak * 1024 }),
    };
  } catch (error) {
    return { unavailable: `runLoadTest failed: ${(error as Error).message.split('\n')[0]}` };
  }
}
