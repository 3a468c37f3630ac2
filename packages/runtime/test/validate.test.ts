import { describe, expect, it } from 'vitest';
import { createArgumentValidator } from '../src/tools/validate.js';
import { edgeConfigUpdate, endpointInspect, endpointList, settingsInspect } from './fixtures.js';

describe('createArgumentValidator', () => {
  it('accepts valid arguments and returns the same object', async () => {
    const validator = createArgumentValidator();
    const args = { id: 3, excludeSnapshot: true };
    const checked = await validator.check({ name: 'endpoint_inspect', schema: endpointInspect.inputSchema, args });
    expect(checked).toEqual({ ok: true, args });
    expect(checked.ok && checked.args).toBe(args);
  });

  it('treats absent arguments as an empty object', async () => {
    const validator = createArgumentValidator();
    expect(
      await validator.check({ name: 'settings_inspect', schema: settingsInspect.inputSchema, args: undefined }),
    ).toEqual({ ok: true, args: {} });
    expect(
      await validator.check({ name: 'settings_inspect', schema: settingsInspect.inputSchema, args: null }),
    ).toEqual({ ok: true, args: {} });
  });

  it('reports a missing required property', async () => {
    const checked = await createArgumentValidator().check({
      name: 'endpoint_inspect',
      schema: endpointInspect.inputSchema,
      args: {},
    });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problem).toBe("data must have required property 'id'");
  });

  it('reports wrong types, unknown properties and every problem at once', async () => {
    const checked = await createArgumentValidator().check({
      name: 'endpoint_inspect',
      schema: endpointInspect.inputSchema,
      args: { id: '3', extra: 1 },
    });
    expect(checked.ok).toBe(false);
    const problem = checked.ok ? '' : checked.problem;
    expect(problem).toContain('data/id must be integer');
    expect(problem).toContain('must NOT have additional properties');
  });

  it('does not coerce values', async () => {
    const checked = await createArgumentValidator().check({
      name: 'endpoint_list',
      schema: endpointList.inputSchema,
      args: { groupIds: ['1'] },
    });
    expect(checked).toEqual({ ok: false, problem: 'data/groupIds/0 must be integer' });
  });

  it('does not fill defaults into the arguments', async () => {
    const args = { id: 1, File: { content: 'x' } };
    const checked = await createArgumentValidator().check({
      name: 'edge_config_update',
      schema: edgeConfigUpdate.inputSchema,
      args,
    });
    expect(checked.ok).toBe(true);
    expect(args.File).toEqual({ content: 'x' });
  });

  it('rejects a value outside an enum', async () => {
    const checked = await createArgumentValidator().check({
      name: 'edge_config_update',
      schema: edgeConfigUpdate.inputSchema,
      args: { id: 1, File: { encoding: 'hex' } },
    });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problem).toContain('must be equal to one of the allowed values');
  });

  it('rejects non-object arguments for an object schema', async () => {
    const checked = await createArgumentValidator().check({
      name: 'endpoint_inspect',
      schema: endpointInspect.inputSchema,
      args: [3],
    });
    expect(checked).toEqual({ ok: false, problem: 'data must be object' });
  });

  it('compiles a schema once per tool name and reuses it', async () => {
    const validator = createArgumentValidator();
    expect((await validator.check({ name: 'tool', schema: endpointInspect.inputSchema, args: {} })).ok).toBe(false);
    // Same name, a schema that would accept {}: the compiled validator of the first call is used.
    expect((await validator.check({ name: 'tool', schema: settingsInspect.inputSchema, args: {} })).ok).toBe(false);
    expect((await validator.check({ name: 'other', schema: settingsInspect.inputSchema, args: {} })).ok).toBe(true);
  });

  it('validates formats', async () => {
    const schema = { type: 'object', properties: { at: { type: 'string', format: 'date-time' } } };
    const validator = createArgumentValidator();
    expect((await validator.check({ name: 'dated', schema, args: { at: '2024-01-02T03:04:05Z' } })).ok).toBe(true);
    expect((await validator.check({ name: 'dated', schema, args: { at: 'yesterday' } })).ok).toBe(false);
  });
});

describe('upstream patterns', () => {
  const schema = {
    type: 'object',
    properties: { name: { type: 'string', pattern: '^(a+)+$' } },
    additionalProperties: false,
  };

  it('run on a linear-time engine: a catastrophic pattern answers at once', async () => {
    // A backtracking engine needs ~2^40 steps here; RE2 reads the input once.
    const checked = await createArgumentValidator().check({
      name: 'redos',
      schema,
      args: { name: `${'a'.repeat(40)}!` },
    });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problem).toContain('must match pattern "^(a+)+$"');
  });

  it('still accept what the pattern matches, and keep patterns of different tools apart', async () => {
    const validator = createArgumentValidator();
    expect((await validator.check({ name: 'redos', schema, args: { name: 'aaaa' } })).ok).toBe(true);
    const other = { type: 'object', properties: { name: { type: 'string', pattern: '^b+$' } } };
    expect((await validator.check({ name: 'other', schema: other, args: { name: 'bb' } })).ok).toBe(true);
    expect((await validator.check({ name: 'other', schema: other, args: { name: 'aa' } })).ok).toBe(false);
  });

  it('match anywhere in the value, as JSON Schema says, and in Unicode', async () => {
    const validator = createArgumentValidator();
    const unanchored = { type: 'object', properties: { v: { type: 'string', pattern: '\\d{2}' } } };
    expect((await validator.check({ name: 'u1', schema: unanchored, args: { v: 'x12y' } })).ok).toBe(true);
    const unicode = { type: 'object', properties: { v: { type: 'string', pattern: '^\\p{L}+$' } } };
    expect((await validator.check({ name: 'u2', schema: unicode, args: { v: 'Grüße' } })).ok).toBe(true);
    expect((await validator.check({ name: 'u2', schema: unicode, args: { v: 'a1' } })).ok).toBe(false);
  });
});
