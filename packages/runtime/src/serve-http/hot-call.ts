import type { AuthInfo, JSONRPCMessage, JSONRPCRequest, Server } from '@modelcontextprotocol/server';
import { plainCallParams } from '../server/call-frame.js';
import type { Caller } from '../server/create-server.js';
import { answerPlainCall } from '../server/native-call.js';
import type { ToolRegistry } from '../server/registry.js';

/** Answers one request natively, or undefined: then the SDK's server instance answers it. */
export type HotCall = (options: {
  request: JSONRPCRequest;
  authInfo: AuthInfo | undefined;
}) => Promise<JSONRPCMessage> | undefined;

/**
 * The hot 2025-era `tools/call` (stateless HTTP, no progress token) answered without the
 * SDK's per-request machinery: its request context, abort signal and zod parse of the
 * request were a fifth of a call's CPU in a profile of the load run. It runs what the SDK's
 * handler runs (answerToolCall, create-server.ts) and frames the answer as the SDK's
 * 2025-era codec does. Such a call cannot ask the person (no session to ask on: the SDK
 * path has no asker either) and sends no notifications. Params of another shape take the SDK path.
 */
export function createHotCall(options: {
  shared: Server;
  registry: ToolRegistry;
  discovery: boolean;
  callerOf: (authInfo: AuthInfo | undefined) => Caller;
}): HotCall {
  const { shared, registry, discovery } = options;
  return ({ request, authInfo }) => {
    const params = plainCallParams(request);
    if (!params) return undefined;
    const caller = options.callerOf(authInfo);
    return answerPlainCall({ id: request.id, params, caller, registry, discovery, server: shared });
  };
}
