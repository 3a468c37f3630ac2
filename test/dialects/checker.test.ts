import { describe, expect, it } from 'vitest';
import { checkGemini, checkOpenAiStrict, type Schema } from './checker.js';

/** The independent checker catches each documented rule: one schema breaking one rule at a time. */
const ok = (properties: Record<string, Schema>, extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...extra,
});

function rulesOf(findings: { rule: string; at: string }[]): string[] {
  return findings.map((finding) => `${finding.at} ${finding.rule}`);
}

describe('OpenAI strict checker', () => {
  it('passes a schema in the strict subset', () => {
    const schema = ok({
      a: { type: ['string', 'null'] },
      b: { anyOf: [ok({ c: { type: 'integer', minimum: 1 } }), { type: 'null' }] },
      d: { type: 'array', items: { type: 'string', enum: ['x', 'y'] }, maxItems: 3 },
    });
    expect(checkOpenAiStrict(schema)).toEqual([]);
  });

  it.each([
    ['a root that is not an object', { anyOf: [ok({})] }, '/ root is an object'],
    [
      'an open object',
      ok({ a: { type: 'object', properties: {}, required: [] } }),
      '/properties/a additionalProperties is false',
    ],
    ['an optional property', { ...ok({ a: { type: 'string' } }), required: [] }, '/ property a is required'],
    ['default', ok({ a: { type: 'string', default: 'x' } }), '/properties/a keyword default is supported'],
    ['minLength', ok({ a: { type: 'string', minLength: 1 } }), '/properties/a keyword minLength is supported'],
    ['maxLength', ok({ a: { type: 'string', maxLength: 1 } }), '/properties/a keyword maxLength is supported'],
    ['pattern', ok({ a: { type: 'string', pattern: '^a$' } }), '/properties/a keyword pattern is supported'],
    ['allOf', ok({ a: { allOf: [{ type: 'string' }] } }), '/properties/a keyword allOf is supported'],
    ['not', ok({ a: { type: 'string', not: { enum: ['x'] } } }), '/properties/a keyword not is supported'],
    ['an untyped node', ok({ a: { description: 'anything' } }), '/properties/a has a type or anyOf'],
    ['an undocumented format', ok({ a: { type: 'string', format: 'uri' } }), '/properties/a documented format'],
    [
      'a free-form map',
      ok({ a: { type: 'object', additionalProperties: { type: 'string' } } }),
      '/properties/a additionalProperties is false',
    ],
    [
      'too many enum values',
      ok({ a: { type: 'integer', enum: [...Array(1001).keys()] } }),
      '/properties/a at most 1000 enum values',
    ],
  ])('catches %s', (_what, schema, expected) => {
    expect(rulesOf(checkOpenAiStrict(schema as Schema))).toContain(expected);
  });

  it('catches nesting deeper than 10 levels and more than 5000 properties', () => {
    let deep: Schema = ok({ leaf: { type: 'string' } });
    for (let level = 0; level < 10; level++) deep = ok({ next: deep });
    expect(rulesOf(checkOpenAiStrict(deep)).some((rule) => rule.endsWith('at most 10 levels of nesting'))).toBe(true);
    const wide = ok(Object.fromEntries([...Array(5001).keys()].map((n) => [`p${n}`, { type: 'string' }])));
    expect(rulesOf(checkOpenAiStrict(wide))).toContain('/ at most 5000 properties');
  });
});

describe('Gemini checker', () => {
  it('passes a schema in the documented subset', () => {
    const schema = {
      type: 'object',
      properties: {
        dry_run: { type: 'boolean', nullable: true },
        size: { type: 'string', enum: ['1', '2'] },
        list: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' } } } },
        any: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      },
      required: ['size'],
    };
    expect(checkGemini(schema)).toEqual([]);
  });

  it.each([
    ['an integer enum', { type: 'integer', enum: [1, 2] }, '/properties/a field enum is documented for the type'],
    ['non-string enum values', { type: 'string', enum: ['1', 2] }, '/properties/a enum values are strings'],
    ['a type list', { type: ['string', 'null'] }, '/properties/a one type, not a list'],
    ['a null type', { type: 'null' }, '/properties/a a documented type (or anyOf)'],
    ['an object without properties', { type: 'object' }, '/properties/a an object has properties'],
    [
      'additionalProperties',
      { type: 'object', properties: { b: { type: 'string' } }, additionalProperties: false },
      '/properties/a field additionalProperties is documented for the type',
    ],
    ['default', { type: 'string', default: 'x' }, '/properties/a field default is documented for the type'],
    ['pattern', { type: 'string', pattern: '^x$' }, '/properties/a field pattern is documented for the type'],
    ['an undocumented format', { type: 'string', format: 'uri' }, '/properties/a documented format'],
  ])('catches %s', (_what, property, expected) => {
    expect(rulesOf(checkGemini({ type: 'object', properties: { a: property as Schema } }))).toContain(expected);
  });

  it('catches a property name outside ^[A-Za-z_][A-Za-z0-9_]*$', () => {
    for (const name of ['dry-run', '0slot', 'a.b', ''])
      expect(rulesOf(checkGemini({ type: 'object', properties: { [name]: { type: 'string' } } }))).toContain(
        `/ property name ${name}`,
      );
  });
});
