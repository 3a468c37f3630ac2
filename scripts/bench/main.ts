import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { measureColdStart, measureNodeFloor } from './cold-start.js';
import { timeOurGeneration } from './generation.js';
import { runOurLoadTest } from './load-hook.js';
import { startMockUpstream } from './mock-upstream.js';
import { measureSession } from './overhead.js';
import { installedVersion, packageDir, prepareOpenapiMcpGenerator } from './peers.js';
import { freePort, stopAll } from './processes.js';
import { median } from './stats.js';
import { buildSubjects } from './subjects.js';
import { type Measured, renderReport } from './report.js';
import { measureHttpThroughput } from './throughput.js';
import { measureSearch, renderSearchLine } from './search.js';

/**
 * `pnpm bench`: one table, measured on this machine in one run, comparing our generated
 * servers (out/, run `pnpm generate` first) with two OpenAPI-to-MCP peers on the same
 * upstream description. All traffic stays on 127.0.0.1 (a mock upstream answers every
 * GET); every loop is bounded in count and time; every process started is stopped.
 *
 * Knobs: BENCH_RUNS (cold starts per subject, default 7), BENCH_CALLS (sequential calls
 * for the overhead, default 300), BENCH_LOAD_CALLS (HTTP calls per load run, default
 * 10000), BENCH_CONCURRENCY (default 50), BENCH_KEEP_TMP=1 (keep the temp folder).
 */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = positive('BENCH_RUNS', 7);
const CALLS = positive('BENCH_CALLS', 300);
const LOAD_CALLS = positive('BENCH_LOAD_CALLS', 10_000);
const CONCURRENCY = positive('BENCH_CONCURRENCY', 50);
/** Whole-run guard: past it every started process is stopped and the bench fails. */
const RUN_LIMIT_MS = 15 * 60_000;

const PORTAINER_BIN = 'out/mcp-portainer-2.43/dist/mcp-portainer.js';
const PVE_BIN = 'out/mcp-pve-9.2/dist/mcp-pve.js';
/** Relative to the repository, as the peers are told (they run with it as working directory). */
const PORTAINER_SPEC = '../shared/specs/portainer/2.43.0.yaml';

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
}

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg()[0] ?? 0;
  for (const bin of [PORTAINER_BIN, PVE_BIN]) if (!existsSync(path.join(REPO_ROOT, bin))) throw new Error(`${bin} is missing: run \`pnpm generate\` first`);
  if (!existsSync(path.join(REPO_ROOT, PORTAINER_SPEC))) throw new Error(`${PORTAINER_SPEC} (relative to the repository) is missing`);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'mcpgen-bench-'));
  const mock = await startMockUpstream();
  try {
    log(`mock upstream on ${mock.origin}; temp folder ${workDir}`);
    log('timing our generator (portainer 2.43.0, pve 9.2) ...');
    const portainerGeneration = await timeOurGeneration({ repoRoot: REPO_ROOT, target: 'portainer', upstream: '2.43.0', outDir: path.join(workDir, 'ours') });
    const pveGeneration = await timeOurGeneration({ repoRoot: REPO_ROOT, target: 'pve', upstream: '9.2', outDir: path.join(workDir, 'ours') });
    log('preparing openapi-mcp-generator (generate, install, build) ...');
    const omg = await prepareOpenapiMcpGenerator({ repoRoot: REPO_ROOT, spec: PORTAINER_SPEC, workDir, log });
    const ivotobyDir = packageDir('@ivotoby/openapi-mcp-server');
    const subjects = buildSubjects({
      repoRoot: REPO_ROOT,
      mockOrigin: mock.origin,
      portainerSpec: PORTAINER_SPEC,
      portainerBin: path.join(REPO_ROOT, PORTAINER_BIN),
      pveBin: path.join(REPO_ROOT, PVE_BIN),
      portainerGeneration,
      pveGeneration,
      omg,
      ivotoby: { version: await installedVersion('@ivotoby/openapi-mcp-server'), bin: path.join(ivotobyDir, 'bin', 'mcp-server.js') },
    });
    const measured: Measured[] = subjects.map((subject) => ({ subject, coldStarts: [] }));

    // Cold starts in rounds (floor, then each subject once), so drift hits every row alike.
    log(`cold start to tools/list: ${RUNS} rounds ...`);
    const floors: number[] = [];
    for (let round = 0; round < RUNS; round += 1) {
      floors.push(await measureNodeFloor());
      for (const row of measured) {
        if (row.subject.unavailable || row.coldError) continue;
        try {
          row.coldStarts.push((await measureColdStart({ ...row.subject.stdio, cwd: row.subject.stdio.cwd ?? REPO_ROOT, timeoutMs: 30_000 })).milliseconds);
        } catch (error) {
          row.coldError = (error as Error).message.split('\n')[0]!.slice(0, 200);
        }
      }
    }

    for (const row of measured) {
      if (row.subject.unavailable) continue;
      log(`stdio session (tools/list, ${CALLS} calls vs direct): ${row.subject.label} ...`);
      row.session = await measureSession({ launch: { ...row.subject.stdio, cwd: row.subject.stdio.cwd ?? REPO_ROOT }, pickCall: row.subject.pickCall, mock, calls: CALLS, warmupCalls: 20, timeLimitMs: 60_000 });
    }

    for (const row of measured) {
      const { subject } = row;
      if (subject.unavailable) continue;
      if (subject.loadTestProfile) {
        log(`runLoadTest (scripts/bench/load.ts), ${LOAD_CALLS} calls at ${CONCURRENCY}: ${subject.label} ...`);
        row.load = await runOurLoadTest({ bin: path.join(REPO_ROOT, PORTAINER_BIN), profile: subject.loadTestProfile, workDir, calls: LOAD_CALLS, warmupCalls: 100, concurrency: CONCURRENCY, timeLimitMs: 60_000 });
      }
      if (subject.http.kind === 'none') {
        row.http = { unavailable: subject.http.reason };
        continue;
      }
      const call = row.session?.call;
      if (!call) {
        row.http = { unavailable: 'no read tool to call (see the stdio figures)' };
        continue;
      }
      log(`HTTP load, ${LOAD_CALLS} calls at ${CONCURRENCY}: ${subject.label} ...`);
      const { launch, url, headers } = subject.http.start(await freePort());
      row.http = await measureHttpThroughput({ launch: { ...launch, cwd: launch.cwd ?? REPO_ROOT }, url, headers, call, calls: LOAD_CALLS, warmupCalls: 100, concurrency: CONCURRENCY, timeLimitMs: 60_000 });
    }

    log('search_operations on ~650 operations (in-process) ...');
    const search = await measureSearch(REPO_ROOT);

    const versions = {
      node: process.version,
      openapiMcpGenerator: await installedVersion('openapi-mcp-generator'),
      ivotoby: await installedVersion('@ivotoby/openapi-mcp-server'),
    };
    process.stdout.write(
      renderReport({
        measured,
        floorMs: median(floors),
        runs: RUNS,
        calls: CALLS,
        loadCalls: LOAD_CALLS,
        concurrency: CONCURRENCY,
        versions,
        omgNotes: 'failed' in omg ? [] : [`stdio figures come from the project generated with its default transport, the HTTP figure from a second project generated with --transport=streamable-http; dependencies installed with ${omg.installedWith}, built with each project's own build script (tsc)`, ...omg.notes],
        totalMs: performance.now() - started,
        loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
      }) + '\n',
    );
    process.stdout.write(`\n${renderSearchLine(search)}`);
  } finally {
    await mock.close();
    await stopAll();
    if (process.env.BENCH_KEEP_TMP === '1') log(`kept ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }
}

const guard = setTimeout(() => {
  process.stderr.write(`bench: still running after ${RUN_LIMIT_MS / 60_000} minutes: stopping\n`);
  void stopAll().finally(() => process.exit(1));
}, RUN_LIMIT_MS);
guard.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopAll().finally(() => process.exit(130));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
