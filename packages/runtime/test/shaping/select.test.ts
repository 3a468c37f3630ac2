/** The caller's `select` (JMESPath) on answers. Selection of tools (profiles, tags) is in ../select.test.ts. */
import { describe, expect, it } from 'vitest';
import { applySelect } from '../../src/shaping/select.js';
import { valueResult } from '../../src/tools/result.js';

const containers = [
  { Id: 'a1', Names: ['/web'], Image: 'nginx', State: 'running', Labels: { tier: 'front' } },
  { Id: 'b2', Names: ['/db'], Image: 'postgres', State: 'exited', Labels: { tier: 'back' } },
];

const HINT = 'It is JMESPath, e.g. "[].{id: Id, name: Name}" or "items[?status==\'running\'].name".';

describe('applySelect', () => {
  it('returns the value unchanged without an expression or with a blank one', () => {
    expect(applySelect({ value: containers, expression: undefined })).toEqual({ ok: true, value: containers });
    expect(applySelect({ value: containers, expression: '   ' })).toEqual({ ok: true, value: containers });
  });

  it('projects a list to the fields asked for', () => {
    expect(applySelect({ value: containers, expression: '[].{id: Id, name: Names[0]}' })).toEqual({
      ok: true,
      value: [
        { id: 'a1', name: '/web' },
        { id: 'b2', name: '/db' },
      ],
    });
  });

  it('filters a nested list', () => {
    const value = {
      data: [
        { name: 'vm1', status: 'running' },
        { name: 'vm2', status: 'stopped' },
        { name: 'vm3', status: 'running' },
      ],
      total: 3,
    };
    expect(applySelect({ value, expression: "data[?status=='running'].name" })).toEqual({
      ok: true,
      value: ['vm1', 'vm3'],
    });
    expect(applySelect({ value, expression: 'length(data)' })).toEqual({ ok: true, value: 3 });
  });

  it('gives null for a path that is not there (not an error)', () => {
    expect(applySelect({ value: { a: 1 }, expression: 'b.c' })).toEqual({ ok: true, value: null });
  });

  it('explains a syntax error, quoting the expression and giving examples', () => {
    expect(applySelect({ value: containers, expression: "[?State=='running'" })).toEqual({
      ok: false,
      problem: `Invalid select expression "[?State=='running'": Syntax error: expected Rbracket, got: EOF. ${HINT}`,
    });
  });

  it('explains an expression that fails on this answer (wrong type, unknown function)', () => {
    const typed = applySelect({ value: 5, expression: 'length(@)' });
    expect(typed.ok).toBe(false);
    expect(!typed.ok && typed.problem).toMatch(
      /^Invalid select expression "length\(@\)": Invalid type: length\(\) expected argument 1/,
    );
    const unknown = applySelect({ value: containers, expression: 'nope(@)' });
    expect(!unknown.ok && unknown.problem).toBe(
      `Invalid select expression "nope(@)": Unknown function: nope(). ${HINT}`,
    );
  });
});

describe('valueResult with select', () => {
  it('answers the projection as text and structured content', () => {
    const result = valueResult({ value: containers, shape: { maxChars: 80_000, select: "[?State=='running'].Id" } });
    expect(result).toEqual({ content: [{ type: 'text', text: '["a1"]' }], structuredContent: { result: ['a1'] } });
  });

  it('answers an object projection as structured content directly', () => {
    const result = valueResult({
      value: containers,
      shape: { maxChars: 80_000, select: '{count: length(@), images: [].Image}' },
    });
    expect(result).toEqual({
      content: [{ type: 'text', text: '{"count":2,"images":["nginx","postgres"]}' }],
      structuredContent: { count: 2, images: ['nginx', 'postgres'] },
    });
  });

  it('answers a bad expression as an error result', () => {
    expect(valueResult({ value: containers, shape: { maxChars: 80_000, select: '[' } })).toEqual({
      content: [{ type: 'text', text: expect.stringMatching(/^Invalid select expression "\[": /) }],
      isError: true,
    });
  });

  it('selects from the redacted answer, so a projection cannot reach around redaction', () => {
    const value = [{ Id: 'a1', Config: { Env: ['DB_PASSWORD=hunter2', 'MODE=prod'] } }];
    const result = valueResult({ value, shape: { maxChars: 80_000, select: '[0].Config.Env' } });
    expect(result.content[0]?.text).toBe('["DB_PASSWORD=[redacted]","MODE=[redacted]"]');
  });
});
