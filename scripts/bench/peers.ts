import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort, lastErrorLine, runToCompletion } from './processes.js';

const require = createRequire(import.meta.url);

/** Version of an installed root devDependency, from its package.json. */
export async function installedVersion(name: string): Promise<string> {
  const file = path.join(path.dirname(require.resolve(`${name}/package.json`)), 'package.json');
  return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version;
}

export function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/** The command that runs pnpm: the one running `pnpm bench`, else pnpm on PATH. */
function pnpmCommand(): { command: string; prefix: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(path.basename(execPath)))
    return /\.[cm]?js$/.test(execPath)
      ? { command: process.execPath, prefix: [execPath] }
      : { command: execPath, prefix: [] };
  return { command: 'pnpm', prefix: [] };
}

export interface GeneratedPeer {
  readonly version: string;
  /** Default (stdio) transport project, built. */
  readonly stdioEntry: string;
  /** `--transport=streamable-http` project, built; listens on `httpPort` (fixed at generation). */
  readonly httpEntry?: string;
  readonly httpPort: number;
  readonly generationMs: number;
  readonly installMs: number;
  /** How the dependencies were installed, e.g. "pnpm --offline (store)". */
  readonly installedWith: string;
  readonly buildMs: number;
  readonly notes: readonly string[];
}

export type PeerOutcome = GeneratedPeer | { readonly failed: string; readonly generationMs?: number };

/**
 * openapi-mcp-generator: generate the default (stdio) project from the spec (timed), and a
 * second one with `--transport=streamable-http` for the HTTP figures; install each one's
 * dependencies (pnpm from the local store when it has them all, else pnpm/npm from the
 * registry) and build each with its own `build` script (tsc), both builds at once.
 */
export async function prepareOpenapiMcpGenerator(options: {
  repoRoot: string;
  spec: string;
  workDir: string;
  log: (line: string) => void;
}): Promise<PeerOutcome> {
  const version = await installedVersion('openapi-mcp-generator');
  const cli = path.join(packageDir('openapi-mcp-generator'), 'bin', 'openapi-mcp-generator.js');
  const stdioDir = path.join(options.workDir, 'omg-stdio');
  const httpDir = path.join(options.workDir, 'omg-http');
  const generate = (dir: string, extra: string[]) =>
    runToCompletion({
      command: process.execPath,
      args: [cli, '--input', options.spec, '--output', dir, '--force', ...extra],
      cwd: options.repoRoot,
      timeoutMs: 120_000,
    });

  const generated = await generate(stdioDir, []);
  if (generated.code !== 0)
    return { failed: `generation exited with ${generated.code}: ${lastErrorLine(generated.output)}` };
  const generationMs = generated.milliseconds;
  options.log(`openapi-mcp-generator ${version}: generated in ${(generationMs / 1000).toFixed(1)} s`);
  const httpPort = await freePort();
  const generatedHttp = await generate(httpDir, ['--transport=streamable-http', `--port=${httpPort}`]);
  const notes: string[] = [];
  const dirs = [stdioDir];
  if (generatedHttp.code === 0) dirs.push(httpDir);
  else notes.push(`streamable-http generation failed: ${lastErrorLine(generatedHttp.output)}`);

  let installMs = 0;
  let installedWith = '';
  for (const dir of dirs) {
    const installed = await install(dir);
    installMs += installed.milliseconds;
    installedWith = installed.with;
    if (installed.failed)
      return { failed: `installing the generated project's dependencies failed: ${installed.failed}`, generationMs };
  }
  options.log(
    `openapi-mcp-generator: dependencies installed with ${installedWith} in ${(installMs / 1000).toFixed(1)} s; building (tsc) ...`,
  );

  const pnpm = pnpmCommand();
  const builds = await Promise.all(
    dirs.map((dir) =>
      runToCompletion({ command: pnpm.command, args: [...pnpm.prefix, 'run', 'build'], cwd: dir, timeoutMs: 300_000 }),
    ),
  );
  const buildMs = Math.max(...builds.map((build) => build.milliseconds));
  const stdioEntry = path.join(stdioDir, 'build', 'index.js');
  if (builds[0]!.code !== 0 || !existsSync(stdioEntry))
    return { failed: `build (tsc) failed: ${lastErrorLine(builds[0]!.output)}`, generationMs };
  const httpEntry = path.join(httpDir, 'build', 'index.js');
  const httpBuilt = builds[1]?.code === 0 && existsSync(httpEntry);
  if (dirs.length > 1 && !httpBuilt)
    notes.push(`streamable-http build failed: ${lastErrorLine(builds[1]?.output ?? '')}`);
  return {
    version,
    stdioEntry,
    ...(httpBuilt ? { httpEntry } : {}),
    httpPort,
    generationMs,
    installMs,
    installedWith,
    buildMs,
    notes,
  };
}

/** pnpm from the store only; else pnpm that may fetch from the registry; else npm. */
async function install(dir: string): Promise<{ milliseconds: number; with: string; failed?: string }> {
  const pnpm = pnpmCommand();
  const attempts: Array<{ label: string; command: string; args: string[] }> = [
    {
      label: 'pnpm --offline (local store)',
      command: pnpm.command,
      args: [...pnpm.prefix, 'install', '--offline', '--ignore-workspace', '--reporter=silent'],
    },
    {
      label: 'pnpm --prefer-offline (store + registry)',
      command: pnpm.command,
      args: [...pnpm.prefix, 'install', '--prefer-offline', '--ignore-workspace', '--reporter=silent'],
    },
    {
      label: 'npm install (registry)',
      command: 'npm',
      args: ['install', '--no-audit', '--no-fund', '--loglevel=error'],
    },
  ];
  let milliseconds = 0;
  let lastFailure = '';
  for (const attempt of attempts) {
    const run = await runToCompletion({ command: attempt.command, args: attempt.args, cwd: dir, timeoutMs: 240_000 });
    milliseconds += run.milliseconds;
    if (run.code === 0) return { milliseconds, with: attempt.label };
    lastFailure = `${attempt.label}: ${lastErrorLine(run.output)}`;
  }
  return { milliseconds, with: 'none', failed: lastFailure };
}
