import type { JsonSchema } from '../catalog/types.js';
import type { AskResult } from '../safety/confirm.js';
import type { CallContext, CallHooks } from '../tools/context.js';
import { dispatchCall } from '../tools/dispatch.js';
import { refusedResult, type ToolResult, valueResult } from '../tools/result.js';
import type { ListedTool, ToolRegistry } from './registry.js';
import { DISCOVERY_TOOLS } from './discovery-names.js';
import { type SearchRequest, searchOperations } from './search.js';

export { DISCOVERY_TOOLS };

/**
 * Discovery mode: the whole selected surface through three small tools, for
 * clients that cap tool counts or context. `call_operation` goes through the same
 * dispatch as tool mode, so validation, access tiers, read-only and confirmation
 * refuse exactly the same calls.
 */

const SEARCH_LIMIT = 15;

/** Tags named in the search tool's description; the rest are summed up as "…". */
const NAMED_TAGS = 25;

export interface UnlistedSummary {
  /** Selected operations not listed as tools of their own. */
  readonly count: number;
  /** Their tags, most operations first. */
  readonly tags: readonly string[];
}

/** The discovery tools' input schemas (default dialect); the generator makes each dialect's from these. */
export const DISCOVERY_INPUT_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  [DISCOVERY_TOOLS.search]: {
    type: 'object',
    properties: {
      query: { type: 'string' },
      limit: { type: 'integer', minimum: 1, maximum: 50 },
      category: { type: 'string', description: 'Only operations of this tag or category.' },
    },
    required: ['query'],
    additionalProperties: false,
  },
  [DISCOVERY_TOOLS.describe]: {
    type: 'object',
    properties: { name: { type: 'string' } },
    required: ['name'],
    additionalProperties: false,
  },
  [DISCOVERY_TOOLS.call]: {
    type: 'object',
    properties: { name: { type: 'string' }, arguments: { type: 'object' } },
    required: ['name'],
    additionalProperties: false,
  },
};

export function discoveryListing(options: {
  displayName: string;
  unlisted: UnlistedSummary;
  /** The input schemas in the served dialect (default: DISCOVERY_INPUT_SCHEMAS). */
  schemas?: Readonly<Record<string, JsonSchema>>;
}): ListedTool[] {
  const schemas = options.schemas ?? DISCOVERY_INPUT_SCHEMAS;
  const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  const { count, tags } = options.unlisted;
  const reach =
    count > 0
      ? ` ${count} operations are not listed as tools and are reached this way (${tags.slice(0, NAMED_TAGS).join(', ')}${tags.length > NAMED_TAGS ? ', …' : ''}).`
      : '';
  return [
    {
      name: DISCOVERY_TOOLS.search,
      title: `Search ${options.displayName} operations`,
      description: `Find ${options.displayName} API operations by words (e.g. "list containers", "start vm").${reach} Returns names with a one-line signature (required arguments) to pass to ${DISCOVERY_TOOLS.call}, or to ${DISCOVERY_TOOLS.describe} for the full schema. An empty query with a category lists that category.`,
      inputSchema: schemas[DISCOVERY_TOOLS.search]!,
      annotations: { title: 'Search operations', ...readOnly },
    },
    {
      name: DISCOVERY_TOOLS.describe,
      title: 'Describe an operation',
      description: 'Full description, input schema and safety of one operation, by name.',
      inputSchema: schemas[DISCOVERY_TOOLS.describe]!,
      annotations: { title: 'Describe an operation', ...readOnly },
    },
    {
      name: DISCOVERY_TOOLS.call,
      title: 'Call an operation',
      description: `Call one operation by name with its arguments (see ${DISCOVERY_TOOLS.describe}). Same checks as calling it directly.`,
      inputSchema: schemas[DISCOVERY_TOOLS.call]!,
      annotations: {
        title: 'Call an operation',
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
  ];
}

export function isDiscoveryTool(name: string): boolean {
  return (Object.values(DISCOVERY_TOOLS) as string[]).includes(name);
}

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
