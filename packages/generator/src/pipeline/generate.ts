import path from 'node:path';
import { operationTools, type ServedDialectName, type TargetSpec } from '@mcpgen/runtime';
import { type ChangeReport, type ComparedGeneration, diffGenerations } from '../changes/diff.js';
import { generatorChangeView, withGeneratorChanges } from '../changes/generator-changes.js';
import { bundleFileName, bundleServer, SERVER_FILE } from '../emit/bundle.js';
import { clientFitWarnings, coreToolWarnings } from '../emit/client-fit.js';
import { schemaLint } from '../dialects/build.js';
import type { DialectLint } from '../dialects/data.js';
import { dialectFiles } from '../emit/dialect-files.js';
import type { ProfileMetrics } from '../emit/metrics.js';
import { exportOpenApi } from '../emit/openapi-export.js';
import { SOURCE_DIALECTS } from '../sources/dialects.js';
import { renderPackageFiles } from '../emit/package-files.js';
import { codeHeader, type Provenance, provenanceLine } from '../emit/provenance.js';
import { renderTemplate } from '../emit/templates.js';
import { emitSources } from '../emit/typescript.js';
import { packagedDataFiles } from '../emit/packaged-data.js';
import { writeDirectoryAtomically, writeFiles } from '../emit/write-atomic.js';
import type { IrApi } from '../ir/types.js';
import type { NameCollision } from '../plan/assign-names.js';
import { GENERATOR_NAME, GENERATOR_VERSION } from '../version.js';
import { buildOnce, type Generation, type VersionRef } from './build-generation.js';
import { previousIndex } from './version-lines.js';
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
  /** Operations of the target's own description (nested upstreams counted apart). */
  readonly upstreamOperations: number;
  /** Tools made from the target's own operations (nested, proxy and raw tools not counted). */
  readonly operationTools: number;
  /** Operations of nested upstreams (Docker through Portainer): tools and skipped. */
  readonly nestedOperations: { readonly tools: number; readonly skipped: number };
  readonly nestedSkipped: IrApi['skipped'];
  readonly tools: number;
  readonly skipped: IrApi['skipped'];
  /** Operations that say delete/remove/... but are not destructive, with the target file's reason. */
  readonly notDestructive: IrApi['skipped'];
  readonly collisions: readonly NameCollision[];
  readonly metrics: readonly ProfileMetrics[];
  readonly changes: ChangeReport;
  /** Selections over a client's tool cap or the token budget. */
  readonly warnings: readonly string[];
  /** Per schema dialect: the documented rules checked and the exceptions (schema-lint.json). */
  readonly schemaLint: Readonly<Record<ServedDialectName, DialectLint>>;
}

/** One upstream version -> package directory (written atomically) with its change report against the previous version. */
export async function generateVersion(options: GenerateVersionOptions): Promise<GenerationReport> {
  const current = await generationAt({ options, index: options.versionIndex });
  const newest = options.versionIndex === options.targetFile.versions.length - 1;
  const previousAt = previousIndex({ versions: options.targetFile.versions, index: options.versionIndex });
  const previous = previousAt !== undefined ? await generationAt({ options, index: previousAt }) : undefined;
  const { target } = current;
  const packageDir = path.join(
    options.outDir,
    `${options.targetFile.package}-${target.packageVersion.split('.').slice(0, 2).join('.')}`,
  );
  const nested = (target.upstream.nested ?? []).map(({ name, version, sha256 }) => ({ name, version, sha256 }));
  const provenance: Provenance = {
    generator: GENERATOR_NAME,
    generatorVersion: GENERATOR_VERSION,
    upstreamName: target.upstream.name,
    upstreamVersion: options.version.version,
    sha256: options.version.sha256,
    ...(nested.length > 0 ? { nested } : {}),
  };
  const compared = diffGenerations({
    packageName: target.packageName,
    before: previous ? summary(previous) : undefined,
    after: summary(current),
    versioning: describeVersioning({
      current: target,
      previous: previous?.target,
      bump: current.selectionBump,
      targetPath: options.targetPath,
    }),
  });
  const changes = withGeneratorChanges({ report: compared, entries: options.targetFile.generatorChanges });
  const nestedTools = current.nested.operations - current.nested.skipped.length;
  await writeDirectoryAtomically({
    destination: packageDir,
    fill: (directory) => writePackage({ directory, options, current, provenance, changes }),
  });
  return {
    packageDir,
    packageVersion: target.packageVersion,
    upstreamOperations: current.api.operations.length + current.api.skipped.length - current.nested.operations,
    operationTools: operationTools(current.tools).length - nestedTools,
    nestedOperations: { tools: nestedTools, skipped: current.nested.skipped.length },
    nestedSkipped: current.nested.skipped,
    tools: current.tools.length,
    skipped: current.api.skipped.filter((entry) => !current.nested.skipped.includes(entry)),
    notDestructive: current.api.notDestructive ?? [],
    collisions: current.collisions,
    metrics: current.metrics,
    changes,
    warnings: [
      ...clientFitWarnings({ metrics: current.metrics, tokenBudget: options.targetFile.tokenBudget }),
      ...(newest
        ? coreToolWarnings({ tools: current.tools, targetFile: options.targetFile, targetPath: options.targetPath })
        : []),
      ...(current.selectionBump
        ? [
            `${current.selectionBump.parts.join(', ')} changed since ${options.version.version} was recorded: this package is ${target.packageVersion}; record it with \`pnpm mcpgen record-selection\``,
          ]
        : []),
    ],
    schemaLint: schemaLint(current.dialects),
  };
}

function generationAt(options: { options: GenerateVersionOptions; index: number }): Promise<Generation> {
  return buildOnce({ ref: options.options, index: options.index, built: options.options.built ?? new Map() });
}

function summary(generation: Generation): ComparedGeneration {
  const { target } = generation;
  const nested = (target.upstream.nested ?? [])
    .map((entry) => ` with ${entry.name} ${entry.version} under ${entry.mount}`)
    .join('');
  return {
    upstream: `${target.upstream.name} ${target.upstream.version}${nested}`,
    version: target.packageVersion,
    tools: generation.tools,
    metrics: generation.metrics,
    selection: { profiles: target.profiles, profilesVar: target.env.profiles, tagsExtraVar: target.env.tagsExtra },
  };
}

async function writePackage(options: {
  directory: string;
  options: GenerateVersionOptions;
  current: Generation;
  provenance: Provenance;
  changes: ChangeReport;
}): Promise<void> {
  const { directory, current, provenance, changes } = options;
  const { targetFile } = options.options;
  const { target, tools, api, metrics } = current;
  const binFile = bundleFileName(targetFile.package);
  await writeFiles({
    directory,
    files: [
      ...(await emitSources({ target, tools, provenance, serverFile: SERVER_FILE })),
      ...packagedDataFiles({ tools, search: current.search }),
    ],
  });
  await writeFiles({
    directory,
    files: await renderPackageFiles({
      target: targetFile.target,
      targetSpec: target,
      tools,
      skipped: api.skipped,
      metrics,
      provenance,
      binFile,
      exampleUrl: targetFile.exampleUrl,
      registryName: targetFile.registryName,
    }),
  });
  await writeFiles({ directory, files: await changeFiles({ changes, provenance }) });
  await writeFiles({
    directory,
    files: [
      { path: 'schema-lint.json', text: `${JSON.stringify(schemaLint(current.dialects), null, 2)}\n` },
      ...dialectFiles(current.dialects),
    ],
  });
  if (SOURCE_DIALECTS[targetFile.source].exportsOpenApi)
    await writeFiles({ directory, files: [openApiFile({ api, target })] });
  await bundleServer({
    packageDir: directory,
    server: 'src/main.gen.ts',
    launcher: 'src/launch.gen.ts',
    binFile,
    banner: codeHeader(provenance),
  });
}

async function changeFiles(options: {
  changes: ChangeReport;
  provenance: Provenance;
}): Promise<{ path: string; text: string }[]> {
  const markdown = await renderTemplate({
    name: 'CHANGES.md.hbs',
    view: {
      report: options.changes,
      generatorChanges: generatorChangeView(options.changes),
      provenance: provenanceLine(options.provenance),
    },
  });
  return [
    { path: 'CHANGES.md', text: markdown },
    { path: 'changes.json', text: `${JSON.stringify(options.changes, null, 2)}\n` },
  ];
}

/** The target's wire conventions, as the export's readers need them: ` Booleans travel as 1/0; ...`. */
function wireNotes(target: TargetSpec): string {
  const wire = target.wire ?? {};
  const notes = [
    wire.booleans === 'numeric' ? 'Booleans travel as 1/0' : undefined,
    wire.envelope === 'data' ? 'answers are wrapped as {"data": ...}' : undefined,
  ];
  const said = notes.filter((note) => note !== undefined);
  return said.length > 0 ? ` ${said.join('; ')}.` : '';
}

/** Dialects without an OpenAPI of their own get one, exported from the IR. */
function openApiFile(options: { api: IrApi; target: TargetSpec }): { path: string; text: string } {
  const { target } = options;
  const notes = `Exported by ${GENERATOR_NAME} from the ${target.upstream.name} ${target.upstream.version} description (sha256:${target.upstream.sha256}).${wireNotes(target)}`;
  const document = exportOpenApi({
    api: options.api,
    title: target.upstream.name,
    version: target.upstream.version,
    basePath: target.basePath,
    notes,
  });
  return { path: 'openapi.json', text: `${JSON.stringify(document, null, 2)}\n` };
}
