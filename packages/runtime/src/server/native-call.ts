import type { JSONRPCMessage, Server } from '@modelcontextprotocol/server';
import { errorAnswer, resultAnswer } from './call-frame.js';
import { answerToolCall, type Caller } from './create-server.js';
import type { ToolRegistry } from './registry.js';

/**
 * One `tools/call` with plain params answered without the SDK's per-request machinery (the
 * HTTP and stdio hot calls): what the SDK's handler runs (answerToolCall), the result projected
 * by the SDK instance's codec and framed as the SDK frames it. Always settles with an answer:
 * whatever goes wrong, the call or framing its result, is a JSON-RPC error.
 */
export function answerPlainCall(options: {
  id: string | number;
  params: { name: string; args: Record<string, unknown> | undefined };
  caller: Caller;
  registry: ToolRegistry;
  discovery: boolean;
  /** The SDK instance whose codec projects the result. */
  server: Server;
  onCalled?: () => void;
}): Promise<JSONRPCMessage> {
  const { id, server, registry, discovery, caller } = options;
  const started = performance.now();
  return answerToolCall({ ...options.params, caller, hooks: {}, registry, discovery, started })
    .then((result) => {
      options.onCalled?.();
      return resultAnswer({ id, result: server.projectCallToolResult(result as never, undefined) });
    })
    .catch((error: unknown) => errorAnswer({ id, error }));
}
