import {
  type ArgPlan,
  DISCOVERY_INPUT_SCHEMAS,
  type DialectCalls,
  type DialectListing,
  fullInputSchema,
  type JsonSchema,
  precomputeListing,
  rawApiTool,
  type ServedDialectName,
  type TargetSpec,
  type ToolSpec,
} from '@mcpgen/runtime';
import { convertSchema, define } from './convert.js';
import { type DialectException, lintDialect } from './lint.js';
import { DIALECT_POLICIES } from './policies.js';
import { DIALECT_RULES, DIALECT_SOURCES, type DialectRule } from './rules.js';

/** One dialect of one package: what the server reads, and the lint of what clients are sent. */
export interface DialectData {
  readonly listing: DialectListing;
  readonly calls: DialectCalls;
  readonly lint: DialectLint;
}

/** One dialect's part of schema-lint.json. */
export interface DialectLint {
  readonly source: string;
  readonly rules: readonly DialectRule[];
  /** Input schemas checked: every tool of the package (raw tool included) and the discovery tools. */
  readonly checked: number;
  readonly exceptions: readonly DialectException[];
}

/** What every dialect converts, made once: each tool's `tools/list` entry and its full input schema. */
export interface DialectInput {
  readonly entries: readonly (readonly [string, { readonly inputSchema: JsonSchema }])[];
  readonly fullSchemas: readonly (readonly [string, JsonSchema])[];
}

export function dialectInput(options: { target: TargetSpec; tools: readonly ToolSpec[] }): DialectInput {
  // The raw tool is added at start-up when its variable is set; its dialect entry must exist already.
  const specs = [...options.tools, ...(options.target.rawApi ? [rawApiTool(options.target.rawApi)] : [])];
  return {
    entries: [...precomputeListing(specs)].map(([name, text]) => [
      name,
      JSON.parse(text) as { inputSchema: JsonSchema },
    ]),
    fullSchemas: specs.map((spec) => [spec.name, fullInputSchema(spec)]),
  };
}

export function buildDialectData(options: { dialect: ServedDialectName; input: DialectInput }): DialectData {
  const { dialect, input } = options;
  const policy = DIALECT_POLICIES[dialect];
  const listed = input.entries.map(
    ([name, entry]) =>
      [name, { ...entry, inputSchema: convertSchema({ schema: entry.inputSchema, policy }).schema }] as const,
  );
  const schemas: Record<string, JsonSchema> = {};
  const plans: Record<string, ArgPlan> = {};
  const discovery: Record<string, JsonSchema> = {};
  for (const [name, schema] of input.fullSchemas)
    add({ name, converted: convertSchema({ schema, policy }), schemas, plans });
  for (const [name, schema] of Object.entries(DISCOVERY_INPUT_SCHEMAS))
    add({ name, converted: convertSchema({ schema, policy }), schemas: discovery, plans });
  const linted = [
    ...listed.map(([name, entry]) => ({ name, inputSchema: entry.inputSchema })),
    ...Object.entries(discovery).map(([name, inputSchema]) => ({ name, inputSchema })),
  ];
  return {
    listing: { tools: Object.fromEntries(listed.map(([name, entry]) => [name, JSON.stringify(entry)])), discovery },
    calls: { schemas, plans },
    lint: {
      source: DIALECT_SOURCES[dialect],
      rules: DIALECT_RULES[dialect],
      checked: linted.length,
      exceptions: lintDialect({ dialect, tools: linted }),
    },
  };
}

function add(options: {
  name: string;
  converted: { schema: JsonSchema; plan?: ArgPlan };
  schemas: Record<string, JsonSchema>;
  plans: Record<string, ArgPlan>;
}): void {
  const { name, converted } = options;
  define(options.schemas, name, converted.schema);
  if (converted.plan) define(options.plans, name, converted.plan);
}
