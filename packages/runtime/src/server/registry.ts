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
  /** The `tools/list` payload, computed once at start-up. */
  readonly listed: readonly ListedTool[];
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

export function createRegistry(options: { all: readonly ToolSpec[]; enabled: readonly ToolSpec[]; readsOnly?: boolean }): ToolRegistry {
  const known = new Map([...options.all, ...options.enabled].map((spec) => [spec.name, register(spec)] as const));
  const enabledNames = options.enabled.map((spec) => spec.name);
  return {
    known,
    enabled: new Set(enabledNames),
    listed: enabledNames.map((name) => listed({ tool: known.get(name)!, readsOnly: options.readsOnly ?? false })),
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
 * What `tools/list` carries: the lean schema (nested detail summarised) and the
 * four hints; the title is given once, at the top level.
 */
function listed(options: { tool: RegisteredTool; readsOnly: boolean }): ListedTool {
  const { spec, inputSchema } = options.tool;
  const { title, ...declared } = spec.annotations;
  // A proxy or raw tool on a server that only allows reads can only read: say so, so clients may auto-approve it.
  const hints = options.readsOnly && spec.kind !== 'operation' ? { ...declared, readOnlyHint: true, destructiveHint: false, idempotentHint: true } : declared;
  return { name: spec.name, title, description: spec.description, inputSchema: leanSchema(inputSchema), annotations: hints };
}
