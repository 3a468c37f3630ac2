import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { searchOperations } from '../../packages/runtime/src/server/search.js';
import type { Prepared } from '../../packages/runtime/src/server/prepare.js';
import { baselineRanker } from './baseline.js';
import { byKind, figuresOf, type Outcome } from './metrics.js';
import { printMisses, printReport } from './report.js';
import { loadServer, SUBJECTS } from './subjects.js';
import { blindFileOf, checkTasks, HALVES, readBlindTasks, readTasks, type Task, TUNED_HALVES } from './tasks.js';

/**
 * `pnpm eval`: how often an assistant finds the right operation, per target and per half
 * (dev is what the ranker was tuned on, tune a blind set in eval/tune/ also tuned on, test is
 * what is reported, heldout is a set written blind in eval/heldout/ and never tuned on), beside
 * a plain BM25. Needs `pnpm generate` first. `pnpm eval --misses` also lists the dev and tune
 * halves' misses (never the test or heldout ones: looking at those would be tuning on them). `--no-lexicon`
 * searches without the target's intent lexicon: a dev figure the hand entries were not fitted to.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** How deep a search answer is read for MRR; past it a task counts as not found. */
const DEPTH = 50;

async function main(): Promise<void> {
  const showMisses = process.argv.includes('--misses');
  const ablated = process.argv.includes('--no-lexicon');
  for (const subject of SUBJECTS) {
    const server = await loadServer({ root: ROOT, subject, lexicon: !ablated });
    const tasks = subjectTasks(subject.tasksFile);
    checkTasks({ tasks, tools: new Set(server.registry.entries.keys()) });
    const outcomes = measure({ server, tasks });
    const halves = HALVES.map((half) => {
      const part = outcomes.filter((outcome) => outcome.task.half === half);
      return { half, figures: figuresOf(part), kinds: byKind(part) };
    });
    printReport({
      label: ablated ? `${subject.label} (no lexicon)` : subject.label,
      listed: server.surface.listing.length,
      operations: server.registry.enabled.size,
      halves,
    });
    if (showMisses) printMisses(outcomes.filter((outcome) => TUNED_HALVES.includes(outcome.task.half)));
  }
}

/**
 * A target's dev and test tasks, its tuning ones and its held-out ones. A missing file is an
 * error, not an empty half: a mistyped name would otherwise drop the row without a word.
 */
function subjectTasks(tasksFile: string): Task[] {
  const blind = (half: 'tune' | 'heldout') =>
    readBlindTasks({ file: path.join(ROOT, blindFileOf({ tasksFile, half })), half });
  return [...readTasks(path.join(ROOT, tasksFile)), ...blind('tune'), ...blind('heldout')];
}

function measure(options: { server: Prepared; tasks: readonly Task[] }): Outcome[] {
  const { registry, surface, context } = options.server;
  const listed = new Set(surface.listing.map((tool) => tool.name));
  const baseline = baselineRanker(
    registry.listed.map((tool) => ({ name: tool.name, text: `${tool.name} ${tool.title} ${tool.description}` })),
  );
  return options.tasks.map((task) => {
    const answer = searchOperations({ registry, context, request: { query: task.query, limit: DEPTH } });
    const names = ((answer.structuredContent?.matches ?? []) as { name: string }[]).map((match) => match.name);
    return {
      task,
      listed: task.accept.some((name) => listed.has(name)),
      rank: rankOf({ names, accept: task.accept }),
      baselineRank: rankOf({ names: baseline(task.query).slice(0, DEPTH), accept: task.accept }),
    };
  });
}

function rankOf(options: { names: readonly string[]; accept: readonly string[] }): number | undefined {
  const index = options.names.findIndex((name) => options.accept.includes(name));
  return index < 0 ? undefined : index + 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`eval: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
