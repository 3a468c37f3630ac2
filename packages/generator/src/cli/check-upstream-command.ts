import path from 'node:path';
import { loadTargetFile } from '../targets/load.js';
import { checkTarget, type NewRelease } from '../upstream/check.js';
import type { FeedEndpoints } from '../upstream/feeds.js';

export interface CheckUpstreamArgs {
  readonly targets: readonly string[];
  readonly targetsDir: string;
  readonly endpoints: FeedEndpoints;
  /** Print one JSON array (for a workflow's matrix) instead of one line per release. */
  readonly json: boolean;
}

/** Lists, per target, the upstream releases newer than the recorded ones (targets without a feed are named and skipped). */
export async function runCheckUpstream(args: CheckUpstreamArgs): Promise<NewRelease[]> {
  const releases: NewRelease[] = [];
  for (const target of args.targets) {
    const targetPath = path.join(args.targetsDir, `${target}.yaml`);
    const targetFile = await loadTargetFile(targetPath);
    if (!targetFile.upstreamFeed) {
      process.stderr.write(`mcpgen: ${target}: no upstreamFeed in ${targetPath}; not checked\n`);
      continue;
    }
    releases.push(...(await checkTarget({ targetFile, targetPath, endpoints: args.endpoints })));
  }
  process.stdout.write(args.json ? `${JSON.stringify(releases)}\n` : describe(releases));
  return releases;
}

function describe(releases: readonly NewRelease[]): string {
  if (releases.length === 0) return 'no unrecorded upstream release\n';
  return releases
    .map(
      (release) =>
        `${release.target} ${release.version}: ${release.spec}${release.specPublished ? '' : ' (not published yet)'}\n`,
    )
    .join('');
}
