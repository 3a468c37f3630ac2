import {
  type CatalogTool,
  entryOf,
  type JsonSchema,
  type PrecomputedListing,
  type RoutedOperation,
  type ToolIndexEntry,
  type ToolSpec,
} from '../catalog/types.js';
import type { RegisteredTool } from '../tools/dispatch.js';
import { proxyInputSchema } from '../tools/proxy-schema.js';
import { rawInputSchema } from '../tools/raw-api-spec.js';
import { leanSchema } from '../tools/lean-schema.js';
import { withSelect } from '../tools/select-arg.js';
import type { ServedDialect } from '../dialects/served.js';

/**
 * The tools one server serves. `known` holds every tool of the package so that a
 * call to a tool hidden by selection gets a precise refusal instead of "unknown".
 */
export interface ToolRegistry {
  /** Full specs are resolved on first use of `spec`: start-up reads only `entries`. */
  readonly known: ReadonlyMap<string, RegisteredTool>;
  /** The index entry of every known tool: what start-up (selection, ranking) needs. */
  readonly entries: ReadonlyMap<string, ToolIndexEntry>;
  readonly enabled: ReadonlySet<string>;
  /** Every enabled tool's `tools/list` entry, in order; built on first use. */
  readonly listed: readonly ListedTool[];
  /** One enabled tool's `tools/list` entry, built (or parsed) once on first use. */
  readonly listingOf: (name: string) => ListedTool;
  /** Characters of one enabled tool's entry as JSON (what it costs in `tools/list`). */
  readonly sizeOf: (name: string) => number;
  /** One enabled tool's entry as JSON text: the precomputed text when it is exact (not parsed), else the entry's. */
  readonly textOf: (name: string) => string;
  /** The hints clients see for one enabled tool (a proxy on a read-only server reads only). */
  readonly hintsOf: (name: string) => ListedTool['annotations'];
  /** Every operation of the package (from the index), for the raw tool's safety lookup. */
  readonly operations: readonly RoutedOperation[];
  /** JSON of the generator's search index (`dist/search.json`), read on the first search only. */
  readonly searchIndex?: () => string;
  /** The schema dialect served when it is not the default: its listing, describe schemas and plans back. */
  readonly dialect?: ServedDialect;
}

export interface ListedTool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: RegisteredTool['inputSchema'];
  readonly annotations: Omit<ToolSpec['annotations'], 'title'> & { readonly title?: string };
}

export function createRegistry(options: {
  all: readonly CatalogTool[];
  enabled: readonly CatalogTool[];
  readsOnly?: boolean;
  precomputed?: PrecomputedListing;
  searchIndex?: () => string;
  dialect?: ServedDialect;
}): ToolRegistry {
  const tools = [...options.all, ...options.enabled];
  const known = new Map(tools.map((tool) => [entryOf(tool).name, register(tool)] as const));
  const entries = new Map(tools.map((tool) => [entryOf(tool).name, entryOf(tool)] as const));
  const enabledNames = options.enabled.map((tool) => entryOf(tool).name);
  // A dialect's listing replaces the default one: every tool's entry was made at generation.
  const precomputed = options.dialect?.listing ?? options.precomputed;
  const listings = listingsOf({
    known,
    entries,
    readsOnly: options.readsOnly ?? false,
    ...(precomputed ? { precomputed } : {}),
  });
  let all: ListedTool[] | undefined;
  let operations: RoutedOperation[] | undefined;
  return {
    known,
    entries,
    enabled: new Set(enabledNames),
    get listed() {
      return (all ??= enabledNames.map(listings.listingOf));
    },
    ...listings,
    get operations() {
      // The index has each operation's route and safety: no full spec is built for the lookup.
      return (operations ??= options.all.map(entryOf).flatMap(routedOperation));
    },
    ...(options.searchIndex ? { searchIndex: options.searchIndex } : {}),
    ...(options.dialect ? { dialect: options.dialect } : {}),
  };
}

/**
 * Listing entries, made on demand (a server in auto mode lists a hundred of several
 * hundred tools) from the precomputed JSON when there is one.
 */
function listingsOf(options: {
  known: ReadonlyMap<string, RegisteredTool>;
  entries: ReadonlyMap<string, ToolIndexEntry>;
  readsOnly: boolean;
  precomputed?: PrecomputedListing;
}): Pick<ToolRegistry, 'listingOf' | 'sizeOf' | 'textOf' | 'hintsOf'> {
  const { known, entries, readsOnly, precomputed } = options;
  const made = new Map<string, ListedTool>();
  const hinted = (name: string) => accessSetsHints({ kind: entries.get(name)!.kind, readsOnly });
  // The precomputed text is exact unless the access hints change it (proxies on a read-only server).
  const listingOf = (name: string): ListedTool => {
    let listing = made.get(name);
    if (!listing) {
      const text = precomputed?.get(name);
      const entry = text === undefined ? listed(known.get(name)!) : (JSON.parse(text) as ListedTool);
      listing = hinted(name) ? readOnlyHints(entry) : entry;
      made.set(name, listing);
    }
    return listing;
  };
  const textOf = (name: string) =>
    (hinted(name) ? undefined : precomputed?.get(name)) ?? JSON.stringify(listingOf(name));
  return {
    listingOf,
    sizeOf: (name) => (hinted(name) ? undefined : precomputed?.charsOf?.(name)) ?? textOf(name).length,
    textOf,
    hintsOf: (name) => (hinted(name) ? listingOf(name).annotations : entries.get(name)!.annotations),
  };
}

function inputSchemaOf(spec: ToolSpec) {
  return spec.kind === 'proxy' ? proxyInputSchema(spec) : spec.kind === 'raw' ? rawInputSchema() : spec.inputSchema;
}

function specOf(tool: CatalogTool): ToolSpec {
  return 'resolve' in tool ? tool.resolve() : tool;
}

/**
 * The full input schema (with `select`) is built on first use: a server knows
 * every tool of its package but most are never called, and start-up time matters.
 */
function register(tool: CatalogTool): RegisteredTool {
  let built: ReturnType<typeof withSelect> | undefined;
  const build = () => (built ??= withSelect(inputSchemaOf(specOf(tool))));
  return {
    get spec() {
      return specOf(tool);
    },
    get inputSchema() {
      return build().inputSchema;
    },
    get selectArg() {
      return build().selectArg;
    },
  };
}

/** A tool's full input schema as the server validates it (with `select`): what dialects are made from. */
export function fullInputSchema(spec: ToolSpec): JsonSchema {
  return register(spec).inputSchema;
}

/**
 * The listing entry of every tool of a package, computed once at generation so that
 * a server does not rebuild lean schemas at each start: the generator emits it as
 * JSON and the server parses it (the same function makes it either way).
 */
export function precomputeListing(tools: readonly ToolSpec[]): ReadonlyMap<string, string> {
  return new Map(tools.map((spec) => [spec.name, JSON.stringify(listed(register(spec)))]));
}

function routedOperation(entry: ToolIndexEntry): RoutedOperation[] {
  const { kind, method, path, safety } = entry;
  return kind === 'operation' && method && path && safety ? [{ method, path, safety }] : [];
}

/**
 * What `tools/list` carries: the lean schema (nested detail summarised) and the
 * four hints; the title is given once, at the top level.
 */
function listed(tool: RegisteredTool): ListedTool {
  const { spec, inputSchema } = tool;
  const { title, ...hints } = spec.annotations;
  return {
    name: spec.name,
    title,
    description: spec.description,
    inputSchema: leanSchema(inputSchema),
    annotations: hints,
  };
}

/**
 * A proxy or raw tool decides its safety per call, so on a server that only allows reads it can only
 * read: its listed hints say so (clients may auto-approve it). An operation's hints are its own.
 */
function accessSetsHints(options: { kind: ToolSpec['kind']; readsOnly: boolean }): boolean {
  return options.readsOnly && options.kind !== 'operation';
}

function readOnlyHints(entry: ListedTool): ListedTool {
  return {
    ...entry,
    annotations: { ...entry.annotations, readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  };
}
