/**
 * A regex accepting exactly the canonical decimal integers min..max (no sign, no
 * leading zero): 0..255 becomes `(?:\d|[1-9]\d|1\d{2}|2[0-4]\d|25[0-5])`.
 * Built per digit count, then per leading digit, as in a range-to-regex table.
 */
export function integerRangePattern(options: { min: number; max: number }): string {
  const { min, max } = options;
  const alternatives: string[] = [];
  for (let length = String(min).length; length <= String(max).length; length += 1) {
    const low = length === String(min).length ? String(min) : `1${'0'.repeat(length - 1)}`;
    const high = length === String(max).length ? String(max) : '9'.repeat(length);
    alternatives.push(...sameLength({ low, high }));
  }
  return alternatives.length === 1 ? alternatives[0]! : `(?:${alternatives.join('|')})`;
}

/** Digit strings of one length from low to high, as alternatives. */
function sameLength(options: { low: string; high: string }): string[] {
  const { low, high } = options;
  if (low === high) return [low];
  const [first, last] = [low[0]!, high[0]!];
  const rest = { low: low.slice(1), high: high.slice(1) };
  if (first === last) return sameLength(rest).map((tail) => `${first}${tail}`);
  const width = rest.low.length;
  const alternatives: string[] = [];
  let from = Number(first);
  let to = Number(last);
  if (!/^0*$/.test(rest.low)) {
    alternatives.push(...sameLength({ low: rest.low, high: '9'.repeat(width) }).map((tail) => `${first}${tail}`));
    from += 1;
  }
  const highIsFull = /^9*$/.test(rest.high);
  if (!highIsFull) to -= 1;
  if (from <= to) alternatives.push(`${digits({ from, to })}${anyDigits(width)}`);
  if (!highIsFull)
    alternatives.push(...sameLength({ low: '0'.repeat(width), high: rest.high }).map((tail) => `${last}${tail}`));
  return alternatives;
}

function digits(options: { from: number; to: number }): string {
  const { from, to } = options;
  if (from === to) return String(from);
  return from === 0 && to === 9 ? '\\d' : `[${from}-${to}]`;
}

function anyDigits(width: number): string {
  return width === 0 ? '' : width === 1 ? '\\d' : `\\d{${width}}`;
}
