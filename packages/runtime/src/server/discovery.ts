import type { JsonSchema } from '../catalog/types.js';
import type { AskResult } from '../safety/confirm.js';
import type { CallContext, CallHooks } from '../tools/context.js';
import { dispatchCall } from '../tools/dispatch.js';
import { refusedResult, type ToolResult, valueResult } from '../tools/result.js';
import type { ToolRegistry } from './registry.js';
import { DISCOVERY_TOOLS } from './discovery-names.js';
import { type SearchRequest, searchOperations } from './search.js';

export { DISCOVERY_TOOLS };
export {
  DISCOVERY_INPUT_SCHEMAS,
  discoveryListing,
  isDiscoveryTool,
  type UnlistedSummary,
} from './discovery-listing.js';

/**
 * Discovery mode: the whole selected surface through three small tools, for
 * clients that cap tool counts or context. `call_operation` goes through the same
 * dispatch as tool mode, so validation, access tiers, read-only and confirmation
 * refuse exactly the same calls.
 */

const SEARCH_LIMIT = 15;

export async function callDiscoveryTool(options: {
  name: string;
  args: Record<string, unknown>;
  registry: ToolRegistry;
  context: CallContext;
  hooks?: CallHooks;
}): Promise<ToolResult | AskResult> {
  const { name, args, registry, context } = options;
  if (name === DISCOVERY_TOOLS.search) return searchOperations({ registry, context, request: searchRequest(args) });
  if (name === DISCOVERY_TOOLS.describe) return describe({ registry, context, name: String(args.name ?? '') });
  const target = String(args.name ?? '');
  // The operation's arguments come in the served dialect, as describe_operation gave its schema.
  const inner = registry.dialect ? registry.dialect.toDefault({ tool: target, args: args.arguments ?? {} }) : undefined;
  if (inner && !inner.ok)
    return refusedResult(`Invalid arguments for ${target}: ${inner.problem}. Nothing was sent upstream.`);
  return dispatchCall({
    tool: registry.known.get(target),
    enabled: registry.enabled.has(target),
    name: target,
    args: inner ? inner.args : (args.arguments ?? {}),
    context,
    operations: registry.operations,
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
}

function searchRequest(args: Record<string, unknown>): SearchRequest {
  const category = typeof args.category === 'string' && args.category.trim() !== '' ? args.category : undefined;
  return { query: String(args.query ?? ''), limit: Number(args.limit ?? SEARCH_LIMIT), category };
}

function describe(options: { registry: ToolRegistry; context: CallContext; name: string }): ToolResult {
  const tool = options.registry.known.get(options.name);
  if (!tool || !options.registry.enabled.has(options.name))
    return refusedResult(`No operation '${options.name}' on this server; use ${DISCOVERY_TOOLS.search}.`);
  const value: Record<string, unknown> = {
    name: tool.spec.name,
    title: tool.spec.annotations.title,
    description: tool.spec.description,
    ...(tool.spec.kind === 'operation'
      ? { request: `${tool.spec.method} ${tool.spec.path}`, safety: tool.spec.safety }
      : {}),
    annotations: tool.spec.annotations,
    inputSchema: options.registry.dialect?.schemaOf(options.name) ?? (tool.inputSchema as JsonSchema),
  };
  return valueResult({ value, shape: { ...options.context.shape, select: undefined } });
}
