import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Builds a package in a temporary sibling directory and swaps it into place only
 * when everything succeeded, so that a failed run never leaves half a package.
 */
export async function writeDirectoryAtomically(options: {
  readonly destination: string;
  readonly fill: (directory: string) => Promise<void>;
}): Promise<void> {
  const parent = path.dirname(options.destination);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(path.join(parent, `.${path.basename(options.destination)}.tmp-`));
  try {
    await options.fill(staging);
    await rm(options.destination, { recursive: true, force: true });
    await rename(staging, options.destination);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

export async function writeFiles(options: {
  directory: string;
  files: readonly { path: string; text: string }[];
}): Promise<void> {
  for (const file of options.files) {
    const target = path.join(options.directory, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.text);
  }
}

/** Writes one file through a temporary sibling and a rename: readers see the old bytes or the new ones, never a part. */
export async function writeFileAtomically(options: { file: string; data: string | Buffer }): Promise<void> {
  await mkdir(path.dirname(options.file), { recursive: true });
  const staging = path.join(
    path.dirname(options.file),
    `.${path.basename(options.file)}.tmp-${process.pid}-${Date.now()}`,
  );
  try {
    await writeFile(staging, options.data);
    await rename(staging, options.file);
  } catch (error) {
    await rm(staging, { force: true });
    throw error;
  }
}
