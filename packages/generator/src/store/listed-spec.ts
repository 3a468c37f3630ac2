import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../emit/write-atomic.js';
import { InputError, pointer } from '../ir/errors.js';
import type { TargetVersion } from '../targets/schema.js';
import { download } from './download.js';

/** Where listed specs come from: the store directory, a mirror for missing files, and files staged by a recording in progress. */
export interface SpecSource {
  readonly specsDir: string;
  /** `MCPGEN_SPECS_MIRROR`: a base URL; a missing `<file>` is fetched from `<mirror>/<file>`. */
  readonly mirror?: string | undefined;
  /** A release being recorded: its spec is read from here and enters the store only when everything succeeded. */
  readonly staged?: ReadonlyMap<string, string> | undefined;
}

export const sha256Hex = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * Finds a listed spec: in the store, else fetched from the mirror or the
 * recorded URL. Bytes whose sha256 is not the recorded one are refused before
 * they are used, and a download is cached only after that check.
 */
export async function checkedSpecPath(options: {
  source: SpecSource;
  version: TargetVersion;
  targetFile: string;
  index: number;
  /** Where the version entry sits in the target file. @default ['versions', index] */
  at?: readonly (string | number)[];
}): Promise<string> {
  const { source, version } = options;
  const staged = source.staged?.get(version.file);
  if (staged) return staged;
  const file = path.resolve(source.specsDir, version.file);
  const entry = options.at ?? ['versions', options.index];
  const at = (field: string) => `${options.targetFile}#${pointer(...entry, field)}`;
  const local = await readFile(file).catch(() => undefined);
  if (local) {
    refuseUnlessRecorded({ bytes: local, version, where: file, place: at('sha256') });
    return file;
  }
  const url = fetchUrl({ source, version, place: at('file'), file });
  const bytes = await download(url);
  refuseUnlessRecorded({ bytes, version, where: url, place: at('sha256') });
  await writeFileAtomically({ file, data: bytes });
  process.stderr.write(`mcpgen: fetched ${version.file} from ${url} (sha256 checked) into ${source.specsDir}\n`);
  return file;
}

function fetchUrl(options: { source: SpecSource; version: TargetVersion; place: string; file: string }): string {
  const { source, version } = options;
  if (source.mirror) return `${source.mirror.replace(/\/+$/, '')}/${version.file.split(path.sep).join('/')}`;
  if (version.url) return version.url;
  throw new InputError(
    options.place,
    `spec file ${options.file} is missing and no url is recorded; set MCPGEN_SPECS_MIRROR or --specs-dir`,
  );
}

function refuseUnlessRecorded(options: { bytes: Buffer; version: TargetVersion; where: string; place: string }): void {
  const actual = sha256Hex(options.bytes);
  if (actual === options.version.sha256) return;
  throw new InputError(
    options.place,
    `${options.where} has sha256 ${actual}, but ${options.version.sha256} is recorded; refusing a spec that is not the recorded one`,
  );
}
