import type { JsonSchema } from '../../ir/types.js';
import type { ApidocDialect } from './dialect.js';
import { translatePattern } from './pattern.js';
import type { ParamSchema } from './tree.js';

/**
 * One apidoc parameter schema -> JSON Schema. Absorbs the dialect's quirks:
 * loosely typed defaults, string bounds, patterns (in the dialect's syntax), property
 * strings (inline, named or schema-object format), `*-list` formats, nested object
 * properties, discriminated parameters and `oneOf` arrays.
 * What cannot be expressed as a checked keyword goes into the description.
 */
export function paramToSchema(options: { param: ParamSchema; dialect: ApidocDialect }): JsonSchema {
  const { param, dialect } = options;
  const type = schemaType(param);
  const notes: string[] = [];
  const schema: Record<string, unknown> = { type };
  copyBounds({ param, schema });
  addEnum({ param, schema });
  addPattern({ param, schema, notes, dialect });
  addDefault({ param, schema, type, notes });
  addItems({ param, schema, dialect });
  addProperties({ param, schema, dialect });
  addFormatNotes({ param, notes });
  addApplicability({ param, notes });
  const description = [clean(param.description), ...notes].filter(Boolean).join(' ');
  if (description) schema.description = description;
  return schema;
}

/** `optional` is 1, "1", 0 or missing (= required). */
export function isOptional(param: ParamSchema): boolean {
  return param.optional === 1 || param.optional === '1' || param.optional === true;
}

const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'array', 'object']);

function schemaType(param: ParamSchema): string {
  if (Array.isArray(param.oneOf)) return 'array';
  return typeof param.type === 'string' && TYPES.has(param.type) ? param.type : 'string';
}

function clean(text: unknown): string {
  if (typeof text !== 'string') return '';
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed && !/[.!?:]$/.test(collapsed) ? `${collapsed}.` : collapsed;
}

function asNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

function copyBounds(options: { param: ParamSchema; schema: Record<string, unknown> }): void {
  const { param, schema } = options;
  const bounds: readonly [string, unknown][] = [
    ['minimum', param.minimum ?? param.min],
    ['maximum', param.maximum ?? param.max],
    ['minLength', param.minLength],
    ['maxLength', param.maxLength],
  ];
  const numeric = schema.type === 'integer' || schema.type === 'number';
  for (const [keyword, raw] of bounds) {
    const value = asNumber(raw);
    const applies = keyword.endsWith('Length') ? schema.type === 'string' : numeric;
    if (value !== undefined && applies) schema[keyword] = value;
  }
}

function addEnum(options: { param: ParamSchema; schema: Record<string, unknown> }): void {
  if (Array.isArray(options.param.enum)) options.schema.enum = [...new Set(options.param.enum as unknown[])];
}

const DIALECT_NAMES = { perl: 'Perl', rust: 'Rust regex' } as const;

function addPattern(options: { param: ParamSchema; schema: Record<string, unknown>; notes: string[]; dialect: ApidocDialect }): void {
  const { param, schema, notes, dialect } = options;
  if (typeof param.pattern !== 'string' || schema.type !== 'string') return;
  const converted = translatePattern({ pattern: param.pattern, dialect: dialect.patterns });
  if (converted) schema.pattern = converted;
  else notes.push(`Must match the ${DIALECT_NAMES[dialect.patterns]} pattern ${param.pattern}.`);
}

const TRUE_WORDS = new Set(['1', 'on', 'yes', 'true']);
const FALSE_WORDS = new Set(['0', 'off', 'no', 'false']);

/** A default is kept only when it type-checks (after the dialect's own coercions); else it becomes text. */
function addDefault(options: { param: ParamSchema; schema: Record<string, unknown>; type: string; notes: string[] }): void {
  const { param, schema, type, notes } = options;
  if (param.default === undefined || param.default === null) return;
  const coerced = coerceDefault({ value: param.default, type });
  if (coerced !== undefined) schema.default = coerced;
  else notes.push(`Default: ${String(param.default)}.`);
}

function coerceDefault(options: { value: unknown; type: string }): unknown {
  const { value, type } = options;
  const text = String(value).toLowerCase();
  if (type === 'boolean') return TRUE_WORDS.has(text) ? true : FALSE_WORDS.has(text) ? false : undefined;
  if (type === 'integer') return Number.isInteger(asNumber(value)) ? asNumber(value) : undefined;
  if (type === 'number') return asNumber(value);
  if (type === 'string') return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  return undefined;
}

function addItems(options: { param: ParamSchema; schema: Record<string, unknown>; dialect: ApidocDialect }): void {
  const { param, schema } = options;
  if (schema.type !== 'array') return;
  const items = param.items as ParamSchema | undefined;
  if (Array.isArray(param.oneOf)) schema.items = { type: 'string' };
  else schema.items = items && typeof items === 'object' ? paramToSchema({ param: items, dialect: options.dialect }) : { type: 'string' };
}

/** An object parameter with declared `properties`: each becomes a checked property; `optional` decides `required`. */
function addProperties(options: { param: ParamSchema; schema: Record<string, unknown>; dialect: ApidocDialect }): void {
  const { param, schema } = options;
  const properties = param.properties as Record<string, ParamSchema> | undefined;
  if (schema.type !== 'object' || !properties || typeof properties !== 'object') return;
  const entries = Object.entries(properties).filter(([, sub]) => sub && typeof sub === 'object');
  schema.properties = Object.fromEntries(entries.map(([key, sub]) => [key, paramToSchema({ param: sub, dialect: options.dialect })]));
  const required = entries.filter(([, sub]) => !isOptional(sub)).map(([key]) => key);
  if (required.length > 0) schema.required = required;
  if (param.additionalProperties === false || param.additionalProperties === 0) schema.additionalProperties = false;
}

/** Grammar of property strings and list formats, so that a model can write a valid value. */
function addFormatNotes(options: { param: ParamSchema; notes: string[] }): void {
  const { param, notes } = options;
  const format = param.format;
  const typetext = typeof param.typetext === 'string' ? param.typetext : undefined;
  if (format && typeof format === 'object' && isArrayFormat(format)) {
    notes.push(`List in one string: ${listGrammar(format.items as ParamSchema)}.`);
  } else if (format && typeof format === 'object') {
    const subSchemas = subSchemasOf(format as ParamSchema);
    notes.push(`Property string: ${typetext ? withEnumValues({ typetext, subSchemas }) : grammarOf(subSchemas)}`);
  } else if (typeof format === 'string' && format.endsWith('-list')) {
    notes.push(`List as one string separated by commas (${format}).`);
  } else if (typeof format === 'string' && typetext && typetext !== '<string>' && /[=[,]/.test(typetext)) {
    notes.push(`Format: ${typetext}`);
  } else if (format === 'urlencoded') {
    notes.push('Plain text; the server URL-encodes it for the upstream.');
  }
}

/**
 * Perl writes a property-string format as the map of its keys; proxmox-schema as an
 * object schema whose keys are under `properties` (and `default_key` on the object).
 */
function subSchemasOf(format: ParamSchema): Record<string, ParamSchema> {
  const properties = format.properties as Record<string, ParamSchema> | undefined;
  if (!properties || typeof properties !== 'object' || typeof properties.type === 'string') return format as Record<string, ParamSchema>;
  const defaultKey = typeof format.default_key === 'string' ? format.default_key : undefined;
  return Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, key === defaultKey ? { ...sub, default_key: 1 } : sub]));
}

/** proxmox-schema's array format: a list of values written in one string. */
function isArrayFormat(format: object): format is { items: ParamSchema } {
  const items = (format as ParamSchema).items;
  return !('properties' in format) && items !== null && typeof items === 'object' && typeof (items as ParamSchema).type === 'string';
}

function listGrammar(items: ParamSchema): string {
  return Array.isArray(items.enum) ? `values from ${(items.enum as string[]).join(', ')}, separated by commas or semicolons` : `${String(items.type)} values separated by commas or semicolons`;
}

/** `typetext` writes `<enum>` for enumerated keys; the values are what a model needs to write a valid string. */
function withEnumValues(options: { typetext: string; subSchemas: Record<string, ParamSchema> }): string {
  return options.typetext.replace(/([\w-]+)(=\]?)<enum>/g, (whole, key: string, separator: string) => {
    const values = options.subSchemas[key]?.enum;
    return Array.isArray(values) ? `${key}${separator}<${(values as string[]).join('|')}>` : whole;
  });
}

/** `[model=]<enum> [,bridge=<string>]` from an inline sub-schema when `typetext` is missing. */
export function grammarOf(format: Record<string, ParamSchema>): string {
  const parts = Object.entries(format)
    .filter(([, sub]) => sub.alias === undefined)
    .map(([key, sub]) => {
      const value = Array.isArray(sub.enum) ? `<${(sub.enum as string[]).join('|')}>` : `<${String(sub.format_description ?? sub.type ?? 'string')}>`;
      const pair = sub.default_key ? `[${key}=]${value}` : `${key}=${value}`;
      return isOptional(sub) ? `[${pair}]` : pair;
    });
  return parts.join(',');
}

function addApplicability(options: { param: ParamSchema; notes: string[] }): void {
  const { param, notes } = options;
  const discriminator = param['type-property'];
  if (typeof discriminator === 'string' && Array.isArray(param['instance-types'])) {
    notes.push(`Only when ${discriminator} is ${(param['instance-types'] as string[]).join(' or ')}.`);
  }
  if (Array.isArray(param.oneOf) && typeof discriminator === 'string') {
    const variants = (param.oneOf as ParamSchema[]).map((variant) => `${((variant['instance-types'] as string[] | undefined) ?? []).join('/')}: ${String((variant.items as ParamSchema | undefined)?.typetext ?? variant.typetext ?? variant.type ?? 'string')}`);
    notes.push(`Items depend on ${discriminator}: ${variants.join('; ')}.`);
  }
  if (typeof param.requires === 'string') notes.push(`Requires ${param.requires}.`);
}
