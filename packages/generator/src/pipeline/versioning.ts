import type { TargetSpec } from '@mcpgen/runtime';
import type { SelectionBump } from './selection-data.js';

const minorOf = (version: string) => version.split('.').slice(0, 2).join('.');

/**
 * Why the package has its version. Major.minor is the upstream's; the patch is
 * ours: a new upstream minor starts a line at .0; an upstream patch release, or
 * a regeneration with our own changes, is the next patch within the line; an
 * older minor's release goes into its own line and is compared with that line.
 */
export function describeVersioning(options: {
  current: TargetSpec;
  previous: TargetSpec | undefined;
  bump?: SelectionBump | undefined;
  targetPath: string;
}): string {
  const { current, bump } = options;
  const upstream = describeUpstream(options);
  if (!bump) return upstream;
  return `${current.packageVersion}: upstream ${current.upstream.version} regenerated under a new patch because its selection data changed since it was recorded (${bump.parts.join(', ')} in ${options.targetPath}); record it with \`pnpm mcpgen record-selection\`. Compared with the previous release: ${upstream}`;
}

function describeUpstream(options: { current: TargetSpec; previous: TargetSpec | undefined }): string {
  const { current, previous } = options;
  if (!previous) return `${current.packageVersion}: first listed upstream version (${current.upstream.version}).`;
  if (minorOf(previous.packageVersion) !== minorOf(current.packageVersion)) {
    return `${current.packageVersion}: new upstream minor ${minorOf(current.packageVersion)} (previous package ${previous.packageVersion} served ${previous.upstream.version}).`;
  }
  return `${current.packageVersion}: upstream patch release ${current.upstream.version} in the ${minorOf(current.packageVersion)} line (previous package ${previous.packageVersion} served ${previous.upstream.version}); patch release.`;
}
