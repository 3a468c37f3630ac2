import { perlToPortable } from './perl.js';
import { type PatternResult, portablePattern } from './portable.js';
import { rustToPortable } from './rust.js';

/**
 * The regex dialects upstream descriptions are written in, each translated to the
 * one portable dialect (ECMAScript `u` and RE2 alike) that generated schemas carry.
 * A new dialect is one more translator here.
 * - `ecma`: JSON Schema / OpenAPI patterns, unanchored, kept as written;
 * - `perl`: Proxmox VE apidoc patterns, implicitly anchored, with `(?^i:…)` groups;
 * - `rust`: proxmox-schema patterns (Backup Server, Datacenter Manager), `/…/`-delimited, POSIX classes.
 */
export type PatternDialect = 'ecma' | 'perl' | 'rust';

type Translator = (source: string) => PatternResult;

const TRANSLATORS: Record<PatternDialect, Translator> = {
  ecma: portablePattern,
  perl: perlToPortable,
  rust: rustToPortable,
};

export function translatePattern(options: { dialect: PatternDialect; source: string }): PatternResult {
  return TRANSLATORS[options.dialect](options.source);
}
