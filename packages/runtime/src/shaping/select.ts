import { compile } from '@jmespath-community/jmespath';
import { boundedInterpreter, SelectBudgetError } from './select-budget.js';

/**
 * The caller's `select` (JMESPath). It is compiled before anything is sent
 * upstream (a syntax error or an unknown function refuses the call), and
 * evaluated within a budget of time, work and size, so that one caller's
 * expression cannot stall or exhaust a server that others share.
 */
export interface CompiledSelect {
  readonly expression: string;
  readonly ast: ReturnType<typeof compile>;
}

/** The result of applying a caller's `select` expression (JMESPath) to an answer. */
export type Selected = { ok: true; value: unknown } | { ok: false; problem: string };

const HINT = 'It is JMESPath, e.g. "[].{id: Id, name: Name}" or "items[?status==\'running\'].name".';

export function compileSelect(
  expression: string,
): { ok: true; select: CompiledSelect | undefined } | { ok: false; problem: string } {
  if (expression.trim() === '') return { ok: true, select: undefined };
  try {
    const ast = compile(expression);
    const unknown = boundedInterpreter.unknownFunction(ast);
    if (unknown) throw new Error(`Unknown function: ${unknown}()`);
    return { ok: true, select: { expression, ast } };
  } catch (error) {
    return { ok: false, problem: problemOf({ expression, error }) };
  }
}

export function evaluateSelect(options: { value: unknown; select: CompiledSelect | undefined }): Selected {
  const { value, select } = options;
  if (!select) return { ok: true, value };
  try {
    return { ok: true, value: boundedInterpreter.evaluate({ ast: select.ast, value }) };
  } catch (error) {
    if (error instanceof SelectBudgetError)
      return {
        ok: false,
        problem: `select ${JSON.stringify(select.expression)} was stopped: ${error.message}. Nothing else was affected; use a simpler expression.`,
      };
    return { ok: false, problem: problemOf({ expression: select.expression, error }) };
  }
}

/** Compile and evaluate in one step (the expression is already known to be valid, or a test). */
export function applySelect(options: { value: unknown; expression: string | undefined }): Selected {
  const compiled = compileSelect(options.expression ?? '');
  if (!compiled.ok) return compiled;
  return evaluateSelect({ value: options.value, select: compiled.select });
}

function problemOf(options: { expression: string; error: unknown }): string {
  const message = options.error instanceof Error ? options.error.message : String(options.error);
  return `Invalid select expression ${JSON.stringify(options.expression)}: ${message}. ${HINT}`;
}
