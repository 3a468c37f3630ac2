import { describe, expect, it } from 'vitest';
import { toDefaultArgs } from '../src/dialects/map-back.js';
import type { ArgPlan } from '../src/dialects/types.js';

const plan: ArgPlan = {
  kind: 'object',
  renamed: { dry_run: 'dry-run', size_2: 'size' },
  nullable: ['dry_run', 'labels'],
  properties: {
    size_2: { kind: 'enum', values: [1, 2, 4] },
    labels: { kind: 'pairs' },
    ports: { kind: 'keys' },
    body: { kind: 'json' },
    items: { kind: 'array', items: { kind: 'object', renamed: { a_b: 'a-b' } } },
  },
};

describe('toDefaultArgs', () => {
  it('names back, converts enums, maps and key lists, parses JSON text, drops nulls of optional arguments', () => {
    const mapped = toDefaultArgs({
      plan,
      args: {
        dry_run: null,
        size_2: '4',
        labels: [{ key: 'k', value: 'v' }],
        ports: ['80/tcp'],
        body: '{"x":[1]}',
        items: [{ a_b: 1 }],
        untouched: 'yes',
      },
    });
    expect(mapped).toEqual({
      ok: true,
      args: {
        size: 4,
        labels: { k: 'v' },
        ports: { '80/tcp': {} },
        body: { x: [1] },
        items: [{ 'a-b': 1 }],
        untouched: 'yes',
      },
    });
  });

  it('leaves values that do not have the dialect shape as they are, for validation to report', () => {
    const mapped = toDefaultArgs({ plan, args: { size_2: 'huge', labels: { already: 'a map' }, ports: 3 } });
    expect(mapped).toEqual({ ok: true, args: { size: 'huge', labels: { already: 'a map' }, ports: 3 } });
  });

  it('takes JSON text where an object is planned (a summarised object in tools/list) as the default value', () => {
    expect(toDefaultArgs({ plan, args: { items: '[{"a-b":2}]' } })).toEqual({
      ok: true,
      args: { items: [{ 'a-b': 2 }] },
    });
  });

  it('maps JSON text written in the dialect too (as describe_operation shows the object)', () => {
    expect(toDefaultArgs({ plan, args: { items: '[{"a_b":3}]' } })).toEqual({
      ok: true,
      args: { items: [{ 'a-b': 3 }] },
    });
  });

  it('refuses JSON text that does not parse, naming the argument', () => {
    expect(toDefaultArgs({ plan, args: { body: '{nope' } })).toEqual({
      ok: false,
      problem: '/body: expected JSON text (as the schema says), got a string that does not parse',
    });
  });

  it("reads only the plan's own entries: arguments named constructor or toString keep their names and values", () => {
    const plan = JSON.parse('{"kind":"object","renamed":{"dry_run":"dry-run"},"properties":{}}') as never;
    const mapped = toDefaultArgs({ plan, args: { constructor: 'x', toString: 'y', dry_run: true } });
    expect(mapped).toEqual({ ok: true, args: { constructor: 'x', toString: 'y', 'dry-run': true } });
  });

  it('keeps __proto__ a plain argument', () => {
    const mapped = toDefaultArgs({ plan: { kind: 'object' }, args: JSON.parse('{"__proto__": {"polluted": true}}') });
    expect(mapped.ok && Object.getPrototypeOf(mapped.args)).toBe(Object.prototype);
    expect(mapped.ok && Object.keys(mapped.args as object)).toEqual(['__proto__']);
  });

  it('passes everything through without a plan', () => {
    expect(toDefaultArgs({ plan: undefined, args: { a: null } })).toEqual({ ok: true, args: { a: null } });
  });
});
