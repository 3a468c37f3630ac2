import { search } from '@jmespath-community/jmespath';

/** The result of applying a caller's `select` expression (JMESPath) to an answer. */
export type Selected = { ok: true; value: unknown } | { ok: false; problem: string };

export function applySelect(options: { value: unknown; expression: string | undefined }): Selected {
  const { value, expression } = options;
  if (expression === undefined || expression.trim() === '') return { ok: true, value };
  try {
    return { ok: true, value: search(value as never, expression) };
  } catch (error) {
    return { ok: false, problem: `Invalid select expression ${JSON.stringify(expression)}: ${(error as Error).message}. It is JMESPath, e.g. "[].{id: Id, name: Name}" or "items[?status=='running'].name".` };
  }
}
