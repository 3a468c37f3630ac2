import type { JsonSchema } from '../catalog/types.js';
import type { CallContext, CallHooks } from '../tools/context.js';
import { dispatchCall } from '../tools/dispatch.js';
import { errorResult, type ToolResult, valueResult } from '../tools/result.js';
import type { ListedTool, ToolRegistry } from './registry.js';

/**
 * Discovery mode: the whole selected surface through three small tools, for
 * clients that cap tool counts or context. `call_operation` goes through the same
 * dispatch as tool mode, so validation, access tiers, read-only and confirmation
 * refuse exactly the same calls.
 */
export const DISCOVERY_TOOLS = { search: 'search_operations', describe: 'describe_operation', call: 'call_operation' } as const;

const SEARCH_LIMIT = 15;

/** Tags named in the search tool's description; the rest are summed up as "…". */
const NAMED_TAGS = 25;

export interface UnlistedSummary {
  /** Selected operations not listed as tools of their own. */
  readonly count: number;
  /** Their tags, most operations first. */
  readonly tags: readonly string[];
}

export function discoveryListing(options: { displayName: string; unlisted: UnlistedSummary }): ListedTool[] {
  const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  const { count, tags } = options.unlisted;
  const reach = count > 0 ? ` ${count} operations are not listed as tools and are reached this way (${tags.slice(0, NAMED_TAGS).join(', ')}${tags.length > NAMED_TAGS ? ', …' : ''}).` : '';
  return [
    {
      name: DISCOVERY_TOOLS.search,
      title: `Search ${options.displayName} operations`,
      description: `Find ${options.displayName} API operations by words (e.g. "list containers", "start vm").${reach} Returns names to pass to ${DISCOVERY_TOOLS.describe} and ${DISCOVERY_TOOLS.call}.`,
      inputSchema: { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 50 } }, required: ['query'], additionalProperties: false },
      annotations: { title: 'Search operations', ...readOnly },
    },
    {
      name: DISCOVERY_TOOLS.describe,
      title: 'Describe an operation',
      description: 'Full description, input schema and safety of one operation, by name.',
      inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false },
      annotations: { title: 'Describe an operation', ...readOnly },
    },
    {
      name: DISCOVERY_TOOLS.call,
      title: 'Call an operation',
      description: `Call one operation by name with its arguments (see ${DISCOVERY_TOOLS.describe}). Same checks as calling it directly.`,
      inputSchema: { type: 'object', properties: { name: { type: 'string' }, arguments: { type: 'object' } }, required: ['name'], additionalProperties: false },
      annotations: { title: 'Call an operation', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
  ];
}

export function isDiscoveryTool(name: string): boolean {
  return (Object.values(DISCOVERY_TOOLS) as string[]).includes(name);
}

export async function callDiscoveryTool(options: { name: string; args: Record<string, unknown>; registry: ToolRegistry; context: CallContext; hooks?: CallHooks }): Promise<ToolResult> {
  const { name, args, registry, context } = options;
  if (name === DISCOVERY_TOOLS.search) return search({ registry, context, query: String(args.query ?? ''), limit: Number(args.limit ?? SEARCH_LIMIT) });
  if (name === DISCOVERY_TOOLS.describe) return describe({ registry, context, name: String(args.name ?? '') });
  const target = String(args.name ?? '');
  return dispatchCall({
    tool: registry.known.get(target),
    enabled: registry.enabled.has(target),
    name: target,
    args: args.arguments ?? {},
    context,
    operations: registry.operations,
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
}

function search(options: { registry: ToolRegistry; context: CallContext; query: string; limit: number }): ToolResult {
  const words = queryWords(options.query);
  if (words.length === 0) return errorResult(`Give ${DISCOVERY_TOOLS.search} a query of one or more words.`);
  const documents = searchDocuments(options.registry);
  const weights = words.map((variants) => weightOf({ variants, documents }));
  const scored = documents
    .map((document) => ({ document, score: score({ document, words, weights }) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || (a.document.tool.name < b.document.tool.name ? -1 : 1));
  const matches = scored.slice(0, options.limit).map(({ document: { tool } }) => ({ name: tool.name, title: tool.title, readOnly: tool.annotations.readOnlyHint, destructive: tool.annotations.destructiveHint }));
  return valueResult({ value: { matches, total: scored.length }, shape: options.context.shape });
}

/** Words the upstreams spell differently from how people ask: each query word also matches these. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  vm: ['qemu', 'virtual machine'],
  vms: ['qemu', 'virtual machine'],
  ct: ['lxc'],
  git: ['repository'],
  backup: ['vzdump'],
  delete: ['remove'],
  remove: ['delete'],
  environment: ['endpoint'],
};

/** Each query word with its variants: itself, its singular (`containers` -> `container`) and its synonyms. */
function queryWords(query: string): string[][] {
  const words = query.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word.length > 1);
  return words.map((word) => {
    const singular = word.length > 4 && word.endsWith('s') ? word.slice(0, -1) : word;
    return [...new Set([singular, ...(SYNONYMS[word] ?? []), ...(SYNONYMS[singular] ?? [])])];
  });
}

interface SearchDocument {
  readonly tool: ListedTool;
  readonly name: string;
  readonly title: string;
  readonly description: string;
}

const documentsByRegistry = new WeakMap<ToolRegistry, readonly SearchDocument[]>();

/** Lower-cased texts of every enabled tool, made once per registry. */
function searchDocuments(registry: ToolRegistry): readonly SearchDocument[] {
  let documents = documentsByRegistry.get(registry);
  if (!documents) {
    documents = registry.listed.map((tool) => ({ tool, name: tool.name.toLowerCase().replace(/_/g, ' '), title: tool.title.toLowerCase(), description: tool.description.toLowerCase() }));
    documentsByRegistry.set(registry, documents);
  }
  return documents;
}

/** Rare words tell more: "restart" picks out a few tools, "list" a hundred (inverse document frequency). */
function weightOf(options: { variants: readonly string[]; documents: readonly SearchDocument[] }): number {
  const containing = options.documents.filter((document) => options.variants.some((variant) => mentions({ document, variant }))).length;
  return Math.log(1 + options.documents.length / (1 + containing));
}

function mentions(options: { document: SearchDocument; variant: string }): boolean {
  const { document, variant } = options;
  return document.name.includes(variant) || document.title.includes(variant) || document.description.includes(variant);
}

/** A word found in the name counts most, then in the title, then in the description; each weighted by its rarity. */
function score(options: { document: SearchDocument; words: readonly (readonly string[])[]; weights: readonly number[] }): number {
  const { document } = options;
  return options.words.reduce((sum, variants, index) => {
    const field = (text: string) => variants.some((variant) => text.includes(variant));
    const found = field(document.name) ? 3 : field(document.title) ? 2 : field(document.description) ? 1 : 0;
    return sum + found * options.weights[index]!;
  }, 0);
}

function describe(options: { registry: ToolRegistry; context: CallContext; name: string }): ToolResult {
  const tool = options.registry.known.get(options.name);
  if (!tool || !options.registry.enabled.has(options.name)) return errorResult(`No operation '${options.name}' on this server; use ${DISCOVERY_TOOLS.search}.`);
  const value: Record<string, unknown> = {
    name: tool.spec.name,
    title: tool.spec.annotations.title,
    description: tool.spec.description,
    ...(tool.spec.kind === 'operation' ? { request: `${tool.spec.method} ${tool.spec.path}`, safety: tool.spec.safety } : {}),
    annotations: tool.spec.annotations,
    inputSchema: tool.inputSchema as JsonSchema,
  };
  return valueResult({ value, shape: { ...options.context.shape, redact: false, select: undefined } });
}
