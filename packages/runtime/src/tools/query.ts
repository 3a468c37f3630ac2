import type { ArgBinding } from '../catalog/types.js';
import { type Args, scalarToWire } from './args.js';
import { type WireOptions, wireEntries } from './wire-values.js';

/** Appends the query arguments of a call to `url`, following each binding's style. */
export function appendQuery(options: {
  url: URL;
  bindings: readonly ArgBinding[];
  args: Args;
  wire?: WireOptions;
}): void {
  const { url } = options;
  for (const entry of wireEntries({ ...options, locations: ['query'] })) {
    for (const text of queryValues({ binding: entry.binding, value: entry.value }))
      url.searchParams.append(entry.wire, text);
  }
}

function queryValues(options: { binding: ArgBinding; value: unknown }): string[] {
  const { binding, value } = options;
  if (binding.style === 'json') return [JSON.stringify(value)];
  if (!Array.isArray(value)) return [scalarToWire(value)];
  if (binding.style === 'csv') return value.length > 0 ? [value.map(scalarToWire).join(',')] : [];
  return value.map(scalarToWire);
}
