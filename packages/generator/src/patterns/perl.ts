import { caselessClass, caselessLetter, POSIX_CLASSES } from './case.js';
import { type PatternResult, portablePattern } from './portable.js';

/**
 * Proxmox apidoc patterns are Perl regexes that Proxmox anchors itself
 * (`$value =~ m/^$pattern$/`), with flag groups like `(?^i:…)` and escapes Perl
 * allows but ECMAScript's `u` mode does not (`\_`, `\@`, `{,8}`). Translated
 * token by token into the portable dialect: flag groups become plain groups
 * (case-insensitive letters spelt out as `[aA]`), needless escapes are dropped,
 * `\0` becomes `\x00`, and `{,n}` becomes `{0,n}`. What has no linear-time
 * equivalent (backreferences, lookaround, atomic groups) is refused with the reason.
 */
export function perlToPortable(source: string): PatternResult {
  // `/…/` is another dialect's delimiter (Proxmox Backup Server): read as Perl it could never match.
  if (/^\/.+\/[a-z]*$/s.test(source) && !source.includes('|'))
    return { ok: false, reason: 'a /…/-delimited pattern is not a Perl apidoc pattern' };
  const walker = new PerlWalker(source);
  const body = walker.translate();
  return typeof body === 'string' ? portablePattern(`^(?:${body})$`) : body;
}

/** ECMAScript's syntax characters: the only identity escapes `u` mode allows outside a class. */
const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const KEPT_ESCAPES = new Set('dDwWsSntrfv');

class PerlWalker {
  private index = 0;
  private out = '';
  /** Case-insensitivity of each open group, innermost last. */
  private readonly caseless: boolean[] = [false];

  constructor(private readonly source: string) {}

  translate(): string | PatternResult {
    try {
      while (this.index < this.source.length) this.step();
      return this.out;
    } catch (error) {
      if (error instanceof Refused) return { ok: false, reason: error.message };
      throw error;
    }
  }

  private get isCaseless(): boolean {
    return this.caseless[this.caseless.length - 1]!;
  }

  private step(): void {
    const char = this.source[this.index]!;
    if (char === '\\') this.out += this.escape({ inClass: false });
    else if (char === '[') this.out += this.characterClass();
    else if (char === '(') this.out += this.openGroup();
    else if (char === ')') this.closeGroup();
    else if (char === '{') this.out += this.brace();
    else if (char === '}') this.literal('\\}');
    else this.literal(this.isCaseless ? caselessLetter(char) : char);
  }

  private literal(text: string): void {
    this.out += text;
    this.index += 1;
  }

  /** One escape at `index` (the backslash), translated; `index` moves past it. */
  private escape(options: { inClass: boolean }): string {
    const char = this.source[this.index + 1];
    this.index += 2;
    if (char === undefined) throw new Refused('ends with a lone backslash');
    if (char === '0' && !/[0-9]/.test(this.source[this.index] ?? '')) return '\\x00';
    if (/[0-9]/.test(char)) throw new Refused(`backreference or octal escape \\${char} has no linear-time equivalent`);
    if (KEPT_ESCAPES.has(char)) return `\\${char}`;
    if ((char === 'b' || char === 'B') && !options.inClass) return `\\${char}`;
    if (char === 'x') return this.hexEscape();
    if (char === 'p' || char === 'P') return this.propertyEscape(char);
    if (char === 'A' && !options.inClass) return '^';
    if (char === 'z' && !options.inClass) return '$';
    if (/[A-Za-z]/.test(char)) throw new Refused(`escape \\${char} has no portable equivalent`);
    if (SYNTAX.has(char) || (char === '-' && options.inClass)) return `\\${char}`;
    return char;
  }

  private hexEscape(): string {
    const digits = /^[0-9A-Fa-f]{2}/.exec(this.source.slice(this.index));
    if (!digits) throw new Refused('\\x needs two hex digits here');
    this.index += 2;
    return `\\x${digits[0]}`;
  }

  private propertyEscape(letter: string): string {
    const braced = /^\{[A-Za-z_=]+\}/.exec(this.source.slice(this.index));
    if (!braced) throw new Refused(`\\${letter} needs a braced property name`);
    this.index += braced[0].length;
    return `\\${letter}${braced[0]}`;
  }

  /** `[…]`: Perl allows `]` first and POSIX classes inside; case-insensitive groups add the other case. */
  private characterClass(): string {
    this.index += 1;
    let body = '';
    if (this.source[this.index] === '^') body += this.take();
    if (this.source[this.index] === ']') body += this.skip('\\]');
    while (this.index < this.source.length && this.source[this.index] !== ']') body += this.classMember();
    if (this.index >= this.source.length) throw new Refused('unterminated character class');
    this.index += 1;
    return `[${this.isCaseless ? caselessClass(body) : body}]`;
  }

  private classMember(): string {
    const rest = this.source.slice(this.index);
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(rest);
    if (posix) {
      const members = POSIX_CLASSES[posix[2]!];
      if (!members || posix[1]) throw new Refused(`POSIX class ${posix[0]} has no portable equivalent`);
      this.index += posix[0].length;
      return members;
    }
    if (rest[0] === '\\') return this.escape({ inClass: true });
    if (rest[0] === '[') return this.skip('\\[');
    return this.take();
  }

  private openGroup(): string {
    const head = /^\(\?(\^?)([a-z]*):/.exec(this.source.slice(this.index));
    if (head) {
      this.index += head[0].length;
      const inherited = head[1] === '^' ? false : this.isCaseless;
      this.caseless.push(inherited || head[2]!.includes('i'));
      return '(?:';
    }
    if (this.source[this.index + 1] === '?')
      throw new Refused(
        `group ${this.source.slice(this.index, this.index + 4)}… (lookaround, atomic or conditional) has no linear-time equivalent`,
      );
    this.caseless.push(this.isCaseless);
    return this.take();
  }

  private closeGroup(): void {
    if (this.caseless.length === 1) throw new Refused('unbalanced )');
    this.caseless.pop();
    this.literal(')');
  }

  /** `{n}`, `{n,}`, `{n,m}` and Perl's `{,m}` are quantifiers; any other brace is a literal. */
  private brace(): string {
    const quantifier = /^\{(\d*)(,?)(\d*)\}/.exec(this.source.slice(this.index));
    if (!quantifier || (quantifier[1] === '' && quantifier[3] === '')) return this.skip('\\{');
    this.index += quantifier[0].length;
    return `{${quantifier[1] || '0'}${quantifier[2]}${quantifier[3]}}`;
  }

  private take(): string {
    return this.source[this.index++]!;
  }

  private skip(replacement: string): string {
    this.index += 1;
    return replacement;
  }
}

class Refused extends Error {}
