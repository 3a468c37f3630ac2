import type { JsonSchema } from '../catalog/types.js';
import type { ListedTool } from './registry.js';
import { DISCOVERY_TOOLS } from './discovery-names.js';

/**
 * The discovery tools as a server lists them. Apart from their calls (discovery.ts) so that
 * start-up, which lists them, does not load the call path (dispatch, JMESPath, search).
 */

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

const DISCOVERY_NAMES: ReadonlySet<string> = new Set(Object.values(DISCOVERY_TOOLS));

export function isDiscoveryTool(name: string): boolean {
  return DISCOVERY_NAMES.has(name);
}
