import type { JSONRPCMessage, Server } from '@modelcontextprotocol/server';
import { confirmArgOf } from '../catalog/types.js';
import { errorAnswer, plainCallParams, resultAnswer } from './call-frame.js';
import { answerToolCall, type Caller } from './create-server.js';
import { isDiscoveryTool } from './discovery-listing.js';
import { DISCOVERY_TOOLS } from './discovery-names.js';
import type { ToolRegistry } from './registry.js';

/** Answers one stdio `tools/call` natively, or undefined: then the SDK answers it. */
export type StdioHotCall = (message: {
  id: string | number;
  method: string;
  params?: unknown;
}) => Promise<JSONRPCMessage> | undefined;

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
    const started = performance.now();
    // Always settles with an answer: whatever goes wrong (the call, or framing its result) is a JSON-RPC error.
    return answerToolCall({ ...params, caller, hooks: {}, registry, discovery, started })
      .then((result) => {
        options.onCalled?.();
        return resultAnswer({ id: message.id, result: server.projectCallToolResult(result as never, undefined) });
      })
      .catch((error: unknown) => errorAnswer({ id: message.id, error }));
  };
}

/** A tool whose call never asks the person: the SDK's hooks for it would do nothing. Unknown tools go to the SDK. */
function neverAsks(options: { name: string; registry: ToolRegistry; discovery: boolean }): boolean {
  const { name } = options;
  if (options.discovery && isDiscoveryTool(name)) return name !== DISCOVERY_TOOLS.call;
  const entry = options.registry.entries.get(name);
  return entry !== undefined && confirmArgOf(entry) === undefined;
}
