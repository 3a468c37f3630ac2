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

/** An argument refused while the request is built: nothing has been sent; the caller is told which argument and why. */
export class ArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}
