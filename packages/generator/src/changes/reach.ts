import type { OperationTool } from '@mcpgen/runtime';

/** What the change report needs to know about selection: the profiles and the variables that choose among tags. */
export interface SelectionFacts {
  readonly profiles: readonly { readonly name: string; readonly tags: readonly string[] }[];
  readonly profilesVar: string;
  readonly tagsExtraVar?: string | undefined;
}

/** New tools that no profile selects, grouped by tag: users reach them only through `ALL` or the extra-tags variable. */
export interface Unprofiled {
  readonly tag: string;
  readonly tools: readonly string[];
  /** The settings that reach them, e.g. `PORTAINER_PROFILES=ALL` or `PORTAINER_TAGS_EXTRA=addons`. */
  readonly reachedBy: string;
}

export function unprofiledTools(options: { added: readonly OperationTool[]; facts: SelectionFacts }): Unprofiled[] {
  const { facts } = options;
  const profiled = new Set(facts.profiles.flatMap((profile) => profile.tags));
  const byTag = new Map<string, string[]>();
  for (const tool of options.added) {
    if (tool.tags.some((tag) => profiled.has(tag))) continue;
    const tag = tool.tags[0] ?? '(untagged)';
    byTag.set(tag, [...(byTag.get(tag) ?? []), tool.name]);
  }
  return [...byTag.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([tag, tools]) => ({ tag, tools: tools.sort(), reachedBy: reach({ tag, facts }) }));
}

function reach(options: { tag: string; facts: SelectionFacts }): string {
  const all = `\`${options.facts.profilesVar}=ALL\``;
  return options.facts.tagsExtraVar ? `${all} or \`${options.facts.tagsExtraVar}=${options.tag}\`` : all;
}

/** Per selection, the tools that entered or left the default (auto-mode) `tools/list`. */
export function listingMoves(options: {
  before: readonly { profile: string; listedNames: readonly string[] }[];
  after: readonly { profile: string; listedNames: readonly string[] }[];
}) {
  return options.after.flatMap((row) => {
    const old = options.before.find((candidate) => candidate.profile === row.profile);
    if (!old) return [];
    const was = new Set(old.listedNames);
    const now = new Set(row.listedNames);
    const entered = row.listedNames.filter((name) => !was.has(name));
    const left = old.listedNames.filter((name) => !now.has(name));
    return entered.length + left.length > 0 ? [{ selection: row.profile, entered, left }] : [];
  });
}
