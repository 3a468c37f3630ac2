import type { TargetSpec } from '../catalog/target.js';
import type { JsonSchema } from '../catalog/types.js';
import type { ListedTool, ToolRegistry } from './registry.js';
import { discoveryListing, type UnlistedSummary } from './discovery-listing.js';
import type { SurfaceLimits, ToolMode } from '../config/tool-mode.js';

export interface ToolSurface {
  readonly listing: readonly ListedTool[];
  /**
   * The same listing as a JSON array text, made from the precomputed entries without parsing them: what
   * the stdio front sends at start-up (parsing the hundred entries only to serialize them again was
   * about 2 ms of a 45 ms start). Absent for a surface made by hand.
   */
  readonly listingJson?: () => string;
  /** The discovery tools are part of the listing (and answer calls). */
  readonly discovery: boolean;
  /** Selected tools that are not listed, reachable through discovery. */
  readonly unlisted: number;
  /** How many tools the listing holds, known without parsing it. Absent for a surface made by hand. */
  readonly count?: number;
}

export function chooseSurface(options: {
  registry: ToolRegistry;
  mode: ToolMode;
  limits: SurfaceLimits;
  displayName: string;
  coreTags: readonly string[];
  coreTools?: readonly string[];
  /** The discovery tools' input schemas in the served dialect. */
  discoverySchemas?: Readonly<Record<string, JsonSchema>>;
}): ToolSurface {
  const { registry, mode, limits } = options;
  const listing = (unlisted: UnlistedSummary, displayName = options.displayName) =>
    discoveryListing({
      displayName,
      unlisted,
      ...(options.discoverySchemas ? { schemas: options.discoverySchemas } : {}),
    });
  const names = [...registry.enabled];
  const everything = () => surfaceOf({ registry, listed: names, discoveryTools: [], unlisted: 0 });
  if (mode === 'tools') return everything();
  if (mode === 'discovery')
    return surfaceOf({
      registry,
      listed: [],
      discoveryTools: listing(unlistedSummary({ names, registry })),
      unlisted: names.length,
    });
  const sizes = new Map(names.map((name) => [name, registry.sizeOf(name)]));
  if (fits({ sizes, limits })) return everything();
  const direct = pickDirect({
    registry,
    names,
    sizes,
    limits,
    core: { tags: options.coreTags, tools: options.coreTools ?? [] },
    reserve: listing({ count: 0, tags: [] }, 'x'),
  });
  const rest = names.filter((name) => !direct.has(name));
  return surfaceOf({
    registry,
    listed: names.filter((name) => direct.has(name)),
    discoveryTools: listing(unlistedSummary({ names: rest, registry })),
    unlisted: rest.length,
  });
}

/** A surface of these tools (then the discovery tools, if any): its entries are parsed on first use only. */
function surfaceOf(options: {
  registry: ToolRegistry;
  listed: readonly string[];
  discoveryTools: readonly ListedTool[];
  unlisted: number;
}): ToolSurface {
  const { registry, listed, discoveryTools } = options;
  let listing: readonly ListedTool[] | undefined;
  let json: string | undefined;
  return {
    get listing() {
      return (listing ??= [...listed.map(registry.listingOf), ...discoveryTools]);
    },
    listingJson: () =>
      (json ??= `[${[...listed.map(registry.textOf), ...discoveryTools.map((tool) => JSON.stringify(tool))].join(',')}]`),
    discovery: discoveryTools.length > 0,
    unlisted: options.unlisted,
    count: listed.length + discoveryTools.length,
  };
}

/** The target's core tags, else the tags of its default profiles (in their order): what most users select is listed first. */
export function coreTagsOf(target: TargetSpec): readonly string[] {
  if (target.coreTags) return target.coreTags;
  const tags = target.defaultProfiles.flatMap(
    (name) => target.profiles.find((profile) => profile.name === name)?.tags ?? [],
  );
  return [...new Set(tags)];
}

/**
 * No listed tool may take more than this fraction of the budget: a huge schema (PVE create_qemu,
 * Portainer settings_update) would crowd out many small tools, and is better read on demand
 * through describe_operation when it is needed.
 */
const LARGEST_SHARE = 20;

/** Whether the whole listing fits: `[a,b,c]` is the entries, a comma between each, and the brackets. */
function fits(options: { sizes: ReadonlyMap<string, number>; limits: SurfaceLimits }): boolean {
  let chars = options.sizes.size + 1;
  for (const size of options.sizes.values()) chars += size;
  return options.sizes.size <= options.limits.maxTools && chars <= options.limits.maxChars;
}

function charsOf(tools: readonly ListedTool[]): number {
  return JSON.stringify(tools).length;
}

/** What the target says users need listed: its curated `core` tools, in order, and its core tags. */
interface Core {
  readonly tags: readonly string[];
  readonly tools: readonly string[];
}

/**
 * Greedy over a fixed ranking: proxy and raw tools first (each reaches a whole API); then the
 * target's curated core tools in their order (what hand-written servers list because users ask
 * for it); then, to fill what is left, tools of the core tags before the others, where shallow
 * paths come before deep ones (`/nodes` before `/nodes/{node}/qemu/{vmid}/firewall/ipset`), at one
 * depth reads before writes before destructive calls, then core tags in the target's order.
 * A tool that does not fit what is left of the budget, or takes more than its share, is passed
 * over, and smaller ones may still fit.
 */
function pickDirect(options: {
  registry: ToolRegistry;
  names: readonly string[];
  sizes: ReadonlyMap<string, number>;
  limits: SurfaceLimits;
  core: Core;
  /** The discovery tools as they would be listed with nothing unlisted. */
  reserve: readonly ListedTool[];
}): Set<string> {
  const { registry, limits, reserve } = options;
  // The discovery tools' descriptions grow with the count and tags of what is unlisted.
  let chars = charsOf(reserve) + 500;
  const picked = new Set<string>();
  for (const name of rank({ registry, names: options.names, core: options.core })) {
    if (picked.size >= limits.maxTools - reserve.length) break;
    const cost = options.sizes.get(name)! + 1;
    if (cost > limits.maxChars / LARGEST_SHARE || chars + cost > limits.maxChars) continue;
    chars += cost;
    picked.add(name);
  }
  return picked;
}

function rank(options: { registry: ToolRegistry; names: readonly string[]; core: Core }): string[] {
  const { registry } = options;
  const coreTags = options.core.tags;
  const curated = new Map(options.core.tools.map((name, position) => [name, position]));
  const keyOf = (name: string, index: number): number[] => {
    const entry = registry.entries.get(name)!;
    const hints = registry.hintsOf(name);
    const core = Math.min(
      ...entry.tags.map((tag) => coreTags.indexOf(tag)).filter((position) => position >= 0),
      coreTags.length,
    );
    const safety = hints.readOnlyHint ? 0 : hints.destructiveHint ? 2 : 1;
    const depth = entry.path === undefined ? 0 : literalSegments(entry.path);
    return [
      entry.kind === 'operation' ? 1 : 0,
      curated.get(name) ?? curated.size,
      core < coreTags.length ? 0 : 1,
      depth,
      safety,
      core,
      index,
    ];
  };
  const keyed = options.names.map((name, index) => ({ name, key: keyOf(name, index) }));
  return keyed.sort((a, b) => compareKeys(a.key, b.key)).map((entry) => entry.name);
}

/** Path segments that are not parameters: `/nodes/{node}/qemu/{vmid}/config` has 3. */
function literalSegments(path: string): number {
  return path.split('/').filter((segment) => segment !== '' && !segment.startsWith('{')).length;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Tags of the unlisted tools, most tools first, so that the search tool can say what it reaches. */
function unlistedSummary(options: { names: readonly string[]; registry: ToolRegistry }): UnlistedSummary {
  const counts = new Map<string, number>();
  for (const name of options.names)
    for (const tag of options.registry.entries.get(name)?.tags ?? []) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  const tags = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([tag]) => tag);
  return { count: options.names.length, tags };
}
