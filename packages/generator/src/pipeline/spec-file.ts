import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, pointer } from '../ir/errors.js';
import type { TargetVersion } from '../targets/schema.js';

/** Finds a listed spec file and refuses it when its bytes are not the recorded ones. */
export async function checkedSpecPath(options: {
  specsDir: string;
  version: TargetVersion;
  targetFile: string;
  index: number;
  /** Where the version entry sits in the target file. @default ['versions', index] */
  at?: readonly (string | number)[];
}): Promise<string> {
  const at = options.at ?? ['versions', options.index];
  const file = path.resolve(options.specsDir, options.version.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new InputError(`${options.targetFile}#${pointer(...at, 'file')}`, `spec file ${file} cannot be read`);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== options.version.sha256) {
    throw new InputError(
      `${options.targetFile}#${pointer(...at, 'sha256')}`,
      `${file} has sha256 ${actual}, but ${options.version.sha256} is recorded; refusing a spec that is not the recorded one`,
    );
  }
  return file;
}
