import { RE2JS } from 're2js';

/**
 * Upstream patterns (from the vendor's spec) are run on model input: a backtracking
 * engine can take exponential time on a pattern like `(a+)+$`. Every pattern of a
 * tool's schema is therefore matched by RE2 (re2js: a pure-JavaScript port that
 * runs in time linear in the input, with no native build to install). The
 * generator only keeps patterns that compile both here and as ECMAScript `u`
 * regexes, so a client validating with JavaScript sees the same language.
 */
export interface LinearPattern {
  test(input: string): boolean;
  toString(): string;
}

/** Compiles a JSON Schema `pattern` (unanchored, as the keyword means) or throws when RE2 cannot run it. */
export function compileLinear(pattern: string): LinearPattern {
  const compiled = RE2JS.compile(pattern);
  // Ajv keys compiled patterns by their text: the text must identify the pattern.
  return { test: (input) => compiled.test(input), toString: () => pattern };
}

/** Why RE2 refuses a pattern (backreferences, lookaround, bad syntax), or undefined when it runs. */
export function linearProblem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Ajv's `code.regExp` engine: every `pattern` and `patternProperties` key is compiled by RE2. */
export const linearRegExpEngine = Object.assign((pattern: string) => compileLinear(pattern), { code: 'compileLinear' });
