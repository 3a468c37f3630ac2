import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { MockUpstream } from './mock-upstream.js';
import type { Launch } from './processes.js';
import { percentile } from './stats.js';
import { StdioClient } from './stdio-client.js';
import { measureToolList } from './tokens.js';

/** A tool as tools/list lists it (peers add fields such as httpMethod / originalPath). */
export interface ListedTool {
  readonly name: string;
  readonly [field: string]: unknown;
}

export interface ToolCall {
  readonly name: string;
  readonly arguments: Record<string, unknown>;
}

export interface SessionFigures {
  readonly tools: number;
  /** Tool names listed more than once. */
  readonly duplicateNames: readonly string[];
  readonly listBytes: number;
  readonly listTokens: number;
  readonly call?: ToolCall;
  /** Path (and query) the upstream saw for that call. */
  readonly upstreamPath?: string;
  /** Measured pairs (direct GET, then the same through the server). */
  readonly calls: number;
  readonly failedCalls: number;
  readonly firstFailure?: string;
  readonly viaMs?: { p50: number; p99: number };
  readonly directMs?: { p50: number; p99: number };
  /** VmHWM of the server at the end of the session, bytes. */
  readonly peakRss?: number;
  readonly problem?: string;
}

/**
 * One stdio session against a server: tools/list (size, tokens), then `calls` pairs of
 * [direct GET to the mock, the same read tool through the server], interleaved so drift
 * hits both alike; then VmHWM. Bounded by `calls` and `timeLimitMs`.
 */
export async function measureSession(options: {
  launch: Launch;
  pickCall: (tools: readonly ListedTool[]) => ToolCall | undefined;
  mock: MockUpstream;
  calls: number;
  warmupCalls: number;
  timeLimitMs: number;
}): Promise<SessionFigures> {
  const client = new StdioClient(options.launch);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await client.initialize();
    const { tools, result } = await listAllTools(client);
    const size = measureToolList(result);
    const names = tools.map((tool) => tool.name);
    const duplicateNames = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
    const base = { tools: tools.length, duplicateNames, listBytes: size.bytes, listTokens: size.tokens };
    const call = options.pickCall(tools);
    if (!call)
      return { ...base, calls: 0, failedCalls: 0, peakRss: client.peakRss(), problem: 'no matching read tool listed' };

    const callOnce = async (): Promise<string | undefined> => {
      const response = await client.request('tools/call', { name: call.name, arguments: call.arguments }, 15_000);
      if (response.error) return `JSON-RPC error ${response.error.code}: ${response.error.message}`;
      if (response.result?.isError === true)
        return `tool error: ${JSON.stringify(response.result.content ?? '').slice(0, 160)}`;
      return undefined;
    };
    const before = options.mock.requests();
    const firstProblem = await callOnce();
    if (options.mock.requests() === before)
      return {
        ...base,
        call,
        calls: 0,
        failedCalls: 1,
        firstFailure: firstProblem ?? 'the call did not reach the upstream',
        peakRss: client.peakRss(),
        problem: firstProblem ?? 'call did not reach the upstream',
      };
    const upstreamPath = options.mock.lastPath() ?? '/';
    const direct = () => directGet({ origin: options.mock.origin, path: upstreamPath, agent });
    for (let index = 0; index < options.warmupCalls; index += 1) {
      await direct();
      await callOnce();
    }
    const via: number[] = [];
    const straight: number[] = [];
    let failedCalls = 0;
    let firstFailure = firstProblem;
    const deadline = performance.now() + options.timeLimitMs;
    for (let index = 0; index < options.calls && performance.now() < deadline; index += 1) {
      let started = performance.now();
      await direct();
      straight.push(performance.now() - started);
      started = performance.now();
      const problem = await callOnce();
      via.push(performance.now() - started);
      if (problem) {
        failedCalls += 1;
        firstFailure ??= problem;
      }
    }
    return {
      ...base,
      call,
      upstreamPath,
      calls: via.length,
      failedCalls,
      ...(firstFailure ? { firstFailure } : {}),
      viaMs: { p50: percentile(via, 50), p99: percentile(via, 99) },
      directMs: { p50: percentile(straight, 50), p99: percentile(straight, 99) },
      peakRss: client.peakRss(),
    };
  } catch (error) {
    return {
      tools: 0,
      duplicateNames: [],
      listBytes: 0,
      listTokens: 0,
      calls: 0,
      failedCalls: 0,
      peakRss: client.peakRss(),
      problem: (error as Error).message.split('\n')[0]!.slice(0, 200),
    };
  } finally {
    agent.destroy();
    await client.close();
  }
}

/** tools/list, following nextCursor (at most 50 pages); the result of a single page as sent. */
async function listAllTools(client: StdioClient): Promise<{ tools: ListedTool[]; result: unknown }> {
  const tools: ListedTool[] = [];
  const pages: unknown[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const response = await client.request('tools/list', cursor ? { cursor } : {});
    if (response.error || !response.result)
      throw new Error(`tools/list failed: ${response.error?.message ?? 'no result'}`);
    pages.push(response.result);
    tools.push(...((response.result.tools ?? []) as ListedTool[]));
    cursor = typeof response.result.nextCursor === 'string' ? response.result.nextCursor : undefined;
    if (!cursor) break;
  }
  return { tools, result: pages.length === 1 ? pages[0] : { tools } };
}

/** The request the server made, sent straight to the mock: GET, read the whole body. */
function directGet(options: { origin: string; path: string; agent: Agent }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = httpRequest(
      `${options.origin}${options.path}`,
      { method: 'GET', agent: options.agent, headers: { accept: 'application/json' } },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve());
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('direct GET timed out')));
    req.on('error', reject);
    req.end();
  });
}
