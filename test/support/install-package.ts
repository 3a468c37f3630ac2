/**
 * Packs a generated package with `npm pack` and installs the tarball into an empty
 * project, the way a user gets it from the registry, so the e2e test runs the published
 * artefact (the `files` list, the `bin` entry, the shebang) instead of the build folder.
 *
 * The install runs `--offline` with a fresh, empty npm cache and a registry URL on a
 * closed loopback port: a generated package must bundle everything, so any dependency
 * makes the install fail here instead of silently downloading it. No traffic leaves
 * the machine.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface InstallOptions {
  /** Folder holding the generated package.json, e.g. `out/mcp-portainer-2.43`. */
  packageDir: string;
  /** Name of the `bin` entry to return the path of. */
  binName: string;
}

export interface InstalledPackage {
  /** `<project>/node_modules/.bin/<binName>`. */
  binPath: string;
  /** The installed copy of the package (`<project>/node_modules/<name>`). */
  installedDir: string;
  tarballPath: string;
  /** Removes every temporary folder; safe to call more than once. */
  cleanup(): Promise<void>;
}

const run = promisify(execFile);
// Port 9 (discard) on loopback: nothing listens, so a registry request fails at once.
const NO_REGISTRY = 'http://127.0.0.1:9/';
const NPM_TIMEOUT_MS = 120_000;

export async function packAndInstall(options: InstallOptions): Promise<InstalledPackage> {
  const root = await mkdtemp(join(tmpdir(), 'mcp-e2e-install-'));
  const cleanup = (): Promise<void> => rm(root, { recursive: true, force: true });
  try {
    const dirs = await makeDirs(root);
    const tarballPath = await npmPack({ packageDir: options.packageDir, destination: dirs.packs, cache: dirs.cache });
    await npmInstall({ projectDir: dirs.project, tarballPath, cache: dirs.cache });
    const name = await packageName(options.packageDir);
    const binPath = join(dirs.project, 'node_modules', '.bin', options.binName);
    if (!existsSync(binPath)) throw new Error(`npm install did not create ${binPath}; check "bin" in package.json`);
    return { binPath, installedDir: join(dirs.project, 'node_modules', name), tarballPath, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function makeDirs(root: string): Promise<{ packs: string; project: string; cache: string }> {
  const dirs = { packs: join(root, 'packs'), project: join(root, 'project'), cache: join(root, 'npm-cache') };
  await Promise.all(Object.values(dirs).map((dir) => mkdir(dir)));
  return dirs;
}

async function npmPack(options: { packageDir: string; destination: string; cache: string }): Promise<string> {
  // --ignore-scripts: the generator already built dist/; pack must not rebuild or fetch.
  const stdout = await npm({
    cwd: options.packageDir,
    args: ['pack', '--json', '--ignore-scripts', '--pack-destination', options.destination],
    cache: options.cache,
  });
  const [entry] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (!entry) throw new Error(`npm pack printed no tarball: ${stdout}`);
  return join(options.destination, entry.filename);
}

async function npmInstall(options: { projectDir: string; tarballPath: string; cache: string }): Promise<void> {
  await npm({ cwd: options.projectDir, args: ['init', '-y'], cache: options.cache });
  await npm({
    cwd: options.projectDir,
    args: [
      'install',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--no-package-lock',
      options.tarballPath,
    ],
    cache: options.cache,
  });
}

async function npm(options: { cwd: string; args: string[]; cache: string }): Promise<string> {
  const args = [...options.args, '--registry', NO_REGISTRY, '--cache', options.cache, '--no-update-notifier'];
  try {
    const { stdout } = await run('npm', args, {
      cwd: options.cwd,
      env: npmEnv(),
      timeout: NPM_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const failure = error as Error & { stderr?: string; stdout?: string };
    throw new Error(
      `npm ${options.args.join(' ')} failed in ${options.cwd}:\n${failure.stderr ?? ''}${failure.stdout ?? ''}`,
    );
  }
}

/**
 * Under `pnpm vitest` the environment carries pnpm's `npm_config_*` / `npm_package_*`
 * variables (registry, user agent, workspace settings); npm would honour them, so drop
 * them and let the explicit flags decide.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith('npm_') && !key.toLowerCase().startsWith('pnpm_')) env[key] = value;
  }
  return env;
}

async function packageName(packageDir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { name?: unknown };
  if (typeof manifest.name !== 'string') throw new Error(`${packageDir}/package.json has no "name"`);
  return manifest.name;
}
