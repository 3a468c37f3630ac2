/**
 * Upstream patterns -> one portable regex for JSON Schema `pattern`: accepted by
 * JavaScript in `u` mode (what Ajv compiles) and by RE2-style linear-time engines,
 * so no named groups, no inline flags, no POSIX bracket classes. Undefined when a
 * pattern cannot be carried faithfully; the caller then keeps it as text (the
 * upstream validates on its side anyway).
 *
 * Dialects: `perl` (Proxmox VE: `(?^i:...)`, implicitly anchored) and `rust`
 * (proxmox-schema, Proxmox Backup Server and Datacenter Manager: written between
 * slashes, `/^...$/`, searched, not anchored; POSIX classes and `(?P<name>...)`).
 */
export type PatternDialect = 'perl' | 'rust';

export function translatePattern(options: { pattern: string; dialect: PatternDialect }): string | undefined {
  const converted = options.dialect === 'rust' ? rustPatternToPortable(options.pattern) : perlPatternToPortable(options.pattern);
  return converted !== undefined && compiles(converted) ? converted : undefined;
}

function perlPatternToPortable(pattern: string): string | undefined {
  if (/\(\?\^[a-z]*i[a-z]*:/.test(pattern)) return undefined; // case-insensitive groups have no `u`-mode equivalent
  return `^(?:${pattern.replace(/\(\?\^[a-z]*:/g, '(?:')})$`;
}

/** ASCII sets of the POSIX classes (the regex crate's definitions). */
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

function rustPatternToPortable(pattern: string): string | undefined {
  const body = /^\/(.*)\/$/s.exec(pattern)?.[1] ?? pattern;
  if (/\(\?[a-zA-Z-]+[:)]/.test(body)) return undefined; // inline flags ((?m), (?i)) change meaning and have no portable form
  const named = body.replace(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?:');
  return replacePosixClasses(named);
}

/**
 * `[[:^cntrl:]]` -> `[^\x00-\x1F\x7F]`, `[^\s:/[:cntrl:]]` -> `[^\s:/\x00-\x1F\x7F]`.
 * A negated POSIX class among other members has no portable form (undefined).
 */
function replacePosixClasses(pattern: string): string | undefined {
  let failed = false;
  const whole = pattern.replace(/\[\[:\^([a-z]+):\]\]/g, (_whole, name: string) => {
    const set = POSIX_CLASSES[name];
    if (!set) failed = true;
    return `[^${set}]`;
  });
  const inner = whole.replace(/\[:(\^?)([a-z]+):\]/g, (match, negated: string, name: string) => {
    const set = POSIX_CLASSES[name];
    if (!set || negated) failed = true;
    return set ?? match;
  });
  return failed ? undefined : inner;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
