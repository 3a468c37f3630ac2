import type { OperationTool } from '../catalog/types.js';
import { UpstreamUnreachableError } from '../http/types.js';
import type { UpstreamRequest, UpstreamResponse } from '../http/types.js';
import type { Args } from './args.js';
import { buildRequest } from './build-request.js';
import type { CallContext, CallHooks } from './context.js';
import { errorResult, parseBody, successResult, type ToolResult, unwrap, upstreamErrorResult } from './result.js';
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
    const unusable = unusableAnswer({ response, what });
    return unusable ?? successResult({ response, shape: context.shape });
  } catch (error) {
    if (error instanceof UpstreamUnreachableError) return errorResult(`Upstream unreachable for ${what}: ${error.message}`);
    throw error;
  }
}

/** A 2xx answer a model cannot use: cut off at the read limit, or declared JSON that is not. */
function unusableAnswer(options: { response: UpstreamResponse; what: string }): ToolResult | undefined {
  const { response, what } = options;
  if (response.truncated) {
    return errorResult(`The answer to ${what} is larger than ${Math.round(response.body.length / 1024 / 1024)} MiB and was not read in full. Narrow the request (filters, a limit, one item by id).`);
  }
  if (response.contentType.includes('json') && response.body.length > 0 && !parseBody(response).json) {
    return errorResult(`${what} answered HTTP ${response.status} with content-type ${response.contentType} but the body is not valid JSON: ${response.body.toString('utf8').slice(0, 300)}`);
  }
  return undefined;
}

/** GET one JSON value (unwrapped), for the runtime's own follow-up reads such as task status. */
export async function fetchJson(options: { context: CallContext; path: string; query?: Record<string, string> }): Promise<unknown> {
  const { context } = options;
  const url = new URL(`${context.baseUrl.href.replace(/\/+$/, '')}${options.path}`);
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  const response = await context.send({ method: 'GET', url, headers: { accept: 'application/json', ...(await context.auth.headers({ method: 'GET' })) } });
  if (response.status >= 400) throw new Error(upstreamErrorResult({ response, what: `GET ${url.pathname}`, statusNotes: context.shape.statusNotes }).content[0]!.text);
  const parsed = parseBody(response);
  return parsed.json ? unwrap({ value: parsed.value, shape: context.shape }) : parsed.text;
}
