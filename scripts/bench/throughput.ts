import { performance } from 'node:perf_hooks';
import { McpHttpClient } from './http-client.js';
import type { ToolCall } from './overhead.js';
import { type Launch, lastErrorLine, sleep, startBackground } from './processes.js';
import { percentile } from './stats.js';

export interface Throughput {
  readonly callsPerSecond: number;
  readonly completed: number;
  readonly planned: number;
  readonly p50: number;
  readonly p99: number;
  readonly protocolErrors: number;
  readonly toolErrors: number;
  readonly timedOut: boolean;
  /** VmHWM of the server after the run, bytes. */
  readonly peakRss?: number;
  /** Server CPU time (user + system) per measured call, ms: steadier than calls/s on a busy machine. */
  readonly cpuMsPerCall?: number;
  readonly firstError?: string;
  /** How the responses came back, e.g. "stateless" or "session + GET stream". */
  readonly transport: string;
}

export type ThroughputOutcome = Throughput | { readonly unavailable: string };

/**
 * The bench's own load driver: starts the server, waits until `initialize` is answered,
 * then sends `calls` tools/call requests with `concurrency` in flight on one session.
 * Bounded by count, a per-call timeout and `timeLimitMs`; the server is always stopped.
 */
export async function measureHttpThroughput(options: {
  launch: Launch;
  url: string;
  headers: Record<string, string>;
  call: ToolCall;
  calls: number;
  warmupCalls: number;
  concurrency: number;
  timeLimitMs: number;
}): Promise<ThroughputOutcome> {
  const server = startBackground(options.launch);
  const client = new McpHttpClient({ url: options.url, headers: options.headers }, options.concurrency);
  try {
    const ready = await waitForInitialize({ client, server, timeoutMs: 30_000 });
    if (ready) return { unavailable: ready };
    const streamed = await client.openEventStream();
    const transport = client.session ? `session${streamed ? ' + GET event stream' : ''}` : 'stateless';
    const callOnce = async (): Promise<'ok' | 'tool-error' | string> => {
      try {
        const answer = await client.request(
          'tools/call',
          { name: options.call.name, arguments: options.call.arguments },
          15_000,
        );
        if (answer.status !== 200 && answer.status !== 202) return `HTTP ${answer.status}`;
        if (!answer.message) return 'no JSON-RPC response';
        if (answer.message.error) return `JSON-RPC error ${answer.message.error.code}: ${answer.message.error.message}`;
        if (!answer.message.result) return 'response without result';
        return answer.message.result.isError === true ? 'tool-error' : 'ok';
      } catch (error) {
        return (error as Error).message;
      }
    };
    const first = await callOnce();
    if (first !== 'ok' && first !== 'tool-error') {
      await sleep(200);
      return {
        unavailable: server.exited()
          ? `server exited on the first tools/call: ${lastErrorLine(server.stderrTail())}`
          : `first tools/call failed: ${first}`,
      };
    }
    await runPool({
      count: options.warmupCalls,
      concurrency: options.concurrency,
      deadline: performance.now() + 20_000,
      task: callOnce,
    });
    const cpuBefore = server.cpuMs();
    const run = await runPool({
      count: options.calls,
      concurrency: options.concurrency,
      deadline: performance.now() + options.timeLimitMs,
      task: callOnce,
    });
    const cpuAfter = server.cpuMs();
    const peakRss = server.peakRss();
    const failures = run.outcomes.filter((outcome) => outcome !== 'ok' && outcome !== 'tool-error');
    if (server.exited()) return { unavailable: `server exited under load: ${lastErrorLine(server.stderrTail())}` };
    return {
      callsPerSecond: run.outcomes.length / (run.durationMs / 1000),
      completed: run.outcomes.length,
      planned: options.calls,
      p50: percentile(run.latencies, 50),
      p99: percentile(run.latencies, 99),
      protocolErrors: failures.length,
      toolErrors: run.outcomes.filter((outcome) => outcome === 'tool-error').length,
      timedOut: run.timedOut,
      ...(peakRss === undefined ? {} : { peakRss }),
      ...(cpuBefore === undefined || cpuAfter === undefined
        ? {}
        : { cpuMsPerCall: (cpuAfter - cpuBefore) / run.outcomes.length }),
      ...(failures[0] ? { firstError: failures[0] } : {}),
      transport,
    };
  } finally {
    client.close();
    await server.stop();
  }
}

/** Undefined once `initialize` is answered; else why not (the server exited, or never answered). */
async function waitForInitialize(options: {
  client: McpHttpClient;
  server: ReturnType<typeof startBackground>;
  timeoutMs: number;
}): Promise<string | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (options.server.exited())
      return `server exited${lastError === 'no answer' ? '' : ` (${lastError})`}: ${lastErrorLine(options.server.stderrTail())}`;
    try {
      await options.client.initialize(5000);
      return undefined;
    } catch (error) {
      lastError = (error as Error).message;
      const notListening = /ECONNREFUSED|ECONNRESET|socket hang up/.test(lastError);
      await sleep(notListening ? 100 : 300);
      if (!notListening) break;
    }
  }
  await sleep(200);
  if (options.server.exited()) return `server exited (${lastError}): ${lastErrorLine(options.server.stderrTail())}`;
  return Date.now() >= deadline
    ? `no answer to initialize within ${options.timeoutMs} ms (${lastError})`
    : `initialize failed: ${lastError}`;
}

async function runPool<T>(options: { count: number; concurrency: number; deadline: number; task: () => Promise<T> }) {
  const outcomes: T[] = [];
  const latencies: number[] = [];
  let next = 0;
  let timedOut = false;
  const worker = async () => {
    while (next < options.count) {
      if (performance.now() > options.deadline) {
        timedOut = true;
        return;
      }
      next += 1;
      const started = performance.now();
      const outcome = await options.task();
      latencies.push(performance.now() - started);
      outcomes.push(outcome);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, options.count)) }, worker));
  return { outcomes, latencies, timedOut, durationMs: performance.now() - started };
}
