import { afterEach, describe, expect, it } from 'vitest';
import type { ToolSpec } from '../src/catalog/types.js';
import { createMcpServer } from '../src/server/create-server.js';
import { createRegistry } from '../src/server/registry.js';
import { prepare } from '../src/server/prepare.js';
import type { SurfaceLimits, ToolMode } from '../src/config/tool-mode.js';
import { chooseSurface, coreTagsOf } from '../src/server/surface.js';
import {
  endpointDelete,
  endpointInspect,
  endpointList,
  fakeContext,
  names,
  portainerEnv,
  pveTarget,
  settingsInspect,
  stackCreateString,
  tagCreate,
  target,
  tools,
  upstreamResponse,
  userCreate,
} from './fixtures.js';
import { connectInMemory } from './in-memory.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const DISCOVERY = ['search_operations', 'describe_operation', 'call_operation'];
const ROOMY: SurfaceLimits = { maxChars: 1_000_000, maxTools: 1000 };
/** Portainer's default profiles, in order: BASE (auth, system, status, settings, motd), DOCKER (docker, endpoints, stacks, gitops), ... */
const CORE = coreTagsOf(target);

function surface(options: {
  enabled?: readonly ToolSpec[];
  mode?: ToolMode;
  limits?: SurfaceLimits;
  coreTools?: readonly string[];
}) {
  const registry = createRegistry({ all: tools, enabled: options.enabled ?? tools });
  const core = options.coreTools ? { coreTools: options.coreTools } : {};
  return {
    registry,
    surface: chooseSurface({
      registry,
      mode: options.mode ?? 'auto',
      limits: options.limits ?? ROOMY,
      displayName: 'Portainer',
      coreTags: CORE,
      ...core,
    }),
  };
}

describe('coreTagsOf', () => {
  it('is the tags of the default profiles in their order, or the target own list', () => {
    expect(CORE).toEqual([
      'auth',
      'system',
      'status',
      'settings',
      'motd',
      'docker',
      'endpoints',
      'stacks',
      'gitops',
      'kubernetes',
      'helm',
    ]);
    expect(coreTagsOf({ ...pveTarget, coreTags: ['qemu', 'lxc'] })).toEqual(['qemu', 'lxc']);
  });
});

describe('chooseSurface', () => {
  it('lists every tool when they fit (auto) or whatever their size (tools)', () => {
    const roomy = surface({});
    expect(roomy.surface).toMatchObject({ listing: roomy.registry.listed, discovery: false, unlisted: 0 });
    const forced = surface({ mode: 'tools', limits: { maxChars: 10, maxTools: 1 } });
    expect(names(forced.surface.listing)).toEqual(names(tools));
  });

  it('lists the curated core tools first, in their order, before core tags and depth; unknown or hidden names list nothing', () => {
    const { surface: curated } = surface({
      limits: { maxChars: 1_000_000, maxTools: 7 },
      coreTools: ['user_create', 'no_such_tool', 'tag_create'],
    });
    // Proxies, then the curated non-core-tag tools that depth and tags alone would never reach with 4 places.
    expect(names(curated.listing)).toEqual([
      'tag_create',
      'user_create',
      'docker_proxy',
      'kubernetes_proxy',
      ...DISCOVERY,
    ]);
    const { surface: hidden } = surface({
      enabled: tools.filter((tool) => tool.name !== 'user_create'),
      limits: { maxChars: 1_000_000, maxTools: 6 },
      coreTools: ['user_create', 'tag_create'],
    });
    expect(names(hidden.listing)).toEqual(['tag_create', 'docker_proxy', 'kubernetes_proxy', ...DISCOVERY]);
  });

  it('lists only the discovery tools in discovery mode, saying how many operations they reach', () => {
    const { surface: only } = surface({ mode: 'discovery' });
    expect(names(only.listing)).toEqual(DISCOVERY);
    expect(only.unlisted).toBe(tools.length);
    expect(only.listing[0]?.description).toContain(
      `${tools.length} operations are not listed as tools and are reached this way (`,
    );
  });

  it('past the tool count, lists proxies, then core tools shallow paths first (reads first at one depth), then the rest, plus discovery', () => {
    const { surface: five } = surface({ limits: { maxChars: 1_000_000, maxTools: 8 } });
    expect(five.discovery).toBe(true);
    // Listed in catalogue order. Ranked: the two proxies; then the core tools at depth 1 (/settings, /endpoints,
    // /endpoints/{id}), reads before the destructive DELETE, settings (BASE) before endpoints (DOCKER).
    expect(names(five.listing)).toEqual([
      'endpoint_list',
      'endpoint_inspect',
      'settings_inspect',
      'docker_proxy',
      'kubernetes_proxy',
      ...DISCOVERY,
    ]);
    expect(five.unlisted).toBe(tools.length - 5);
    const search = five.listing.find((tool) => tool.name === 'search_operations')!;
    expect(search.description).toContain(
      `${tools.length - 5} operations are not listed as tools and are reached this way (`,
    );
    // The destructive DELETE at depth 1 comes before the read at depth 3 (/docker/{environmentId}/containers/{containerId}/image_status).
    const { surface: seven } = surface({ limits: { maxChars: 1_000_000, maxTools: 10 } });
    expect(names(seven.listing).slice(0, -3)).toEqual([
      'endpoint_list',
      'endpoint_inspect',
      'endpoint_delete',
      'container_image_status',
      'settings_inspect',
      'docker_proxy',
      'kubernetes_proxy',
    ]);
    // Non-core tools (tags, users, ...) come only after every core tool: with 8 direct places, none is listed.
    const { surface: eight } = surface({ limits: { maxChars: 1_000_000, maxTools: 11 } });
    expect(names(eight.listing)).toContain('stack_create_docker_standalone_string');
    expect(
      names(eight.listing).filter((name) =>
        ['tag_create', 'restore', 'user_create', 'edge_config_update'].includes(name),
      ),
    ).toEqual([]);
  });

  it('past the character budget, keeps the listing within it and lists no tool larger than a twentieth of it', () => {
    const { registry } = surface({});
    const budget = 14_000;
    // Eleven places for twelve tools: not everything fits, so the budget rules apply.
    const { surface: hybrid } = surface({ limits: { maxChars: budget, maxTools: 11 } });
    const direct = hybrid.listing.filter((tool) => !DISCOVERY.includes(tool.name));
    expect(JSON.stringify(hybrid.listing).length).toBeLessThanOrEqual(budget);
    expect(direct.length).toBeGreaterThan(0);
    expect(direct.every((tool) => JSON.stringify(tool).length <= budget / 20)).toBe(true);
    // A tool over the share is passed over, and smaller ones after it in the ranking are still listed.
    expect(registry.listed.some((tool) => JSON.stringify(tool).length > budget / 20)).toBe(true);
    expect(direct.length + hybrid.unlisted).toBe(registry.listed.length);
  });

  it('is what prepare serves by default for a selection past the limits set in the environment', () => {
    const prepared = prepare({
      definition: { target, tools },
      env: portainerEnv({ PORTAINER_PROFILES: 'ALL', PORTAINER_MAX_TOOLS: '6' }),
    });
    expect(prepared.config.surfaceLimits).toEqual({ maxChars: 100_000, maxTools: 6 });
    expect(prepared.surface.listing).toHaveLength(6);
    expect(names(prepared.surface.listing).slice(-3)).toEqual(DISCOVERY);
    expect(() =>
      prepare({ definition: { target, tools }, env: portainerEnv({ PORTAINER_TOOL_BUDGET: 'lots' }) }),
    ).toThrow('PORTAINER_TOOL_BUDGET');
  });
});

describe('a hybrid listing over MCP', () => {
  async function connect(options: { readOnly?: boolean } = {}) {
    const fake = fakeContext({
      readOnly: options.readOnly ?? false,
      reply: () => upstreamResponse({ body: '{"Id":9}' }),
    });
    const enabled = [
      endpointList,
      endpointInspect,
      endpointDelete,
      settingsInspect,
      stackCreateString,
      tagCreate,
      userCreate,
    ];
    const { registry, surface: hybrid } = surface({ enabled, limits: { maxChars: 1_000_000, maxTools: 5 } });
    const server = createMcpServer({
      identity: { name: 'mcp-portainer', version: '2.43.0' },
      registry,
      context: fake.context,
      user: 'alice',
      surface: hybrid,
    });
    const { client, close } = await connectInMemory(server);
    closers.push(close);
    return { client, fake };
  }

  it('lists what fits plus discovery, and reaches an unlisted tool through call_operation and by name', async () => {
    const { client, fake } = await connect();
    expect(names((await client.listTools()).tools)).toEqual(['endpoint_list', 'settings_inspect', ...DISCOVERY]);
    const viaDiscovery = await client.callTool({
      name: 'call_operation',
      arguments: { name: 'tag_create', arguments: { body: { name: 'prod' } } },
    });
    const byName = await client.callTool({ name: 'tag_create', arguments: { body: { name: 'prod' } } });
    expect(viaDiscovery.isError).toBeFalsy();
    expect(byName).toEqual(viaDiscovery);
    expect(fake.sent.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      'POST /api/tags',
      'POST /api/tags',
    ]);
  });

  it('refuses an unlisted destructive call under read-only exactly as a listed one', async () => {
    const { client, fake } = await connect({ readOnly: true });
    const refused = await client.callTool({
      name: 'call_operation',
      arguments: { name: 'endpoint_delete', arguments: { id: 1 } },
    });
    expect(refused.isError).toBe(true);
    expect((refused.content as { text: string }[])[0]?.text).toBe(
      'Refused: endpoint_delete (destructive) is not allowed with PORTAINER_READ_ONLY=1. Nothing was sent upstream.',
    );
    expect(fake.sent).toEqual([]);
  });

  it('gives the listing as JSON text made from the precomputed entries, the same as the parsed listing serialized', () => {
    for (const options of [{}, { limits: { maxChars: 1_000_000, maxTools: 7 } }, { mode: 'discovery' as const }]) {
      const { surface: chosen } = surface(options);
      expect(chosen.listingJson!()).toBe(JSON.stringify(chosen.listing));
    }
  });

  it('sends a precomputed entry as it was generated, without parsing it', () => {
    const plain = createRegistry({ all: tools, enabled: tools });
    // Texts that differ from a re-serialization only in spacing: the listing must carry them as they are.
    const texts = new Map(plain.listed.map((tool) => [tool.name, JSON.stringify(tool, null, 1)]));
    const registry = createRegistry({ all: tools, enabled: tools, precomputed: { get: (name) => texts.get(name) } });
    const chosen = chooseSurface({ registry, mode: 'tools', limits: ROOMY, displayName: 'Portainer', coreTags: CORE });
    expect(chosen.listingJson!()).toBe(`[${[...texts.values()].join(',')}]`);
    expect(JSON.parse(chosen.listingJson!())).toEqual(chosen.listing);
  });
});
