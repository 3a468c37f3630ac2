import type { JsonSchema } from '@mcpgen/runtime';

/**
 * The schema subset strict clients accept (OpenAI strict tools, Gemini
 * function declarations): no references, no unions, no `format`, a `type` on
 * every node, and `additionalProperties: false` on every object with properties.
 * Every exception is reported by tool name and JSON pointer, never hidden.
 */
export type StrictRule = 'no-ref' | 'no-union' | 'no-format' | 'typed-node' | 'closed-object';

export interface SchemaException {
  readonly tool: string;
  readonly rule: StrictRule;
  /** JSON pointer inside the tool's input schema. */
  readonly at: string;
}

export function lintInputSchemas(
  tools: readonly { readonly name: string; readonly inputSchema: JsonSchema }[],
): SchemaException[] {
  return tools.flatMap((tool) => lintNode({ tool: tool.name, schema: tool.inputSchema, at: '' }));
}

function lintNode(options: { tool: string; schema: JsonSchema; at: string }): SchemaException[] {
  const { tool, schema, at } = options;
  const found: SchemaException[] = [];
  const report = (rule: StrictRule) => found.push({ tool, rule, at: at || '/' });
  if ('$ref' in schema || '$defs' in schema || 'definitions' in schema) report('no-ref');
  if ('anyOf' in schema || 'oneOf' in schema || 'allOf' in schema) report('no-union');
  if ('format' in schema) report('no-format');
  if (!('type' in schema) && !('anyOf' in schema)) report('typed-node');
  if (schema.properties !== undefined && schema.additionalProperties !== false) report('closed-object');
  return [...found, ...children({ schema, at }).flatMap((child) => lintNode({ tool, ...child }))];
}

function children(options: { schema: JsonSchema; at: string }): { schema: JsonSchema; at: string }[] {
  const { schema, at } = options;
  const list: { schema: JsonSchema; at: string }[] = [];
  for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>))
    list.push({ schema: child, at: `${at}/properties/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` });
  if (schema.items && typeof schema.items === 'object')
    list.push({ schema: schema.items as JsonSchema, at: `${at}/items` });
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
    list.push({ schema: schema.additionalProperties as JsonSchema, at: `${at}/additionalProperties` });
  for (const [index, child] of ((schema.anyOf ?? []) as JsonSchema[]).entries())
    list.push({ schema: child, at: `${at}/anyOf/${index}` });
  return list;
}

/** Counts per rule, for the generator's summary line. */
export function summariseExceptions(exceptions: readonly SchemaException[]): string {
  const counts = new Map<string, Set<string>>();
  for (const exception of exceptions)
    counts.set(exception.rule, (counts.get(exception.rule) ?? new Set()).add(exception.tool));
  return [...counts.entries()].map(([rule, tools]) => `${rule}: ${tools.size} tools`).join(', ') || 'none';
}
