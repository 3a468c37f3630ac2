import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFileAtomically } from '../emit/write-atomic.js';
import { InputError } from '../ir/errors.js';
import { selectionFingerprint } from '../pipeline/selection-data.js';
import { nextPatch } from '../pipeline/version-lines.js';
import { sha256Hex } from '../store/listed-spec.js';
import { appendVersionEntry } from './append-entry.js';
import { obtainSpec, type ObtainedSpec } from './obtain-spec.js';
import type { TargetFile, TargetVersion } from './schema.js';
import { checkStatedVersion, checkUpstreamArgument } from './stated-version.js';

/**
 * A release being recorded. Nothing is written while it is checked: the spec
 * waits in a temporary directory and the new entry exists only in memory. The
 * caller generates the package from `targetFile` with `staged`, and calls
 * `commit` only when that succeeded; `discard` in every case.
 */
export interface PendingRelease {
  readonly targetFile: TargetFile;
  readonly entry: TargetVersion;
  /** `versions[].file` -> the temporary copy, for the spec source. */
  readonly staged: ReadonlyMap<string, string>;
  /** False when this version was already recorded with these very bytes (a retry): nothing to write. */
  readonly isNew: boolean;
  commit(): Promise<void>;
  discard(): Promise<void>;
  /** An error about the temporary copy, restated about what the user passed. */
  restate(error: unknown): unknown;
}

export interface RecordOptions {
  readonly targetPath: string;
  readonly targetFile: TargetFile;
  readonly specsDir: string;
  readonly version: string;
  readonly spec: string;
  readonly url?: string | undefined;
  /** `--overlays`: the new entry's overlays when they differ from the line's last entry's. */
  readonly overlays?: readonly string[] | undefined;
}

export async function prepareRelease(options: RecordOptions): Promise<PendingRelease> {
  const { targetFile, version } = options;
  checkUpstreamArgument(version);
  const declared = new Set(targetFile.overlays.map((overlay) => overlay.name));
  const unknown = options.overlays?.find((name) => !declared.has(name));
  if (unknown !== undefined)
    throw new InputError('--overlays', `overlay '${unknown}' is not declared under overlays in ${options.targetPath}`);
  const obtained = await obtainSpec({ spec: options.spec, url: options.url });
  checkStatedVersion({ version, bytes: obtained.bytes, source: targetFile.source, spec: options.spec });
  const listed = targetFile.versions.find((candidate) => candidate.version === version);
  if (listed && listed.sha256 !== obtained.sha256) {
    throw new InputError(
      options.targetPath,
      `version ${version} is listed with sha256 ${listed.sha256}, but ${options.spec} has ${obtained.sha256}; refusing to replace a recorded spec`,
    );
  }
  const entry =
    listed ??
    withSelection({ targetFile, entry: newEntry({ targetFile, version, obtained, overlays: options.overlays }) });
  const stagingDir = await mkdtemp(path.join(tmpdir(), 'mcpgen-release-'));
  const stagedPath = path.join(stagingDir, path.basename(entry.file));
  await writeFile(stagedPath, obtained.bytes);
  const storePath = path.join(options.specsDir, entry.file);
  if (!listed) await refuseDifferentStoreFile({ storePath, sha256: obtained.sha256 });
  return {
    targetFile: listed ? targetFile : { ...targetFile, versions: [...targetFile.versions, entry] },
    entry,
    staged: new Map([[entry.file, stagedPath]]),
    isNew: !listed,
    commit: async () => {
      if (listed) return;
      await writeFileAtomically({ file: storePath, data: obtained.bytes });
      const text = await readFile(options.targetPath, 'utf8');
      await writeFileAtomically({
        file: options.targetPath,
        data: appendVersionEntry({ text, entry: yamlEntry(entry), file: options.targetPath }),
      });
    },
    discard: () => rm(stagingDir, { recursive: true, force: true }),
    restate: (error) =>
      error instanceof InputError
        ? new InputError(
            error.place.split(stagedPath).join(options.spec),
            error.problem.split(stagedPath).join(options.spec),
          )
        : error,
  };
}

/** The next patch of the version's line; the file is `<target>/<version>.<ext>` in the store; overlays as the line's (or the newest) last entry. */
function newEntry(options: {
  targetFile: TargetFile;
  version: string;
  obtained: ObtainedSpec;
  overlays: readonly string[] | undefined;
}): TargetVersion {
  const { targetFile, version, obtained } = options;
  const minor = version.split('.').slice(0, 2).join('.');
  const sameLine = targetFile.versions
    .filter((candidate) => candidate.version.split('.').slice(0, 2).join('.') === minor)
    .at(-1);
  const model = sameLine ?? targetFile.versions.at(-1);
  return {
    version,
    patch: nextPatch({ versions: targetFile.versions, minor }),
    file: `${targetFile.target}/${version}${obtained.extension}`,
    ...(obtained.url ? { url: obtained.url } : {}),
    sha256: obtained.sha256,
    overlays: [...(options.overlays ?? model?.overlays ?? [])],
  };
}

function withSelection(options: { targetFile: TargetFile; entry: TargetVersion }): TargetVersion {
  return {
    ...options.entry,
    selection: selectionFingerprint({ targetFile: options.targetFile, version: options.entry }),
  };
}

/** The store is shared by every checkout: a file there with other bytes is someone's recorded spec, never overwritten. */
async function refuseDifferentStoreFile(options: { storePath: string; sha256: string }): Promise<void> {
  const existing = await readFile(options.storePath).catch(() => undefined);
  if (existing && sha256Hex(existing) !== options.sha256) {
    throw new InputError(
      options.storePath,
      `already exists with other bytes (sha256 ${sha256Hex(existing)}); refusing to overwrite a stored spec`,
    );
  }
}

/** Key order as the maintainers write entries. */
function yamlEntry(entry: TargetVersion): Record<string, unknown> {
  return {
    version: entry.version,
    patch: entry.patch,
    file: entry.file,
    ...(entry.url ? { url: entry.url } : {}),
    sha256: entry.sha256,
    overlays: entry.overlays,
    ...(entry.selection ? { selection: entry.selection } : {}),
  };
}
