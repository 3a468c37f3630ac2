import path from 'node:path';
import { indexEntry, packagedDataTexts, precomputeListing, type SearchIndexData, type ToolSpec } from '@mcpgen/runtime';

/**
 * The data files a server reads beside its bundle (`dist/index.json`, `listing.jsonl`,
 * `tools.jsonl`, `search.json`), made with the runtime's own functions so that the
 * server reads exactly what it would have computed. `src/tools.gen.ts` holds the same
 * tool entries for review and typechecking.
 */
export function packagedDataFiles(options: {
  tools: readonly ToolSpec[];
  search: SearchIndexData;
}): { path: string; text: string }[] {
  const texts = packagedDataTexts({
    index: options.tools.map(indexEntry),
    listing: precomputeListing(options.tools),
    tools: options.tools,
    search: options.search,
  });
  return Object.entries(texts).map(([file, text]) => ({ path: path.posix.join('dist', file), text }));
}
