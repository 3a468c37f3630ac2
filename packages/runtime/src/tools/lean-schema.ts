import type { JsonSchema } from '../catalog/types.js';

/**
 * The schema a client holds in context, made lean at registration: objects
 * nested below `maxDepth` are summarised as "object with fields a, b, c",
 * descriptions are capped, and keywords that cost tokens without helping a model
 * choose values are dropped. The full schema still validates every call, and
 * discovery mode's describe_operation returns it whole.
 */
export interface LeanOptions {
  /** Top-level properties are depth 1. @default 2 */
  readonly maxDepth?: number;
  /** @default 160 */
  readonly maxDescription?: number;
}

const DROPPED = new Set(['title', 'examples', 'example', 'contentMediaType', 'propertyNames']);

export function leanSchema(schema: JsonSchema, options: LeanOptions = {}): JsonSchema {
  return lean({ schema, depth: 0, maxDepth: options.maxDepth ?? 2, maxDescription: options.maxDescription ?? 160 });
}

interface Walk {
  readonly schema: JsonSchema;
  readonly depth: number;
  readonly maxDepth: number;
  readonly maxDescription: number;
}

function lean(walk: Walk): JsonSchema {
  if (walk.depth > walk.maxDepth && isStructured(walk.schema)) return summary(walk);
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(walk.schema)) {
    if (!DROPPED.has(keyword)) out[keyword] = leanKeyword({ walk, keyword, value });
  }
  return out;
}

function leanKeyword(options: { walk: Walk; keyword: string; value: unknown }): unknown {
  const { walk, keyword, value } = options;
  const child = (schema: unknown, step: number) =>
    lean({ ...walk, schema: schema as JsonSchema, depth: walk.depth + step });
  switch (keyword) {
    case 'description':
      return cap({ text: String(value), max: walk.maxDescription });
    case 'properties':
      return Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([name, schema]) => [name, child(schema, 1)]),
      );
    case 'items':
      // An array's items sit at the array's depth: a list of objects keeps its fields as long as a plain object would.
      return child(value, 0);
    case 'additionalProperties':
      return typeof value === 'object' && value !== null ? child(value, 0) : value;
    case 'anyOf':
      return (value as JsonSchema[]).map((item) => child(item, 0));
    default:
      return value;
  }
}

function isStructured(schema: JsonSchema): boolean {
  return schema.properties !== undefined || (schema.items as JsonSchema | undefined)?.properties !== undefined;
}

function summary(walk: Walk): JsonSchema {
  const { schema } = walk;
  const isArray = schema.type === 'array';
  const fields = Object.keys(((isArray ? (schema.items as JsonSchema) : schema).properties ?? {}) as object);
  const text = `${isArray ? 'List of objects' : 'Object'} with fields ${fields.join(', ')}.`;
  const description =
    typeof schema.description === 'string'
      ? `${cap({ text: schema.description, max: walk.maxDescription })} ${text}`
      : text;
  return isArray ? { type: 'array', items: { type: 'object' }, description } : { type: 'object', description };
}

function cap(options: { text: string; max: number }): string {
  return options.text.length <= options.max ? options.text : `${options.text.slice(0, options.max - 1).trimEnd()}…`;
}
