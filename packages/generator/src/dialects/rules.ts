import type { ServedDialectName } from '@mcpgen/runtime';

/**
 * The documented rules of each dialect, as the lint checks them and schema-lint.json
 * reports them. Sources: OpenAI's Structured Outputs guide, "Supported schemas"
 * (https://platform.openai.com/docs/guides/structured-outputs#supported-schemas), which
 * strict function calling uses; Gemini's function calling guide and its Schema object
 * (https://ai.google.dev/gemini-api/docs/function-calling, https://ai.google.dev/api/caching#Schema),
 * a select subset of the OpenAPI 3.0 schema object. Where a source allows more than a
 * client is known to accept, the narrower documented set is used.
 */
export interface DialectRule {
  readonly id: string;
  readonly rule: string;
}

export const DIALECT_SOURCES: Readonly<Record<ServedDialectName, string>> = {
  'openai-strict': 'https://platform.openai.com/docs/guides/structured-outputs#supported-schemas',
  gemini: 'https://ai.google.dev/gemini-api/docs/function-calling#function-declarations',
};

/** Keywords OpenAI strict mode supports on a node (anything else is moved into the description). */
export const OPENAI_KEYWORDS: ReadonlySet<string> = new Set([
  'type',
  'description',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'anyOf',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
]);

/** The string formats OpenAI strict mode documents. */
export const OPENAI_FORMATS: ReadonlySet<string> = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
]);

/** OpenAI: at most this many levels of object nesting, properties in all, and values in one enum. */
export const OPENAI_LIMITS = { depth: 10, properties: 5000, enumValues: 1000 } as const;

/** Fields of Gemini's Schema per type (the function calling guide's list); `description` and `nullable` everywhere. */
export const GEMINI_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  string: new Set(['enum', 'format']),
  integer: new Set(['format', 'minimum', 'maximum']),
  number: new Set(['format', 'minimum', 'maximum']),
  boolean: new Set([]),
  array: new Set(['items', 'minItems', 'maxItems']),
  object: new Set(['properties', 'required', 'propertyOrdering']),
};

/** Formats Gemini's Schema documents, by type. */
export const GEMINI_FORMATS: Readonly<Record<string, ReadonlySet<string>>> = {
  string: new Set(['enum', 'date-time']),
  integer: new Set(['int32', 'int64']),
  number: new Set(['float', 'double']),
};

export const GEMINI_PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const DIALECT_RULES: Readonly<Record<ServedDialectName, readonly DialectRule[]>> = {
  'openai-strict': [
    { id: 'root-object', rule: 'The root is an object (not anyOf).' },
    { id: 'typed-node', rule: 'Every node has a type (or is anyOf of such nodes).' },
    { id: 'closed-object', rule: 'Every object has additionalProperties: false.' },
    { id: 'all-required', rule: 'Every property is listed in required; optional ones are nullable instead.' },
    {
      id: 'supported-keyword',
      rule: `Only supported keywords: ${[...OPENAI_KEYWORDS].join(', ')} (no default, minLength, maxLength, pattern, allOf, not, ...).`,
    },
    { id: 'supported-format', rule: `Only documented formats: ${[...OPENAI_FORMATS].join(', ')}.` },
    {
      id: 'limits',
      rule: `At most ${OPENAI_LIMITS.depth} levels of nesting, ${OPENAI_LIMITS.properties} properties, ${OPENAI_LIMITS.enumValues} values per enum.`,
    },
  ],
  gemini: [
    {
      id: 'single-type',
      rule: 'type is one of string, integer, number, boolean, array, object (no type lists, no null).',
    },
    {
      id: 'supported-field',
      rule: 'Only the Schema fields documented for the node type (plus description, nullable, anyOf).',
    },
    { id: 'string-enum', rule: 'enum only on strings, with string values.' },
    { id: 'property-name', rule: `Property names match ${GEMINI_PROPERTY_NAME.source}.` },
    { id: 'object-properties', rule: 'Objects have at least one property.' },
    { id: 'supported-format', rule: 'Only the formats documented for the type.' },
  ],
};
