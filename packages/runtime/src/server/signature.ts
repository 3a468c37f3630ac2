import type { JsonSchema } from '../catalog/types.js';

/** Arguments every tool takes that say nothing about what the operation needs. */
const GENERIC_ARGS = new Set(['select', 'confirm']);

/**
 * One line a model can call from without a describe round trip: the tool's required
 * arguments with their types, and how many optional ones it also takes.
 * `qemu_status_start(node: string, vmid: integer; 4 optional)`.
 */
export function signatureOf(options: { name: string; inputSchema: JsonSchema }): string {
  const properties = (options.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  // A nullable required argument is optional in disguise (OpenAI strict lists every argument as required).
  const required = new Set(
    ((options.inputSchema.required ?? []) as string[]).filter((name) => !acceptsNull(properties[name] ?? {})),
  );
  const names = Object.keys(properties).filter((name) => !GENERIC_ARGS.has(name));
  const needed = names.filter((name) => required.has(name)).map((name) => `${name}: ${typeOf(properties[name]!)}`);
  const optional = names.filter((name) => !required.has(name)).length;
  return `${options.name}(${needed.join(', ')}${optional > 0 ? `${needed.length > 0 ? '; ' : ''}${optional} optional` : ''})`;
}

/** A short type: `string`, `integer[]`, `'a'|'b'` for a small enum, `object`. */
function typeOf(schema: JsonSchema): string {
  const values = schema.enum as unknown[] | undefined;
  if (values && values.length <= 4) return values.map((value) => JSON.stringify(value)).join('|');
  const type = Array.isArray(schema.type)
    ? (schema.type as string[]).filter((t) => t !== 'null').join('|')
    : (schema.type as string | undefined);
  if (type === 'array') return `${typeOf((schema.items ?? {}) as JsonSchema)}[]`;
  return type ?? (schema.oneOf || schema.anyOf ? 'one of several' : 'any');
}

function acceptsNull(schema: JsonSchema): boolean {
  if (Array.isArray(schema.type)) return (schema.type as unknown[]).includes('null');
  return Array.isArray(schema.anyOf) && (schema.anyOf as JsonSchema[]).some((branch) => branch.type === 'null');
}
