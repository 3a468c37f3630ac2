import type { AuthInfo, JSONRPCMessage, JSONRPCRequest, Server } from '@modelcontextprotocol/server';
import { answerToolCall, type Caller } from '../server/create-server.js';
import type { ToolRegistry } from '../server/registry.js';

/** Answers one request natively, or undefined: then the SDK's server instance answers it. */
export type HotCall = (options: {
  request: JSONRPCRequest;
  authInfo: AuthInfo | undefined;
}) => Promise<JSONRPCMessage> | undefined;

const INTERNAL_ERROR = -32603;

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
    const params = callParams(request);
    if (!params) return undefined;
    const started = performance.now();
    const caller = options.callerOf(authInfo);
    return answerToolCall({ ...params, caller, hooks: {}, registry, discovery, started }).then(
      (result) => ({
        result: shared.projectCallToolResult(result as never, undefined),
        jsonrpc: '2.0',
        id: request.id,
      }),
      (error: unknown) => errorAnswer({ id: request.id, error }),
    ) as Promise<JSONRPCMessage>;
  };
}

/** `tools/call` params the SDK's schema reads as they are: a name, and arguments that are an object. */
function callParams(request: JSONRPCRequest): { name: string; args: Record<string, unknown> | undefined } | undefined {
  if (request.method !== 'tools/call') return undefined;
  const { name, arguments: args, ...rest } = (request.params ?? {}) as Record<string, unknown>;
  if (typeof name !== 'string' || Object.keys(rest).length > 0) return undefined;
  if (args !== undefined && (args === null || typeof args !== 'object' || Array.isArray(args))) return undefined;
  return { name, args: args as Record<string, unknown> | undefined };
}

/** A thrown error as the SDK's protocol layer answers it on a 2025-era connection. */
function errorAnswer(options: { id: string | number; error: unknown }): JSONRPCMessage {
  const error = options.error as { code?: unknown; message?: string; data?: unknown };
  const thrown = Number.isSafeInteger(error.code) ? (error.code as number) : INTERNAL_ERROR;
  return {
    jsonrpc: '2.0',
    id: options.id,
    error: {
      // The 2025-era codec reports -32002 (resource not found) as invalid params.
      code: thrown === -32002 ? -32602 : thrown,
      message: error.message ?? 'Internal error',
      ...(error.data !== undefined ? { data: error.data } : {}),
    },
  } as JSONRPCMessage;
}
