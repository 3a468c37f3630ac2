/** Turning validated argument values into wire strings. */

export type Args = Readonly<Record<string, unknown>>;

/** Scalars as the upstream expects them in paths, queries and headers. */
export function scalarToWire(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}
