import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { z } from 'zod';
import { InputError, pointer } from '../ir/errors.js';
import { type TargetFile, targetFileSchema } from './schema.js';

/** Reads and checks `specs/<target>.yaml`; every problem names file and JSON pointer. */
export async function loadTargetFile(file: string): Promise<TargetFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(file, `cannot read target file: ${(error as Error).message}`);
  }
  const parsed = parseYaml({ text, file });
  const result = targetFileSchema.safeParse(parsed);
  if (!result.success) throw firstIssue({ issues: result.error.issues, file });
  checkReferences({ target: result.data, file });
  return result.data;
}

function parseYaml(options: { text: string; file: string }): unknown {
  try {
    return parse(options.text, { prettyErrors: false });
  } catch (error) {
    throw new InputError(options.file, `cannot parse YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

function firstIssue(options: { issues: readonly z.core.$ZodIssue[]; file: string }): InputError {
  const issue = options.issues[0]!;
  return new InputError(`${options.file}#${pointer(...issue.path.map(String))}`, issue.message);
}

/** Names used in one place must be declared in another. */
function checkReferences(options: { target: TargetFile; file: string }): void {
  const { target, file } = options;
  const overlayNames = new Set(target.overlays.map((overlay) => overlay.name));
  target.versions.forEach((version, index) => {
    version.overlays.forEach((name, position) => {
      if (!overlayNames.has(name))
        throw new InputError(
          `${file}#${pointer('versions', index, 'overlays', position)}`,
          `overlay '${name}' is not declared under overlays`,
        );
    });
  });
  target.defaultProfiles.forEach((name, index) => {
    if (!(name in target.profiles) && name !== 'ALL')
      throw new InputError(
        `${file}#${pointer('defaultProfiles', index)}`,
        `profile '${name}' is not declared under profiles`,
      );
  });
}
