import type { JsonSchema, ServedDialectName } from '@mcpgen/runtime';
import type { DialectPolicy } from './policy.js';
import { GEMINI_FIELDS, GEMINI_FORMATS, GEMINI_PROPERTY_NAME, OPENAI_FORMATS, OPENAI_KEYWORDS } from './rules.js';

/** OpenAI strict: closed objects, every property required (optional ones nullable), the supported keywords only. */
const openaiStrict: DialectPolicy = {
  name: 'openai-strict',
  keeps: ({ keyword, value }) =>
    OPENAI_KEYWORDS.has(keyword) && (keyword !== 'format' || OPENAI_FORMATS.has(String(value))),
  optional: 'nullable',
  closesObjects: true,
  stringEnums: false,
  // The documented forms: a type list with "null" for a typed node, a null branch for a union.
  nullable: (schema) => {
    if (Array.isArray(schema.anyOf)) return { ...schema, anyOf: [...(schema.anyOf as JsonSchema[]), { type: 'null' }] };
    const enumValues = Array.isArray(schema.enum) ? { enum: [...(schema.enum as unknown[]), null] } : {};
    return { ...schema, type: [schema.type as string, 'null'], ...enumValues };
  },
};

/** Gemini: the OpenAPI 3.0 subset of its Schema object: string enums, plain property names, one type per node. */
const gemini: DialectPolicy = {
  name: 'gemini',
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
