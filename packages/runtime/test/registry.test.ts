import { describe, expect, it } from 'vitest';
import { createRegistry, precomputeListing } from '../src/server/registry.js';
import { proxyInputSchema } from '../src/tools/proxy-schema.js';
import { rawApiTool, rawInputSchema } from '../src/tools/raw-api.js';
import {
  dockerProxy,
  endpointDelete,
  endpointInspect,
  pveTools,
  SELECT_PROPERTY,
  settingsInspect,
  tools,
} from './fixtures.js';

/** A schema as registered: the same object with the `select` argument added to its properties. */
function withSelectProperty(schema: Record<string, unknown>, name = 'select') {
  return { ...schema, properties: { ...(schema.properties as object), [name]: SELECT_PROPERTY } };
}

/** The four hints: tools/list gives the title once, at the top level, not again inside the annotations. */
function hints(annotations: { title: string }) {
  const { title: _title, ...rest } = annotations;
  return rest;
}

describe('createRegistry', () => {
  it('knows every tool but enables and lists only the enabled ones, in their order', () => {
    const registry = createRegistry({ all: tools, enabled: [settingsInspect, endpointInspect, dockerProxy] });
    expect([...registry.known.keys()]).toEqual(tools.map((tool) => tool.name));
    expect([...registry.enabled]).toEqual(['settings_inspect', 'endpoint_inspect', 'docker_proxy']);
    expect(registry.listed.map((tool) => tool.name)).toEqual(['settings_inspect', 'endpoint_inspect', 'docker_proxy']);
  });

  it('lists name, title, description, input schema (with select) and the hints without a second title', () => {
    const registry = createRegistry({ all: tools, enabled: [endpointDelete] });
    expect(registry.listed).toEqual([
      {
        name: 'endpoint_delete',
        title: 'Remove an environment',
        description: 'Remove an environment.',
        inputSchema: withSelectProperty(endpointDelete.inputSchema),
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
      },
    ]);
    expect(registry.listed[0]?.annotations).not.toHaveProperty('title');
  });

  it('builds the input schema of proxy tools', () => {
    const registry = createRegistry({ all: tools, enabled: [dockerProxy] });
    expect(registry.known.get('docker_proxy')?.inputSchema).toEqual(withSelectProperty(proxyInputSchema(dockerProxy)));
    // The proxy schema is flat and its descriptions short: the lean listing is the same schema.
    expect(registry.listed[0]?.inputSchema).toEqual(withSelectProperty(proxyInputSchema(dockerProxy)));
    expect(registry.listed[0]?.annotations).toEqual(hints(dockerProxy.annotations));
  });

  it('registers operation tools with their own schema plus the select argument', () => {
    const registry = createRegistry({ all: tools, enabled: [] });
    expect(registry.known.get('endpoint_inspect')).toEqual({
      spec: endpointInspect,
      inputSchema: withSelectProperty(endpointInspect.inputSchema),
      selectArg: 'select',
    });
    // The spec's own schema is not changed by registration.
    expect(endpointInspect.inputSchema.properties).not.toHaveProperty('select');
    expect(registry.known.get('endpoint_inspect')?.spec).toBe(endpointInspect);
    expect(registry.listed).toEqual([]);
    expect(registry.enabled.size).toBe(0);
  });

  it('lists and knows an enabled tool that is missing from all (the raw API tool)', () => {
    const registry = createRegistry({ all: [endpointInspect], enabled: [settingsInspect] });
    expect(registry.listed.map((tool) => tool.name)).toEqual(['settings_inspect']);
    expect(registry.known.get('settings_inspect')?.spec).toBe(settingsInspect);
    expect([...registry.known.keys()]).toEqual(['endpoint_inspect', 'settings_inspect']);
  });

  it('registers the raw API tool with its own schema and lists its annotations', () => {
    const raw = rawApiTool({ name: 'api_request', description: 'Call any path.' });
    const registry = createRegistry({ all: tools, enabled: [raw] });
    expect(registry.known.get('api_request')).toEqual({
      spec: raw,
      inputSchema: withSelectProperty(rawInputSchema()),
      selectArg: 'select',
    });
    expect(registry.listed).toEqual([
      {
        name: 'api_request',
        title: 'Raw API request',
        description: 'Call any path.',
        inputSchema: withSelectProperty(rawInputSchema()),
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
      },
    ]);
  });

  it('keeps every operation of all (not proxies, not only the enabled ones) for the raw tool', () => {
    const registry = createRegistry({ all: [...tools, ...pveTools], enabled: [settingsInspect] });
    const expected = [...tools, ...pveTools].flatMap((tool) =>
      tool.kind === 'operation' ? [{ method: tool.method, path: tool.path, safety: tool.safety }] : [],
    );
    expect(registry.operations).toEqual(expected);
    expect(registry.operations).toHaveLength(tools.length - 2 + pveTools.length);
  });

  it('names the projection argument _select when the upstream already has an input called select', () => {
    const clash = {
      ...endpointInspect,
      name: 'clash',
      inputSchema: {
        ...endpointInspect.inputSchema,
        properties: { ...(endpointInspect.inputSchema.properties as object), select: { type: 'string' } },
      },
    };
    const registry = createRegistry({ all: [clash], enabled: [clash] });
    const known = registry.known.get('clash');
    expect(known?.selectArg).toBe('_select');
    expect((known?.inputSchema.properties as Record<string, unknown>).select).toEqual({ type: 'string' });
    expect((known?.inputSchema.properties as Record<string, unknown>)._select).toEqual(SELECT_PROPERTY);
  });
});

describe('hints of proxy tools on a server that only allows reads', () => {
  const proxyHints = (readsOnly: boolean) =>
    createRegistry({ all: tools, enabled: [dockerProxy, endpointDelete], readsOnly }).listed.map((tool) => [
      tool.name,
      tool.annotations,
    ]);

  it('say read-only, not destructive, for the proxy (it can only GET there), and leave operations as declared', () => {
    const [proxy, operation] = proxyHints(true);
    expect(proxy![1]).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true });
    expect(operation![1]).toEqual(hints(endpointDelete.annotations));
  });

  it('keep the declared hints when writes are allowed', () => {
    const [proxy] = proxyHints(false);
    expect(proxy![1]).toEqual(hints(dockerProxy.annotations));
  });

  it('takes listing entries precomputed at generation, equal to what it computes itself, and still marks proxies read-only on a read-only server', () => {
    const precomputed = precomputeListing(tools);
    expect([...precomputed.keys()]).toEqual(tools.map((tool) => tool.name));
    for (const readsOnly of [false, true]) {
      const computed = createRegistry({ all: tools, enabled: tools, readsOnly });
      const parsed = createRegistry({
        all: tools,
        enabled: tools,
        readsOnly,
        precomputed: new Map(JSON.parse(JSON.stringify([...precomputed])) as [string, string][]),
      });
      expect(parsed.listed).toEqual(computed.listed);
    }
    const text = JSON.stringify({
      ...(JSON.parse(precomputed.get('endpoint_inspect')!) as object),
      description: 'from the generator',
    });
    const marked = createRegistry({
      all: tools,
      enabled: [endpointInspect],
      precomputed: new Map([...precomputed, ['endpoint_inspect', text]]),
    });
    expect(marked.listed[0]?.description).toBe('from the generator');
    // The size of an entry is its JSON text's length, precomputed or not.
    expect(marked.sizeOf('endpoint_inspect')).toBe(text.length);
    expect(createRegistry({ all: tools, enabled: [dockerProxy], readsOnly: true }).sizeOf('docker_proxy')).toBe(
      JSON.stringify(createRegistry({ all: tools, enabled: [dockerProxy], readsOnly: true }).listed[0]).length,
    );
    expect(
      createRegistry({ all: tools, enabled: [dockerProxy], readsOnly: true, precomputed }).listed[0]?.annotations,
    ).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });
});
