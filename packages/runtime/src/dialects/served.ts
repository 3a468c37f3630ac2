import type { JsonSchema, PrecomputedListing } from '../catalog/types.js';
import { type MapBackResult, own, toDefaultArgs } from './map-back.js';
import type { DialectCalls, DialectListing, DialectSource, ServedDialectName } from './types.js';

/**
 * The dialect a server serves, over its generated data: the listing is parsed at start
 * (it replaces the default listing), the schemas and plans on the first call.
 */
export interface ServedDialect {
  readonly name: ServedDialectName;
  /** Tool name -> JSON of its `tools/list` entry in the dialect. */
  readonly listing: PrecomputedListing;
  /** The discovery tools' input schemas in the dialect. */
  readonly discovery: Readonly<Record<string, JsonSchema>>;
  /** describe_operation's schema of one tool in the dialect. */
  readonly schemaOf: (tool: string) => JsonSchema | undefined;
  /** A call's arguments in the dialect -> the default dialect's. */
  readonly toDefault: (options: { tool: string; args: unknown }) => MapBackResult;
}

export function serveDialect(options: { name: ServedDialectName; source: DialectSource }): ServedDialect {
  const { name, source } = options;
  const listing = JSON.parse(source.listing()) as DialectListing;
  let calls: DialectCalls | undefined;
  const load = () => (calls ??= JSON.parse(source.calls()) as DialectCalls);
  return {
    name,
    listing: new Map(Object.entries(listing.tools)),
    discovery: listing.discovery,
    schemaOf: (tool) => own(load().schemas, tool),
    toDefault: ({ tool, args }) => toDefaultArgs({ args, plan: own(load().plans, tool) }),
  };
}
