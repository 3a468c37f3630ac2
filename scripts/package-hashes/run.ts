import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareHashes, type Drift, formatList, hashPackage, hasDrift, parseList } from './hashes.js';

/** Where generated packages are (`out/`) and where their recorded lists are (`test/package-hashes/`). */
export interface HashDirs {
  readonly outDir: string;
  readonly listsDir: string;
}

export interface HashRun {
  readonly lines: readonly string[];
  readonly ok: boolean;
}

const listFile = (options: { dirs: HashDirs; name: string }) =>
  path.join(options.dirs.listsDir, `${options.name}.sha256`);

/** Compares every recorded package with its generated directory, file by file. */
export async function checkPackages(dirs: HashDirs): Promise<HashRun> {
  const names = await recordedNames(dirs);
  const results = await Promise.all(names.map((name) => checkOne({ dirs, name })));
  return { lines: results.map((result) => result.line), ok: results.every((result) => result.ok) };
}

/** Records the lists of the named packages (default: every package directory in `out/`). */
export async function writeLists(options: { dirs: HashDirs; names?: readonly string[] }): Promise<HashRun> {
  const { dirs } = options;
  const names = options.names?.length ? options.names : await generatedNames(dirs);
  await mkdir(dirs.listsDir, { recursive: true });
  const lines = await Promise.all(
    names.map(async (name) => {
      const hashes = await hashPackage(path.join(dirs.outDir, name));
      await writeFile(listFile({ dirs, name }), formatList(hashes));
      return `${name}: ${hashes.length} files recorded`;
    }),
  );
  return { lines, ok: true };
}

async function checkOne(options: { dirs: HashDirs; name: string }): Promise<{ line: string; ok: boolean }> {
  const { dirs, name } = options;
  const packageDir = path.join(dirs.outDir, name);
  if (!existsSync(packageDir)) return { line: `${name}: not generated (run pnpm generate)`, ok: false };
  const recorded = parseList(await readFile(listFile({ dirs, name }), 'utf8'));
  const drift = compareHashes({ recorded, current: await hashPackage(packageDir) });
  if (!hasDrift(drift)) return { line: `${name}: same bytes (${recorded.length} files)`, ok: true };
  return { line: `${name}: ${describeDrift(drift)}`, ok: false };
}

function describeDrift(drift: Drift): string {
  const parts = [
    drift.changed.length > 0 ? `changed ${drift.changed.join(', ')}` : '',
    drift.added.length > 0 ? `new ${drift.added.join(', ')}` : '',
    drift.missing.length > 0 ? `gone ${drift.missing.join(', ')}` : '',
  ];
  return parts.filter((part) => part !== '').join('; ');
}

async function recordedNames(dirs: HashDirs): Promise<string[]> {
  if (!existsSync(dirs.listsDir)) return [];
  const files = await readdir(dirs.listsDir);
  return files
    .filter((file) => file.endsWith('.sha256'))
    .map((file) => file.slice(0, -'.sha256'.length))
    .sort();
}

/** Package directories in `out/` (those holding a package.json; `out/tarballs` is not one). */
async function generatedNames(dirs: HashDirs): Promise<string[]> {
  const entries = await readdir(dirs.outDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dirs.outDir, entry.name, 'package.json')))
    .map((entry) => entry.name)
    .sort();
}
