import type { TargetVersion } from '../targets/schema.js';
import { packageVersion } from './target-spec.js';

/**
 * Listed versions form lines, one per package minor (the upstream's
 * major.minor). The list is in recording order, so an older minor's fix
 * recorded after a newer minor lands in its own line, not after the newer one.
 */
export const packageMinor = (version: TargetVersion) => packageVersion(version).split('.').slice(0, 2).join('.');

const minorKey = (minor: string) => minor.split('.').map(Number) as [number, number];

function compareMinors(a: string, b: string): number {
  const [aMajor, aMinor] = minorKey(a);
  const [bMajor, bMinor] = minorKey(b);
  return aMajor - bMajor || aMinor - bMinor;
}

/**
 * The release a version is compared with: the last one recorded before it in
 * the same line; for the first of a line, the newest line below it (its last
 * recorded entry). Never a newer minor.
 */
export function previousIndex(options: { versions: readonly TargetVersion[]; index: number }): number | undefined {
  const { versions, index } = options;
  const minor = packageMinor(versions[index]!);
  const earlier = versions.slice(0, index).map((version, position) => ({ position, minor: packageMinor(version) }));
  const sameLine = earlier.filter((entry) => entry.minor === minor).at(-1);
  if (sameLine) return sameLine.position;
  const lower = earlier.filter((entry) => compareMinors(entry.minor, minor) < 0);
  const newestMinor = lower
    .map((entry) => entry.minor)
    .sort(compareMinors)
    .at(-1);
  return newestMinor === undefined ? undefined : lower.filter((entry) => entry.minor === newestMinor).at(-1)!.position;
}

/** Our patch for a new upstream release of a minor: one past the line's highest, 0 for a new line. */
export function nextPatch(options: { versions: readonly TargetVersion[]; minor: string }): number {
  const patches = options.versions
    .filter((version) => packageMinor(version) === options.minor)
    .map((version) => version.patch);
  return patches.length === 0 ? 0 : Math.max(...patches) + 1;
}

/** The entries `pnpm generate` builds by default: the last recorded of each line (earlier ones share its package directory). */
export function latestOfEachLine(versions: readonly TargetVersion[]): TargetVersion[] {
  return versions.filter(
    (version, index) => !versions.slice(index + 1).some((later) => packageMinor(later) === packageMinor(version)),
  );
}
