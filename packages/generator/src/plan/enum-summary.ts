import type { JsonSchema } from '../ir/types.js';

/** Enums longer than this are summarised: they cost many tokens and say little (Proxmox lists every disk slot). */
export const MAX_ENUM_VALUES = 50;

/**
 * Replaces a huge string enum by a pattern that accepts the same families and a
 * short description: `rootfs, mp0..mp255, unused0..unused255` becomes
 * `^(?:rootfs|mp\d+|unused\d+)$`. Applied to every schema of a tool's input.
 */
export function summariseEnums(schema: JsonSchema): JsonSchema {
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) out[keyword] = summariseChild({ keyword, value });
  const values = out.enum;
  if (!Array.isArray(values) || values.length <= MAX_ENUM_VALUES || !values.every((value) => typeof value === 'string')) return out;
  const groups = groupNumbered(values as string[]);
  delete out.enum;
  out.pattern = `^(?:${groups.map((group) => (group.numbered ? `${escape(group.prefix)}\\d+` : escape(group.prefix))).join('|')})$`;
  const listed = groups.map((group) => (group.numbered ? `${group.prefix}${group.min}..${group.prefix}${group.max}` : group.prefix)).join(', ');
  out.description = `${typeof out.description === 'string' ? `${out.description} ` : ''}One of: ${listed}.`;
  return out;
}

function summariseChild(options: { keyword: string; value: unknown }): unknown {
  const { keyword, value } = options;
  if (keyword === 'properties' && value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([name, child]) => [name, summariseEnums(child)]));
  }
  if ((keyword === 'items' || keyword === 'additionalProperties') && value && typeof value === 'object') return summariseEnums(value as JsonSchema);
  if (keyword === 'anyOf' && Array.isArray(value)) return value.map((child: JsonSchema) => summariseEnums(child));
  return value;
}

interface Group {
  readonly prefix: string;
  readonly numbered: boolean;
  min: number;
  max: number;
}

function groupNumbered(values: readonly string[]): Group[] {
  const groups = new Map<string, Group>();
  for (const value of values) {
    const match = /^(.*?)(\d+)$/.exec(value);
    const prefix = match ? match[1]! : value;
    const key = `${match ? '#' : '='}${prefix}`;
    const number = match ? Number(match[2]) : 0;
    const group = groups.get(key) ?? { prefix, numbered: Boolean(match), min: number, max: number };
    group.min = Math.min(group.min, number);
    group.max = Math.max(group.max, number);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
