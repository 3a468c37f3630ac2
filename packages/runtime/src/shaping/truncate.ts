/**
 * Keeps a JSON answer under a size cap while it stays valid JSON: lists are cut
 * to the items that fit (also one level down, e.g. `{data: [...]}`), long strings
 * are shortened, and the envelope says what was cut and how to narrow.
 */
export interface Truncated {
  readonly text: string;
  readonly value: unknown;
  readonly truncated: boolean;
}

export function fitJson(options: { value: unknown; maxChars: number }): Truncated {
  const { value, maxChars } = options;
  const text = JSON.stringify(value) ?? 'null';
  if (text.length <= maxChars) return { text, value, truncated: false };
  const budget = Math.max(200, maxChars - 400);
  const { partial, kept, total } = shrink({ value, budget });
  const envelope = {
    truncated: true,
    notice: `The answer was ${text.length} characters, over the ${maxChars}-character limit${total !== undefined ? `; ${kept} of ${total} items are shown` : ''}. Narrow it: pass select (JMESPath, e.g. "[].{id: Id, name: Name}"), filters, a limit, or ask for one item by id.`,
    result: partial,
  };
  return { text: JSON.stringify(envelope), value: envelope, truncated: true };
}

interface Shrunk {
  readonly partial: unknown;
  readonly kept?: number;
  readonly total?: number;
}

function shrink(options: { value: unknown; budget: number }): Shrunk {
  const { value, budget } = options;
  if (Array.isArray(value)) return shrinkArray({ items: value, budget });
  if (value && typeof value === 'object') return shrinkObject({ object: value as Record<string, unknown>, budget });
  if (typeof value === 'string') return { partial: `${value.slice(0, budget)}…` };
  return { partial: value };
}

/** The most leading items whose JSON fits the budget (binary search). */
function shrinkArray(options: { items: readonly unknown[]; budget: number }): Shrunk {
  const { items, budget } = options;
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (JSON.stringify(items.slice(0, middle)).length <= budget) low = middle;
    else high = middle - 1;
  }
  return { partial: items.slice(0, low), kept: low, total: items.length };
}

/** Cuts the largest field: a list inside (paged answers), or a long string. */
function shrinkObject(options: { object: Record<string, unknown>; budget: number }): Shrunk {
  const { object, budget } = options;
  const sizes = Object.entries(object).map(([key, child]) => [key, (JSON.stringify(child) ?? '').length] as const);
  const [largestKey, largestSize] = sizes.reduce((best, entry) => (entry[1] > best[1] ? entry : best), ['', 0] as readonly [string, number]);
  const rest = JSON.stringify({ ...object, [largestKey]: null }).length;
  const inner = shrink({ value: object[largestKey], budget: Math.max(100, budget - rest) });
  const partial = { ...object, [largestKey]: inner.partial };
  if ((JSON.stringify(partial) ?? '').length > budget && largestSize > 0) return { partial: Object.fromEntries(sizes.filter(([, size]) => size < 200).map(([key]) => [key, object[key]])) };
  return { ...inner, partial };
}
