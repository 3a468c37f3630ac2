import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PACKAGED_DATA, packagedDataTexts, readPackagedCatalog } from '../src/catalog/packaged.js';
import { indexEntry, lazyTools, type ToolSpec } from '../src/catalog/types.js';
import { precomputeListing } from '../src/server/registry.js';
import { prepare } from '../src/server/prepare.js';
import { dispatchCall } from '../src/tools/dispatch.js';
import { fakeContext, portainerEnv, target, tools, upstreamResponse } from './fixtures.js';

/** A catalogue as a generated server has it: the index, and each full spec behind a counted loader. */
function catalog() {
  const load = vi.fn((position: number): ToolSpec => tools[position]!);
  return {
    load,
    definition: {
      target,
      tools: { index: tools.map(indexEntry), spec: load },
      listing: precomputeListing(tools),
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

  it('builds a full spec once, on the first call of its tool, and serves the call from it', async () => {
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
    expect(load).toHaveBeenCalledWith(tools.findIndex((tool) => tool.name === 'endpoint_inspect'));
    expect(fake.sent.map((request) => new URL(request.url).pathname)).toEqual(['/api/endpoints/1', '/api/endpoints/1']);
  });

  it('says which tool is indexed but missing from the catalogue', () => {
    const [lazy] = lazyTools({ index: [indexEntry(tools[0]!)], spec: () => tools[1]! });
    expect(() => lazy!.resolve()).toThrow(
      `tool ${tools[0]!.name} is in the index but the catalogue has ${tools[1]!.name} there`,
    );
  });
});

describe('a catalogue in data files beside the bundle', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'packaged-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const write = (texts: Record<string, string>) => {
    for (const [file, text] of Object.entries(texts)) writeFileSync(path.join(directory, file), text);
  };
  const texts = () =>
    packagedDataTexts({
      index: tools.map(indexEntry),
      listing: precomputeListing(tools),
      tools,
      search: { lexicon: [] },
    });

  it('reads back what the generator writes: index, listing text, each spec and the search index', () => {
    write(texts());
    const read = readPackagedCatalog(directory);
    expect(read.tools.index).toEqual(tools.map(indexEntry));
    const made = precomputeListing(tools);
    expect(tools.map((tool) => read.listing.get(tool.name))).toEqual(tools.map((tool) => made.get(tool.name)));
    // The length of each entry's text, told without decoding an ASCII line, is the decoded text's.
    expect(tools.map((tool) => read.listing.charsOf?.(tool.name))).toEqual(
      tools.map((tool) => made.get(tool.name)!.length),
    );
    expect(read.listing.get('no_such_tool')).toBeUndefined();
    expect(tools.map((_, position) => read.tools.spec(position))).toEqual(tools);
    expect(JSON.parse(read.search())).toEqual({ lexicon: [] });
  });

  it('keeps non-ASCII text exact: the index is written as ASCII escapes, a listing line is measured in characters', () => {
    const [first, ...rest] = tools;
    const accented = [
      { ...first!, description: 'Café — naïve ünïcode ✓', annotations: { ...first!.annotations, title: 'Ünïcode' } },
      ...rest,
    ] as typeof tools;
    const made = precomputeListing(accented);
    write(packagedDataTexts({ index: accented.map(indexEntry), listing: made, tools: accented, search: {} }));
    expect(readFileSync(path.join(directory, PACKAGED_DATA.index)).every((byte) => byte < 0x80)).toBe(true);
    const read = readPackagedCatalog(directory);
    expect(read.tools.index[0]!.annotations.title).toBe('Ünïcode');
    expect(read.listing.get(first!.name)).toBe(made.get(first!.name));
    expect(read.listing.charsOf?.(first!.name)).toBe(made.get(first!.name)!.length);
    expect(read.tools.spec(0).description).toBe('Café — naïve ünïcode ✓');
  });

  it('refuses a data file whose lines do not match the index, naming the file', () => {
    write({ ...texts(), [PACKAGED_DATA.listing]: 'x\n' });
    expect(() => readPackagedCatalog(directory)).toThrow(
      `listing.jsonl: 1 lines for ${tools.length} tools in index.json`,
    );
  });
});
