import type { JSONRPCMessage, Server } from '@modelcontextprotocol/server';
import { confirmArgOf } from '../catalog/types.js';
import { plainCallParams } from './call-frame.js';
import type { Caller } from './create-server.js';
import { answerPlainCall } from './native-call.js';
import type { HotMessage } from './stdio-behind.js';
import { isDiscoveryTool } from './discovery-listing.js';
import { DISCOVERY_TOOLS } from './discovery-names.js';
import type { ToolRegistry } from './registry.js';

/** Answers one stdio `tools/call` natively, or undefined: then the SDK answers it. */
export type StdioHotCall = (message: HotMessage) => Promise<JSONRPCMessage> | undefined;

/**
 * A stdio `tools/call` that cannot involve the client, answered without the SDK's
 * per-request machinery (its zod parse of the request, request context and abort
 * signal were most of the server's own work per call). Such a call sends nothing to the
 * client but its answer: plain params (no `_meta`, so no progress token; no task) and a
 * tool that never asks the person (no confirmation argument: reads, and writes of
 * targets that do not confirm; not `call_operation`, whose inner operation may ask).
 * It runs what the SDK's handler runs (answerToolCall) and is framed as the SDK frames it.
 */
export function createStdioHotCall(options: {
  /** The SDK's instance for this session, once it has one (it projects results as the SDK's handler does). */
  server: () => Server | undefined;
  registry: ToolRegistry;
  discovery: boolean;
  caller: Caller;
  onCalled?: () => void;
}): StdioHotCall {
  const { registry, discovery, caller } = options;
  return (message) => {
    const server = options.server();
    const params = plainCallParams(message);
    if (!server || !params || !neverAsks({ name: params.name, registry, discovery })) return undefined;
    return answerPlainCall({
      id: message.id,
      params,
      caller,
      registry,
      discovery,
      server,
      ...(options.onCalled ? { onCalled: options.onCalled } : {}),
    });
  };
}

/** A tool whose call never asks the person: the SDK's hooks for it would do nothing. Unknown tools go to the SDK. */
function neverAsks(options: { name: string; registry: ToolRegistry; discovery: boolean }): boolean {
  const { name } = options;
  if (options.discovery && isDiscoveryTool(name)) return name !== DISCOVERY_TOOLS.call;
  const entry = options.registry.entries.get(name);
  return entry !== undefined && confirmArgOf(entry) === undefined;
}
