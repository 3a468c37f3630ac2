import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PrecomputedListing, ToolCatalog, ToolIndexEntry, ToolSpec } from './types.js';

/**
 * A generated package's data, in files beside its bundle (`dist/`): written by the
 * generator, read by the server. Data is kept out of the bundle because start-up
 * reads only the index and the listing: compiling, hashing and holding several
 * megabytes of literals the first answer does not need cost start-up time and memory.
 * Line i of each `.jsonl` file belongs to entry i of the index.
 */
export const PACKAGED_DATA = {
  /** Every tool's index entry (selection, ranking, hints), read at start-up. */
  index: 'index.json',
  /** Every tool's `tools/list` entry as JSON text, one per line, read at start-up and parsed when listed. */
  listing: 'listing.jsonl',
  /** Every tool's full spec, one per line, read on the first call and parsed per tool on its first use. */
  tools: 'tools.jsonl',
  /** The search index, read on the first search. */
  search: 'search.json',
} as const;

export interface PackagedCatalog {
  readonly tools: ToolCatalog;
  readonly listing: PrecomputedListing;
  readonly search: () => string;
}

export function readPackagedCatalog(directory: string): PackagedCatalog {
  const read = (file: string): string => readFileSync(path.join(directory, file), 'utf8');
  const index = JSON.parse(read(PACKAGED_DATA.index)) as readonly ToolIndexEntry[];
  const listing = linesOf({ text: read(PACKAGED_DATA.listing), file: PACKAGED_DATA.listing, count: index.length });
  let specs: readonly string[] | undefined;
  return {
    tools: {
      index,
      spec: (position) => {
        specs ??= linesOf({ text: read(PACKAGED_DATA.tools), file: PACKAGED_DATA.tools, count: index.length });
        return JSON.parse(specs[position]!) as ToolSpec;
      },
    },
    listing: new Map(index.map((entry, position) => [entry.name, listing[position]!])),
    search: () => read(PACKAGED_DATA.search),
  };
}

/** The lines of a `.jsonl` file, which must have one per tool of the index. */
function linesOf(options: { text: string; file: string; count: number }): readonly string[] {
  const lines = options.text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== options.count)
    throw new Error(`${options.file}: ${lines.length} lines for ${options.count} tools in ${PACKAGED_DATA.index}`);
  return lines;
}

/** The data files' contents, as the generator writes them (the inverse of readPackagedCatalog). */
export function packagedDataTexts(options: {
  index: readonly ToolIndexEntry[];
  listing: PrecomputedListing;
  tools: readonly ToolSpec[];
  search: unknown;
}): Record<(typeof PACKAGED_DATA)[keyof typeof PACKAGED_DATA], string> {
  const lines = (items: readonly string[]) => items.map((item) => `${item}\n`).join('');
  return {
    [PACKAGED_DATA.index]: `[\n${options.index.map((entry) => JSON.stringify(entry)).join(',\n')}\n]\n`,
    [PACKAGED_DATA.listing]: lines(options.index.map((entry) => options.listing.get(entry.name)!)),
    [PACKAGED_DATA.tools]: lines(options.tools.map((spec) => JSON.stringify(spec))),
    [PACKAGED_DATA.search]: `${JSON.stringify(options.search)}\n`,
  };
}
