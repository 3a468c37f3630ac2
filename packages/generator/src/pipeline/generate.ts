import path from 'node:path';
import type { TargetSpec } from '@mcpgen/runtime';
import { diffGenerations, type ChangeReport } from '../changes/diff.js';
import { bundleFileName, bundleServer, SERVER_FILE } from '../emit/bundle.js';
import { clientFitWarnings, coreToolWarnings } from '../emit/client-fit.js';
import type { SchemaException } from '../emit/schema-lint.js';
import type { ProfileMetrics } from '../emit/metrics.js';
import { exportOpenApi } from '../emit/openapi-export.js';
import { renderPackageFiles } from '../emit/package-files.js';
import { codeHeader, type Provenance, provenanceLine } from '../emit/provenance.js';
import { renderTemplate } from '../emit/templates.js';
import { emitSources } from '../emit/typescript.js';
import { writeDirectoryAtomically, writeFiles } from '../emit/write-atomic.js';
import type { IrApi } from '../ir/types.js';
import type { NameCollision } from '../plan/assign-names.js';
import { GENERATOR_NAME, GENERATOR_VERSION } from '../version.js';
import { buildGeneration, type Generation, type VersionRef } from './build-generation.js';
import { describeVersioning } from './versioning.js';

export type GenerateVersionOptions = VersionRef & {
  readonly outDir: string;
  /** Generations already built in this run, by version index: the previous version is built once, not again for the diff. */
  readonly built?: Map<number, Promise<Generation>>;
};

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
  readonly changes: ChangeReport;
  /** Selections over a client's tool cap or the token budget. */
  readonly warnings: readonly string[];
  readonly schemaExceptions: readonly SchemaException[];
}

/** One upstream version -> package directory (written atomically) with its change report against the previous version. */
export async function generateVersion(options: GenerateVersionOptions): Promise<GenerationReport> {
  const current = await generationAt({ options, index: options.versionIndex });
  const newest = options.versionIndex === options.targetFile.versions.length - 1;
  const previous = options.versionIndex > 0 ? await generationAt({ options, index: options.versionIndex - 1 }) : undefined;
  const { target } = current;
  const packageDir = path.join(options.outDir, `${options.targetFile.package}-${target.packageVersion.split('.').slice(0, 2).join('.')}`);
  const provenance: Provenance = { generator: GENERATOR_NAME, generatorVersion: GENERATOR_VERSION, upstreamName: target.upstream.name, upstreamVersion: options.version.version, sha256: options.version.sha256 };
  const changes = diffGenerations({
    packageName: target.packageName,
    before: previous ? summary(previous) : undefined,
    after: summary(current),
    versioning: describeVersioning({ current: target, previous: previous?.target }),
  });
  await writeDirectoryAtomically({ destination: packageDir, fill: (directory) => writePackage({ directory, options, current, provenance, changes }) });
  return {
    packageDir,
    packageVersion: target.packageVersion,
    upstreamOperations: current.api.operations.length + current.api.skipped.length,
    operationTools: current.tools.filter((tool) => tool.kind === 'operation').length,
    tools: current.tools.length,
    skipped: current.api.skipped,
    collisions: current.collisions,
    metrics: current.metrics,
    changes,
    warnings: [...clientFitWarnings({ metrics: current.metrics, tokenBudget: options.targetFile.tokenBudget }), ...(newest ? coreToolWarnings({ tools: current.tools, targetFile: options.targetFile, targetPath: options.targetPath }) : [])],
    schemaExceptions: current.schemaExceptions,
  };
}

function generationAt(options: { options: GenerateVersionOptions; index: number }): Promise<Generation> {
  const { index } = options;
  const built = options.options.built ?? new Map<number, Promise<Generation>>();
  let generation = built.get(index);
  if (!generation) {
    generation = buildGeneration({ ...options.options, version: options.options.targetFile.versions[index]!, versionIndex: index });
    built.set(index, generation);
  }
  return generation;
}

function summary(generation: Generation) {
  return { upstream: `${generation.target.upstream.name} ${generation.target.upstream.version}`, version: generation.target.packageVersion, tools: generation.tools, metrics: generation.metrics };
}

async function writePackage(options: { directory: string; options: GenerateVersionOptions; current: Generation; provenance: Provenance; changes: ChangeReport }): Promise<void> {
  const { directory, current, provenance, changes } = options;
  const { targetFile } = options.options;
  const { target, tools, api, metrics } = current;
  const binFile = bundleFileName(targetFile.package);
  await writeFiles({ directory, files: await emitSources({ target, tools, search: current.search, provenance, serverFile: SERVER_FILE }) });
  await writeFiles({ directory, files: await renderPackageFiles({ target: targetFile.target, targetSpec: target, tools, skipped: api.skipped, metrics, provenance, binFile, exampleUrl: targetFile.exampleUrl }) });
  await writeFiles({ directory, files: await changeFiles({ changes, provenance }) });
  await writeFiles({ directory, files: [{ path: 'schema-lint.json', text: `${JSON.stringify(current.schemaExceptions, null, 2)}\n` }] });
  if (targetFile.source === 'apidoc') await writeFiles({ directory, files: [openApiFile({ api, target })] });
  await bundleServer({ packageDir: directory, server: 'src/main.gen.ts', launcher: 'src/launch.gen.ts', binFile, banner: codeHeader(provenance) });
}

async function changeFiles(options: { changes: ChangeReport; provenance: Provenance }): Promise<{ path: string; text: string }[]> {
  const markdown = await renderTemplate({ name: 'CHANGES.md.hbs', view: { report: options.changes, provenance: provenanceLine(options.provenance) } });
  return [
    { path: 'CHANGES.md', text: markdown },
    { path: 'changes.json', text: `${JSON.stringify(options.changes, null, 2)}\n` },
  ];
}

/** Dialects without an OpenAPI of their own get one, exported from the IR. */
function openApiFile(options: { api: IrApi; target: TargetSpec }): { path: string; text: string } {
  const { target } = options;
  const notes = `Exported by ${GENERATOR_NAME} from the ${target.upstream.name} ${target.upstream.version} description (sha256:${target.upstream.sha256}). Booleans travel as 1/0; answers are wrapped as {"data": ...}.`;
  const document = exportOpenApi({ api: options.api, title: target.upstream.name, version: target.upstream.version, basePath: target.basePath, notes });
  return { path: 'openapi.json', text: `${JSON.stringify(document, null, 2)}\n` };
}
