import type { ProfileSpec } from './catalog/target.js';
import type { SafetyClass } from './catalog/types.js';

/**
 * The one selection function: the generator runs it to decide what a package
 * contains, the server runs it again at start-up to decide what it registers.
 */

/** What selection needs to know about a tool or an IR operation. */
export interface Selectable {
  readonly name: string;
  readonly tags: readonly string[];
  /** Absent when the safety of a call is decided per call (proxy tools). */
  readonly safety?: SafetyClass;
}

export interface Selection {
  /** Tags whose operations are served; `'all'` switches the tag filter off. */
  readonly tags: readonly string[] | 'all';
  /** Names served whatever their tags. */
  readonly includeNames?: readonly string[];
  /** Names never served; wins over everything else. */
  readonly excludeNames?: readonly string[];
  /** Safety classes served; absent means all. */
  readonly allowedSafety?: readonly SafetyClass[];
}

export function selectTools<T extends Selectable>(items: readonly T[], selection: Selection): T[] {
  const tagSet = selection.tags === 'all' ? undefined : new Set(selection.tags);
  const include = new Set(selection.includeNames ?? []);
  const exclude = new Set(selection.excludeNames ?? []);
  return items.filter((item) => {
    if (exclude.has(item.name)) return false;
    if (!isSafetyAllowed(item, selection.allowedSafety)) return false;
    if (include.has(item.name) || tagSet === undefined) return true;
    return item.tags.some((tag) => tagSet.has(tag));
  });
}

function isSafetyAllowed(item: Selectable, allowed: readonly SafetyClass[] | undefined): boolean {
  return allowed === undefined || item.safety === undefined || allowed.includes(item.safety);
}

/** The keyword that switches the tag filter off, as in the official Portainer server. */
export const ALL_PROFILES = 'ALL';

export class UnknownProfileError extends Error {
  constructor(
    readonly profile: string,
    readonly known: readonly string[],
  ) {
    super(`unknown profile '${profile}' (known: ${known.join(', ')}, ${ALL_PROFILES})`);
  }
}

/** Union of the tags of the named profiles plus extra tags; `ALL` anywhere means no filter. */
export function tagsForProfiles(options: {
  readonly requested: readonly string[];
  readonly profiles: readonly ProfileSpec[];
  readonly extraTags?: readonly string[];
}): readonly string[] | 'all' {
  const wanted = options.requested.map((name) => name.trim().toUpperCase()).filter(Boolean);
  if (wanted.includes(ALL_PROFILES)) return 'all';
  const tags = new Set<string>();
  for (const name of wanted) {
    const profile = options.profiles.find((candidate) => candidate.name.toUpperCase() === name);
    if (!profile)
      throw new UnknownProfileError(
        name,
        options.profiles.map((p) => p.name),
      );
    profile.tags.forEach((tag) => tags.add(tag));
  }
  options.extraTags?.forEach((tag) => tags.add(tag));
  return [...tags].sort();
}
