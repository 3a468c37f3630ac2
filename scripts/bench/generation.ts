import { createRequire } from 'node:module';
import path from 'node:path';
import { lastErrorLine, runToCompletion } from './processes.js';

export type GenerationTime = { readonly milliseconds: number; readonly detail?: string } | { readonly failed: string };

/**
 * Wall time of our generator CLI for one upstream version (what `pnpm generate` runs for
 * it, through tsx, including the previous version it diffs against), written to `outDir`
 * so that out/ is left alone.
 */
export async function timeOurGeneration(options: {
  repoRoot: string;
  target: string;
  upstream: string;
  outDir: string;
}): Promise<GenerationTime> {
  const tsxCli = path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'cli.mjs');
  const run = await runToCompletion({
    command: process.execPath,
    args: [
      tsxCli,
      'packages/generator/src/cli/main.ts',
      'generate',
      '--target',
      options.target,
      '--upstream',
      options.upstream,
      '--out',
      options.outDir,
    ],
    cwd: options.repoRoot,
    timeoutMs: 180_000,
  });
  if (run.code !== 0) return { failed: `generator exited with ${run.code}: ${lastErrorLine(run.output)}` };
  return { milliseconds: run.milliseconds };
}
