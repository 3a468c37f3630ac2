import path from 'node:path';
import { InputError } from '../ir/errors.js';
import { TOKENIZER } from '../emit/metrics.js';
import { summariseExceptions } from '../emit/schema-lint.js';
import { generateVersion, type GenerationReport } from '../pipeline/generate.js';
import { loadTargetFile } from '../targets/load.js';
import { recordVersion } from '../targets/record-version.js';

export interface GenerateArgs {
  readonly targets: readonly string[];
  readonly versions?: readonly string[];
  /** A new upstream release's spec (path or URL), recorded for the single target and version given. */
  readonly spec?: string;
  readonly url?: string;
  readonly targetsDir: string;
  readonly specsDir: string;
  readonly outDir: string;
}

/** Generates every listed upstream version of each target (or the versions asked for). */
export async function runGenerate(args: GenerateArgs): Promise<GenerationReport[]> {
  const reports: GenerationReport[] = [];
  for (const target of args.targets) {
    const targetPath = path.join(args.targetsDir, `${target}.yaml`);
    const targetFile = args.spec ? await recordNewVersion({ args, targetPath }) : await loadTargetFile(targetPath);
    const wanted = targetFile.versions.filter((version) => !args.versions || args.versions.includes(version.version));
    if (wanted.length === 0) throw new InputError(targetPath, `no listed version matches ${args.versions?.join(', ')}`);
    const built = new Map();
    for (const version of wanted) {
      const report = await generateVersion({ targetFile, targetPath, version, versionIndex: targetFile.versions.indexOf(version), specsDir: args.specsDir, outDir: args.outDir, built });
      printReport(report);
      reports.push(report);
    }
  }
  return reports;
}

/** `--spec`: one target, one version; the spec is checked and recorded, then the target file is read again. */
async function recordNewVersion(options: { args: GenerateArgs; targetPath: string }) {
  const { args, targetPath } = options;
  if (args.targets.length !== 1 || args.versions?.length !== 1) throw new InputError('--spec', 'needs exactly one --target and one --upstream version');
  await recordVersion({ targetPath, targetFile: await loadTargetFile(targetPath), specsDir: args.specsDir, version: args.versions[0]!, spec: args.spec!, ...(args.url ? { url: args.url } : {}) });
  return loadTargetFile(targetPath);
}

function nestedSummary(report: GenerationReport): string {
  const { tools, skipped } = report.nestedOperations;
  return tools + skipped > 0 ? `; nested upstreams: ${tools + skipped} operations = ${tools} tools + ${skipped} skipped (listed below)` : '';
}

function printReport(report: GenerationReport): void {
  const lines = [
    `${path.basename(report.packageDir)} (version ${report.packageVersion}): ${report.tools} tools; ${report.upstreamOperations} upstream operations = ${report.operationTools} tools + ${report.skipped.length} skipped${nestedSummary(report)}`,
    ...report.metrics.map((row) => `  ${row.profile}: ${row.tools} tools, ${row.listed} listed, tools/list ${row.listBytes} bytes, ${row.listTokens} tokens (${TOKENIZER}; ${row.allToolsTokens} with every tool listed)`),
    ...report.warnings.map((warning) => `  warning: ${warning}`),
    `  strict-client schema exceptions (schema-lint.json): ${summariseExceptions(report.schemaExceptions)}`,
    `  changes: +${report.changes.added.length} -${report.changes.removed.length} renamed ${report.changes.renamed.length}, inputs ${report.changes.inputs.length}${report.changes.breaking ? ' (breaking)' : ''}; ${report.changes.versioning}`,
    ...report.skipped.map((skip) => `  skipped ${skip.key}: ${skip.reason}`),
    ...report.nestedSkipped.map((skip) => `  skipped ${skip.key}: ${skip.reason}`),
    ...report.collisions.map((collision) => `  warning: name '${collision.name}' shared by ${collision.keys.join(', ')}; suffixed (add a names override)`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
