import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, YAMLSeq } from 'yaml';
import { InputError } from '../ir/errors.js';
import type { TargetFile } from './schema.js';

/**
 * A new upstream release in one command: the spec given by path or URL is hashed
 * and recorded under `versions` in the target file (comments kept), so that the
 * next `pnpm generate` builds it too. A version already listed must carry the
 * recorded sha256, else it is refused.
 */
export async function recordVersion(options: {
  targetPath: string;
  targetFile: TargetFile;
  specsDir: string;
  version: string;
  spec: string;
  url?: string;
}): Promise<void> {
  const { targetFile, version } = options;
  const { bytes, file } = await obtainSpec(options);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const listed = targetFile.versions.find((candidate) => candidate.version === version);
  if (listed) {
    if (listed.sha256 !== sha256) throw new InputError(options.targetPath, `version ${version} is listed with sha256 ${listed.sha256}, but ${options.spec} has ${sha256}; refusing to replace a recorded spec`);
    return;
  }
  const previous = targetFile.versions.at(-1);
  const entry = {
    version,
    patch: 0,
    file: path.relative(options.specsDir, file),
    url: options.url ?? guessUrl({ previousUrl: previous?.url, previousVersion: previous?.version, version, spec: options.spec }),
    sha256,
    overlays: previous?.overlays ?? [],
  };
  await appendVersion({ targetPath: options.targetPath, entry });
}

async function obtainSpec(options: { spec: string; specsDir: string; targetFile: TargetFile; version: string }): Promise<{ bytes: Buffer; file: string }> {
  if (!/^https?:\/\//.test(options.spec)) {
    const file = path.resolve(options.spec);
    try {
      return { bytes: await readFile(file), file };
    } catch (error) {
      throw new InputError(options.spec, `cannot read the spec: ${(error as Error).message}`);
    }
  }
  const response = await fetch(options.spec).catch((error: unknown) => {
    throw new InputError(options.spec, `cannot download the spec: ${(error as Error).message}`);
  });
  if (!response.ok) throw new InputError(options.spec, `download failed: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const extension = path.extname(new URL(options.spec).pathname) || '.json';
  const file = path.join(options.specsDir, options.targetFile.target, `${options.version}${extension}`);
  await writeFile(file, bytes);
  return { bytes, file };
}

/** Publishers put the version in the URL (SwaggerHub) or publish one rolling URL (Proxmox). */
function guessUrl(options: { previousUrl: string | undefined; previousVersion: string | undefined; version: string; spec: string }): string {
  if (/^https?:\/\//.test(options.spec)) return options.spec;
  if (!options.previousUrl) return `file://${path.resolve(options.spec)}`;
  return options.previousVersion ? options.previousUrl.split(options.previousVersion).join(options.version) : options.previousUrl;
}

async function appendVersion(options: { targetPath: string; entry: Record<string, unknown> }): Promise<void> {
  const document = parseDocument(await readFile(options.targetPath, 'utf8'));
  const versions = document.get('versions');
  if (!(versions instanceof YAMLSeq)) throw new InputError(`${options.targetPath}#/versions`, 'expected a list of versions');
  versions.add(document.createNode(options.entry));
  const staging = `${options.targetPath}.tmp`;
  await writeFile(staging, document.toString());
  await rename(staging, options.targetPath);
}
