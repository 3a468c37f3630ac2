import { describe, expect, it, vi } from 'vitest';
import { indexEntry, lazyTools, type ToolSpec } from '../src/catalog/types.js';
import { precomputeListing } from '../src/server/registry.js';
import { prepare } from '../src/server/prepare.js';
import { dispatchCall } from '../src/tools/dispatch.js';
import { fakeContext, portainerEnv, target, tools, upstreamResponse } from './fixtures.js';

/** A catalogue as a generated server has it: the index, and the full specs behind a counted loader. */
function catalog() {
  const load = vi.fn((): readonly ToolSpec[] => tools);
  return {
    load,
    definition: {
      target,
      tools: { index: tools.map(indexEntry), load },
      listing: JSON.stringify(precomputeListing(tools)),
    },
  };
}

describe('a catalogue with an index', () => {
  it('starts, selects, ranks and lists from the index alone, never building the full specs', () => {
    const { load, definition } = catalog();
    for (const env of [
      portainerEnv(),
      portainerEnv({ PORTAINER_PROFILES: 'ALL', PORTAINER_MAX_TOOLS: '6' }),
      portainerEnv({ PORTAINER_READ_ONLY: '1' }),
    ]) {
      const lazy = prepare({ definition, env });
      const full = prepare({ definition: { target, tools }, env });
      expect(lazy.surface.listing).toEqual(full.surface.listing);
      expect([...lazy.registry.enabled]).toEqual([...full.registry.enabled]);
    }
    expect(load).not.toHaveBeenCalled();
  });

  it('builds the full specs once, on the first call, and serves the call from them', async () => {
    const { load, definition } = catalog();
    const { registry } = prepare({ definition, env: portainerEnv() });
    const fake = fakeContext({ reply: () => upstreamResponse({ body: '{"Id":1}' }) });
    const call = () =>
      dispatchCall({
        tool: registry.known.get('endpoint_inspect'),
        enabled: true,
        name: 'endpoint_inspect',
        args: { id: 1 },
        context: fake.context,
        operations: registry.operations,
      });
    expect((await call()).isError).toBeFalsy();
    expect((await call()).isError).toBeFalsy();
    expect(load).toHaveBeenCalledTimes(1);
    expect(fake.sent.map((request) => new URL(request.url).pathname)).toEqual(['/api/endpoints/1', '/api/endpoints/1']);
  });

  it('says which tool is indexed but missing from the catalogue', () => {
    const [lazy] = lazyTools({ index: [indexEntry(tools[0]!)], load: () => [] });
    expect(() => lazy!.resolve()).toThrow(`tool ${tools[0]!.name} is in the index but not in the catalogue`);
  });
});
