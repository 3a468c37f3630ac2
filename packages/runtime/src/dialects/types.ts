import type { JsonSchema } from '../catalog/types.js';

/**
 * Schema dialects: the shape of the input schemas a server lists, chosen per client.
 * `default` is full JSON Schema (Claude, Cursor, VS Code); `openai-strict` is OpenAI's
 * strict function-calling subset; `gemini` is the OpenAPI subset of Gemini/Vertex
 * function declarations. Dialect schemas are made at generation; a call in a dialect
 * is turned back into default arguments before validation, so the upstream receives
 * exactly what the default dialect would send.
 */
export const SCHEMA_DIALECTS = ['default', 'openai-strict', 'gemini'] as const;

export type SchemaDialect = (typeof SCHEMA_DIALECTS)[number];

/** A dialect other than the default: the ones with generated data. */
export type ServedDialectName = Exclude<SchemaDialect, 'default'>;

/** The dialects other than the default, in order: what the generator makes and a package reads. */
export const SERVED_DIALECTS: readonly ServedDialectName[] = SCHEMA_DIALECTS.filter(
  (name): name is ServedDialectName => name !== 'default',
);

/**
 * How one argument value in a dialect becomes its default-dialect value. Only nodes that
 * need a change carry a plan; a missing plan means "as it is". Serialisable: emitted as JSON.
 */
export type ArgPlan = ObjectPlan | ArrayPlan | PairsPlan | KeysPlan | JsonTextPlan | EnumPlan;

export interface ObjectPlan {
  readonly kind: 'object';
  /** Plans of properties, by their name in the dialect. */
  readonly properties?: Readonly<Record<string, ArgPlan>>;
  /** Dialect name -> original name, for properties whose name the dialect does not allow. */
  readonly renamed?: Readonly<Record<string, string>>;
  /** Dialect names of optional properties made required and nullable: `null` means "omitted". */
  readonly nullable?: readonly string[];
}

export interface ArrayPlan {
  readonly kind: 'array';
  readonly items: ArgPlan;
}

/** An open map sent as `[{key, value}]`; becomes `{key: value}`. */
export interface PairsPlan {
  readonly kind: 'pairs';
  readonly value?: ArgPlan;
}

/** A map whose values can only be `{}` (Docker's `ExposedPorts`), sent as the list of its keys. */
export interface KeysPlan {
  readonly kind: 'keys';
}

/** A value the dialect cannot describe (free-form object, any JSON value), sent as JSON text of the default value. */
export interface JsonTextPlan {
  readonly kind: 'json';
}

/** A non-string enum sent as strings (`"8"`); becomes the listed value whose text it is. */
export interface EnumPlan {
  readonly kind: 'enum';
  readonly values: readonly (number | boolean | null)[];
}

/** What a server in a dialect needs on its first call: describe_operation's schemas and the plans back. */
export interface DialectCalls {
  /** Full input schema of each tool (with `select`), in the dialect: what describe_operation returns. */
  readonly schemas: Readonly<Record<string, JsonSchema>>;
  /** Plans of tools (and of the discovery tools) that need one. */
  readonly plans: Readonly<Record<string, ArgPlan>>;
}

/** What a server in a dialect needs at start: the `tools/list` entries and the discovery tools' schemas. */
export interface DialectListing {
  /** Tool name -> JSON of its `tools/list` entry in the dialect (as `precomputeListing` makes them). */
  readonly tools: Readonly<Record<string, string>>;
  /** Discovery tool name -> its input schema in the dialect. */
  readonly discovery: Readonly<Record<string, JsonSchema>>;
}

/**
 * A dialect's generated data as JSON text behind functions: a server that does not serve
 * the dialect never parses (nor, with lazy compilation, compiles) it.
 */
export interface DialectSource {
  readonly listing: () => string;
  readonly calls: () => string;
}
