import { isSchema } from '../check/schema-nodes.js';
import { pointerToken } from '../ir/errors.js';
import type { JsonSchema, ServedDialectName } from '@mcpgen/runtime';
import {
  GEMINI_FIELDS,
  GEMINI_FORMATS,
  GEMINI_PROPERTY_NAME,
  OPENAI_FORMATS,
  OPENAI_KEYWORDS,
  OPENAI_LIMITS,
} from './rules.js';

/**
 * Checks listed input schemas against a dialect's documented rules (rules.ts), by tool
 * and JSON pointer. The transform is meant to leave no exception; this says so in
 * schema-lint.json, and a test checks it again with a checker of its own.
 */
export interface DialectException {
  readonly tool: string;
  readonly rule: string;
  /** JSON pointer inside the tool's input schema. */
  readonly at: string;
}

interface Node {
  readonly schema: JsonSchema;
  readonly at: string;
  /** Objects above and including this node. */
  readonly depth: number;
}

export function lintDialect(options: {
  dialect: ServedDialectName;
  tools: readonly { readonly name: string; readonly inputSchema: JsonSchema }[];
}): DialectException[] {
  const rules = DIALECT_CHECKS[options.dialect];
  return options.tools.flatMap((tool) => {
    const found: DialectException[] = [];
    const report = (rule: string, at: string) => found.push({ tool: tool.name, rule, at: at || '/' });
    const nodes = walk({ schema: tool.inputSchema, at: '', depth: 0 });
    rules.whole?.({ root: tool.inputSchema, nodes, report });
    for (const node of nodes) rules.node({ node, report });
    return found;
  });
}

/** Each served dialect's checks: per schema node, and over a whole input schema where the dialect has such rules. */
const DIALECT_CHECKS: Readonly<
  Record<
    ServedDialectName,
    {
      readonly node: (options: { node: Node; report: Report }) => void;
      readonly whole?: (options: { root: JsonSchema; nodes: readonly Node[]; report: Report }) => void;
    }
  >
> = {
  'openai-strict': { node: openaiNode, whole: openaiWhole },
  gemini: { node: geminiNode },
};

type Report = (rule: string, at: string) => void;

function openaiWhole(options: { root: JsonSchema; nodes: readonly Node[]; report: Report }): void {
  const { root, nodes, report } = options;
  if (root.type !== 'object') report('root-object', '');
  if (Math.max(...nodes.map((node) => node.depth)) > OPENAI_LIMITS.depth) report('limits', '');
  const properties = nodes.reduce((sum, node) => sum + Object.keys(propertiesOf(node.schema)).length, 0);
  if (properties > OPENAI_LIMITS.properties) report('limits', '');
}

function openaiNode(options: { node: Node; report: Report }): void {
  const { schema, at } = options.node;
  const report = (rule: string) => options.report(rule, at);
  const types = typeList(schema);
  if (types.length === 0 && !Array.isArray(schema.anyOf)) report('typed-node');
  if (Object.keys(schema).some((keyword) => !OPENAI_KEYWORDS.has(keyword))) report('supported-keyword');
  if (schema.format !== undefined && !OPENAI_FORMATS.has(String(schema.format))) report('supported-format');
  if (Array.isArray(schema.enum) && schema.enum.length > OPENAI_LIMITS.enumValues) report('limits');
  if (!types.includes('object')) return;
  if (schema.additionalProperties !== false) report('closed-object');
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  if (Object.keys(propertiesOf(schema)).some((name) => !required.has(name))) report('all-required');
}

function geminiNode(options: { node: Node; report: Report }): void {
  const { schema, at } = options.node;
  const report = (rule: string) => options.report(rule, at);
  const type = schema.type;
  const known = typeof type === 'string' && GEMINI_FIELDS[type] !== undefined;
  if (!known && !Array.isArray(schema.anyOf)) report('single-type');
  const fields = known ? GEMINI_FIELDS[type]! : new Set<string>();
  const common = ['type', 'description', 'nullable', 'anyOf'];
  if (Object.keys(schema).some((keyword) => !common.includes(keyword) && !fields.has(keyword)))
    report('supported-field');
  if (
    schema.enum !== undefined &&
    (type !== 'string' || !(schema.enum as unknown[]).every((v) => typeof v === 'string'))
  )
    report('string-enum');
  if (schema.format !== undefined && !(GEMINI_FORMATS[String(type)]?.has(String(schema.format)) ?? false))
    report('supported-format');
  const names = Object.keys(propertiesOf(schema));
  if (names.some((name) => !GEMINI_PROPERTY_NAME.test(name))) report('property-name');
  if (type === 'object' && names.length === 0) report('object-properties');
}

function typeList(schema: JsonSchema): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  return Array.isArray(schema.type) ? (schema.type as string[]) : [];
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return typeof schema.properties === 'object' && schema.properties !== null
    ? (schema.properties as Record<string, JsonSchema>)
    : {};
}

/** Every schema node with its pointer and object depth. */
function walk(node: Node): Node[] {
  const { schema, at } = node;
  const depth = node.depth + (typeList(schema).includes('object') ? 1 : 0);
  const here = { ...node, depth };
  const children: Node[] = [];
  for (const [name, child] of Object.entries(propertiesOf(schema)))
    children.push({ schema: child, at: `${at}/properties/${pointerToken(name)}`, depth });
  if (isSchema(schema.items)) children.push({ schema: schema.items, at: `${at}/items`, depth });
  if (isSchema(schema.additionalProperties))
    children.push({ schema: schema.additionalProperties, at: `${at}/additionalProperties`, depth });
  for (const [index, child] of ((Array.isArray(schema.anyOf) ? schema.anyOf : []) as JsonSchema[]).entries())
    children.push({ schema: child, at: `${at}/anyOf/${index}`, depth });
  return [here, ...children.flatMap(walk)];
}
