import type { JSONRPCMessage } from '@modelcontextprotocol/server';

/**
 * How a `tools/call` answered without the SDK's per-request machinery (the HTTP hot call,
 * the stdio hot call) is read and framed: only params the SDK's schema reads as they are,
 * and answers exactly as the SDK's 2025-era codec frames them.
 */

const INTERNAL_ERROR = -32603;

/** `tools/call` params the SDK's schema reads as they are: a name, and arguments that are an object (no `_meta`, no task). */
export function plainCallParams(request: {
  method: string;
  params?: unknown;
}): { name: string; args: Record<string, unknown> | undefined } | undefined {
  if (request.method !== 'tools/call') return undefined;
  const params = request.params as Record<string, unknown> | undefined;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return undefined;
  const { name, arguments: args, ...rest } = params;
  if (typeof name !== 'string' || Object.keys(rest).length > 0) return undefined;
  if (args !== undefined && (args === null || typeof args !== 'object' || Array.isArray(args))) return undefined;
  return { name, args: args as Record<string, unknown> | undefined };
}

/** A result as the SDK's transport writes it (the same key order). */
export function resultAnswer(options: { id: string | number; result: unknown }): JSONRPCMessage {
  return { result: options.result, jsonrpc: '2.0', id: options.id } as JSONRPCMessage;
}

/** A thrown error as the SDK's protocol layer answers it on a 2025-era connection. */
export function errorAnswer(options: { id: string | number; error: unknown }): JSONRPCMessage {
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
