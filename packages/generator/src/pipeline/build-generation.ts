import { buildSearchIndexData, type SearchIndexData, searchSourceOf, selectTools, type TargetSpec, type ToolSpec } from '@mcpgen/runtime';
import { checkCoreTags, checkToolNames } from '../emit/client-fit.js';
import { listEveryTool, measureProfiles, type ProfileMetrics } from '../emit/metrics.js';
import { lintInputSchemas, type SchemaException } from '../emit/schema-lint.js';
import type { IrApi } from '../ir/types.js';
import type { NameCollision } from '../plan/assign-names.js';
import { planTools } from '../plan/tools.js';
import type { TargetFile, TargetVersion } from '../targets/schema.js';
import { readSource } from './read-source.js';
import { checkedSpecPath } from './spec-file.js';
import { buildProxyTools, buildTargetSpec } from './target-spec.js';

/** Everything known about one upstream version before anything is written. */
export interface Generation {
  readonly api: IrApi;
  readonly target: TargetSpec;
  readonly tools: readonly ToolSpec[];
  readonly collisions: readonly NameCollision[];
  readonly metrics: readonly ProfileMetrics[];
  /** Where listed input schemas leave the subset strict clients accept. */
  readonly schemaExceptions: readonly SchemaException[];
  /** The search index the server loads on its first search. */
  readonly search: SearchIndexData;
}

export interface VersionRef {
  readonly targetFile: TargetFile;
  /** Path of the target file, for error messages. */
  readonly targetPath: string;
  readonly version: TargetVersion;
  readonly versionIndex: number;
  readonly specsDir: string;
}

/** Spec -> IR -> target rules -> tools -> generate-time selection, and the measured sizes. */
export async function buildGeneration(ref: VersionRef): Promise<Generation> {
  const { targetFile, version } = ref;
  const specPath = await checkedSpecPath({ specsDir: ref.specsDir, version, targetFile: ref.targetPath, index: ref.versionIndex });
  const api = await readSource({ targetFile, targetPath: ref.targetPath, version, specPath });
  const planned = planTools({ api, overrides: { file: ref.targetPath, names: targetFile.names }, naming: targetFile.naming, confirmDestructive: targetFile.confirmDestructive });
  const selection = { tags: targetFile.generateTags === 'all' ? ('all' as const) : targetFile.generateTags };
  const tools: ToolSpec[] = selectTools([...planned.tools, ...buildProxyTools(targetFile)], selection);
  checkToolNames({ tools, targetPath: ref.targetPath });
  checkCoreTags({ tools, targetFile, targetPath: ref.targetPath });
  const target = buildTargetSpec({ file: targetFile, version, upstreamName: api.title || targetFile.displayName });
  const schemaExceptions = lintInputSchemas(listEveryTool({ target, tools }));
  return { api, target, tools, collisions: planned.collisions, metrics: measureProfiles({ target, tools }), schemaExceptions, search: searchIndexOf({ tools, targetFile }) };
}

/** Stems of every tool's fields and of the target's lexicon, made once here instead of at each server's first search. */
function searchIndexOf(options: { tools: readonly ToolSpec[]; targetFile: TargetFile }): SearchIndexData {
  const { keywords, lexicon } = options.targetFile.search;
  return buildSearchIndexData({ sources: options.tools.map((spec) => searchSourceOf({ spec, keywords: keywords[spec.name]?.words })), lexicon });
}
