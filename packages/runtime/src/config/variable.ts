import { type Env, readBoolean, readEnum, readList, readOptional, readPositiveNumber } from './env.js';

/**
 * One environment variable of a server: the reader the server uses at start-up and the
 * facts every document is made from (README tables, Dockerfile, MCPB `user_config`).
 * The documented default is written from the same value the reader falls back to,
 * so the two cannot drift.
 */
export interface Variable<T = unknown> {
  readonly name: string;
  /** How the value is written; MCPB options are `boolean` for `boolean`, else `string`. */
  readonly kind: 'string' | 'boolean' | 'number' | 'list' | 'choice';
  /** Reads and checks the value; a bad one throws a ConfigError naming the variable. */
  readonly read: (env: Env) => T;
  /** The default as it would be written in the environment (`1`, `auto`, `a,b`). */
  readonly fallback?: string;
  /** Shown instead of a default where there is none: `required`, or how it pairs with others. */
  readonly requirement?: string;
  /** What it does, in Markdown: one or two sentences. */
  readonly description: string;
  /** A placeholder value for set-up examples, when the variable appears in them. */
  readonly example?: string;
  /** A short label for a settings dialog (MCPB `user_config`), where the name alone says little. */
  readonly title?: string;
  /** Holds a secret: hosts store it as one, documents never show a value. */
  readonly secret?: boolean;
}

interface Common {
  readonly name: string;
  readonly description: string;
  readonly example?: string;
  readonly title?: string;
}

export function flagVariable(options: Common & { readonly fallback: boolean }): Variable<boolean> {
  const { name, fallback } = options;
  return {
    ...options,
    kind: 'boolean',
    fallback: fallback ? '1' : '0',
    read: (env) => readBoolean({ env, name, fallback }),
  };
}

export function numberVariable(
  options: Common & { readonly fallback: number; readonly read?: (env: Env) => number },
): Variable<number> {
  const { name, fallback } = options;
  return {
    ...options,
    kind: 'number',
    fallback: String(fallback),
    read: options.read ?? ((env) => readPositiveNumber({ env, name, fallback })),
  };
}

export function choiceVariable<T extends string>(
  options: Common & { readonly allowed: readonly T[]; readonly fallback: T },
): Variable<T> {
  const { name, allowed, fallback } = options;
  return {
    name,
    description: options.description,
    kind: 'choice',
    fallback,
    read: (env) => readEnum({ env, name, allowed, fallback }),
    ...example(options),
  };
}

/** A comma-separated list; without a fallback an unset list reads as `undefined`. */
export function listVariable(
  options: Common & { readonly fallback?: readonly string[] },
): Variable<readonly string[] | undefined> {
  const { name, fallback } = options;
  return {
    name,
    description: options.description,
    kind: 'list',
    ...(fallback ? { fallback: fallback.join(',') } : {}),
    ...example(options),
    read: (env) => readList({ env, name }) ?? fallback,
  };
}

/** Free text; unset reads as the fallback, else `undefined`, unless a reader of its own is given. */
export function textVariable<T = string | undefined>(
  options: Common & {
    readonly fallback?: string;
    readonly requirement?: string;
    readonly secret?: boolean;
    readonly read?: (env: Env) => T;
  },
): Variable<T> {
  const { name, fallback } = options;
  const read = options.read ?? ((env: Env) => (readOptional({ env, name }) ?? fallback) as T);
  return { ...options, kind: 'string', read };
}

function example(options: { readonly example?: string }): { example?: string } {
  return options.example === undefined ? {} : { example: options.example };
}
