import type { JsonSchema } from '../../ir/types.js';
import { translatePattern } from '../../patterns/dialects.js';

/**
 * Turns a dereferenced OpenAPI 3.0 schema (which may contain reference cycles)
 * into a self-contained JSON Schema that strict MCP clients and Ajv accept:
 * `allOf` merged, cycles cut, OpenAPI-only keywords removed, formats and
 * patterns that cannot be checked moved into the description.
 */

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface NormalizeOptions {
  /** Input schemas drop `readOnly` properties: the upstream ignores them in requests. */
  readonly direction: 'input' | 'output';
  /** Nesting beyond this depth is summarised; keeps tool lists small and bounded. */
  readonly maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 6;

/** Keywords copied as they are when present. */
const COPIED = [
  'type',
  'enum',
  'default',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'multipleOf',
] as const;

export function normalizeSchema(schema: unknown, options: NormalizeOptions): JsonSchema {
  return walk({ schema: (schema ?? {}) as Raw, options, ancestors: [] });
}

interface Walk {
  readonly schema: Raw;
  readonly options: NormalizeOptions;
  /** Schemas being expanded above this one: meeting one again is a cycle. */
  readonly ancestors: readonly Raw[];
}

function walk(context: Walk): JsonSchema {
  const { schema, ancestors, options } = context;
  if (ancestors.includes(schema))
    return { type: 'object', description: 'Recursive: same structure as the enclosing object.' };
  if (ancestors.length >= (options.maxDepth ?? DEFAULT_MAX_DEPTH)) return summarised(schema);
  const merged = mergeAllOf(schema);
  const next = { ...context, ancestors: [...ancestors, schema] };
  const out: Record<string, unknown> = {};
  copyKeywords({ from: merged, to: out });
  addNullable({ from: merged, to: out, direction: options.direction });
  addDescription({ from: merged, to: out });
  addPattern({ from: merged, to: out });
  if (merged.items) out.items = walk({ ...next, schema: merged.items });
  else if (out.type === 'array') out.items = {};
  addProperties({ schema: merged, out, next });
  addAlternatives({ schema: merged, out, next });
  return out;
}

function summarised(schema: Raw): JsonSchema {
  const type = typeof schema.type === 'string' ? schema.type : 'object';
  return { type, description: 'Nested value; structure omitted at this depth.' };
}

/** An `allOf` that contains itself (A is all of B, B is all of A) describes no value: the spec is refused. */
export class AllOfCycleError extends Error {}

/** `allOf` parts are merged into one object schema, the way swaggo means them. */
function mergeAllOf(schema: Raw, merging: readonly Raw[] = []): Raw {
  if (!Array.isArray(schema.allOf)) return schema;
  if (merging.includes(schema)) throw new AllOfCycleError('allOf contains itself (a cycle of allOf references)');
  const merged: Raw = {
    ...schema,
    properties: { ...(schema.properties ?? {}) },
    required: [...(schema.required ?? [])],
  };
  delete merged.allOf;
  for (const part of schema.allOf.map((item: Raw) => mergeAllOf(item, [...merging, schema]))) {
    Object.assign(merged.properties, part.properties ?? {});
    merged.required.push(...(part.required ?? []));
    for (const [key, value] of Object.entries(part)) if (!(key in merged)) merged[key] = value;
  }
  if (Object.keys(merged.properties).length > 0) merged.type ??= 'object';
  else delete merged.properties;
  merged.required = [...new Set(merged.required)];
  return merged;
}

function copyKeywords(options: { from: Raw; to: Record<string, unknown> }): void {
  for (const keyword of COPIED) {
    if (options.from[keyword] !== undefined) options.to[keyword] = options.from[keyword];
  }
  if (Array.isArray(options.to.enum)) options.to.enum = [...new Set(options.to.enum as unknown[])];
  exclusiveBounds(options);
  if (options.to.default !== undefined && !defaultFits(options.to)) delete options.to.default;
}

/**
 * OpenAPI 3.0 `nullable` (Swagger 2.0 `x-nullable`) becomes a `null` type in answers,
 * where the upstream really sends null. Inputs keep the plain type: a caller omits a
 * value instead of sending null, and strict clients handle fewer type unions.
 */
function addNullable(options: {
  from: Raw;
  to: Record<string, unknown>;
  direction: NormalizeOptions['direction'];
}): void {
  const { from, to } = options;
  if (from.nullable === true && options.direction === 'output' && typeof to.type === 'string')
    to.type = [to.type, 'null'];
}

/** OpenAPI 3.0 writes exclusive bounds as booleans beside minimum/maximum. */
function exclusiveBounds(options: { from: Raw; to: Record<string, unknown> }): void {
  const { from, to } = options;
  if (from.exclusiveMinimum === true && typeof from.minimum === 'number') {
    to.exclusiveMinimum = from.minimum;
    delete to.minimum;
  }
  if (from.exclusiveMaximum === true && typeof from.maximum === 'number') {
    to.exclusiveMaximum = from.maximum;
    delete to.maximum;
  }
}

function defaultFits(schema: Record<string, unknown>): boolean {
  const value = schema.default;
  switch (schema.type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'array':
      return Array.isArray(value);
    default:
      return true;
  }
}

/**
 * `format` never reaches the output schema: Ajv would reject formats it does not
 * know, and strict clients reject some it does. Binary content is marked with the
 * standard `contentMediaType` annotation so that multipart file parts are recognised.
 */
function addDescription(options: { from: Raw; to: Record<string, unknown> }): void {
  const { from, to } = options;
  const parts: string[] = [];
  const text = typeof from.description === 'string' ? from.description.replace(/\s+/g, ' ').trim() : '';
  if (text) parts.push(text);
  if (from.format === 'binary') to.contentMediaType = 'application/octet-stream';
  else if (typeof from.format === 'string' && !TRIVIAL_FORMATS.has(from.format)) parts.push(`Format: ${from.format}.`);
  if (parts.length > 0) to.description = parts.join(' ');
}

/** Formats the type already says everything about. */
const TRIVIAL_FORMATS = new Set(['int32', 'int64', 'float', 'double']);

/** Patterns are kept when both ECMAScript (`u`) and the server's linear-time engine run them; any other is kept as text. */
function addPattern(options: { from: Raw; to: Record<string, unknown> }): void {
  const pattern = options.from.pattern;
  if (typeof pattern !== 'string') return;
  const translated = translatePattern({ dialect: 'ecma', source: pattern });
  if (translated.ok) {
    options.to.pattern = translated.pattern;
  } else {
    const note = `Must match the pattern ${pattern}.`;
    options.to.description = options.to.description ? `${String(options.to.description)} ${note}` : note;
  }
}

function addProperties(options: { schema: Raw; out: Record<string, unknown>; next: Walk }): void {
  const { schema, out, next } = options;
  if (schema.properties && typeof schema.properties === 'object') {
    const properties: Record<string, JsonSchema> = {};
    for (const [name, property] of Object.entries(schema.properties as Record<string, Raw>)) {
      if (next.options.direction === 'input' && property?.readOnly === true) continue;
      properties[name] = walk({ ...next, schema: property ?? {} });
    }
    out.type ??= 'object';
    out.properties = properties;
    const required = (schema.required ?? []).filter((name: string) => name in properties);
    if (required.length > 0) out.required = required;
  }
  if (schema.additionalProperties !== undefined) {
    out.additionalProperties =
      typeof schema.additionalProperties === 'object'
        ? walk({ ...next, schema: schema.additionalProperties })
        : schema.additionalProperties;
  } else if (out.properties !== undefined && next.options.direction === 'input') {
    // Inputs with declared fields are closed, as strict clients require: an unknown field is a caller's mistake.
    out.additionalProperties = false;
  }
}

function addAlternatives(options: { schema: Raw; out: Record<string, unknown>; next: Walk }): void {
  const alternatives = options.schema.oneOf ?? options.schema.anyOf;
  if (!Array.isArray(alternatives)) return;
  options.out.anyOf = alternatives.map((item: Raw) => walk({ ...options.next, schema: item }));
}
