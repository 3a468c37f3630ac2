import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One file of a generated package and the sha256 of its bytes. */
export interface FileHash {
  /** Relative to the package directory, `/`-separated. */
  readonly path: string;
  readonly sha256: string;
}

/** Every file under a package directory, hashed, in byte order of the path (the same on every machine). */
export async function hashPackage(directory: string): Promise<FileHash[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(
    files.map(async (file) => ({
      path: file,
      sha256: createHash('sha256')
        .update(await readFile(path.join(directory, file)))
        .digest('hex'),
    })),
  );
}

/** The `sha256sum` format (`<hex>  <path>`), so `sha256sum -c` in the package directory checks it too. */
export function formatList(hashes: readonly FileHash[]): string {
  return hashes.map((hash) => `${hash.sha256}  ${hash.path}\n`).join('');
}

export function parseList(text: string): FileHash[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
      if (!match) throw new Error(`not a sha256sum line: ${JSON.stringify(line)}`);
      return { sha256: match[1]!, path: match[2]! };
    });
}

/** Files whose bytes moved since the list was recorded. */
export interface Drift {
  readonly changed: readonly string[];
  readonly added: readonly string[];
  readonly missing: readonly string[];
}

export function compareHashes(options: { recorded: readonly FileHash[]; current: readonly FileHash[] }): Drift {
  const recorded = new Map(options.recorded.map((hash) => [hash.path, hash.sha256]));
  const current = new Map(options.current.map((hash) => [hash.path, hash.sha256]));
  return {
    changed: [...current].filter(([file, sha]) => recorded.has(file) && recorded.get(file) !== sha).map(([f]) => f),
    added: [...current.keys()].filter((file) => !recorded.has(file)),
    missing: [...recorded.keys()].filter((file) => !current.has(file)),
  };
}

export function hasDrift(drift: Drift): boolean {
  return drift.changed.length + drift.added.length + drift.missing.length > 0;
}
