import { parse } from 'yaml';
import { InputError } from '../ir/errors.js';
import type { TargetFile } from './schema.js';

const UPSTREAM_VERSION = /^\d+\.[\w.-]+$/;

/** `latest`, `v2.44`, `2.44.0-rc1 ` and the like are refused before anything is downloaded. */
export function checkUpstreamArgument(version: string): void {
  if (!UPSTREAM_VERSION.test(version))
    throw new InputError(
      '--upstream',
      `'${version}' is not a release version; give the upstream's own number, e.g. 2.44.0 or 9.3`,
    );
}

/**
 * `--upstream` names the release; a document that states its own version
 * (OpenAPI `info.version`) must state the same one, so that a 2.44.0 document
 * is never published as 2.45. An unparsable document is left to the source
 * reader, which names the line.
 */
export function checkStatedVersion(options: {
  version: string;
  bytes: Buffer;
  source: TargetFile['source'];
  spec: string;
}): void {
  const { version } = options;
  if (options.source !== 'openapi') return;
  const stated = statedVersion(options.bytes);
  if (stated !== undefined && stated !== version) {
    throw new InputError(
      `${options.spec}#/info/version`,
      `the document is version ${stated}, but --upstream is ${version}; pass --upstream ${stated} or the right document`,
    );
  }
}

function statedVersion(bytes: Buffer): string | undefined {
  try {
    const document = parse(bytes.toString('utf8'), { prettyErrors: false, maxAliasCount: 100 }) as {
      info?: { version?: unknown };
    } | null;
    const stated = document?.info?.version;
    return stated === undefined || stated === null ? undefined : String(stated);
  } catch {
    return undefined;
  }
}
