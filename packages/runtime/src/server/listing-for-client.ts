import { confirmArgOf, type ToolIndexEntry } from '../catalog/types.js';
import type { ListedTool } from './registry.js';

/**
 * A client that can be asked is asked every time (see safety/confirm.ts), so the
 * `confirm` argument is not offered to it: the listing drops each tool's confirmation
 * control argument (the raw tool's `confirm`, an operation's `confirmArg`). Made once
 * per listing and kept.
 */
export function listingFor(options: {
  listing: readonly ListedTool[];
  entries: ReadonlyMap<string, ToolIndexEntry>;
  canAsk: boolean;
}): readonly ListedTool[] {
  if (!options.canAsk) return options.listing;
  let stripped = withoutConfirm.get(options.listing);
  if (!stripped) {
    stripped = options.listing.map((tool) =>
      stripControl({ tool, control: controlOf(options.entries.get(tool.name)) }),
    );
    withoutConfirm.set(options.listing, stripped);
  }
  return stripped;
}

const withoutConfirm = new WeakMap<readonly ListedTool[], readonly ListedTool[]>();

function controlOf(entry: ToolIndexEntry | undefined): string | undefined {
  return entry ? confirmArgOf(entry) : undefined;
}

function stripControl(options: { tool: ListedTool; control: string | undefined }): ListedTool {
  const { tool, control } = options;
  const schema = tool.inputSchema as { properties?: Record<string, unknown>; required?: readonly string[] };
  if (!control || !schema.properties || !Object.hasOwn(schema.properties, control)) return tool;
  const { [control]: _dropped, ...properties } = schema.properties;
  const required = schema.required?.filter((name) => name !== control);
  return { ...tool, inputSchema: { ...schema, properties, ...(required ? { required } : {}) } };
}
