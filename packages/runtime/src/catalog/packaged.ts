import { isAscii } from 'node:buffer';
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
  const read = (file: string): Buffer => readFileSync(path.join(directory, file));
  const index = JSON.parse(text(read(PACKAGED_DATA.index))) as readonly ToolIndexEntry[];
  const listing = lineSpans({ bytes: read(PACKAGED_DATA.listing), file: PACKAGED_DATA.listing, count: index.length });
  const positions = new Map(index.map((entry, position) => [entry.name, position]));
  let specs: ReturnType<typeof lineSpans> | undefined;
  return {
    tools: {
      index,
      spec: (position) => {
        specs ??= lineSpans({ bytes: read(PACKAGED_DATA.tools), file: PACKAGED_DATA.tools, count: index.length });
        // Decoded without keeping the text: the parsed spec is kept by whoever asked (once per tool).
        return JSON.parse(specs.decode(position)) as ToolSpec;
      },
    },
    listing: {
      get: (name) => at({ positions, name, of: listing.text }),
      charsOf: (name) => at({ positions, name, of: listing.chars }),
    },
    search: () => text(read(PACKAGED_DATA.search)),
  };
}

function at<T>(options: {
  positions: ReadonlyMap<string, number>;
  name: string;
  of: (position: number) => T;
}): T | undefined {
  const position = options.positions.get(options.name);
  return position === undefined ? undefined : options.of(position);
}

/** ASCII (as the generator writes the index) decodes as latin1, without a UTF-8 pass. */
function text(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/**
 * The lines of a `.jsonl` file, which must have one per tool of the index, decoded one at a
 * time when asked for: start-up needs the text of the listed tools only, and of the others
 * their length, which an ASCII line (nearly all) gives without decoding.
 */
function lineSpans(options: { bytes: Buffer; file: string; count: number }): {
  /** A line's text, decoded once and kept (listing entries are read more than once). */
  text: (position: number) => string;
  /** A line's text, decoded each time and not kept. */
  decode: (position: number) => string;
  chars: (position: number) => number;
} {
  const { bytes } = options;
  const starts: number[] = [];
  for (let start = 0; start < bytes.length;) {
    starts.push(start);
    const end = bytes.indexOf(0x0a, start);
    start = end === -1 ? bytes.length : end + 1;
  }
  if (starts.length !== options.count)
    throw new Error(`${options.file}: ${starts.length} lines for ${options.count} tools in ${PACKAGED_DATA.index}`);
  // A line ends before its line feed: the next line's start less one, or the file's end (less a final line feed).
  const fileEnd = bytes.at(-1) === 0x0a ? bytes.length - 1 : bytes.length;
  const line = (position: number) =>
    bytes.subarray(starts[position]!, position + 1 < starts.length ? starts[position + 1]! - 1 : fileEnd);
  const decoded = new Map<number, string>();
  const textAt = (position: number): string => {
    let value = decoded.get(position);
    if (value === undefined) decoded.set(position, (value = line(position).toString('utf8')));
    return value;
  };
  return {
    text: textAt,
    decode: (position) => line(position).toString('utf8'),
    chars: (position) => {
      const bytesOfLine = line(position);
      return isAscii(bytesOfLine) ? bytesOfLine.length : textAt(position).length;
    },
  };
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
    // ASCII only (other characters as JSON escapes): the server decodes the index as latin1, without a UTF-8 pass.
    [PACKAGED_DATA.index]: `[\n${options.index.map((entry) => asciiJson(entry)).join(',\n')}\n]\n`,
    [PACKAGED_DATA.listing]: lines(options.index.map((entry) => options.listing.get(entry.name)!)),
    [PACKAGED_DATA.tools]: lines(options.tools.map((spec) => JSON.stringify(spec))),
    [PACKAGED_DATA.search]: `${JSON.stringify(options.search)}\n`,
  };
}

function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
