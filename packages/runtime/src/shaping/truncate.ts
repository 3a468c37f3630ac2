/**
 * Keeps a JSON answer under a size cap while it stays valid JSON: lists are cut
 * to the items that fit (also inside an object, e.g. `{data: [...]}`), objects to
 * the fields that fit, long strings by their escaped length, and the envelope
 * says what was cut and how to narrow.
 */
export interface Truncated {
  readonly text: string;
  readonly value: unknown;
  readonly truncated: boolean;
}

/** First guess of the room the envelope and notice take around the partial result. */
const ENVELOPE_ROOM = 350;

export function fitJson(options: { value: unknown; maxChars: number }): Truncated {
  const { value, maxChars } = options;
  const text = JSON.stringify(value) ?? 'null';
  if (text.length <= maxChars) return { text, value, truncated: false };
  let budget = Math.max(100, maxChars - ENVELOPE_ROOM);
  for (;;) {
    const shrunk = shrink({ value, budget, path: 'result' });
    const envelope = { truncated: true, notice: notice({ length: text.length, maxChars, cut: shrunk.cut }), result: shrunk.partial };
    const written = JSON.stringify(envelope);
    if (written.length <= maxChars || budget <= 100) return { text: written, value: envelope, truncated: true };
    budget = Math.max(100, budget - (written.length - maxChars) - 20);
  }
}

function notice(options: { length: number; maxChars: number; cut: string }): string {
  return `The answer was ${options.length} characters, over the ${options.maxChars}-character limit; ${options.cut}. Narrow it: pass select (JMESPath, e.g. "[].{id: Id, name: Name}"), filters, a limit, or ask for one item by id.`;
}

interface Shrunk {
  readonly partial: unknown;
  /** What was cut, for the notice: `result.data: 12 of 300 items kept`. */
  readonly cut: string;
}

const size = (value: unknown) => (JSON.stringify(value) ?? 'null').length;

function shrink(options: { value: unknown; budget: number; path: string }): Shrunk {
  const { value, budget, path } = options;
  if (Array.isArray(value)) return shrinkArray({ items: value, budget, path });
  if (value && typeof value === 'object') return shrinkObject({ object: value as Record<string, unknown>, budget, path });
  if (typeof value === 'string') return shrinkString({ text: value, budget, path });
  return { partial: value, cut: `${path} is shown whole` };
}

/** The largest `n` for which `fits(n)` holds, for a monotone predicate over 0..max. */
function largestFitting(options: { max: number; fits: (count: number) => boolean }): number {
  let low = 0;
  let high = options.max;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (options.fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

function shrinkArray(options: { items: readonly unknown[]; budget: number; path: string }): Shrunk {
  const { items, budget, path } = options;
  const kept = largestFitting({ max: items.length, fits: (count) => size(items.slice(0, count)) <= budget });
  return { partial: items.slice(0, kept), cut: `${kept} of ${items.length} items are shown${path === 'result' ? '' : ` (in ${path.slice('result.'.length)})`}` };
}

/** Escaped length counts: a string of quotes and newlines grows when written as JSON. */
function shrinkString(options: { text: string; budget: number; path: string }): Shrunk {
  const { text, budget, path } = options;
  const kept = largestFitting({ max: text.length, fits: (count) => size(`${text.slice(0, count)}…`) <= budget });
  return { partial: `${text.slice(0, kept)}…`, cut: `the text is cut to ${kept} of ${text.length} characters${path === 'result' ? '' : ` (in ${path.slice('result.'.length)})`}` };
}

/** One dominant field (a paged list) is cut inside; otherwise the leading fields that fit are kept. */
function shrinkObject(options: { object: Record<string, unknown>; budget: number; path: string }): Shrunk {
  const { object, budget, path } = options;
  const entries = Object.entries(object);
  const [largestKey] = entries.reduce((best, entry) => (size(entry[1]) > size(best[1]) ? entry : best), entries[0] ?? ['', null]);
  const rest = size({ ...object, [largestKey]: null });
  if (rest < budget / 2) {
    const inner = shrink({ value: object[largestKey], budget: budget - rest, path: `${path}.${largestKey}` });
    const partial = { ...object, [largestKey]: inner.partial };
    if (size(partial) <= budget) return { partial, cut: inner.cut };
  }
  const kept = largestFitting({ max: entries.length, fits: (count) => size(Object.fromEntries(entries.slice(0, count))) <= budget });
  return { partial: Object.fromEntries(entries.slice(0, kept)), cut: `${kept} of ${entries.length} fields are shown${path === 'result' ? '' : ` (in ${path.slice('result.'.length)})`}` };
}
