import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const KINDS = ['read', 'write', 'destructive', 'admin', 'long-tail', 'vague'] as const;
export type Kind = (typeof KINDS)[number];
/**
 * `dev` is what the ranker is tuned on, `test` what is reported; both have been looked at over
 * time, so `heldout` is a third set written blind in its own file and never tuned on. `tune` is
 * a set written blind later, in its own file, to tune on once dev no longer missed enough to
 * learn from (it is tuned on, like dev, and never reported as a result).
 */
export type Half = 'dev' | 'tune' | 'test' | 'heldout';
/** The halves in report order. */
export const HALVES: readonly Half[] = ['dev', 'tune', 'test', 'heldout'];
/** Halves whose misses may be looked at. */
export const TUNED_HALVES: readonly Half[] = ['dev', 'tune'];

export interface Task {
  readonly kind: Kind;
  readonly query: string;
  /** Any of these tools does the task. */
  readonly accept: readonly string[];
  readonly half: Half;
  /** `file:line`, for messages. */
  readonly where: string;
}

/**
 * The half a task belongs to, fixed by a hash of its question so that adding or reordering
 * tasks never moves one between halves. Ranking is tuned on `dev` only.
 */
export function halfOf(query: string): 'dev' | 'test' {
  const byte = createHash('sha256').update(query.trim().toLowerCase()).digest()[0]!;
  return byte % 2 === 0 ? 'dev' : 'test';
}

/** A set written blind in a file of its own, whose file decides its half. */
export type BlindHalf = 'tune' | 'heldout';

/** The blind set of a task file: `<half>/<same name>` beside it (`heldout/`, `tune/`). */
export function blindFileOf(options: { tasksFile: string; half: BlindHalf }): string {
  const { tasksFile } = options;
  return path.join(path.dirname(tasksFile), options.half, path.basename(tasksFile));
}

/** One task a line: `kind <TAB> question <TAB> tool tool ...`; `#` lines are comments. */
export function readTasks(file: string): Task[] {
  return readTaskFile({ file, halfOf });
}

/**
 * A blind set's tasks, all in its half whatever their hash: the file is the boundary, so a
 * held-out question can never drift into dev and be tuned on, nor a tuning one into test.
 */
export function readBlindTasks(options: { file: string; half: BlindHalf }): Task[] {
  return readTaskFile({ file: options.file, halfOf: () => options.half });
}

function readTaskFile(options: { file: string; halfOf: (query: string) => Half }): Task[] {
  return readFileSync(options.file, 'utf8')
    .split('\n')
    .map((line, index) => ({ line, where: `${options.file}:${index + 1}` }))
    .filter(({ line }) => line.trim() !== '' && !line.startsWith('#'))
    .map(({ line, where }) => parseTask({ line, where, halfOf: options.halfOf }));
}

function parseTask(options: { line: string; where: string; halfOf: (query: string) => Half }): Task {
  const [kind, query, accept, ...rest] = options.line.split('\t');
  if (!kind || !query || !accept || rest.length > 0)
    throw new Error(`${options.where}: expected kind<TAB>question<TAB>tools`);
  if (!(KINDS as readonly string[]).includes(kind))
    throw new Error(`${options.where}: unknown kind '${kind}' (one of ${KINDS.join(', ')})`);
  return {
    kind: kind as Kind,
    query,
    accept: accept.split(' ').filter(Boolean),
    half: options.halfOf(query),
    where: options.where,
  };
}

/** Every acceptable tool must be a tool of the package: a typo would make a task unsolvable. */
export function checkTasks(options: { tasks: readonly Task[]; tools: ReadonlySet<string> }): void {
  for (const task of options.tasks) {
    const unknown = task.accept.filter((name) => !options.tools.has(name));
    if (unknown.length > 0) throw new Error(`${task.where}: no tool named ${unknown.join(', ')} in the package`);
  }
}
