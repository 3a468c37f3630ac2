import { describe, expect, it } from 'vitest';
import { convertSchema } from '../src/dialects/convert.js';
import { dialectNames } from '../src/dialects/names.js';
import { DIALECT_POLICIES } from '../src/dialects/policies.js';

const input = {
  type: 'object',
  properties: {
    'dry-run': { type: 'boolean', default: false },
    size: { type: 'integer', enum: [1, 2, 4], default: 4 },
    name: { type: 'string', minLength: 1, maxLength: 8, pattern: '^[a-z]+$' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    ports: { type: 'object', additionalProperties: { type: 'object', enum: [{}] } },
    body: { type: 'object', description: 'Anything.' },
    any: { description: 'A JSON value.' },
    query: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
  },
  required: ['name'],
  additionalProperties: false,
};

describe('openai-strict', () => {
  const { schema, plan } = convertSchema({ schema: input, policy: DIALECT_POLICIES['openai-strict'] });
  const properties = schema.properties as Record<string, Record<string, unknown>>;

  it('closes objects, requires every property and makes optional ones nullable', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(Object.keys(input.properties));
    expect(properties['dry-run']).toEqual({ type: ['boolean', 'null'], description: 'Default: false.' });
    expect(properties.size).toEqual({ type: ['integer', 'null'], description: 'Default: 4.', enum: [1, 2, 4, null] });
    expect(plan).toMatchObject({ kind: 'object', nullable: expect.arrayContaining(['dry-run', 'size']) as unknown });
  });

  it('moves unsupported keywords into the description', () => {
    expect(properties.name).toEqual({
      type: 'string',
      description: 'At least 1 characters. At most 8 characters. Pattern: ^[a-z]+$.',
    });
  });

  it('sends open maps as key/value lists or key lists, free-form values as JSON text, type lists as anyOf', () => {
    expect(properties.labels!.type).toEqual(['array', 'null']);
    expect(properties.labels!.items).toEqual({
      type: 'object',
      properties: { key: { type: 'string' }, value: { type: 'string' } },
      required: ['key', 'value'],
      additionalProperties: false,
    });
    expect(properties.ports).toMatchObject({ type: ['array', 'null'], items: { type: 'string' } });
    expect(properties.body).toEqual({ type: ['string', 'null'], description: 'Anything. Send as JSON text.' });
    expect(properties.any).toEqual({ type: ['string', 'null'], description: 'A JSON value. Send as JSON text.' });
    expect((properties.query!.items as { properties: { value: unknown } }).properties.value).toEqual({
      anyOf: [{ type: 'string' }, { type: 'number' }],
    });
    expect((plan as { properties: unknown }).properties).toEqual({
      labels: { kind: 'pairs' },
      ports: { kind: 'keys' },
      body: { kind: 'json' },
      any: { kind: 'json' },
      query: { kind: 'pairs' },
    });
  });
});

describe('openai-strict nullable', () => {
  const nullable = DIALECT_POLICIES['openai-strict'].nullable;

  it('uses a type list for a typed node, a null branch for a union or a const, and leaves nullable nodes alone', () => {
    expect(nullable({ type: 'string' })).toEqual({ type: ['string', 'null'] });
    expect(nullable({ type: ['string', 'null'] })).toEqual({ type: ['string', 'null'] });
    expect(nullable({ description: 'd', anyOf: [{ type: 'string' }, { type: 'number' }] })).toEqual({
      description: 'd',
      anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }],
    });
    expect(nullable({ type: 'string', const: 'x' })).toEqual({
      anyOf: [{ type: 'string', const: 'x' }, { type: 'null' }],
    });
  });
});

describe('gemini', () => {
  const { schema, plan } = convertSchema({ schema: input, policy: DIALECT_POLICIES.gemini });
  const properties = schema.properties as Record<string, Record<string, unknown>>;

  it('renames properties to ^[A-Za-z_][A-Za-z0-9_]*$ and keeps optional ones optional', () => {
    expect(Object.keys(properties)).toContain('dry_run');
    expect(schema.required).toEqual(['name']);
    expect(schema.additionalProperties).toBeUndefined();
    expect(plan).toMatchObject({ renamed: { dry_run: 'dry-run' } });
  });

  it('sends integer enums as strings and converts them back', () => {
    expect(properties.size).toEqual({ type: 'string', description: 'Default: 4.', enum: ['1', '2', '4'] });
    expect((plan as { properties: Record<string, unknown> }).properties.size).toEqual({
      kind: 'enum',
      values: [1, 2, 4],
    });
  });
});

describe('dialectNames', () => {
  it('maps names deterministically; a taken name gets a numbered suffix; valid names keep theirs first', () => {
    const names = dialectNames({ names: ['a-b', 'a_b', '0x', 'ok', 'a.b'], pattern: /^[A-Za-z_][A-Za-z0-9_]*$/ });
    expect([...names]).toEqual([
      ['a-b', 'a_b_2'],
      ['a_b', 'a_b'],
      ['0x', '_0x'],
      ['ok', 'ok'],
      ['a.b', 'a_b_3'],
    ]);
  });
});
