import type { Kind, Task } from './tasks.js';

/** What one task came to: whether a right tool is listed, and the rank (1-based) of the first right match. */
export interface Outcome {
  readonly task: Task;
  readonly listed: boolean;
  readonly rank: number | undefined;
  readonly baselineRank: number | undefined;
}

export interface Figures {
  readonly count: number;
  readonly listed: number;
  readonly recall1: number;
  readonly recall3: number;
  readonly recall5: number;
  readonly mrr: number;
  readonly listedOrTop5: number;
  readonly baselineRecall5: number;
  readonly baselineMrr: number;
}

export function figuresOf(outcomes: readonly Outcome[]): Figures {
  const share = (test: (outcome: Outcome) => boolean) =>
    outcomes.length === 0 ? 0 : outcomes.filter(test).length / outcomes.length;
  const within = (rank: number | undefined, k: number) => rank !== undefined && rank <= k;
  const reciprocal = (rank: number | undefined) => (rank === undefined ? 0 : 1 / rank);
  const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
  return {
    count: outcomes.length,
    listed: share((o) => o.listed),
    recall1: share((o) => within(o.rank, 1)),
    recall3: share((o) => within(o.rank, 3)),
    recall5: share((o) => within(o.rank, 5)),
    mrr: mean(outcomes.map((o) => reciprocal(o.rank))),
    listedOrTop5: share((o) => o.listed || within(o.rank, 5)),
    baselineRecall5: share((o) => within(o.baselineRank, 5)),
    baselineMrr: mean(outcomes.map((o) => reciprocal(o.baselineRank))),
  };
}

export function byKind(outcomes: readonly Outcome[]): Map<Kind, Figures> {
  const groups = new Map<Kind, Outcome[]>();
  for (const outcome of outcomes) groups.set(outcome.task.kind, [...(groups.get(outcome.task.kind) ?? []), outcome]);
  return new Map([...groups].map(([kind, group]) => [kind, figuresOf(group)]));
}
