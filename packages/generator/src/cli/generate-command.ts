import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../ir/errors.js';
import { TOKENIZER } from '../emit/metrics.js';
import { summariseLint } from '../dialects/build.js';
import type { Generation } from '../pipeline/build-generation.js';
import { generateVersion, type GenerationReport } from '../pipeline/generate.js';
import { checkProfileTags } from '../targets/check-profile-tags.js';
import { latestOfEachLine } from '../pipeline/version-lines.js';
import type { SpecSource } from '../store/listed-spec.js';
import { loadTargetFile } from '../targets/load.js';
import { type PendingRelease, prepareRelease } from '../targets/record-version.js';
import type { TargetFile } from '../targets/schema.js';

export interface GenerateArgs {
  /** Target names; absent: every `<target>.yaml` in the targets folder, so a new target is a new file. */
  readonly targets?: readonly string[];
  readonly versions?: readonly string[];
  /** A new upstream release's spec (path or URL), recorded for the single target and version given. */
  readonly spec?: string;
  /** With `spec` as a path: where the upstream publishes it (checked to serve the same bytes, then recorded). */
  readonly url?: string;
  /** With `spec`: the new entry's overlays, when not the line's last ones. */
  readonly overlays?: readonly string[];
  readonly targetsDir: string;
  readonly specsDir: string;
  /** Base URL a missing listed spec is fetched from (`MCPGEN_SPECS_MIRROR`). */
  readonly mirror?: string;
  readonly outDir: string;
}

/** Generates the listed upstream versions of each target (the newest of each minor, or the versions asked for). */
export async function runGenerate(args: GenerateArgs): Promise<GenerationReport[]> {
  const reports: GenerationReport[] = [];
  for (const target of args.targets ?? (await listTargets(args.targetsDir))) {
    const targetPath = path.join(args.targetsDir, `${target}.yaml`);
    if (args.spec) reports.push(...(await recordAndGenerate({ args, targetPath })));
    else reports.push(...(await generateListed({ args, targetPath, targetFile: await loadTargetFile(targetPath) })));
  }
  return reports;
}

/** Every target file of the folder, by name: `specs/pve.yaml` is the target `pve`. */
export async function listTargets(targetsDir: string): Promise<string[]> {
  const names = await readdir(targetsDir).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(targetsDir, `cannot list target files: ${error.code ?? error.message}`);
  });
  const targets = names
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
  if (targets.length === 0) throw new InputError(targetsDir, 'no target file (<target>.yaml) in this folder');
  return targets;
}

async function generateListed(options: {
  args: GenerateArgs;
  targetPath: string;
  targetFile: TargetFile;
  staged?: ReadonlyMap<string, string>;
}): Promise<GenerationReport[]> {
  const { args, targetPath, targetFile } = options;
  const wanted = args.versions
    ? targetFile.versions.filter((version) => args.versions!.includes(version.version))
    : latestOfEachLine(targetFile.versions);
  if (wanted.length === 0) throw new InputError(targetPath, `no listed version matches ${args.versions?.join(', ')}`);
  const specs: SpecSource = { specsDir: args.specsDir, mirror: args.mirror, staged: options.staged };
  const built = new Map<number, Promise<Generation>>();
  const tagNotes = await checkProfileTags({ targetFile, targetPath, specs, built });
  if (tagNotes.length > 0) process.stdout.write(`${targetFile.target}: ${tagNotes.join('; ')}\n`);
  const reports: GenerationReport[] = [];
  for (const version of wanted) {
    const report = await generateVersion({
      targetFile,
      targetPath,
      version,
      versionIndex: targetFile.versions.indexOf(version),
      specs,
      outDir: args.outDir,
      built,
    });
    printReport(report);
    reports.push(report);
  }
  return reports;
}

/**
 * `--spec`: one target, one version. The release is checked and generated from
 * a staged copy; the spec store and the target file are written only after
 * that succeeded, so a refused release leaves the checkout as it was.
 */
async function recordAndGenerate(options: { args: GenerateArgs; targetPath: string }): Promise<GenerationReport[]> {
  const { args, targetPath } = options;
  if (args.targets?.length !== 1 || args.versions?.length !== 1)
    throw new InputError('--spec', 'needs exactly one --target and one --upstream version');
  const pending: PendingRelease = await prepareRelease({
    targetPath,
    targetFile: await loadTargetFile(targetPath),
    specsDir: args.specsDir,
    version: args.versions[0]!,
    spec: args.spec!,
    url: args.url,
    overlays: args.overlays,
  });
  try {
    const reports = await generateListed({ args, targetPath, targetFile: pending.targetFile, staged: pending.staged });
    await pending.commit();
    if (pending.isNew)
      process.stdout.write(
        `recorded ${pending.entry.version} in ${targetPath} (file ${pending.entry.file} in ${args.specsDir}${pending.entry.url ? '' : '; no url recorded: clones without the store need MCPGEN_SPECS_MIRROR'})\n`,
      );
    return reports;
  } catch (error) {
    throw pending.restate(error);
  } finally {
    await pending.discard();
  }
}

function nestedSummary(report: GenerationReport): string {
  const { tools, skipped } = report.nestedOperations;
  return tools + skipped > 0
    ? `; nested upstreams: ${tools + skipped} operations = ${tools} tools + ${skipped} skipped (listed below)`
    : '';
}

function printReport(report: GenerationReport): void {
  const lines = [
    `${path.basename(report.packageDir)} (version ${report.packageVersion}): ${report.tools} tools; ${report.upstreamOperations} upstream operations = ${report.operationTools} tools + ${report.skipped.length} skipped${nestedSummary(report)}`,
    ...report.metrics.map(
      (row) =>
        `  ${row.profile}: ${row.tools} tools, ${row.listed} listed, tools/list ${row.listBytes} bytes, ${row.listTokens} tokens (${TOKENIZER}; ${row.allToolsTokens} with every tool listed)`,
    ),
    ...report.warnings.map((warning) => `  warning: ${warning}`),
    `  schema dialects (schema-lint.json): ${summariseLint(report.schemaLint)}`,
    `  changes: +${report.changes.added.length} -${report.changes.removed.length} renamed ${report.changes.renamed.length}, inputs ${report.changes.inputs.length}${report.changes.breaking ? ' (breaking)' : ''}; ${report.changes.versioning}`,
    ...report.skipped.map((skip) => `  skipped ${skip.key}: ${skip.reason}`),
    ...report.nestedSkipped.map((skip) => `  skipped ${skip.key}: ${skip.reason}`),
    ...report.notDestructive.map(
      (entry) => `  not destructive although it says delete/remove/reset: ${entry.key}: ${entry.reason}`,
    ),
    ...report.collisions.map(
      (collision) =>
        `  warning: name '${collision.name}' shared by ${collision.keys.join(', ')}; suffixed (add a names override)`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
