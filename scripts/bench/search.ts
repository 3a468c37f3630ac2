import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadServer, SUBJECTS } from '../../eval/src/subjects.js';
import { readTasks } from '../../eval/src/tasks.js';
import { searchOperations } from '../../packages/runtime/src/server/search.js';
import { percentile } from './stats.js';

/** Passes over the evaluation questions: enough samples for a stable p99 without a long run. */
const PASSES = 5;
/** search_operations' default limit. */
const LIMIT = 15;

export interface SearchFigures {
  readonly label: string;
  readonly operations: number;
  readonly queries: number;
  /** The first search: parses the generated index and builds the term tables. */
  readonly firstMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * search_operations timed in-process on the generated Proxmox VE 9.2 package with every
 * operation enabled (tier full, ~650 operations), over the questions of eval/pve-9.2.tsv:
 * the ranker's own cost, without the stdio transport (the overhead column measures that).
 */
export async function measureSearch(repoRoot: string): Promise<SearchFigures> {
  const subject = SUBJECTS.find((entry) => entry.packageDir.includes('pve'))!;
  const server = await loadServer({ root: repoRoot, subject });
  const queries = readTasks(path.join(repoRoot, subject.tasksFile)).map((task) => task.query);
  const run = (query: string) =>
    searchOperations({ registry: server.registry, context: server.context, request: { query, limit: LIMIT } });
  const started = performance.now();
  run(queries[0]!);
  const firstMs = performance.now() - started;
  const samples: number[] = [];
  for (let pass = 0; pass < PASSES; pass += 1) {
    for (const query of queries) {
      const at = performance.now();
      run(query);
      samples.push(performance.now() - at);
    }
  }
  return {
    label: subject.label,
    operations: server.registry.enabled.size,
    queries: queries.length,
    firstMs,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
  };
}

export function renderSearchLine(figures: SearchFigures): string {
  const { label, operations, queries, firstMs, p50Ms, p99Ms } = figures;
  return (
    `search_operations, ${label} (${operations} operations), ${queries} evaluation questions x ${PASSES}, in-process: ` +
    `p50 ${p50Ms.toFixed(2)} ms, p99 ${p99Ms.toFixed(2)} ms; first search (loads the generated index) ${firstMs.toFixed(1)} ms.\n`
  );
}
