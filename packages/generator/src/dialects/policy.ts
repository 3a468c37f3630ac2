import type { JsonSchema } from '@mcpgen/runtime';

/** What differs between dialects; the walk (convert.ts) is shared. */
export interface DialectPolicy {
  /** Whether a non-structural keyword stays on a node of this type (else it is said in the description). */
  readonly keeps: (options: { keyword: string; value: unknown; type: string }) => boolean;
  /** `nullable`: optional properties become required and nullable (OpenAI strict); `omit`: they stay optional. */
  readonly optional: 'nullable' | 'omit';
  /** Objects carry `additionalProperties: false`. */
  readonly closesObjects: boolean;
  /** Property names must match this, else they are renamed (and named back before the call). */
  readonly propertyName?: RegExp;
  /** Enums of numbers or booleans become string enums (and are converted back before the call). */
  readonly stringEnums: boolean;
  /** The schema, also accepting null. */
  readonly nullable: (schema: JsonSchema) => JsonSchema;
}
