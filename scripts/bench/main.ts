import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { measureColdStart, measureNodeFloor } from './cold-start.js';
import { timeOurGeneration } from './generation.js';
import { startMockUpstream } from './mock-upstream.js';
import { measureSession } from './overhead.js';
import { installedVersion, packageDir, prepareOpenapiMcpGenerator } from './peers.js';
import { freePort, stopAll } from './processes.js';
import { median } from './stats.js';
import { buildSubjects } from './subjects.js';
import type { Measured } from './measured.js';
import { renderReport } from './report.js';
import { measureHttpThroughput } from './throughput.js';
import { measureSearch, renderSearchLine } from './search.js';

/**
 * `pnpm bench`: one table, measured on this machine in one run, comparing our generated
 * servers (out/, run `pnpm generate` first) with two OpenAPI-to-MCP peers on the same
 * upstream description. All traffic stays on 127.0.0.1 (a mock upstream answers every
 * GET); every loop is bounded in count and time; every process started is stopped.
 *
 * Like with like: every process (the `node -e 0` floor included) starts with PATH and HOME
 * only, plus the variables its row names; NODE_EXTRA_CA_CERTS (the caller's, else the
 * system bundle) is set only in the rows that say so, each compared with a floor started
 * the same way. Every HTTP row uses the same driver; rows are interleaved in rounds so
 * that drift in the machine's load hits every row alike, and medians are reported.
 *
 * Knobs: BENCH_RUNS (cold starts per subject, default 7), BENCH_CALLS (sequential calls
 * for the overhead, default 300), BENCH_LOAD_CALLS (HTTP calls per load run, default
 * 10000), BENCH_CONCURRENCY (default 50), BENCH_HTTP_ROUNDS (HTTP load runs, interleaved, of
 * each row the targets judge; other rows run once; default 3), BENCH_ONLY (a regular expression: only subjects whose label
 * matches), BENCH_KEEP_TMP=1 (keep the temp folder).
 */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = positive('BENCH_RUNS', 7);
const CALLS = positive('BENCH_CALLS', 300);
const LOAD_CALLS = positive('BENCH_LOAD_CALLS', 10_000);
const CONCURRENCY = positive('BENCH_CONCURRENCY', 50);
const HTTP_ROUNDS = positive('BENCH_HTTP_ROUNDS', 3);
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
/** A CA bundle every Linux image has; used when the caller sets no NODE_EXTRA_CA_CERTS of its own. */
const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
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
  for (const bin of [PORTAINER_BIN, PVE_BIN])
    if (!existsSync(path.join(REPO_ROOT, bin))) throw new Error(`${bin} is missing: run \`pnpm generate\` first`);
  if (!existsSync(path.join(REPO_ROOT, PORTAINER_SPEC)))
    throw new Error(`${PORTAINER_SPEC} (relative to the repository) is missing`);
  const caFile = process.env.NODE_EXTRA_CA_CERTS || (existsSync(SYSTEM_CA_BUNDLE) ? SYSTEM_CA_BUNDLE : undefined);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'mcpgen-bench-'));
  const mock = await startMockUpstream();
  try {
    log(`mock upstream on ${mock.origin}; temp folder ${workDir}`);
    log('timing our generator (portainer 2.43.0, pve 9.2) ...');
    const portainerGeneration = await timeOurGeneration({
      repoRoot: REPO_ROOT,
      target: 'portainer',
      upstream: '2.43.0',
      outDir: path.join(workDir, 'ours'),
    });
    const pveGeneration = await timeOurGeneration({
      repoRoot: REPO_ROOT,
      target: 'pve',
      upstream: '9.2',
      outDir: path.join(workDir, 'ours'),
    });
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
      ivotoby: {
        version: await installedVersion('@ivotoby/openapi-mcp-server'),
        bin: path.join(ivotobyDir, 'bin', 'mcp-server.js'),
      },
      caFile,
    });
    const measured: Measured[] = subjects
      .filter((subject) => !ONLY || ONLY.test(subject.label))
      .map((subject) => ({ subject, coldStarts: [], http: [] }));

    // Cold starts in rounds (floors, then each subject once), so drift hits every row alike.
    log(`cold start to tools/list: ${RUNS} rounds ...`);
    const floors = { clean: [] as number[], caCerts: [] as number[] };
    for (let round = 0; round < RUNS; round += 1) {
      floors.clean.push(await measureNodeFloor());
      if (caFile) floors.caCerts.push(await measureNodeFloor({ NODE_EXTRA_CA_CERTS: caFile }));
      for (const row of measured) await measureColdRound(row);
    }

    for (const row of measured) {
      if (row.subject.unavailable) continue;
      log(`stdio session (tools/list, ${CALLS} calls vs direct): ${row.subject.label} ...`);
      row.session = await measureSession({
        launch: { ...row.subject.stdio, cwd: row.subject.stdio.cwd ?? REPO_ROOT },
        pickCall: row.subject.pickCall,
        mock,
        calls: CALLS,
        warmupCalls: 20,
        timeLimitMs: 60_000,
      });
    }

    // Rows the targets judge (ours default and ALL, the peers) run every round; the others once.
    for (let round = 0; round < HTTP_ROUNDS; round += 1) {
      for (const row of measured) {
        if (round > 0 && !row.subject.role) continue;
        log(
          `HTTP load round ${round + 1}/${HTTP_ROUNDS}, ${LOAD_CALLS} calls at ${CONCURRENCY}: ${row.subject.label} ...`,
        );
        await measureHttpRound(row);
      }
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
        floorMs: median(floors.clean),
        caFloorMs: caFile ? median(floors.caCerts) : undefined,
        caFile,
        httpRounds: HTTP_ROUNDS,
        runs: RUNS,
        calls: CALLS,
        loadCalls: LOAD_CALLS,
        concurrency: CONCURRENCY,
        versions,
        omgNotes:
          'failed' in omg
            ? []
            : [
                `stdio figures come from the project generated with its default transport, the HTTP figure from a second project generated with --transport=streamable-http; dependencies installed with ${omg.installedWith}, built with each project's own build script (tsc)`,
                ...omg.notes,
              ],
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

async function measureColdRound(row: Measured): Promise<void> {
  if (row.subject.unavailable || row.coldError) return;
  try {
    row.coldStarts.push(
      (await measureColdStart({ ...row.subject.stdio, cwd: row.subject.stdio.cwd ?? REPO_ROOT, timeoutMs: 30_000 }))
        .milliseconds,
    );
  } catch (error) {
    row.coldError = (error as Error).message.split('\n')[0]!.slice(0, 200);
  }
}

/** One HTTP load run of a subject (a fresh server each round); the reason is kept when it cannot run. */
async function measureHttpRound(row: Measured): Promise<void> {
  const { subject } = row;
  if (subject.unavailable) return;
  if (subject.http.kind === 'none') {
    row.httpUnavailable = subject.http.reason;
    return;
  }
  const call = row.session?.call;
  if (!call) {
    row.httpUnavailable = 'no read tool to call (see the stdio figures)';
    return;
  }
  const { launch, url, headers } = subject.http.start(await freePort());
  const outcome = await measureHttpThroughput({
    launch: { ...launch, cwd: launch.cwd ?? REPO_ROOT },
    url,
    headers,
    call,
    calls: LOAD_CALLS,
    warmupCalls: 100,
    concurrency: CONCURRENCY,
    timeLimitMs: 60_000,
  });
  if ('unavailable' in outcome) row.httpUnavailable = outcome.unavailable;
  else row.http.push(outcome);
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
