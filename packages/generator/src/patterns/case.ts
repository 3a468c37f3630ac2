/**
 * Case-insensitive matching spelt out, for dialects with inline `i` flags: the
 * portable dialect has none (ECMAScript has no inline flags before ES2025, and a
 * schema's `pattern` carries no flags). ASCII letters only, as Proxmox means them.
 */
export function caselessLetter(char: string): string {
  const other = swapCase(char);
  return other === char ? char : `[${char}${other}]`;
}

/** A class body with every ASCII letter, also inside ranges, added in the other case. */
export function caselessClass(body: string): string {
  const tokens = body.match(/\\x[0-9A-Fa-f]{2}|\\[pP]\{[^}]*\}|\\.|[^\\]/g) ?? [];
  const added: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const start = codeOf(tokens[index]!);
    const end = tokens[index + 1] === '-' && index + 2 < tokens.length ? codeOf(tokens[index + 2]!) : undefined;
    if (start !== undefined && end !== undefined) index += 2;
    if (start !== undefined) added.push(...otherCase({ from: start, to: end ?? start }));
  }
  // Added first (after a negation): appended after a trailing `-` they would make a range.
  const negation = body.startsWith('^') ? '^' : '';
  return `${negation}${added.join('')}${body.slice(negation.length)}`;
}

const UPPER = { from: 0x41, to: 0x5a };
const LOWER = { from: 0x61, to: 0x7a };

/** The letters of a code range, in the other case, as class members. */
function otherCase(range: { from: number; to: number }): string[] {
  const members: string[] = [];
  for (const [letters, shift] of [
    [UPPER, 0x20],
    [LOWER, -0x20],
  ] as const) {
    const from = Math.max(range.from, letters.from);
    const to = Math.min(range.to, letters.to);
    if (from > to) continue;
    const first = String.fromCharCode(from + shift);
    members.push(from === to ? first : `${first}-${String.fromCharCode(to + shift)}`);
  }
  return members;
}

/** The character a class token stands for, or undefined for a set like `\\w`. */
function codeOf(token: string): number | undefined {
  if (token.length === 1) return token.charCodeAt(0);
  if (token.startsWith('\\x')) return Number.parseInt(token.slice(2), 16);
  if (token.length === 2 && !/[A-Za-z0-9]/.test(token[1]!)) return token.charCodeAt(1);
  return undefined;
}

/** POSIX bracket classes (`[[:alpha:]]`) as class members both engines read alike. */
export const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\t\\n\\v\\f\\r ',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
};

function swapCase(char: string): string {
  if (!/^[A-Za-z]$/.test(char)) return char;
  return char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase();
}
