import type { OperationTool } from '../catalog/types.js';
import { UpstreamUnreachableError } from '../http/types.js';
import type { Args } from './args.js';
import { buildRequest } from './build-request.js';
import type { CallContext } from './context.js';
import { errorResult, successResult, type ToolResult, upstreamErrorResult } from './result.js';

/** Sends one validated operation call upstream and shapes the answer. */
export async function callOperation(options: { tool: OperationTool; args: Args; context: CallContext }): Promise<ToolResult> {
  const { tool, args, context } = options;
  const request = await buildRequest({ tool, args, baseUrl: context.baseUrl, authHeaders: context.authHeaders, allowLocalFiles: context.allowLocalFiles });
  const what = `${tool.method} ${request.url.pathname}`;
  return exchange({ context, request, what });
}

/** Shared by operation and proxy calls: send, then map the outcome to a tool result. */
export async function exchange(options: {
  context: CallContext;
  request: Parameters<CallContext['send']>[0];
  what: string;
}): Promise<ToolResult> {
  const { context, request, what } = options;
  try {
    const response = await context.send(request);
    if (response.status >= 400) return upstreamErrorResult({ response, what });
    return successResult({ response, shape: context.shape });
  } catch (error) {
    if (error instanceof UpstreamUnreachableError) return errorResult(`Upstream unreachable for ${what}: ${error.message}`);
    throw error;
  }
}
