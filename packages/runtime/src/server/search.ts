import { type SearchIndexData, documentOf, type SearchSource, searchSourceOf } from '../search/data.js';
import { loadIndex, scoreDocuments, type SearchIndex } from '../search/bm25f.js';
import { conceptsOf } from '../search/query.js';
import { asksToRead, splitWords } from '../search/tokens.js';
import type { CallContext } from '../tools/context.js';
import { refusedResult, type ToolResult, valueResult } from '../tools/result.js';
import { DISCOVERY_TOOLS } from './discovery-names.js';
import type { ToolRegistry } from './registry.js';
import { signatureOf } from './signature.js';

/** A question ("is VM 100 running?", "list ...") prefers operations that only read, by this factor. */
const READ_PREFERENCE = 1.3;

export interface SearchRequest {
  readonly query: string;
  readonly limit: number;
  /** A tag (Portainer) or category (PVE): only its operations; with no query, all of them. */
  readonly category?: string | undefined;
}

/**
 * `search_operations`: the enabled tools ranked for a few words by BM25F over each tool's
 * name, title, summary, path words and parameter names, with the target's intent lexicon
 * (everyday words to the API's words) applied to the query. The index is the one the
 * generator built, loaded on the first search; each match carries a one-line signature.
 */
export function searchOperations(options: {
  registry: ToolRegistry;
  context: CallContext;
  request: SearchRequest;
}): ToolResult {
  const { registry, request } = options;
  const names = namesIn({ registry, category: request.category });
  if (typeof names === 'string') return refusedResult(names);
  const shape = options.context.shape;
  if (splitWords(request.query).length === 0) {
    if (request.category === undefined)
      return refusedResult(`Give ${DISCOVERY_TOOLS.search} a query of one or more words, or a category to list.`);
    return valueResult({
      value: {
        category: request.category,
        matches: names.map((name) => compactMatch({ registry, name })),
        total: names.length,
      },
      shape,
    });
  }
  const ranked = rank({ registry, names, query: request.query });
  const matches = ranked.slice(0, request.limit).map((name) => fullMatch({ registry, name }));
  return valueResult({ value: { matches, total: ranked.length }, shape });
}

/** Enabled tool names, of one category when asked; a message when the category is unknown. */
function namesIn(options: { registry: ToolRegistry; category?: string | undefined }): string[] | string {
  const { registry } = options;
  const enabled = [...registry.enabled];
  if (options.category === undefined) return enabled;
  const wanted = options.category.trim().toLowerCase();
  const tagsOf = (name: string) => registry.entries.get(name)?.tags ?? [];
  const names = enabled.filter((name) => tagsOf(name).some((tag) => tag.toLowerCase() === wanted));
  if (names.length > 0) return names;
  const known = [...new Set(enabled.flatMap(tagsOf))].sort();
  return `No category '${options.category}' among the enabled operations; categories: ${known.join(', ')}.`;
}

function rank(options: { registry: ToolRegistry; names: readonly string[]; query: string }): string[] {
  const { registry } = options;
  const index = indexOf(registry);
  const concepts = conceptsOf({ query: options.query, lexicon: index.lexicon });
  const readFirst = asksToRead(options.query);
  const scores = scoreDocuments({ index, concepts });
  const scored = options.names.flatMap((name) => {
    const found = scores.get(name);
    if (found === undefined) return [];
    const reads = registry.hintsOf(name).readOnlyHint;
    return [
      {
        name,
        score: found * (readFirst && reads ? READ_PREFERENCE : 1),
        reads,
        length: index.nameLengths.get(name) ?? 0,
      },
    ];
  });
  // Ties: reads before writes, then the shorter name (`stack_delete` before `edge_stack_delete`), then by name.
  return scored
    .filter((entry) => entry.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score || Number(b.reads) - Number(a.reads) || a.length - b.length || (a.name < b.name ? -1 : 1),
    )
    .map((entry) => entry.name);
}

function fullMatch(options: { registry: ToolRegistry; name: string }) {
  const tool = options.registry.listingOf(options.name);
  return {
    name: tool.name,
    title: tool.title,
    signature: signatureOf(tool),
    readOnly: tool.annotations.readOnlyHint,
    destructive: tool.annotations.destructiveHint,
  };
}

/** A full match without its title (a category listing is compact). */
function compactMatch(options: { registry: ToolRegistry; name: string }) {
  const { title: _title, ...compact } = fullMatch(options);
  return compact;
}

const indexes = new WeakMap<ToolRegistry, SearchIndex>();

/**
 * The registry's search index, made on the first search: the generator's, parsed, plus a
 * document for each enabled tool it lacks (the raw API tool, servers built without one).
 */
function indexOf(registry: ToolRegistry): SearchIndex {
  let index = indexes.get(registry);
  if (!index) {
    const data: SearchIndexData = registry.searchIndex
      ? (JSON.parse(registry.searchIndex()) as SearchIndexData)
      : { lexicon: [], docs: [] };
    const covered = new Set(data.docs.map((doc) => doc.name));
    const missing = [...registry.enabled]
      .filter((name) => !covered.has(name))
      .map((name) => documentOf(sourceOf({ registry, name })));
    index = loadIndex({ lexicon: data.lexicon, docs: [...data.docs, ...missing] });
    indexes.set(registry, index);
  }
  return index;
}

function sourceOf(options: { registry: ToolRegistry; name: string }): SearchSource {
  return searchSourceOf({ spec: options.registry.known.get(options.name)!.spec });
}
