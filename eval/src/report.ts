import type { Figures, Outcome } from './metrics.js';
import type { Half, Kind } from './tasks.js';

const pct = (value: number) => value.toFixed(2);

export function printReport(options: {
  label: string;
  listed: number;
  operations: number;
  halves: readonly { half: Half; figures: Figures; kinds: Map<Kind, Figures> }[];
}): void {
  const out: string[] = [
    `\n## ${options.label}: ${options.operations} operations, ${options.listed} tools listed in auto mode`,
    '',
  ];
  out.push(
    '| half | tasks | listed | R@1 | R@3 | R@5 | MRR | listed or top 5 | BM25 R@5 | BM25 MRR |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const { half, figures: f } of options.halves) {
    out.push(
      `| ${half} | ${f.count} | ${pct(f.listed)} | ${pct(f.recall1)} | ${pct(f.recall3)} | ${pct(f.recall5)} | ${pct(f.mrr)} | ${pct(f.listedOrTop5)} | ${pct(f.baselineRecall5)} | ${pct(f.baselineMrr)} |`,
    );
  }
  out.push(
    '',
    '| half | kind | tasks | listed | R@5 | R@5 95% interval | MRR | listed or top 5 | BM25 R@5 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const { half, kinds } of options.halves) {
    for (const [kind, f] of [...kinds].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      out.push(
        `| ${half} | ${kind} | ${f.count} | ${pct(f.listed)} | ${pct(f.recall5)} | ${pct(f.recall5Interval[0])}-${pct(f.recall5Interval[1])} | ${pct(f.mrr)} | ${pct(f.listedOrTop5)} | ${pct(f.baselineRecall5)} |`,
      );
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** Tasks of the tuned halves whose right tool is not in the search's top 5, with their half. */
export function printMisses(outcomes: readonly Outcome[]): void {
  const misses = outcomes.filter((outcome) => outcome.rank === undefined || outcome.rank > 5);
  process.stdout.write(`\nmisses of the tuned halves (${misses.length}):\n`);
  for (const { task, rank, listed } of misses)
    process.stdout.write(
      `  ${task.half.padEnd(4)} ${task.kind.padEnd(11)} ${String(rank ?? '-').padStart(3)} ${listed ? 'L' : ' '} ${task.query}  -> ${task.accept.join(' ')}\n`,
    );
}
