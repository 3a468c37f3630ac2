import type { TargetSpec } from '@mcpgen/runtime';

const minorOf = (version: string) => version.split('.').slice(0, 2).join('.');

/**
 * Why the package has its version: a new upstream minor starts a new package
 * minor; the same upstream minor as the previous listed version is a patch. A
 * regeneration of the same upstream with our changes is published after the
 * maintainer bumps `patch` in the target file (README, "Releasing").
 */
export function describeVersioning(options: { current: TargetSpec; previous: TargetSpec | undefined }): string {
  const { current, previous } = options;
  if (!previous) return `${current.packageVersion}: first listed upstream version (${current.upstream.version}).`;
  if (minorOf(previous.packageVersion) !== minorOf(current.packageVersion)) {
    return `${current.packageVersion}: new upstream minor ${minorOf(current.packageVersion)} (previous package ${previous.packageVersion} served ${previous.upstream.version}).`;
  }
  return `${current.packageVersion}: same upstream minor as ${previous.packageVersion}; patch release.`;
}
