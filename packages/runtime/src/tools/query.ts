import type { ArgBinding } from '../catalog/types.js';
import { type Args, isPresent, scalarToWire } from './args.js';

/** Appends the query arguments of a call to `url`, following each binding's style. */
export function appendQuery(options: { url: URL; bindings: readonly ArgBinding[]; args: Args }): void {
  const { url, bindings, args } = options;
  for (const binding of bindings) {
    const value = args[binding.arg];
    if (binding.in !== 'query' || !isPresent(value)) continue;
    for (const text of queryValues({ binding, value })) url.searchParams.append(binding.wire, text);
  }
}

function queryValues(options: { binding: ArgBinding; value: unknown }): string[] {
  const { binding, value } = options;
  if (binding.style === 'json') return [JSON.stringify(value)];
  if (!Array.isArray(value)) return [scalarToWire(value)];
  if (binding.style === 'csv') return [value.map(scalarToWire).join(',')];
  return value.map(scalarToWire);
}
