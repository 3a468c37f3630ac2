import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../ir/errors.js';
import { download } from '../store/download.js';
import { sha256Hex } from '../store/listed-spec.js';

export const isUrl = (spec: string) => /^https?:\/\//i.test(spec);

/** A new release's document, in memory: nothing is written until the whole release checked out. */
export interface ObtainedSpec {
  readonly bytes: Buffer;
  readonly sha256: string;
  /** `.yaml`, `.json` or `.js`: the stored file keeps the form it was published in. */
  readonly extension: string;
  /** The URL recorded for it: the one it was downloaded from, or `--url` once that URL gave the same bytes. */
  readonly url?: string;
}

export async function obtainSpec(options: { spec: string; url?: string | undefined }): Promise<ObtainedSpec> {
  const { spec } = options;
  const bytes = isUrl(spec) ? await download(spec) : await readLocal(spec);
  const sha256 = sha256Hex(bytes);
  const url = isUrl(spec) ? spec : options.url;
  if (!isUrl(spec) && options.url) await requireSameBytes({ url: options.url, sha256, spec });
  return {
    bytes,
    sha256,
    extension: extensionOf({ name: isUrl(spec) ? new URL(spec).pathname : spec, bytes }),
    ...(url ? { url } : {}),
  };
}

async function readLocal(spec: string): Promise<Buffer> {
  try {
    return await readFile(path.resolve(spec));
  } catch (error) {
    throw new InputError(
      spec,
      `cannot read the spec: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** `--url` is recorded only when it serves these very bytes: a clone with no spec store falls back to it. */
async function requireSameBytes(options: { url: string; sha256: string; spec: string }): Promise<void> {
  const remote = sha256Hex(await download(options.url));
  if (remote !== options.sha256) {
    throw new InputError(
      options.url,
      `serves sha256 ${remote}, but ${options.spec} has ${options.sha256}; pass the URL itself as --spec, or leave out --url`,
    );
  }
}

function extensionOf(options: { name: string; bytes: Buffer }): string {
  const extension = path.extname(options.name).toLowerCase();
  if (['.yaml', '.yml', '.json', '.js'].includes(extension)) return extension === '.yml' ? '.yaml' : extension;
  const head = options.bytes.subarray(0, 200).toString('utf8').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return '.json';
  if (/^(const|var|let)\s/.test(head)) return '.js';
  return '.yaml';
}
