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
  const sizes = new Sizes();
  for (;;) {
    const shrunk = shrink({ value, budget, path: 'result', sizes });
    const envelope = {
      truncated: true,
      notice: notice({ length: text.length, maxChars, cut: shrunk.cut }),
      result: shrunk.partial,
    };
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
  /** Characters of `partial` as JSON. */
  readonly size: number;
}

/**
 * JSON sizes of the values of one answer, each container measured once: cutting
 * a deep or long answer is linear in its size (re-serialising sub-trees at every
 * level is what made an 800-level answer take seconds).
 */
class Sizes {
  private readonly memo = new WeakMap<object, number>();

  of(value: unknown): number {
    if (value === null || typeof value !== 'object') return scalarSize(value);
    const known = this.memo.get(value);
    if (known !== undefined) return known;
    const size = Array.isArray(value) ? this.ofArray(value) : this.ofObject(value as Record<string, unknown>);
    this.memo.set(value, size);
    return size;
  }

  /** `"key":value` of one field, 0 when JSON leaves the field out. */
  entry(key: string, value: unknown): number {
    return value === undefined || typeof value === 'function' ? 0 : JSON.stringify(key).length + 1 + this.of(value);
  }

  private ofArray(items: readonly unknown[]): number {
    let size = 2 + Math.max(0, items.length - 1);
    for (const item of items) size += item === undefined || typeof item === 'function' ? 4 : this.of(item);
    return size;
  }

  private ofObject(object: Record<string, unknown>): number {
    let size = 2;
    let fields = 0;
    for (const key of Object.keys(object)) {
      const entry = this.entry(key, object[key]);
      if (entry === 0) continue;
      size += entry;
      fields += 1;
    }
    return size + Math.max(0, fields - 1);
  }
}

function scalarSize(value: unknown): number {
  return (JSON.stringify(value) ?? 'null').length;
}

function shrink(options: { value: unknown; budget: number; path: string; sizes: Sizes }): Shrunk {
  const { value } = options;
  if (Array.isArray(value)) return shrinkArray({ ...options, items: value });
  if (value && typeof value === 'object') return shrinkObject({ ...options, object: value as Record<string, unknown> });
  if (typeof value === 'string') return shrinkString({ ...options, text: value });
  return { partial: value, cut: `${options.path} is shown whole`, size: options.sizes.of(value) };
}

function where(path: string): string {
  return path === 'result' ? '' : ` (in ${path.slice('result.'.length)})`;
}

/** The leading items that fit, counted in one pass. */
function shrinkArray(options: { items: readonly unknown[]; budget: number; path: string; sizes: Sizes }): Shrunk {
  const { items, budget, sizes } = options;
  let size = 2;
  let kept = 0;
  for (const item of items) {
    const next = size + (kept > 0 ? 1 : 0) + (item === undefined ? 4 : sizes.of(item));
    if (next > budget) break;
    size = next;
    kept += 1;
  }
  return {
    partial: items.slice(0, kept),
    cut: `${kept} of ${items.length} items are shown${where(options.path)}`,
    size,
  };
}

/** Escaped length counts: a string of quotes and newlines grows when written as JSON. One pass over the kept part. */
function shrinkString(options: { text: string; budget: number; path: string }): Shrunk {
  const { text, budget } = options;
  // Two quotes and the ellipsis.
  let size = 3;
  let kept = 0;
  while (kept < text.length) {
    const code = text.charCodeAt(kept);
    const pair = code >= 0xd800 && code <= 0xdbff && kept + 1 < text.length && isLow(text.charCodeAt(kept + 1));
    const width = pair ? 2 : escapedWidth(code);
    if (size + width > budget) break;
    size += width;
    kept += pair ? 2 : 1;
  }
  return {
    partial: `${text.slice(0, kept)}…`,
    cut: `the text is cut to ${kept} of ${text.length} characters${where(options.path)}`,
    size,
  };
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Characters JSON.stringify writes for one UTF-16 unit outside a surrogate pair. */
function escapedWidth(code: number): number {
  if (
    code === 0x22 ||
    code === 0x5c ||
    code === 0x08 ||
    code === 0x0c ||
    code === 0x0a ||
    code === 0x0d ||
    code === 0x09
  )
    return 2;
  if (code < 0x20 || (code >= 0xd800 && code <= 0xdfff)) return 6;
  return 1;
}

/** One dominant field (a paged list) is cut inside; otherwise the leading fields that fit are kept. */
function shrinkObject(options: {
  object: Record<string, unknown>;
  budget: number;
  path: string;
  sizes: Sizes;
}): Shrunk {
  const { object, budget, sizes } = options;
  const entries = Object.entries(object).filter(([key, value]) => sizes.entry(key, value) > 0);
  if (entries.length === 0) return { partial: {}, cut: `${options.path} is shown whole`, size: 2 };
  const [largestKey, largestValue] = entries.reduce((best, entry) =>
    sizes.of(entry[1]) > sizes.of(best[1]) ? entry : best,
  );
  const whole = sizes.of(object);
  // The object with the largest value written as `null`.
  const rest = whole - sizes.of(largestValue) + 4;
  if (rest < budget / 2) {
    const inner = shrink({ value: largestValue, budget: budget - rest, path: `${options.path}.${largestKey}`, sizes });
    const size = rest - 4 + inner.size;
    if (size <= budget) return { partial: { ...object, [largestKey]: inner.partial }, cut: inner.cut, size };
  }
  let size = 2;
  let kept = 0;
  for (const [key, value] of entries) {
    const next = size + (kept > 0 ? 1 : 0) + sizes.entry(key, value);
    if (next > budget) break;
    size = next;
    kept += 1;
  }
  return {
    partial: Object.fromEntries(entries.slice(0, kept)),
    cut: `${kept} of ${entries.length} fields are shown${where(options.path)}`,
    size,
  };
}
