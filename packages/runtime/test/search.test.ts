import { describe, expect, it, vi } from 'vitest';
import type { ToolSpec } from '../src/catalog/types.js';
import { buildSearchIndexData, searchSourceOf } from '../src/search/data.js';
import { conceptsOf } from '../src/search/query.js';
import { asksToRead, splitWords, stems } from '../src/search/tokens.js';
import { callDiscoveryTool, DISCOVERY_TOOLS } from '../src/server/discovery.js';
import { createRegistry, type ToolRegistry } from '../src/server/registry.js';
import { signatureOf } from '../src/server/signature.js';
import type { ToolResult } from '../src/tools/result.js';
import { fakeContext, pveTools, settingsInspect, tools } from './fixtures.js';

/** A read-only operation with the given name, title, description, path and parameters. */
function tool(options: {
  name: string;
  title?: string;
  description?: string;
  path?: string;
  method?: 'GET' | 'POST' | 'DELETE';
  params?: string[];
}): ToolSpec {
  const method = options.method ?? 'GET';
  const properties = Object.fromEntries((options.params ?? []).map((param) => [param, { type: 'string' }]));
  return {
    ...settingsInspect,
    name: options.name,
    method,
    path: options.path ?? `/${options.name}`,
    description: options.description ?? '',
    safety: method === 'GET' ? 'read' : method === 'DELETE' ? 'destructive' : 'write',
    annotations: {
      ...settingsInspect.annotations,
      title: options.title ?? options.name,
      readOnlyHint: method === 'GET',
      destructiveHint: method === 'DELETE',
    },
    inputSchema: { type: 'object', properties, required: options.params ?? [] },
  } as ToolSpec;
}

const LEXICON = [
  { say: ['boot', 'power on'], means: ['start'] },
  { say: ['tear down', 'trash'], means: ['delete'] },
  { say: ['vm', 'vms'], means: ['qemu'] },
  { say: ['running'], means: ['status current'] },
];

/** A registry served with a generator-style index (the target's lexicon applied). */
function indexed(served: readonly ToolSpec[], lexicon = LEXICON): { registry: ToolRegistry; loads: () => number } {
  const data = JSON.stringify(
    buildSearchIndexData({ sources: served.map((spec) => searchSourceOf({ spec })), lexicon }),
  );
  const load = vi.fn(() => data);
  return {
    registry: createRegistry({ all: served, enabled: served, searchIndex: load }),
    loads: () => load.mock.calls.length,
  };
}

async function call(registry: ToolRegistry, args: Record<string, unknown>): Promise<ToolResult> {
  return (await callDiscoveryTool({
    name: DISCOVERY_TOOLS.search,
    args,
    registry,
    context: fakeContext().context,
  })) as ToolResult;
}

async function ranked(registry: ToolRegistry, query: string): Promise<string[]> {
  const result = await call(registry, { query });
  return ((result.structuredContent?.matches ?? []) as { name: string }[]).map((match) => match.name);
}

describe('tokenisation', () => {
  it('splits snake_case, camelCase, kebab-case and paths at word boundaries, dropping numbers and single letters', () => {
    expect(splitWords('stack_create_docker_standalone_string')).toEqual([
      'stack',
      'create',
      'docker',
      'standalone',
      'string',
    ]);
    expect(splitWords('EndpointGroupList HTTPServer')).toEqual(['endpoint', 'group', 'list', 'http', 'server']);
    expect(splitWords('/nodes/{node}/qemu/{vmid}/status/current')).toEqual([
      'nodes',
      'node',
      'qemu',
      'vmid',
      'status',
      'current',
    ]);
    expect(splitWords('give VM 110 4 more GB of RAM')).toEqual(['give', 'vm', 'more', 'gb', 'of', 'ram']);
    expect(splitWords('Migrate all VMs and CTs, getPVCsList')).toEqual([
      'migrate',
      'all',
      'vms',
      'and',
      'cts',
      'get',
      'pvcs',
      'list',
    ]);
  });

  it('stems with Porter2 so that forms of one word meet', () => {
    expect(stems('running runs run')).toEqual(['run', 'run', 'run']);
    expect(stems('deployed deployments')).toEqual(['deploy', 'deploy']);
  });

  it('tells a question or a request to look from an order', () => {
    expect(asksToRead('is VM 100 running right now?')).toBe(true);
    expect(asksToRead('which stacks are deployed')).toBe(true);
    expect(asksToRead('restart the nginx container')).toBe(false);
  });
});

describe('query concepts', () => {
  const lexicon = buildSearchIndexData({ sources: [], lexicon: LEXICON }).lexicon;

  it('replaces a phrase by what it means, longest first, and keeps a single word beside its meaning', () => {
    expect(conceptsOf({ query: 'tear down the monitoring stack', lexicon })).toEqual([
      { ways: [['delet']] },
      { ways: [['monitor']] },
      { ways: [['stack']] },
    ]);
    expect(conceptsOf({ query: 'boot up VM 200', lexicon })).toEqual([
      { ways: [['boot'], ['start']] },
      { ways: [['up']] },
      { ways: [['vm'], ['qemu']] },
    ]);
    expect(conceptsOf({ query: 'is it running', lexicon })).toEqual([{ ways: [['run'], ['status', 'current']] }]);
  });

  it('matches a phrase with up to two words inside it, which are read on their own, and no further apart', () => {
    const gapped = buildSearchIndexData({
      sources: [],
      lexicon: [{ say: ['revoke access', 'not loading'], means: ['acl'] }],
    }).lexicon;
    expect(conceptsOf({ query: "revoke bob's access", lexicon: gapped })).toEqual([
      { ways: [['acl']] },
      { ways: [['bob']] },
    ]);
    expect(conceptsOf({ query: 'revoke bob and carol access', lexicon: gapped })).toEqual([
      { ways: [['revok']] },
      { ways: [['bob']] },
      { ways: [['carol']] },
      { ways: [['access']] },
    ]);
    // Contiguous wins over gapped at the same length: "not loading" here, not "not ... loading" later.
    expect(conceptsOf({ query: 'web ui not loading', lexicon: gapped })).toEqual([
      { ways: [['web']] },
      { ways: [['ui']] },
      { ways: [['acl']] },
    ]);
  });

  it('lets no gapped phrase take a word a contiguous phrase needs, nor a one-word phrase one a longer phrase needs', () => {
    const passes = buildSearchIndexData({
      sources: [],
      lexicon: [
        { say: ['is up'], means: ['status'] },
        { say: ['up to date'], means: ['apt update'] },
        { say: ['revoke access'], means: ['acl'] },
        { say: ['access'], means: ['permissions'] },
      ],
    }).lexicon;
    expect(conceptsOf({ query: 'is the host up to date', lexicon: passes })).toEqual([
      { ways: [['host']] },
      { ways: [['apt', 'updat']] },
    ]);
    expect(conceptsOf({ query: "revoke bob's access", lexicon: passes })).toEqual([
      { ways: [['acl']] },
      { ways: [['bob']] },
    ]);
  });

  it('builds one rule per stemmed phrase, with the meanings of every entry that said it, once each', () => {
    const { lexicon: merged } = buildSearchIndexData({
      sources: [],
      lexicon: [
        { say: ['environment', 'environments'], means: ['endpoint'] },
        { say: ['environment'], means: ['endpoint', 'env'] },
      ],
    });
    expect(merged).toEqual([{ say: ['environ'], means: [['endpoint'], ['env']] }]);
  });

  it('counts a concept said twice once and drops stop words', () => {
    expect(conceptsOf({ query: 'the vm and the vms', lexicon })).toEqual([{ ways: [['vm'], ['qemu']] }]);
  });
});

describe('BM25F ranking', () => {
  it('matches whole words only: "up" does not find update, "now" not schedule_now', async () => {
    const { registry } = indexed([
      tool({ name: 'update_thing' }),
      tool({ name: 'replication_schedule_now', method: 'POST' }),
      tool({ name: 'bring_up' }),
    ]);
    expect(await ranked(registry, 'up')).toEqual(['bring_up']);
  });

  it('prefers the shorter document for the same words (stack_delete before edge_stack_delete)', async () => {
    const { registry } = indexed([
      tool({ name: 'edge_stack_delete', method: 'DELETE' }),
      tool({ name: 'stack_delete', method: 'DELETE' }),
      tool({ name: 'stack_list' }),
    ]);
    expect((await ranked(registry, 'tear down the monitoring stack')).slice(0, 2)).toEqual([
      'stack_delete',
      'edge_stack_delete',
    ]);
  });

  it('weighs a word in the name above the title, the title above the summary', async () => {
    const { registry } = indexed([
      tool({ name: 'a_alpha', description: 'Mentions widgets.' }),
      tool({ name: 'b_beta', title: 'Widgets' }),
      tool({ name: 'c_widgets', title: 'Gamma' }),
    ]);
    expect(await ranked(registry, 'widgets')).toEqual(['c_widgets', 'b_beta', 'a_alpha']);
  });

  it('finds by path words and parameter names, and applies the lexicon', async () => {
    const { registry } = indexed([
      tool({
        name: 'qemu_status_start',
        path: '/nodes/{node}/qemu/{vmid}/status/start',
        method: 'POST',
        params: ['node', 'vmid'],
      }),
      tool({
        name: 'get_qemu_status_current',
        path: '/nodes/{node}/qemu/{vmid}/status/current',
        params: ['node', 'vmid'],
      }),
      tool({ name: 'update_thing', method: 'POST', params: ['memory'] }),
    ]);
    expect((await ranked(registry, 'boot up VM 200'))[0]).toBe('qemu_status_start');
    expect((await ranked(registry, 'is VM 100 running?'))[0]).toBe('get_qemu_status_current');
    expect(await ranked(registry, 'memory')).toEqual(['update_thing']);
  });

  it('prefers an operation that reads when the query is a question', async () => {
    const pair = [
      tool({ name: 'stack_restart', title: 'Stack state', method: 'POST' }),
      tool({ name: 'stack_state', title: 'Stack state' }),
    ];
    const { registry } = indexed(pair);
    expect((await ranked(registry, 'what is the stack state?'))[0]).toBe('stack_state');
  });

  it('loads the generated index on the first search only, and ranks as a server without one does', async () => {
    const { registry, loads } = indexed(tools, []);
    expect(loads()).toBe(0);
    const withIndex = await ranked(registry, 'list environments');
    await ranked(registry, 'docker');
    expect(loads()).toBe(1);
    const without = createRegistry({ all: tools, enabled: tools });
    expect(await ranked(without, 'list environments')).toEqual(withIndex);
  });
});

describe('search_operations answers', () => {
  it('give each match a one-line signature and keep matches in rank order with their names', async () => {
    const registry = createRegistry({ all: pveTools, enabled: pveTools });
    const result = await call(registry, { query: 'start qemu' });
    const matches = result.structuredContent!.matches as { name: string; signature: string }[];
    expect(matches[0]).toMatchObject({
      name: 'start_qemu',
      signature: 'start_qemu(node: string, vmid: integer; 2 optional)',
    });
  });

  it('list a category compactly when the query is empty, and keep a query to one category', async () => {
    const registry = createRegistry({ all: tools, enabled: tools });
    const listed = await call(registry, { query: '', category: 'endpoints' });
    const answer = listed.structuredContent as {
      category: string;
      matches: { name: string; title?: string; signature: string }[];
      total: number;
    };
    expect(answer.category).toBe('endpoints');
    expect(answer.matches.map((match) => match.name)).toEqual(['endpoint_list', 'endpoint_inspect', 'endpoint_delete']);
    expect(
      answer.matches.every((match) => match.title === undefined && match.signature.startsWith(`${match.name}(`)),
    ).toBe(true);
    expect(answer.total).toBe(3);
    const within = (await call(registry, { query: 'delete', category: 'endpoints' })).structuredContent!.matches as {
      name: string;
    }[];
    expect(within.map((match) => match.name)).toEqual(['endpoint_delete']);
  });

  it('refuse an unknown category with the known ones', async () => {
    const registry = createRegistry({ all: tools, enabled: tools });
    const result = await call(registry, { query: '', category: 'widgets' });
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toMatch(
      /^No category 'widgets' among the enabled operations; categories: .*endpoints.*\.$/,
    );
  });
});

describe('signatureOf', () => {
  it('names required arguments with short types and counts the optional ones, leaving out select and confirm', () => {
    const schema = {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        mode: { enum: ['a', 'b'] },
        tags: { type: 'array', items: { type: 'string' } },
        note: { type: 'string' },
        select: { type: 'string' },
        confirm: { type: 'boolean' },
      },
      required: ['id', 'mode', 'tags', 'confirm'],
    };
    expect(signatureOf({ name: 'x', inputSchema: schema })).toBe(
      'x(id: integer, mode: "a"|"b", tags: string[]; 1 optional)',
    );
    expect(signatureOf({ name: 'y', inputSchema: { type: 'object' } })).toBe('y()');
  });

  it('counts a required but nullable argument (the OpenAI strict dialect) as optional', () => {
    const schema = {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        note: { type: ['string', 'null'] },
        spec: { anyOf: [{ type: 'object' }, { type: 'null' }] },
      },
      required: ['id', 'note', 'spec'],
    };
    expect(signatureOf({ name: 'x', inputSchema: schema })).toBe('x(id: integer; 2 optional)');
  });
});
