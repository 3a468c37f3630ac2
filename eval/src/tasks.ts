import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const KINDS = ['read', 'write', 'destructive', 'admin', 'long-tail', 'vague'] as const;
export type Kind = (typeof KINDS)[number];
export type Half = 'dev' | 'test';

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
export function halfOf(query: string): Half {
  const byte = createHash('sha256').update(query.trim().toLowerCase()).digest()[0]!;
  return byte % 2 === 0 ? 'dev' : 'test';
}

/** One task a line: `kind <TAB> question <TAB> tool tool ...`; `#` lines are comments. */
export function readTasks(file: string): Task[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, index) => ({ line, where: `${file}:${index + 1}` }))
    .filter(({ line }) => line.trim() !== '' && !line.startsWith('#'))
    .map(({ line, where }) => parseTask({ line, where }));
}

function parseTask(options: { line: string; where: string }): Task {
  const [kind, query, accept, ...rest] = options.line.split('\t');
  if (!kind || !query || !accept || rest.length > 0)
    throw new Error(`${options.where}: expected kind<TAB>question<TAB>tools`);
  if (!(KINDS as readonly string[]).includes(kind))
    throw new Error(`${options.where}: unknown kind '${kind}' (one of ${KINDS.join(', ')})`);
  return {
    kind: kind as Kind,
    query,
    accept: accept.split(' ').filter(Boolean),
    half: halfOf(query),
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
