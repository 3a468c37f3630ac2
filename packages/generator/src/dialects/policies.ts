import type { JsonSchema, ServedDialectName } from '@mcpgen/runtime';
import type { DialectPolicy } from './policy.js';
import { GEMINI_FIELDS, GEMINI_FORMATS, GEMINI_PROPERTY_NAME, OPENAI_FORMATS, OPENAI_KEYWORDS } from './rules.js';

/** OpenAI strict: closed objects, every property required (optional ones nullable), the supported keywords only. */
const openaiStrict: DialectPolicy = {
  keeps: ({ keyword, value }) =>
    OPENAI_KEYWORDS.has(keyword) && (keyword !== 'format' || OPENAI_FORMATS.has(String(value))),
  optional: 'nullable',
  closesObjects: true,
  stringEnums: false,
  // The documented forms: a type list with "null" for a typed node, a null branch for a union (or a const).
  nullable: (schema) => {
    if (acceptsNull(schema)) return schema;
    if (typeof schema.type !== 'string' || 'const' in schema) {
      const { description, ...rest } = schema;
      return { ...(description === undefined ? {} : { description }), anyOf: [...branches(rest), { type: 'null' }] };
    }
    const enumValues = Array.isArray(schema.enum) ? { enum: [...(schema.enum as unknown[]), null] } : {};
    return { ...schema, type: [schema.type, 'null'], ...enumValues };
  },
};

/** Already nullable: a type list with null, or a union with a null branch. */
function acceptsNull(schema: JsonSchema): boolean {
  if (Array.isArray(schema.type)) return (schema.type as unknown[]).includes('null');
  return Array.isArray(schema.anyOf) && (schema.anyOf as JsonSchema[]).some((branch) => branch.type === 'null');
}

/** A union's branches, or the schema itself as the one branch. */
function branches(schema: JsonSchema): JsonSchema[] {
  return Array.isArray(schema.anyOf) && Object.keys(schema).length === 1 ? (schema.anyOf as JsonSchema[]) : [schema];
}

/** Gemini: the OpenAPI 3.0 subset of its Schema object: string enums, plain property names, one type per node. */
const gemini: DialectPolicy = {
  keeps: ({ keyword, value, type }) =>
    (GEMINI_FIELDS[type]?.has(keyword) ?? false) &&
    keyword !== 'enum' &&
    (keyword !== 'format' || (GEMINI_FORMATS[type]?.has(String(value)) ?? false)),
  optional: 'omit',
  closesObjects: false,
  propertyName: GEMINI_PROPERTY_NAME,
  stringEnums: true,
  nullable: (schema) => ({ ...schema, nullable: true }),
};

export const DIALECT_POLICIES: Readonly<Record<ServedDialectName, DialectPolicy>> = {
  'openai-strict': openaiStrict,
  gemini,
};
