import { isSchema } from '../check/schema-nodes.js';
import type { ArgPlan, JsonSchema, ObjectPlan } from '@mcpgen/runtime';
import { describeKeywords, withNotes } from './describe-keywords.js';
import { dialectNames } from './names.js';
import type { DialectPolicy } from './policy.js';

/** One node in a dialect, and how a value of it goes back to the default dialect (absent: as it is). */
export interface Converted {
  readonly schema: JsonSchema;
  readonly plan?: ArgPlan;
}

/** The keywords that give a node its shape: handled by the walk, never described in words. */
const SHAPE = ['type', 'description', 'properties', 'required', 'additionalProperties', 'items', 'anyOf'];

/** Keywords the walk itself handles; every other keyword is kept or described by the policy. */
const STRUCTURAL = new Set([...SHAPE, 'enum', 'propertyNames']);

/** Keywords whose meaning no dialect node can keep: the node is sent as JSON text. */
const OPAQUE = ['allOf', 'oneOf', 'not', 'if', '$ref', 'patternProperties', 'prefixItems', 'dependentSchemas'];

const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);

export function convertSchema(options: { schema: JsonSchema; policy: DialectPolicy }): Converted {
  return convert(options.schema, options.policy);
}

function convert(node: JsonSchema, policy: DialectPolicy): Converted {
  if (OPAQUE.some((keyword) => keyword in node)) return jsonText(node);
  const { types, nullable } = typesOf(node);
  const converted = convertTyped({ node, types, policy });
  return nullable && !('plan' in converted && converted.plan?.kind === 'json')
    ? { ...converted, schema: policy.nullable(converted.schema) }
    : converted;
}

function convertTyped(options: { node: JsonSchema; types: readonly string[]; policy: DialectPolicy }): Converted {
  const { node, types, policy } = options;
  if (node.anyOf !== undefined) return anyOf({ node, policy });
  if (types.length !== 1)
    return types.length > 1 && types.every((type) => SCALARS.has(type))
      ? scalarUnion({ node, types, policy })
      : jsonText(node);
  const type = types[0]!;
  if (type === 'object') return objectLike({ node, policy });
  if (type === 'array') return isSchema(node.items) ? array({ node, policy }) : jsonText(node);
  if (SCALARS.has(type) && scalarEnum(node)) return scalar({ node, type, policy });
  return jsonText(node);
}

/** The node's types without null, and whether null is allowed; inferred from an enum when there is no type. */
function typesOf(node: JsonSchema): { types: string[]; nullable: boolean } {
  const declared = Array.isArray(node.type)
    ? (node.type as string[])
    : typeof node.type === 'string'
      ? [node.type]
      : inferred(node);
  return { types: declared.filter((type) => type !== 'null'), nullable: declared.includes('null') };
}

function inferred(node: JsonSchema): string[] {
  if (node.properties !== undefined) return ['object'];
  if (node.items !== undefined) return ['array'];
  if (!Array.isArray(node.enum)) return [];
  const kinds = new Set((node.enum as unknown[]).map((value) => (Number.isInteger(value) ? 'integer' : typeof value)));
  return kinds.size === 1 && SCALARS.has([...kinds][0]!) ? [...kinds] : [];
}

function scalarEnum(node: JsonSchema): boolean {
  return (
    !Array.isArray(node.enum) || (node.enum as unknown[]).every((value) => value !== null && typeof value !== 'object')
  );
}

/** The keywords of a node that the policy keeps, and the description with the others said in it. */
function keywords(options: { node: JsonSchema; type: string; policy: DialectPolicy; notes?: string[] }): JsonSchema {
  const { node, type, policy } = options;
  const kept: Record<string, unknown> = {};
  const moved: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (STRUCTURAL.has(keyword)) continue;
    if (policy.keeps({ keyword, value, type })) kept[keyword] = value;
    else moved[keyword] = value;
  }
  const description = withNotes(node.description, describeKeywords(moved), ...(options.notes ?? []));
  return { ...(description ? { description } : {}), ...kept };
}

function scalar(options: { node: JsonSchema; type: string; policy: DialectPolicy }): Converted {
  const { node, type, policy } = options;
  const values = node.enum as unknown[] | undefined;
  if (values && policy.stringEnums && type !== 'string') {
    const schema = { type: 'string', ...keywords({ node, type: 'string', policy }), enum: values.map(String) };
    return { schema, plan: { kind: 'enum', values: values as (number | boolean)[] } };
  }
  return { schema: { type, ...keywords({ node, type, policy }), ...(values ? { enum: values } : {}) } };
}

/** `["string", "number", "boolean"]`: each type a branch of anyOf, as both dialects document unions. */
function scalarUnion(options: { node: JsonSchema; types: readonly string[]; policy: DialectPolicy }): Converted {
  const { node, types, policy } = options;
  return { schema: { ...keywords({ node, type: 'anyOf', policy }), anyOf: types.map((type) => ({ type })) } };
}

/** Branches that need no plan stay a union; otherwise the value cannot be told apart and goes as JSON text. */
function anyOf(options: { node: JsonSchema; policy: DialectPolicy }): Converted {
  const { node, policy } = options;
  const branches = (node.anyOf as JsonSchema[]).map((branch) => convert(branch, policy));
  if (branches.some((branch) => branch.plan !== undefined)) return jsonText(node);
  return { schema: { ...keywords({ node, type: 'anyOf', policy }), anyOf: branches.map((branch) => branch.schema) } };
}

function array(options: { node: JsonSchema; policy: DialectPolicy }): Converted {
  const { node, policy } = options;
  const items = convert(node.items as JsonSchema, policy);
  const schema = { type: 'array', ...keywords({ node, type: 'array', policy }), items: items.schema };
  return items.plan ? { schema, plan: { kind: 'array', items: items.plan } } : { schema };
}

/** Objects with properties stay objects; typed maps become lists; anything else open goes as JSON text. */
function objectLike(options: { node: JsonSchema; policy: DialectPolicy }): Converted {
  const { node, policy } = options;
  const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
  if (Object.keys(properties).length > 0) return object({ node, properties, policy });
  const values = node.additionalProperties;
  if (!isSchema(values) || Object.keys(values).length === 0) return jsonText(node);
  if (onlyEmptyObject(values))
    return {
      schema: {
        type: 'array',
        ...keywords({ node, type: 'array', policy, notes: ['Given as the list of its keys (each value is {}).'] }),
        items: { type: 'string' },
      },
      plan: { kind: 'keys' },
    };
  return pairs({ node, values, policy });
}

function pairs(options: { node: JsonSchema; values: JsonSchema; policy: DialectPolicy }): Converted {
  const { node, policy } = options;
  const value = convert(options.values, policy);
  const keyNotes = isSchema(node.propertyNames) ? describeKeywords(node.propertyNames) : '';
  const key = { type: 'string', ...(keyNotes ? { description: `Key. ${keyNotes}` } : {}) };
  const item = closed({
    schema: { type: 'object', properties: { key, value: value.schema }, required: ['key', 'value'] },
    policy,
  });
  return {
    schema: {
      type: 'array',
      ...keywords({ node, type: 'array', policy, notes: ['Given as a list of {key, value} pairs.'] }),
      items: item,
    },
    plan: { kind: 'pairs', ...(value.plan ? { value: value.plan } : {}) },
  };
}

function object(options: {
  node: JsonSchema;
  properties: Record<string, JsonSchema>;
  policy: DialectPolicy;
}): Converted {
  const { node, properties, policy } = options;
  const required = new Set((node.required ?? []) as string[]);
  const names = dialectNames({ names: Object.keys(properties), pattern: policy.propertyName });
  const out: Record<string, JsonSchema> = {};
  const plans: Record<string, ArgPlan> = {};
  const renamed: Record<string, string> = {};
  const nullable: string[] = [];
  for (const [original, child] of Object.entries(properties)) {
    const name = names.get(original)!;
    const converted = convert(child, policy);
    const optional = !required.has(original) && policy.optional === 'nullable';
    define(out, name, optional ? policy.nullable(converted.schema) : converted.schema);
    if (converted.plan) define(plans, name, converted.plan);
    if (name !== original) define(renamed, name, original);
    if (optional) nullable.push(name);
  }
  const requiredNames =
    policy.optional === 'nullable' ? Object.keys(out) : [...required].map((name) => names.get(name)!);
  const schema = closed({
    schema: {
      type: 'object',
      ...keywords({ node, type: 'object', policy }),
      properties: out,
      ...(requiredNames.length > 0 || policy.optional === 'nullable' ? { required: requiredNames } : {}),
    },
    policy,
  });
  const plan: ObjectPlan = {
    kind: 'object',
    ...(Object.keys(plans).length > 0 ? { properties: plans } : {}),
    ...(Object.keys(renamed).length > 0 ? { renamed } : {}),
    ...(nullable.length > 0 ? { nullable } : {}),
  };
  return Object.keys(plan).length > 1 ? { schema, plan } : { schema };
}

function closed(options: { schema: JsonSchema; policy: DialectPolicy }): JsonSchema {
  return options.policy.closesObjects ? { ...options.schema, additionalProperties: false } : options.schema;
}

/** What the dialect cannot describe goes as a string of JSON text; its value is the default dialect's value. */
function jsonText(node: JsonSchema): Converted {
  const leftover = Object.fromEntries(Object.entries(node).filter(([keyword]) => !JSON_STRUCTURE.has(keyword)));
  const description = withNotes(node.description, describeKeywords(leftover), 'Send as JSON text.');
  return { schema: { type: 'string', ...(description ? { description } : {}) }, plan: { kind: 'json' } };
}

/** Keywords a JSON-text node does not repeat in its description (the structure is the value's own). */
const JSON_STRUCTURE = new Set([...SHAPE, ...OPAQUE]);

/** `{type: object, enum: [{}]}` or a closed object without properties: the value can only be `{}`. */
function onlyEmptyObject(schema: JsonSchema): boolean {
  const empty = (value: unknown) => isSchema(value) && Object.keys(value).length === 0;
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).every(empty);
  return schema.type === 'object' && schema.properties === undefined && schema.additionalProperties === false;
}

/** Names come from the spec: `__proto__` must stay a plain key. */
export function define<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
