import { compileLinear } from '@mcpgen/runtime/patterns';
import { describe, expect, it } from 'vitest';
import { translatePattern } from '../src/patterns/dialects.js';

function perl(source: string): string {
  const result = translatePattern({ dialect: 'perl', source });
  if (!result.ok) throw new Error(result.reason);
  return result.pattern;
}

/** The translated pattern, run by both engines a value meets: ECMAScript (clients) and RE2 (the server). */
function accepts(pattern: string, value: string): boolean {
  const ecma = new RegExp(pattern, 'u').test(value);
  expect(compileLinear(pattern).test(value), `engines disagree on ${JSON.stringify(value)}`).toBe(ecma);
  return ecma;
}

describe('Perl patterns (Proxmox apidoc)', () => {
  it('are anchored, as Proxmox anchors them', () => {
    const pattern = perl('(ide|sata)\\d+');
    expect(accepts(pattern, 'sata1')).toBe(true);
    expect(accepts(pattern, 'xsata1')).toBe(false);
    expect(accepts(pattern, 'sata1x')).toBe(false);
  });

  it('lose escapes ECMAScript u-mode refuses and keep their meaning', () => {
    const pattern = perl('[A-Za-z][A-Za-z0-9\\-\\_]+\\@\\S+');
    expect(pattern).toBe('^(?:[A-Za-z][A-Za-z0-9\\-_]+@\\S+)$');
    expect(accepts(pattern, 'ab-c_d@pve')).toBe(true);
    expect(accepts(pattern, 'ab\\_@pve')).toBe(false);
  });

  it('spell out case-insensitive groups, in classes and ranges too, and reset with (?^:', () => {
    const pattern = perl('(?^i:[a-z0-9_][a-z\\-]*ok(?^:CS))');
    for (const value of ['Ab-oKCS', '9z-OKCS', '_okCS']) expect(accepts(pattern, value), value).toBe(true);
    for (const value of ['Ab-okcs', '-ok', 'aoKcs']) expect(accepts(pattern, value), value).toBe(false);
    const range = perl('(?^i:[\\(\\)-_]+)');
    expect(accepts(range, 'abcXYZ()_')).toBe(true);
  });

  it('read {,n} as {0,n}, \\0 as NUL and literal braces as literals', () => {
    expect(accepts(perl('[a-z]{,3}'), 'abc')).toBe(true);
    expect(accepts(perl('[a-z]{,3}'), 'abcd')).toBe(false);
    expect(accepts(perl('a\\0b'), 'a\u0000b')).toBe(true);
    expect(accepts(perl('x{y}'), 'x{y}')).toBe(true);
  });

  it('translate POSIX bracket classes', () => {
    expect(accepts(perl('[[:alpha:]_][[:digit:]]+'), 'a12')).toBe(true);
    expect(accepts(perl('[[:alpha:]_][[:digit:]]+'), '1a2')).toBe(false);
  });

  it('are refused with a reason when no linear-time engine can run them', () => {
    for (const source of [
      '/^[a-z]+$/',
      '(a)\\1',
      '(?=a)a',
      '(?>a+)b',
      '(?<!x)y',
      '[0-9]{0,4096}',
      'a\\',
      '[ab',
      'a)',
    ]) {
      const result = translatePattern({ dialect: 'perl', source });
      expect(result.ok, source).toBe(false);
      expect(!result.ok && result.reason.length).toBeGreaterThan(0);
    }
  });
});

describe('ECMAScript patterns (OpenAPI)', () => {
  it('are kept as written when both engines compile them', () => {
    expect(translatePattern({ dialect: 'ecma', source: '^[a-z]+$' })).toEqual({ ok: true, pattern: '^[a-z]+$' });
  });

  it('are refused when RE2 cannot run them (lookaround, backreferences)', () => {
    const result = translatePattern({ dialect: 'ecma', source: '^(?!admin)[a-z]+$' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('RE2');
  });
});
