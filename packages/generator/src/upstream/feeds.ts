import { gunzipSync } from 'node:zlib';
import { InputError } from '../ir/errors.js';
import { download } from '../store/download.js';
import type { TargetFile } from '../targets/schema.js';

export type UpstreamFeed = NonNullable<TargetFile['upstreamFeed']>;

/** Base URLs a test (or a GitHub Enterprise user) points elsewhere. */
export interface FeedEndpoints {
  readonly githubApi: string;
}

const RELEASE_TAG = /^v?(\d+\.\d+\.\d+)$/;

/** Released upstream versions as the vendor's own feed lists them (drafts and pre-releases left out). */
export async function publishedVersions(options: { feed: UpstreamFeed; endpoints: FeedEndpoints }): Promise<string[]> {
  const { feed } = options;
  if (feed.kind === 'github-releases')
    return githubReleases({ repository: feed.repository, api: options.endpoints.githubApi });
  return debianVersions(feed);
}

async function githubReleases(options: { repository: string; api: string }): Promise<string[]> {
  const url = `${options.api.replace(/\/+$/, '')}/repos/${options.repository}/releases?per_page=100`;
  const releases = parseJson({ bytes: await download(url), url }) as {
    tag_name?: unknown;
    draft?: unknown;
    prerelease?: unknown;
  }[];
  if (!Array.isArray(releases)) throw new InputError(url, 'expected a JSON array of releases');
  return releases
    .filter((release) => release.draft !== true && release.prerelease !== true)
    .flatMap((release) => RELEASE_TAG.exec(String(release.tag_name ?? ''))?.[1] ?? []);
}

/** The package's versions in the repository's `Packages` index (plain, else gzip), cut to the parts that name a release. */
async function debianVersions(feed: Extract<UpstreamFeed, { kind: 'debian-package' }>): Promise<string[]> {
  const index = `${feed.repository.replace(/\/+$/, '')}/dists/${feed.suite}/${feed.component}/binary-amd64/Packages`;
  const text = await download(index).then(
    (bytes) => bytes.toString('utf8'),
    async () => gunzipSync(await download(`${index}.gz`)).toString('utf8'),
  );
  const versions = text
    .split(/\n\s*\n/)
    .filter((stanza) => new RegExp(`^Package: ${escapeRegExp(feed.package)}$`, 'm').test(stanza))
    .flatMap((stanza) => /^Version: (?:\d+:)?(\d+(?:\.\d+)*)/m.exec(stanza)?.[1] ?? []);
  return [...new Set(versions.map((version) => version.split('.').slice(0, feed.versionParts).join('.')))];
}

function parseJson(options: { bytes: Buffer; url: string }): unknown {
  try {
    return JSON.parse(options.bytes.toString('utf8'));
  } catch {
    throw new InputError(options.url, 'answered something that is not JSON');
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
