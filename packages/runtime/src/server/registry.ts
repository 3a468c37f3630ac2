import type { OperationTool, ToolSpec } from '../catalog/types.js';
import type { RegisteredTool } from '../tools/dispatch.js';
import { proxyInputSchema } from '../tools/proxy-schema.js';
import { rawInputSchema } from '../tools/raw-api.js';
import { leanSchema } from '../tools/lean-schema.js';
import { withSelect } from '../tools/select-arg.js';

/**
 * The tools one server serves. `known` holds every tool of the package so that a
 * call to a tool hidden by selection gets a precise refusal instead of "unknown".
 */
export interface ToolRegistry {
  readonly known: ReadonlyMap<string, RegisteredTool>;
  readonly enabled: ReadonlySet<string>;
  /** Every enabled tool's `tools/list` entry, in order; built on first use. */
  readonly listed: readonly ListedTool[];
  /** One enabled tool's `tools/list` entry, built (or parsed) once on first use. */
  readonly entryOf: (name: string) => ListedTool;
  /** Characters of one enabled tool's entry as JSON (what it costs in `tools/list`). */
  readonly sizeOf: (name: string) => number;
  /** The hints clients see for one enabled tool (a proxy on a read-only server reads only). */
  readonly hintsOf: (name: string) => ListedTool['annotations'];
  /** Every operation of the package, for the raw tool's safety lookup. */
  readonly operations: readonly OperationTool[];
}

export interface ListedTool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: RegisteredTool['inputSchema'];
  readonly annotations: Omit<ToolSpec['annotations'], 'title'> & { readonly title?: string };
}

/**
 * Listing entries by tool name as JSON text, as `precomputeListing` makes them at
 * generation: only the selected ones are parsed, and the text's length is the entry's size.
 */
export type PrecomputedListing = Readonly<Record<string, string>>;

export function createRegistry(options: { all: readonly ToolSpec[]; enabled: readonly ToolSpec[]; readsOnly?: boolean; precomputed?: PrecomputedListing }): ToolRegistry {
  const known = new Map([...options.all, ...options.enabled].map((spec) => [spec.name, register(spec)] as const));
  const enabledNames = options.enabled.map((spec) => spec.name);
  const readsOnly = options.readsOnly ?? false;
  // Entries are made on demand: a server in auto mode lists a hundred of several hundred tools.
  const entries = new Map<string, ListedTool>();
  const textOf = (name: string): string | undefined => {
    // The precomputed text is exact unless the access hints change it (proxies on a read-only server).
    const unchanged = !readsOnly || known.get(name)?.spec.kind === 'operation';
    return unchanged ? options.precomputed?.[name] : undefined;
  };
  const entryOf = (name: string): ListedTool => {
    let entry = entries.get(name);
    if (!entry) {
      const tool = known.get(name)!;
      const text = options.precomputed?.[name];
      entry = withAccessHints({ entry: text === undefined ? listed(tool) : (JSON.parse(text) as ListedTool), kind: tool.spec.kind, readsOnly });
      entries.set(name, entry);
    }
    return entry;
  };
  let all: ListedTool[] | undefined;
  return {
    known,
    enabled: new Set(enabledNames),
    get listed() {
      return (all ??= enabledNames.map(entryOf));
    },
    entryOf,
    sizeOf: (name) => textOf(name)?.length ?? JSON.stringify(entryOf(name)).length,
    hintsOf: (name) => {
      const spec = known.get(name)!.spec;
      return spec.kind === 'operation' || !readsOnly ? spec.annotations : entryOf(name).annotations;
    },
    operations: options.all.filter((spec): spec is OperationTool => spec.kind === 'operation'),
  };
}

/**
 * The full input schema (with `select`) is built on first use: a server knows
 * every tool of its package but most are never called, and start-up time matters.
 */
function register(spec: ToolSpec): RegisteredTool {
  let built: ReturnType<typeof withSelect> | undefined;
  const build = () => (built ??= withSelect(spec.kind === 'proxy' ? proxyInputSchema(spec) : spec.kind === 'raw' ? rawInputSchema() : spec.inputSchema));
  return {
    spec,
    get inputSchema() {
      return build().inputSchema;
    },
    get selectArg() {
      return build().selectArg;
    },
  };
}

/**
 * The listing entry of every tool of a package, computed once at generation so that
 * a server does not rebuild lean schemas at each start: the generator emits it as
 * JSON and the server parses it (the same function makes it either way).
 */
export function precomputeListing(tools: readonly ToolSpec[]): PrecomputedListing {
  return Object.fromEntries(tools.map((spec) => [spec.name, JSON.stringify(listed(register(spec)))]));
}

/**
 * What `tools/list` carries: the lean schema (nested detail summarised) and the
 * four hints; the title is given once, at the top level.
 */
function listed(tool: RegisteredTool): ListedTool {
  const { spec, inputSchema } = tool;
  const { title, ...hints } = spec.annotations;
  return { name: spec.name, title, description: spec.description, inputSchema: leanSchema(inputSchema), annotations: hints };
}

/** A proxy or raw tool on a server that only allows reads can only read: say so, so clients may auto-approve it. */
function withAccessHints(options: { entry: ListedTool; kind: ToolSpec['kind']; readsOnly: boolean }): ListedTool {
  const { entry } = options;
  if (!options.readsOnly || options.kind === 'operation') return entry;
  return { ...entry, annotations: { ...entry.annotations, readOnlyHint: true, destructiveHint: false, idempotentHint: true } };
}
