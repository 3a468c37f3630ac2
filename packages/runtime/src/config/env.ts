import { ConfigError } from './errors.js';

/** Typed readers for environment variables; each error names the variable. */

export type Env = Readonly<Record<string, string | undefined>>;

interface Read {
  readonly env: Env;
  readonly name: string;
}

function raw({ env, name }: Read): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

export function readRequired(read: Read): string {
  const value = raw(read);
  if (value === undefined) throw new ConfigError(read.name, 'is required but not set');
  return value;
}

export function readOptional(read: Read): string | undefined {
  return raw(read);
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off']);

export function readBoolean(read: Read & { readonly fallback: boolean }): boolean {
  const value = raw(read)?.toLowerCase();
  if (value === undefined) return read.fallback;
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  throw new ConfigError(read.name, `expected a boolean (1/0, true/false, yes/no), got '${value}'`);
}

export function readPositiveNumber(read: Read & { readonly fallback: number }): number {
  const value = raw(read);
  if (value === undefined) return read.fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new ConfigError(read.name, `expected a positive number, got '${value}'`);
  }
  return number;
}

export function readList(read: Read): string[] | undefined {
  const value = raw(read);
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export function readEnum<T extends string>(read: Read & { readonly allowed: readonly T[]; readonly fallback: T }): T {
  const value = raw(read)?.toLowerCase();
  if (value === undefined) return read.fallback;
  const match = read.allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    throw new ConfigError(read.name, `expected one of ${read.allowed.join(', ')}, got '${value}'`);
  }
  return match;
}

export function readHttpUrl(read: Read): URL {
  const value = readRequired(read);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(read.name, `expected an http(s) URL such as https://host.example.com:9443, got '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(read.name, `expected an http or https URL, got protocol '${url.protocol}'`);
  }
  return url;
}
