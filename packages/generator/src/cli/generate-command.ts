import path from 'node:path';
import { InputError } from '../ir/errors.js';
import { generateVersion, type GenerationReport } from '../pipeline/generate.js';
import { loadTargetFile } from '../targets/load.js';

export interface GenerateArgs {
  readonly targets: readonly string[];
  readonly versions?: readonly string[];
  readonly targetsDir: string;
  readonly specsDir: string;
  readonly outDir: string;
}

/** Generates every listed upstream version of each target (or the versions asked for). */
export async function runGenerate(args: GenerateArgs): Promise<GenerationReport[]> {
  const reports: GenerationReport[] = [];
  for (const target of args.targets) {
    const targetPath = path.join(args.targetsDir, `${target}.yaml`);
    const targetFile = await loadTargetFile(targetPath);
    const wanted = targetFile.versions.filter((version) => !args.versions || args.versions.includes(version.version));
    if (wanted.length === 0) throw new InputError(targetPath, `no listed version matches ${args.versions?.join(', ')}`);
    for (const version of wanted) {
      const report = await generateVersion({ targetFile, targetPath, version, versionIndex: targetFile.versions.indexOf(version), specsDir: args.specsDir, outDir: args.outDir });
      printReport(report);
      reports.push(report);
    }
  }
  return reports;
}

function printReport(report: GenerationReport): void {
  const [defaults] = report.metrics;
  const lines = [
    `${path.basename(report.packageDir)} (version ${report.packageVersion}): ${report.tools} tools; ${report.upstreamOperations} upstream operations = ${report.operationTools} tools + ${report.skipped.length} skipped`,
    ...(defaults ? [`  ${defaults.profile}: ${defaults.tools} tools, tools/list ${defaults.listBytes} bytes`] : []),
    ...report.skipped.map((skip) => `  skipped ${skip.key}: ${skip.reason}`),
    ...report.collisions.map((collision) => `  warning: name '${collision.name}' shared by ${collision.keys.join(', ')}; suffixed (add a names override)`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
