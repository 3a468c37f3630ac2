import type { OperationTool } from '../catalog/types.js';
import { UpstreamUnreachableError } from '../http/types.js';
import type { UpstreamRequest, UpstreamResponse } from '../http/types.js';
import type { Args } from './args.js';
import { buildRequest } from './build-request.js';
import type { CallContext, CallHooks } from './context.js';
import { errorResult, parseBody, successResult, type ToolResult, upstreamErrorResult } from './result.js';
import { followTask } from './task-wait.js';

/** Sends one validated operation call upstream and shapes the answer. */
export async function callOperation(options: { tool: OperationTool; args: Args; context: CallContext; hooks?: CallHooks }): Promise<ToolResult> {
  const { tool, args, context } = options;
  const upstreamArgs = withoutControls({ tool, args });
  const authHeaders = await context.auth.headers({ method: tool.method });
  const request = await buildRequest({ tool, args: upstreamArgs, baseUrl: context.baseUrl, authHeaders, allowLocalFiles: context.allowLocalFiles, wire: context.wire });
  const what = `${tool.method} ${request.url.pathname}`;
  const result = await exchange({ context, request, what });
  const waitSeconds = tool.task ? Number(args[tool.task.waitArg] ?? 0) : 0;
  if (result.isError || waitSeconds <= 0 || !context.tasks) return result;
  const upid = result.structuredContent?.result;
  if (typeof upid !== 'string' || !upid.startsWith('UPID:')) return result;
  return followTask({ upid, waitSeconds, context, ...(options.hooks?.progress ? { progress: options.hooks.progress } : {}) });
}

/** Arguments the server consumes itself (`wait`, `confirm`) never go upstream. */
function withoutControls(options: { tool: OperationTool; args: Args }): Args {
  const { tool, args } = options;
  const controls = [tool.task?.waitArg, tool.confirmArg].filter((name): name is string => name !== undefined);
  if (controls.length === 0) return args;
  return Object.fromEntries(Object.entries(args).filter(([name]) => !controls.includes(name)));
}

/** Shared by every kind of call: send, then map the outcome to a tool result. */
export async function exchange(options: { context: CallContext; request: UpstreamRequest; what: string }): Promise<ToolResult> {
  const { context, request, what } = options;
  try {
    const response = await context.send(request);
    if (response.status >= 400) return upstreamErrorResult({ response, what, statusNotes: context.shape.statusNotes, redact: context.shape.redact !== false });
    if (response.truncated) return tooLarge({ response, what });
    // Parsed once here and reused: answers can be megabytes and this is the per-call path.
    const parsed = response.body.length > 0 ? parseBody(response) : undefined;
    if (parsed && !parsed.json && response.contentType.includes('json')) return notJson({ response, what });
    return successResult({ response, shape: context.shape, ...(parsed ? { parsed } : {}) });
  } catch (error) {
    if (error instanceof UpstreamUnreachableError) return errorResult(`Upstream unreachable for ${what}: ${error.message}`);
    throw error;
  }
}

/** A 2xx answer cut off at the read limit: a model cannot use half a document. */
function tooLarge(options: { response: UpstreamResponse; what: string }): ToolResult {
  const size = Math.round(options.response.body.length / 1024 / 1024);
  return errorResult(`The answer to ${options.what} is larger than ${size} MiB and was not read in full. Narrow the request (filters, a limit, one item by id).`);
}

/** A 2xx answer declared as JSON that is not JSON. */
function notJson(options: { response: UpstreamResponse; what: string }): ToolResult {
  const { response, what } = options;
  return errorResult(`${what} answered HTTP ${response.status} with content-type ${response.contentType} but the body is not valid JSON: ${response.body.toString('utf8').slice(0, 300)}`);
}
