import { linearProblem } from '@mcpgen/runtime/patterns';

/**
 * A pattern kept in a generated schema must mean the same to every validator that
 * reads it: clients validate with ECMAScript regexes (`u` flag, as Ajv and the
 * JSON Schema spec use), the generated server with RE2 (linear time). A pattern
 * either compiles on both or is refused with the reason; the caller then keeps it
 * as text in the description.
 */
export type PatternResult =
  { readonly ok: true; readonly pattern: string } | { readonly ok: false; readonly reason: string };

export function portablePattern(pattern: string): PatternResult {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return { ok: false, reason: `not an ECMAScript regex: ${(error as Error).message}` };
  }
  const problem = linearProblem(pattern);
  return problem === undefined
    ? { ok: true, pattern }
    : { ok: false, reason: `not a linear-time (RE2) regex: ${problem}` };
}
