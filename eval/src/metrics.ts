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
  /** 95% Wilson interval of recall@5: how far a figure over a few dozen tasks can be trusted. */
  readonly recall5Interval: readonly [number, number];
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
    recall5Interval: wilson({ hits: outcomes.filter((o) => within(o.rank, 5)).length, count: outcomes.length }),
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

/**
 * The 95% Wilson score interval of a share (hits of count): unlike the normal approximation it
 * stays within 0..1 and is honest for small groups, where a kind of 7 tasks spans 0.3 either way.
 */
export function wilson(options: { hits: number; count: number }): [number, number] {
  const { hits, count } = options;
  if (count === 0) return [0, 1];
  const z = 1.96;
  const share = hits / count;
  const denominator = 1 + (z * z) / count;
  const centre = share + (z * z) / (2 * count);
  const spread = z * Math.sqrt((share * (1 - share)) / count + (z * z) / (4 * count * count));
  // Clamped: at 0 or all hits the bound is 0 or 1 up to floating-point rounding.
  return [Math.max(0, (centre - spread) / denominator), Math.min(1, (centre + spread) / denominator)];
}
