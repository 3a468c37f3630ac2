import type { CallContext } from '../tools/context.js';
import { refusedResult, type ToolResult, valueResult } from '../tools/result.js';
import { DISCOVERY_TOOLS } from './discovery-names.js';
import type { ListedTool, ToolRegistry } from './registry.js';

/**
 * `search_operations`: the enabled tools ranked for a few words. A word counts more
 * in a name than in a title or a description, and more when it is rare; plurals and
 * the upstreams' own words for common ones match too.
 */
export function searchOperations(options: { registry: ToolRegistry; context: CallContext; query: string; limit: number }): ToolResult {
  const words = queryWords(options.query);
  if (words.length === 0) return refusedResult(`Give ${DISCOVERY_TOOLS.search} a query of one or more words.`);
  const documents = searchDocuments(options.registry);
  const weights = words.map((variants) => weightOf({ variants, documents }));
  const scored = documents
    .map((document) => ({ document, score: score({ document, words, weights }) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || (a.document.tool.name < b.document.tool.name ? -1 : 1));
  const matches = scored.slice(0, options.limit).map(({ document: { tool } }) => ({ name: tool.name, title: tool.title, readOnly: tool.annotations.readOnlyHint, destructive: tool.annotations.destructiveHint }));
  return valueResult({ value: { matches, total: scored.length }, shape: options.context.shape });
}

/** Words the upstreams spell differently from how people ask: each query word also matches these. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  vm: ['qemu', 'virtual machine'],
  vms: ['qemu', 'virtual machine'],
  ct: ['lxc'],
  git: ['repository'],
  backup: ['vzdump'],
  delete: ['remove'],
  remove: ['delete'],
  environment: ['endpoint'],
};

/** Each query word with its variants: itself, its singular (`containers` -> `container`) and its synonyms. */
function queryWords(query: string): string[][] {
  const words = query.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word.length > 1);
  return words.map((word) => {
    const singular = word.length > 4 && word.endsWith('s') ? word.slice(0, -1) : word;
    return [...new Set([singular, ...synonymsOf(word), ...synonymsOf(singular)])];
  });
}

/** Own entries only: a query word such as `constructor` must not find Object's. */
function synonymsOf(word: string): readonly string[] {
  return Object.hasOwn(SYNONYMS, word) ? SYNONYMS[word]! : [];
}

interface SearchDocument {
  readonly tool: ListedTool;
  readonly name: string;
  readonly title: string;
  readonly description: string;
}

const documentsByRegistry = new WeakMap<ToolRegistry, readonly SearchDocument[]>();

/** Lower-cased texts of every enabled tool, made once per registry. */
function searchDocuments(registry: ToolRegistry): readonly SearchDocument[] {
  let documents = documentsByRegistry.get(registry);
  if (!documents) {
    documents = registry.listed.map((tool) => ({ tool, name: tool.name.toLowerCase().replace(/_/g, ' '), title: tool.title.toLowerCase(), description: tool.description.toLowerCase() }));
    documentsByRegistry.set(registry, documents);
  }
  return documents;
}

/** Rare words tell more: "restart" picks out a few tools, "list" a hundred (inverse document frequency). */
function weightOf(options: { variants: readonly string[]; documents: readonly SearchDocument[] }): number {
  const containing = options.documents.filter((document) => options.variants.some((variant) => mentions({ document, variant }))).length;
  return Math.log(1 + options.documents.length / (1 + containing));
}

function mentions(options: { document: SearchDocument; variant: string }): boolean {
  const { document, variant } = options;
  return document.name.includes(variant) || document.title.includes(variant) || document.description.includes(variant);
}

/** A word found in the name counts most, then in the title, then in the description; each weighted by its rarity. */
function score(options: { document: SearchDocument; words: readonly (readonly string[])[]; weights: readonly number[] }): number {
  const { document } = options;
  return options.words.reduce((sum, variants, index) => {
    const field = (text: string) => variants.some((variant) => text.includes(variant));
    const found = field(document.name) ? 3 : field(document.title) ? 2 : field(document.description) ? 1 : 0;
    return sum + found * options.weights[index]!;
  }, 0);
}
