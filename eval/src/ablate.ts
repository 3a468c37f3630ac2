import type { ToolRegistry } from '../../packages/runtime/src/server/registry.js';
import type { SearchIndexData } from '../../packages/runtime/src/search/data.js';

/**
 * The registry with its search index's intent lexicon emptied. The lexicon was written with the
 * dev tasks in view, so dev figures overstate how the ranker does on phrasings nobody wrote
 * down; without it, dev shows what a general mechanism (one that needs no hand entries) adds.
 * The other members are the registry's own, read through the prototype so that none is built early.
 */
export function withoutLexicon(registry: ToolRegistry): ToolRegistry {
  const { searchIndex } = registry;
  if (!searchIndex) return registry;
  const stripped = (): string => JSON.stringify({ ...(JSON.parse(searchIndex()) as SearchIndexData), lexicon: [] });
  return Object.create(registry, { searchIndex: { value: stripped, enumerable: true } }) as ToolRegistry;
}
