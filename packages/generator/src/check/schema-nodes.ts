import type { JsonSchema } from '../ir/types.js';
import { pointerToken } from '../ir/errors.js';

/** One sub-schema of a tool's input schema and its JSON pointer ('' for the root). */
export interface SchemaNode {
  readonly schema: JsonSchema;
  readonly at: string;
}

const SINGLE = [
  'items',
  'additionalProperties',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'unevaluatedProperties',
  'unevaluatedItems',
] as const;
const LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;

/** Every sub-schema, depth first, the root first. */
export function schemaNodes(schema: JsonSchema, at = ''): SchemaNode[] {
  return [{ schema, at }, ...childrenOf(schema, at).flatMap((child) => schemaNodes(child.schema, child.at))];
}

export function childrenOf(schema: JsonSchema, at: string): SchemaNode[] {
  const children: SchemaNode[] = [];
  const add = (value: unknown, path: string) => {
    if (isSchema(value)) children.push({ schema: value, at: path });
  };
  for (const keyword of SINGLE) add(schema[keyword], `${at}/${keyword}`);
  for (const keyword of LISTS) {
    const list = schema[keyword];
    if (Array.isArray(list)) list.forEach((child, index) => add(child, `${at}/${keyword}/${index}`));
  }
  for (const keyword of MAPS) {
    const map = schema[keyword];
    if (isSchema(map))
      for (const [name, child] of Object.entries(map)) add(child, `${at}/${keyword}/${pointerToken(name)}`);
  }
  return children;
}

/** A schema node (an object): what a keyword holding a sub-schema must be. */
export function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
