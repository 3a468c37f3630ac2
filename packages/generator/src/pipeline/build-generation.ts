import {
  buildSearchIndexData,
  operationTools,
  type SearchIndexData,
  searchSourceOf,
  selectTools,
  type TargetSpec,
  type ToolSpec,
} from '@mcpgen/runtime';
import { checkSchemas } from '../check/schema-validity.js';
import { checkCoreTags, checkToolNames } from '../emit/client-fit.js';
import { measureProfiles, type ProfileMetrics } from '../emit/metrics.js';
import { buildDialects, type Dialects } from '../dialects/build.js';
import { InputError } from '../ir/errors.js';
import type { IrApi } from '../ir/types.js';
import type { NameCollision } from '../plan/assign-names.js';
import { planTools } from '../plan/tools.js';
import type { TargetFile, TargetVersion } from '../targets/schema.js';
import { readNestedUpstreams } from './nested.js';
import { readSource } from './read-source.js';
import { type SelectionBump, selectionBump } from './selection-data.js';
import { checkedSpecPath, type SpecSource } from '../store/listed-spec.js';
import { buildProxyTools, buildTargetSpec } from './target-spec.js';

/** Everything known about one upstream version before anything is written. */
export interface Generation {
  /** The target's own operations and those of its nested upstreams, mounted. */
  readonly api: IrApi;
  /** How many operations (tools + skipped) came from nested upstreams, for the report. */
  readonly nested: { readonly operations: number; readonly skipped: IrApi['skipped'] };
  readonly target: TargetSpec;
  readonly tools: readonly ToolSpec[];
  readonly collisions: readonly NameCollision[];
  readonly metrics: readonly ProfileMetrics[];
  /** Each schema dialect's data (listing, describe schemas, plans back) and its lint. */
  readonly dialects: Dialects;
  /** Set when the selection data changed since this version was recorded: the package takes the line's next patch. */
  readonly selectionBump?: SelectionBump;
  /** The search index the server loads on its first search. */
  readonly search: SearchIndexData;
}

export interface VersionRef {
  readonly targetFile: TargetFile;
  /** Path of the target file, for error messages. */
  readonly targetPath: string;
  readonly version: TargetVersion;
  readonly versionIndex: number;
  /** Where listed spec files are found (store, mirror, a release being recorded). */
  readonly specs: SpecSource;
}

/** The generation of one listed version, built once per run: the map keeps it for the next version's diff and the tag check. */
export function buildOnce(options: {
  ref: Omit<VersionRef, 'version' | 'versionIndex'>;
  index: number;
  built: Map<number, Promise<Generation>>;
}): Promise<Generation> {
  const { ref, index, built } = options;
  let generation = built.get(index);
  if (!generation) {
    generation = buildGeneration({
      targetFile: ref.targetFile,
      targetPath: ref.targetPath,
      specs: ref.specs,
      version: ref.targetFile.versions[index]!,
      versionIndex: index,
    });
    built.set(index, generation);
  }
  return generation;
}

/** Spec -> IR -> target rules -> tools -> generate-time selection, and the measured sizes. */
export async function buildGeneration(ref: VersionRef): Promise<Generation> {
  const { targetFile, version } = ref;
  const specPath = await checkedSpecPath({
    source: ref.specs,
    version,
    targetFile: ref.targetPath,
    index: ref.versionIndex,
  });
  const own = await readSource({ targetFile, targetPath: ref.targetPath, version, specPath });
  if (own.operations.length === 0)
    throw new InputError(
      `${specPath}#/paths`,
      'no operations left to serve (empty document, or every operation skipped); refusing to build an empty package',
    );
  const nested = await readNestedUpstreams({ targetFile, targetPath: ref.targetPath, specs: ref.specs });
  const api: IrApi = {
    ...own,
    operations: [...own.operations, ...nested.operations],
    skipped: [...own.skipped, ...nested.skipped],
  };
  const names = { ...targetFile.names, ...nested.names };
  const planned = planTools({
    api,
    overrides: { file: ref.targetPath, names },
    naming: targetFile.naming,
    nameDropPrefixes: targetFile.nameDropPrefixes,
    confirmDestructive: targetFile.confirmDestructive,
  });
  const selection = { tags: targetFile.generateTags === 'all' ? ('all' as const) : targetFile.generateTags };
  const tools: ToolSpec[] = selectTools([...planned.tools, ...buildProxyTools(targetFile)], selection);
  checkToolNames({ tools, targetPath: ref.targetPath });
  checkCoreTags({ tools, targetFile, targetPath: ref.targetPath });
  checkInputSchemas({ tools, specPath });
  const bump = selectionBump({ targetFile, version });
  const target = buildTargetSpec({
    file: targetFile,
    version: bump ? { ...version, patch: bump.patch } : version,
    upstreamName: own.title || targetFile.displayName,
    nested: nested.specs,
  });
  // Made when first read: only the version being written needs them, not the versions built to compare or check.
  let dialects: Dialects | undefined;
  return {
    api,
    nested: { operations: nested.operations.length + nested.skipped.length, skipped: nested.skipped },
    target,
    tools,
    collisions: planned.collisions,
    metrics: measureProfiles({ target, tools }),
    get dialects() {
      return (dialects ??= buildDialects({ target, tools }));
    },
    search: searchIndexOf({ tools, targetFile }),
    ...(bump ? { selectionBump: bump } : {}),
  };
}

/** Fails the run on the first input schema a strict validator would refuse, naming tool and JSON pointer. */
function checkInputSchemas(options: { tools: readonly ToolSpec[]; specPath: string }): void {
  const problems = checkSchemas(operationTools(options.tools));
  const first = problems[0];
  if (!first) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new InputError(
    options.specPath,
    `tool '${first.tool}' input schema #${first.at}: ${first.problem}${more}; fix it in the source adapter or with an overlay in the target file`,
  );
}

/** Stems of every tool's fields and of the target's lexicon, made once here instead of at each server's first search. */
function searchIndexOf(options: { tools: readonly ToolSpec[]; targetFile: TargetFile }): SearchIndexData {
  const { keywords, lexicon } = options.targetFile.search;
  return buildSearchIndexData({
    sources: options.tools.map((spec) => searchSourceOf({ spec, keywords: keywords[spec.name]?.words })),
    lexicon,
  });
}
