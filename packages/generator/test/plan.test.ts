import { describe, expect, it } from 'vitest';
import { planFixture } from './support/plan-fixture.js';

/** Targeted assertions per fixture, so that a regression names its cause. */
describe('planning tools from one-feature fixtures', () => {
  it('binds path parameters, including path-item level ones', async () => {
    const { tools } = await planFixture('path-params.yaml');
    const part = tools.find((tool) => tool.path === '/widgets/{id}/parts/{partName}')!;
    expect(
      part.args
        .filter((arg) => arg.in === 'path')
        .map((arg) => arg.wire)
        .sort(),
    ).toEqual(['id', 'partName']);
    expect(part.inputSchema.required).toEqual(expect.arrayContaining(['id', 'partName']));
  });

  it('serialises query arrays by their declared style', async () => {
    const { tools } = await planFixture('query-arrays.yaml');
    const [list] = tools;
    const style = (wire: string) => list!.args.find((arg) => arg.wire === wire)?.style;
    expect([style('tags'), style('ids'), style('filters')]).toEqual([undefined, 'csv', 'json']);
    expect((list!.inputSchema.properties as Record<string, { type: string }>).limit?.type).toBe('integer');
  });

  it('flattens JSON object bodies, suffixes clashing names and keeps non-object bodies whole', async () => {
    const { tools } = await planFixture('json-body.yaml');
    const update = tools.find((tool) => tool.method === 'PUT')!;
    expect(update.args.map((arg) => `${arg.in}:${arg.arg}->${arg.wire}`)).toContain('body:id_body->id');
    const bulk = tools.find((tool) => tool.path === '/widgets/bulk')!;
    expect(bulk.body).toEqual({ mediaType: 'application/json', mode: 'whole', arg: 'body' });
    expect((bulk.inputSchema.properties as Record<string, { type: string }>).body?.type).toBe('array');
  });

  it('turns multipart binary parts into file inputs', async () => {
    const { tools } = await planFixture('multipart.yaml');
    const upload = tools.find((tool) => tool.path === '/uploads')!;
    expect(upload.args.find((arg) => arg.wire === 'file')).toMatchObject({ in: 'form', file: true });
    expect(JSON.stringify(upload.inputSchema)).not.toContain('format');
  });

  it('merges allOf parts into one object', async () => {
    const { tools } = await planFixture('allof.yaml');
    const create = tools.find((tool) => tool.method === 'POST')!;
    expect(create.args.filter((arg) => arg.in === 'body').length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(create.inputSchema)).not.toContain('allOf');
  });

  it('cuts recursive schemas instead of looping', async () => {
    const { api, tools } = await planFixture('recursive-schema.yaml');
    expect(JSON.stringify(tools)).toContain('Recursive');
    expect(JSON.stringify(api.operations).length).toBeLessThan(50_000);
  });

  it('names operations without operationId from method and path', async () => {
    const { tools } = await planFixture('missing-operation-id.yaml');
    expect(tools.map((tool) => tool.name).sort()).toEqual(['delete_gadgets_by_id', 'gadget_list', 'get_gadgets_by_id']);
  });

  it('resolves name collisions with a stable suffix, and overrides win', async () => {
    const { tools, collisions } = await planFixture('name-collision.yaml');
    expect(tools.map((tool) => tool.name).sort()).toEqual(['widget_inspect', 'widget_inspect_2', 'widget_inspect_3']);
    expect(collisions[0]?.keys).toHaveLength(3);
    const renamed = await planFixture('name-collision.yaml', { 'GET /v2/widgets/{id}': 'widget_inspect_v2' });
    expect(renamed.tools.map((tool) => tool.name)).toContain('widget_inspect_v2');
  });

  it('marks deprecated operations and binds header and cookie parameters', async () => {
    const { tools } = await planFixture('deprecated-and-headers.yaml');
    expect(tools.some((tool) => tool.description.startsWith('Deprecated.'))).toBe(true);
    const pull = tools.find((tool) => tool.args.some((arg) => arg.in === 'header'))!;
    expect(pull.args.map((arg) => arg.in).sort()).toEqual(['cookie', 'header', 'query']);
  });

  it('gives every tool all four hints and a title', async () => {
    const { tools } = await planFixture('json-body.yaml');
    for (const tool of tools) {
      expect(Object.keys(tool.annotations).sort()).toEqual([
        'destructiveHint',
        'idempotentHint',
        'openWorldHint',
        'readOnlyHint',
        'title',
      ]);
    }
  });
});
