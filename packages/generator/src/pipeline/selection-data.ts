import { createHash } from 'node:crypto';
import type { TargetFile, TargetVersion } from '../targets/schema.js';
import { packageMinor } from './version-lines.js';

/**
 * The target-file data that decides what a package contains besides the
 * upstream document: profiles, tool names, the overlays applied to it. Its
 * fingerprint is recorded per version (`selection`), one short hash per part,
 * so that a later change is noticed, named, and gets a new patch: a published
 * version never changes content under the same number.
 */
const PARTS = ['profiles', 'names', 'overlays'] as const;
type Part = (typeof PARTS)[number];

const short = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 8);

export function selectionFingerprint(options: { targetFile: TargetFile; version: TargetVersion }): string {
  const { targetFile, version } = options;
  const data: Record<Part, unknown> = {
    profiles: {
      profiles: targetFile.profiles,
      defaultProfiles: targetFile.defaultProfiles,
      coreTags: targetFile.coreTags ?? null,
    },
    names: targetFile.names,
    overlays: targetFile.overlays.filter((overlay) => version.overlays.includes(overlay.name)),
  };
  return PARTS.map((part) => `${part}=${short(data[part])}`).join(' ');
}

/** The parts whose hash differs between two fingerprints. */
export function changedParts(options: { recorded: string; current: string }): string[] {
  const parse = (text: string) => new Map(text.split(' ').map((pair) => pair.split('=') as [string, string]));
  const [recorded, current] = [parse(options.recorded), parse(options.current)];
  return PARTS.filter((part) => recorded.get(part) !== current.get(part));
}

/** Why a listed version's package is regenerated under a new patch, when its selection data moved since it was recorded. */
export interface SelectionBump {
  readonly patch: number;
  readonly parts: readonly string[];
}

/**
 * The newest entry of a line whose recorded fingerprint differs gets the line's
 * next patch. Older entries of the line are not republished (their number is
 * taken by the newer release), and entries with no fingerprint have nothing to
 * compare with.
 */
export function selectionBump(options: { targetFile: TargetFile; version: TargetVersion }): SelectionBump | undefined {
  const { targetFile, version } = options;
  if (!version.selection) return undefined;
  const line = targetFile.versions.filter((candidate) => packageMinor(candidate) === packageMinor(version));
  if (line.at(-1) !== version) return undefined;
  const parts = changedParts({ recorded: version.selection, current: selectionFingerprint({ targetFile, version }) });
  if (parts.length === 0) return undefined;
  return { patch: Math.max(...line.map((candidate) => candidate.patch)) + 1, parts };
}
