import type { z } from 'zod';
import type { safetyClassSchema } from './target-schema.js';

/**
 * The data a generated server is built from. The generator emits these values as
 * typed TypeScript (`tools.gen.ts`, `target.gen.ts`) and as data files in `dist/` (catalog/packaged.ts).
 * Nothing here is rendered text for a person except titles and descriptions.
 */

/** Every HTTP method a tool may send, in the order schemas list them. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * What a call can do to the upstream, ordered from harmless to harmful: `read`, `execute`, `write`,
 * `destructive`. `execute` is for actions that change state without editing configuration
 * (start a VM, run a backup); OpenAPI targets have no such operations by default. Declared once, by
 * the target schema (target files name safety classes); type-only, so no schema is built at start-up.
 */
export type SafetyClass = z.output<typeof safetyClassSchema>;

/** A JSON Schema object as sent in `tools/list` (no `$ref`, draft 2020-12 keywords). */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** Where one tool argument goes on the wire. */
export type ArgLocation = 'path' | 'query' | 'header' | 'cookie' | 'body' | 'form';

/**
 * How a tool argument maps to the upstream request.
 * `arg` is the property name in the tool's input; `wire` the upstream name.
 */
export interface ArgBinding {
  readonly arg: string;
  readonly in: ArgLocation;
  readonly wire: string;
  /**
   * Query serialisation of arrays and objects: `repeat` sends `a=1&a=2`
   * (OpenAPI form + explode), `csv` sends `a=1,2`, `json` sends the JSON text
   * (query parameters declared with `content: application/json`).
   * @default 'repeat'
   */
  readonly style?: 'repeat' | 'csv' | 'json';
  /** A multipart part that carries a file (`format: binary`). */
  readonly file?: boolean;
  /**
   * A numbered family (`net[n]`): the argument is an object keyed by slot number
   * and each entry is sent as `<wire><n>` (`{"0": "virtio"}` -> `net0=virtio`).
   */
  readonly indexed?: boolean;
  /** The upstream wants this value URL-encoded inside the (already encoded) request. */
  readonly encode?: 'uri';
}

/** How the request body is assembled from the arguments. */
export interface BodySpec {
  readonly mediaType: string;
  /**
   * `fields`: the body is an object built from the arguments bound `in: 'body'`
   * (or `'form'` for multipart and url-encoded bodies).
   * `whole`: the single argument named by `arg` is the body itself.
   */
  readonly mode: 'fields' | 'whole';
  readonly arg?: string;
}

export interface ToolAnnotations {
  readonly title: string;
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

/**
 * What the runtime does with an operation's call beyond sending it (target data,
 * e.g. Docker logs through Portainer).
 */
export interface CallBehaviour {
  /**
   * `multiplexed-stream`: the answer is stdout/stderr in 8-byte-header frames (or raw text
   * from a TTY), returned as labelled text keeping the newest lines; `json-progress`: the
   * answer is JSON lines of progress, returned as the final status (an error line is an error).
   */
  readonly response?: 'multiplexed-stream' | 'json-progress';
  /** The Accept header for a streamed answer: its declared media types instead of JSON. */
  readonly accept?: string;
  /** Query values always sent (by wire name); these parameters are not tool arguments. */
  readonly fixedQuery?: Readonly<Record<string, string | number | boolean>>;
  /** Values sent when the caller omits the argument (by argument name). */
  readonly defaults?: Readonly<Record<string, string | number | boolean>>;
}

/** One upstream operation served as one MCP tool. */
export interface OperationTool {
  readonly kind: 'operation';
  readonly name: string;
  readonly description: string;
  readonly method: HttpMethod;
  /** Path template relative to the upstream base path, e.g. `/endpoints/{id}`. */
  readonly path: string;
  readonly tags: readonly string[];
  readonly safety: SafetyClass;
  readonly annotations: ToolAnnotations;
  readonly inputSchema: JsonSchema;
  readonly args: readonly ArgBinding[];
  readonly body?: BodySpec;
  /** The call starts an upstream task; `waitArg` names the argument (seconds) that follows it to the end. */
  readonly task?: { readonly kind: 'upid'; readonly waitArg: string };
  /** Destructive: the call needs confirmation, by elicitation or this boolean argument set to true. */
  readonly confirmArg?: string;
  readonly call?: CallBehaviour;
}

/**
 * A hand-declared pass-through to an upstream sub-tree the spec does not list
 * (Portainer forwards `/endpoints/{id}/docker/*` to the Docker daemon).
 */
export interface ProxyTool {
  readonly kind: 'proxy';
  readonly name: string;
  readonly description: string;
  readonly annotations: ToolAnnotations;
  /** Prefix template, e.g. `/endpoints/{environment_id}/docker`; its variables are integer arguments. */
  readonly prefix: string;
  readonly tags: readonly string[];
  /** Caller headers forwarded besides content negotiation (lower case), e.g. Docker's `x-registry-auth`. */
  readonly headers?: readonly string[];
}

/**
 * The guarded escape hatch: any upstream path, off unless enabled. Its safety is
 * that of the operation the path matches (or of its method), checked per call.
 */
export interface RawApiTool {
  readonly kind: 'raw';
  readonly name: string;
  readonly description: string;
  readonly annotations: ToolAnnotations;
  readonly tags: readonly string[];
}

export type ToolSpec = OperationTool | ProxyTool | RawApiTool;

/** The operations among tools: only they have an input schema, route and safety of their own. */
export function operationTools(tools: readonly ToolSpec[]): OperationTool[] {
  return tools.filter((tool): tool is OperationTool => tool.kind === 'operation');
}

/**
 * What start-up needs to know of a tool (selection, ranking, hints). A generated server
 * starts from this index and builds its full tool specs (schemas, bindings) on first use.
 */
export interface ToolIndexEntry {
  readonly kind: ToolSpec['kind'];
  readonly name: string;
  readonly tags: readonly string[];
  readonly annotations: ToolAnnotations;
  /** Operations only. */
  readonly safety?: SafetyClass;
  readonly method?: HttpMethod;
  readonly path?: string;
  /** The control argument that confirms a destructive call (not listed to clients that can be asked). */
  readonly confirmArg?: string;
}

/** The raw tool's confirmation argument (its requests may be destructive; that is decided per call). */
export const RAW_CONFIRM_ARG = 'confirm';

/**
 * The boolean argument that confirms a tool's destructive calls: an operation's own `confirmArg`
 * (when its target confirms destructive operations), the raw tool's `confirm`; a proxy has none.
 */
export function confirmArgOf(tool: {
  readonly kind: ToolSpec['kind'];
  readonly confirmArg?: string;
}): string | undefined {
  return tool.kind === 'raw' ? RAW_CONFIRM_ARG : tool.confirmArg;
}

/** What the raw tool needs of an operation to find the safety of a request's route. */
export type RoutedOperation = Pick<OperationTool, 'method' | 'path' | 'safety'>;

/** A package's tools as a generated server carries them: the index, and each full spec on demand. */
export interface ToolCatalog {
  readonly index: readonly ToolIndexEntry[];
  /** The full spec of the tool at this position of the index; called once per tool, on its first use. */
  readonly spec: (position: number) => ToolSpec;
}

/**
 * Listing entries by tool name as JSON text, as `precomputeListing` makes them at
 * generation: only the selected ones are parsed, and the text's length is the entry's size.
 */
export interface PrecomputedListing {
  /** The entry's JSON text, or undefined for a tool it does not hold. */
  readonly get: (name: string) => string | undefined;
  /** The text's length without decoding it, when the listing can tell (see catalog/packaged.ts). */
  readonly charsOf?: (name: string) => number | undefined;
}

/** A tool known by its index entry, its full spec resolved when first needed. */
export interface LazyTool {
  readonly entry: ToolIndexEntry;
  readonly resolve: () => ToolSpec;
}

/** Either a full spec (tests, the generator, the raw tool) or a lazily resolved one. */
export type CatalogTool = ToolSpec | LazyTool;

export function entryOf(tool: CatalogTool): ToolIndexEntry {
  return 'resolve' in tool ? tool.entry : tool;
}

/** The index entry of a full spec: what a generated package's `dist/index.json` holds for each tool. */
export function indexEntry(spec: ToolSpec): ToolIndexEntry {
  const base = { kind: spec.kind, name: spec.name, tags: spec.tags, annotations: spec.annotations };
  if (spec.kind !== 'operation') return base;
  return {
    ...base,
    safety: spec.safety,
    method: spec.method,
    path: spec.path,
    ...(spec.confirmArg ? { confirmArg: spec.confirmArg } : {}),
  };
}

/**
 * Lazy tools over a catalogue: each full spec is built on its first resolve, so a
 * server holds in memory only the specs of the tools it was asked about.
 */
export function lazyTools(catalog: ToolCatalog): LazyTool[] {
  return catalog.index.map((entry, position) => {
    let spec: ToolSpec | undefined;
    const resolve = (): ToolSpec => {
      if (spec) return spec;
      const built = catalog.spec(position);
      if (built?.name !== entry.name)
        throw new Error(`tool ${entry.name} is in the index but the catalogue has ${built?.name ?? 'nothing'} there`);
      return (spec = built);
    };
    return { entry, resolve };
  });
}
