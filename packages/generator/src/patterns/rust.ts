import { POSIX_CLASSES } from './case.js';
import { type PatternResult, portablePattern } from './portable.js';

/** The POSIX classes the Rust regex crate knows that Perl patterns here never use (ASCII sets). */
const RUST_POSIX_CLASSES: Readonly<Record<string, string>> = {
  ...POSIX_CLASSES,
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  graph: '!-~',
  print: ' -~',
  word: '0-9A-Za-z_',
};

/**
 * proxmox-schema patterns (Proxmox Backup Server, Datacenter Manager) are Rust regexes
 * written between slashes (`/^…$/`), searched rather than anchored (as JSON Schema's
 * `pattern` is), with POSIX classes and `(?P<name>…)` groups. Named groups become plain
 * groups and POSIX classes their ASCII sets; inline flags have no portable form and are
 * refused with the reason.
 */
export function rustToPortable(source: string): PatternResult {
  const body = /^\/(.*)\/$/s.exec(source)?.[1] ?? source;
  if (/\(\?[a-zA-Z-]+[:)]/.test(body)) return { ok: false, reason: 'inline flags ((?i), (?m)) have no portable form' };
  const plain = body.replace(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?:');
  const replaced = replacePosixClasses(plain);
  return replaced === undefined
    ? { ok: false, reason: 'a negated POSIX class among other class members has no portable form' }
    : portablePattern(replaced);
}

/**
 * `[[:^cntrl:]]` -> `[^\x00-\x1F\x7F]`, `[^\s:/[:cntrl:]]` -> `[^\s:/\x00-\x1F\x7F]`.
 * A negated POSIX class among other members has no portable form (undefined).
 */
function replacePosixClasses(pattern: string): string | undefined {
  let failed = false;
  const whole = pattern.replace(/\[\[:\^([a-z]+):\]\]/g, (_whole, name: string) => {
    const set = RUST_POSIX_CLASSES[name];
    if (!set) failed = true;
    return `[^${set}]`;
  });
  const inner = whole.replace(/\[:(\^?)([a-z]+):\]/g, (match, negated: string, name: string) => {
    const set = RUST_POSIX_CLASSES[name];
    if (!set || negated) failed = true;
    return set ?? match;
  });
  return failed ? undefined : inner;
}
