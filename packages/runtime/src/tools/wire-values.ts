import type { WireSpec } from '../catalog/target.js';
import type { ArgBinding } from '../catalog/types.js';
import { type Args, isPresent } from './args.js';

/** One value as it goes on the wire, after indexed families are spread and encodings applied. */
export interface WireEntry {
  readonly binding: ArgBinding;
  readonly wire: string;
  readonly value: unknown;
}

/** The target's wire conventions that shape argument values (`numeric`: booleans travel as 1/0). */
export type WireOptions = Pick<WireSpec, 'booleans'>;

/** The entries of the arguments bound to `locations`, in binding order. */
export function wireEntries(options: {
  bindings: readonly ArgBinding[];
  args: Args;
  locations: readonly ArgBinding['in'][];
  wire?: WireOptions;
}): WireEntry[] {
  const entries: WireEntry[] = [];
  for (const binding of options.bindings) {
    const value = options.args[binding.arg];
    if (!options.locations.includes(binding.in) || !isPresent(value)) continue;
    for (const [wire, item] of spread({ binding, value })) {
      entries.push({ binding, wire, value: encodeValue({ binding, value: item, wire: options.wire }) });
    }
  }
  return entries;
}

/** `net: {"0": "virtio"}` -> `net0`; other bindings are one entry. */
function spread(options: { binding: ArgBinding; value: unknown }): [string, unknown][] {
  const { binding, value } = options;
  if (!binding.indexed || typeof value !== 'object' || value === null) return [[binding.wire, value]];
  return Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => isPresent(item))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([index, item]) => [`${binding.wire}${index}`, item]);
}

function encodeValue(options: { binding: ArgBinding; value: unknown; wire: WireOptions | undefined }): unknown {
  const { binding, value } = options;
  if (options.wire?.booleans === 'numeric' && typeof value === 'boolean') return value ? 1 : 0;
  if (binding.encode === 'uri' && typeof value === 'string') return encodeURIComponent(value);
  return value;
}
