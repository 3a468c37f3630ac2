import type { JsonSchema } from '../ir/types.js';
import { integerRangePattern } from './integer-range.js';

/** Enums longer than this are summarised: they cost many tokens and say little (Proxmox lists every disk slot). */
export const MAX_ENUM_VALUES = 50;

/**
 * Replaces a huge string enum by a pattern that accepts exactly the same values
 * and a short description: `rootfs, mp0..mp255, unused0..unused255` becomes
 * `^(?:rootfs|mp(?:[0-9]|[1-9][0-9]|…|25[0-5])|unused(?:…))$`. A numbered family
 * becomes a numeric range only when it is one without gaps; else its numbers are
 * listed, so the summary never accepts a value the enum did not.
 * Applied to every schema of a tool's input.
 */
export function summariseEnums(schema: JsonSchema): JsonSchema {
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) out[keyword] = summariseChild({ keyword, value });
  const values = out.enum;
  if (!Array.isArray(values) || values.length <= MAX_ENUM_VALUES || !values.every((value) => typeof value === 'string'))
    return out;
  const groups = groupNumbered(values as string[]);
  delete out.enum;
  out.pattern = `^(?:${groups.map(groupPattern).join('|')})$`;
  out.description = `${typeof out.description === 'string' ? `${out.description} ` : ''}One of: ${groups.map(groupText).join(', ')}.`;
  return out;
}

function summariseChild(options: { keyword: string; value: unknown }): unknown {
  const { keyword, value } = options;
  if (keyword === 'properties' && value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, JsonSchema>).map(([name, child]) => [name, summariseEnums(child)]),
    );
  }
  if ((keyword === 'items' || keyword === 'additionalProperties') && value && typeof value === 'object')
    return summariseEnums(value as JsonSchema);
  if (keyword === 'anyOf' && Array.isArray(value)) return value.map((child: JsonSchema) => summariseEnums(child));
  return value;
}

/** Values sharing a text prefix followed by a canonical number (no leading zero), or one value alone. */
interface Group {
  readonly prefix: string;
  readonly numbers: number[];
}

function groupNumbered(values: readonly string[]): Group[] {
  const groups = new Map<string, Group>();
  for (const value of values) {
    const match = /^(.*?)(0|[1-9]\d{0,14})$/.exec(value);
    const key = match ? `#${match[1]!}` : `=${value}`;
    const group = groups.get(key) ?? { prefix: match ? match[1]! : value, numbers: [] };
    if (match) group.numbers.push(Number(match[2]));
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => ({
    ...group,
    numbers: [...new Set(group.numbers)].sort((a, b) => a - b),
  }));
}

function isContiguous(numbers: readonly number[]): boolean {
  return numbers.length > 2 && numbers[numbers.length - 1]! - numbers[0]! === numbers.length - 1;
}

function groupPattern(group: Group): string {
  const prefix = escapeLiteral(group.prefix);
  const { numbers } = group;
  if (numbers.length === 0) return prefix;
  if (isContiguous(numbers))
    return `${prefix}${integerRangePattern({ min: numbers[0]!, max: numbers[numbers.length - 1]! })}`;
  return numbers.length === 1 ? `${prefix}${numbers[0]}` : `${prefix}(?:${numbers.join('|')})`;
}

function groupText(group: Group): string {
  const { prefix, numbers } = group;
  if (numbers.length === 0) return prefix;
  if (isContiguous(numbers)) return `${prefix}${numbers[0]}..${prefix}${numbers[numbers.length - 1]}`;
  return numbers.map((number) => `${prefix}${number}`).join(', ');
}

/** Escapes only ECMAScript's syntax characters: `u` mode rejects any other escape (e.g. `\-`). */
export function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
