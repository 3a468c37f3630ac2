/**
 * An independent checker of the two client dialects, written from the clients' documents and
 * not from the generator: it imports nothing of the product's dialect transform or lint.
 *
 * OpenAI strict function calling ("Structured Outputs", Supported schemas,
 * https://platform.openai.com/docs/guides/structured-outputs#supported-schemas):
 * - the root is an object, not anyOf;
 * - every object sets additionalProperties: false and lists every property in required
 *   (optional fields are emulated with a union with null);
 * - supported types: string, number, boolean, integer, object, array, enum, anyOf (and null in a union);
 * - supported keywords beyond those: for strings pattern and format (date-time, time, date, duration,
 *   email, hostname, ipv4, ipv6, uuid), for numbers multipleOf, maximum, exclusiveMaximum, minimum,
 *   exclusiveMinimum, for arrays minItems and maxItems; not supported among others: default,
 *   minLength, maxLength, allOf, not, if/then/else, patternProperties, propertyNames;
 * - at most 10 levels of nesting and 5000 object properties, at most 1000 enum values.
 *   (pattern is documented, but we hold the product to not sending it: its regex dialect differs.)
 *
 * Gemini function declarations (Schema, "a select subset of an OpenAPI 3.0 schema object",
 * https://ai.google.dev/gemini-api/docs/function-calling):
 * - type is one of STRING, INTEGER, NUMBER, BOOLEAN, ARRAY, OBJECT: one type, no type lists, no null
 *   (null is said with nullable), unions with anyOf;
 * - fields per type: string enum, format; integer/number format, minimum, maximum; array items,
 *   minItems, maxItems; object properties, required, propertyOrdering; every type description, nullable;
 * - enum values are strings (on a STRING node);
 * - property names ^[A-Za-z_][A-Za-z0-9_]*$; an OBJECT has at least one property.
 */
export type Schema = Record<string, unknown>;

export interface Finding {
  readonly rule: string;
  readonly at: string;
}

const OPENAI_COMMON = ['type', 'description', 'enum', 'const', 'anyOf'];
const OPENAI_BY_TYPE: Record<string, string[]> = {
  string: ['format'],
  number: ['multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum'],
  integer: ['multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum'],
  boolean: [],
  null: [],
  array: ['items', 'minItems', 'maxItems'],
  object: ['properties', 'required', 'additionalProperties'],
};
const OPENAI_STRING_FORMATS = ['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid'];

const GEMINI_BY_TYPE: Record<string, string[]> = {
  string: ['enum', 'format'],
  integer: ['format', 'minimum', 'maximum'],
  number: ['format', 'minimum', 'maximum'],
  boolean: [],
  array: ['items', 'minItems', 'maxItems'],
  object: ['properties', 'required', 'propertyOrdering'],
};
const GEMINI_FORMATS: Record<string, string[]> = {
  string: ['enum', 'date-time'],
  integer: ['int32', 'int64'],
  number: ['float', 'double'],
};

export function checkOpenAiStrict(root: Schema): Finding[] {
  const findings: Finding[] = [];
  if (root.type !== 'object') findings.push({ rule: 'root is an object', at: '/' });
  let properties = 0;
  const visit = (schema: Schema, at: string, depth: number): void => {
    const say = (rule: string) => findings.push({ rule, at: at || '/' });
    const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : [];
    if (types.length === 0 && !Array.isArray(schema.anyOf)) say('has a type or anyOf');
    const allowed = new Set([...OPENAI_COMMON, ...types.flatMap((type) => OPENAI_BY_TYPE[String(type)] ?? [])]);
    for (const keyword of Object.keys(schema)) if (!allowed.has(keyword)) say(`keyword ${keyword} is supported`);
    if (types.some((type) => !(String(type) in OPENAI_BY_TYPE))) say('known type');
    if (schema.format !== undefined && !OPENAI_STRING_FORMATS.includes(String(schema.format))) say('documented format');
    if (Array.isArray(schema.enum) && schema.enum.length > 1000) say('at most 1000 enum values');
    const isObject = types.includes('object');
    if (isObject && depth + 1 > 10) say('at most 10 levels of nesting');
    if (isObject) {
      if (schema.additionalProperties !== false) say('additionalProperties is false');
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = Array.isArray(schema.required) ? schema.required : [];
      for (const name of Object.keys(props)) if (!required.includes(name)) say(`property ${name} is required`);
      properties += Object.keys(props).length;
      for (const [name, child] of Object.entries(props)) visit(child, `${at}/properties/${name}`, depth + 1);
    }
    if (schema.items !== undefined) visit(schema.items as Schema, `${at}/items`, depth + (isObject ? 1 : 0));
    if (Array.isArray(schema.anyOf))
      (schema.anyOf as Schema[]).forEach((branch, index) => visit(branch, `${at}/anyOf/${index}`, depth));
  };
  visit(root, '', 0);
  if (properties > 5000) findings.push({ rule: 'at most 5000 properties', at: '/' });
  return findings;
}

export function checkGemini(root: Schema): Finding[] {
  const findings: Finding[] = [];
  const visit = (schema: Schema, at: string): void => {
    const say = (rule: string) => findings.push({ rule, at: at || '/' });
    const type = schema.type;
    if (Array.isArray(type)) say('one type, not a list');
    const known = typeof type === 'string' && type in GEMINI_BY_TYPE;
    if (!known && !Array.isArray(schema.anyOf)) say('a documented type (or anyOf)');
    const allowed = new Set(['type', 'description', 'nullable', 'anyOf', ...(known ? GEMINI_BY_TYPE[type]! : [])]);
    for (const keyword of Object.keys(schema))
      if (!allowed.has(keyword)) say(`field ${keyword} is documented for the type`);
    if (
      schema.enum !== undefined &&
      (!Array.isArray(schema.enum) || schema.enum.some((value) => typeof value !== 'string'))
    )
      say('enum values are strings');
    if (schema.format !== undefined && !(GEMINI_FORMATS[String(type)] ?? []).includes(String(schema.format)))
      say('documented format');
    if (type === 'object') {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      if (Object.keys(props).length === 0) say('an object has properties');
      for (const name of Object.keys(props)) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) say(`property name ${name}`);
      for (const [name, child] of Object.entries(props)) visit(child, `${at}/properties/${name}`);
    }
    if (schema.items !== undefined) visit(schema.items as Schema, `${at}/items`);
    if (Array.isArray(schema.anyOf))
      (schema.anyOf as Schema[]).forEach((branch, index) => visit(branch, `${at}/anyOf/${index}`));
  };
  visit(root, '');
  return findings;
}

export const CHECKERS = { 'openai-strict': checkOpenAiStrict, gemini: checkGemini } as const;
