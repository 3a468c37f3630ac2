import { InputError } from '../ir/errors.js';
import { packageMinor } from '../pipeline/version-lines.js';
import { download } from '../store/download.js';
import type { TargetFile } from '../targets/schema.js';
import { type FeedEndpoints, publishedVersions } from './feeds.js';

/** One upstream release not yet recorded, with where its API document should be. */
export interface NewRelease {
  readonly target: string;
  readonly version: string;
  readonly spec: string;
  /** Whether the document answered at `spec` (a release is sometimes announced before its API document is published). */
  readonly specPublished: boolean;
}

const parts = (version: string) => version.split('.').map(Number);

function compare(a: string, b: string): number {
  const [left, right] = [parts(a), parts(b)];
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

const lineOf = (version: string) => version.split('.').slice(0, 2).join('.');
const isNumeric = (version: string) => /^\d+(\.\d+)*$/.test(version);

/**
 * Releases worth recording: newer than the last recorded one of their own line
 * (an upstream patch, also of an older minor still served), or a minor above
 * every recorded line. Lines never served are not brought back.
 */
export function unrecordedReleases(options: { targetFile: TargetFile; published: readonly string[] }): string[] {
  const { versions } = options.targetFile;
  const recorded = new Set(versions.map((version) => version.version));
  const lines = new Map<string, string[]>();
  for (const version of versions)
    lines.set(packageMinor(version), [...(lines.get(packageMinor(version)) ?? []), version.version]);
  const newestLine = [...lines.keys()].sort(compare).at(-1)!;
  return [...new Set(options.published)]
    .filter((version) => isNumeric(version) && !recorded.has(version))
    .filter((version) => {
      const line = lines.get(lineOf(version));
      if (!line) return compare(lineOf(version), newestLine) > 0;
      return line.filter(isNumeric).every((known) => compare(version, known) > 0);
    })
    .sort(compare);
}

/** `mcpgen check-upstream` for one target: its feed, the unrecorded releases, and whether each one's document is out. */
export async function checkTarget(options: {
  targetFile: TargetFile;
  targetPath: string;
  endpoints: FeedEndpoints;
}): Promise<NewRelease[]> {
  const { targetFile } = options;
  const feed = targetFile.upstreamFeed;
  if (!feed) throw new InputError(`${options.targetPath}#/upstreamFeed`, 'no upstream feed declared for this target');
  const fresh = unrecordedReleases({
    targetFile,
    published: await publishedVersions({ feed, endpoints: options.endpoints }),
  });
  const releases: NewRelease[] = [];
  for (const version of fresh) {
    const spec = feed.specUrl.split('{version}').join(version);
    const specPublished = await download(spec).then(
      () => true,
      () => false,
    );
    releases.push({ target: targetFile.target, version, spec, specPublished });
  }
  return releases;
}
