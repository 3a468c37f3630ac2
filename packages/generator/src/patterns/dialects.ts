import { perlToPortable } from './perl.js';
import { type PatternResult, portablePattern } from './portable.js';

/**
 * The regex dialects upstream descriptions are written in, each translated to the
 * one portable dialect (ECMAScript `u` and RE2 alike) that generated schemas carry.
 * A new dialect is one more translator here, e.g. Proxmox Backup Server's
 * `/…/`-delimited POSIX patterns.
 * - `ecma`: JSON Schema / OpenAPI patterns, unanchored, kept as written;
 * - `perl`: Proxmox apidoc patterns, implicitly anchored, with `(?^i:…)` groups.
 */
export type PatternDialect = 'ecma' | 'perl';

type Translator = (source: string) => PatternResult;

const TRANSLATORS: Record<PatternDialect, Translator> = {
  ecma: portablePattern,
  perl: perlToPortable,
};

export function translatePattern(options: { dialect: PatternDialect; source: string }): PatternResult {
  return TRANSLATORS[options.dialect](options.source);
}
