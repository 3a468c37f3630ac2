import path from 'node:path';
import { selectTools, type TargetSpec, type ToolSpec } from '@mcpgen/runtime';
import { exportOpenApi } from '../emit/openapi-export.js';
import { bundleFileName, bundleServer } from '../emit/bundle.js';
import { measureProfiles, type ProfileMetrics } from '../emit/metrics.js';
import { renderPackageFiles } from '../emit/package-files.js';
import type { Provenance } from '../emit/provenance.js';
import { codeHeader } from '../emit/provenance.js';
import { emitSources } from '../emit/typescript.js';
import { writeDirectoryAtomically, writeFiles } from '../emit/write-atomic.js';
import type { IrApi } from '../ir/types.js';
import type { NameCollision } from '../plan/assign-names.js';
import { planTools } from '../plan/tools.js';
import type { TargetFile, TargetVersion } from '../targets/schema.js';
import { GENERATOR_NAME, GENERATOR_VERSION } from '../version.js';
import { readSource } from './read-source.js';
import { checkedSpecPath } from './spec-file.js';
import { buildProxyTools, buildTargetSpec } from './target-spec.js';

/** Dialects without an OpenAPI of their own get one, exported from the IR. */
function openApiFile(options: { api: IrApi; target: TargetSpec }): { path: string; text: string } {
  const { target } = options;
  const notes = `Exported by ${GENERATOR_NAME} from the ${target.upstream.name} ${target.upstream.version} description (sha256:${target.upstream.sha256}). Booleans travel as 1/0; answers are wrapped as {"data": ...}.`;
  const document = exportOpenApi({ api: options.api, title: target.upstream.name, version: target.upstream.version, basePath: target.basePath, notes });
  return { path: 'openapi.json', text: `${JSON.stringify(document, null, 2)}\n` };
}

export interface GenerateVersionOptions {
  readonly targetFile: TargetFile;
  /** Path of the target file, for error messages. */
  readonly targetPath: string;
  readonly version: TargetVersion;
  readonly versionIndex: number;
  readonly specsDir: string;
  readonly outDir: string;
}

/** What one generation produced, for the CLI summary and tests. */
export interface GenerationReport {
  readonly packageDir: string;
  readonly packageVersion: string;
  readonly upstreamOperations: number;
  /** Tools made from upstream operations (proxy and raw tools not counted). */
  readonly operationTools: number;
  readonly tools: number;
  readonly skipped: IrApi['skipped'];
  readonly collisions: readonly NameCollision[];
  readonly metrics: readonly ProfileMetrics[];
}

/** Spec -> IR -> tools -> selection -> package directory, written atomically. */
export async function generateVersion(options: GenerateVersionOptions): Promise<GenerationReport> {
  const { targetFile, version } = options;
  const specPath = await checkedSpecPath({ specsDir: options.specsDir, version, targetFile: options.targetPath, index: options.versionIndex });
  const api = await readSource({ targetFile, targetPath: options.targetPath, version, specPath });
  const planned = planTools({ api, overrides: { file: options.targetPath, names: targetFile.names }, naming: targetFile.naming, confirmDestructive: targetFile.confirmDestructive });
  const selection = { tags: targetFile.generateTags === 'all' ? ('all' as const) : targetFile.generateTags };
  const tools: ToolSpec[] = selectTools([...planned.tools, ...buildProxyTools(targetFile)], selection);
  const target = buildTargetSpec({ file: targetFile, version, upstreamName: api.title || targetFile.displayName });
  const provenance: Provenance = { generator: GENERATOR_NAME, generatorVersion: GENERATOR_VERSION, upstreamName: target.upstream.name, upstreamVersion: version.version, sha256: version.sha256 };
  const metrics = measureProfiles({ target, tools });
  const packageDir = path.join(options.outDir, `${targetFile.package}-${target.packageVersion.split('.').slice(0, 2).join('.')}`);
  await writeDirectoryAtomically({
    destination: packageDir,
    fill: async (directory) => {
      const binFile = bundleFileName(targetFile.package);
      await writeFiles({ directory, files: await emitSources({ target, tools, provenance }) });
      await writeFiles({ directory, files: await renderPackageFiles({ target: targetFile.target, targetSpec: target, tools, skipped: api.skipped, metrics, provenance, binFile, exampleUrl: targetFile.exampleUrl }) });
      if (targetFile.source === 'apidoc') await writeFiles({ directory, files: [openApiFile({ api, target })] });
      await bundleServer({ packageDir: directory, entry: 'src/main.gen.ts', outfile: path.join(directory, binFile), banner: codeHeader(provenance) });
    },
  });
  return {
    packageDir,
    packageVersion: target.packageVersion,
    upstreamOperations: api.operations.length + api.skipped.length,
    operationTools: tools.filter((tool) => tool.kind === 'operation').length,
    tools: tools.length,
    skipped: api.skipped,
    collisions: planned.collisions,
    metrics,
  };
}
