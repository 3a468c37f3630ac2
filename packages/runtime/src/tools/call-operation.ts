import type { OperationTool } from '../catalog/types.js';
import { UpstreamUnreachableError } from '../http/types.js';
import { maskUserinfo } from '../shaping/redact.js';
import type { UpstreamRequest, UpstreamResponse } from '../http/types.js';
import type { Args } from './args.js';
import { buildRequest } from './build-request.js';
import type { CallContext, CallHooks } from './context.js';
import {
  errorResult,
  parseBody,
  redactorOf,
  successResult,
  type ToolResult,
  upstreamErrorResult,
  withNote,
} from './result.js';
import { decodeStream } from './streams.js';
import { followTask, taskIdFields } from './task-wait.js';

/** Sends one validated operation call upstream and shapes the answer. */
export async function callOperation(options: {
  tool: OperationTool;
  args: Args;
  context: CallContext;
  hooks?: CallHooks;
}): Promise<ToolResult> {
  const { tool, args, context } = options;
  const upstreamArgs = { ...tool.call?.defaults, ...withoutControls({ tool, args }) };
  const authHeaders = await context.auth.headers({ method: tool.method });
  const built = await buildRequest({
    tool,
    args: upstreamArgs,
    baseUrl: context.baseUrl,
    authHeaders,
    allowLocalFiles: context.allowLocalFiles,
    wire: context.wire,
  });
  for (const [name, value] of Object.entries(tool.call?.fixedQuery ?? {}))
    built.url.searchParams.set(name, String(value));
  const request = tool.call?.accept ? { ...built, headers: { ...built.headers, accept: tool.call.accept } } : built;
  const what = `${tool.method} ${request.url.pathname}`;
  const stream = tool.call?.response;
  const result = await exchange({
    context,
    request,
    what,
    ...(stream ? { decode: (response) => decodeStream({ kind: stream, response, shape: context.shape, what }) } : {}),
  });
  const waitSeconds = tool.task ? Number(args[tool.task.waitArg] ?? 0) : 0;
  if (result.isError || waitSeconds <= 0 || !context.tasks) return result;
  const upid = result.structuredContent?.result;
  if (typeof upid !== 'string' || !taskIdFields({ id: upid, tasks: context.tasks })) return result;
  try {
    return await followTask({
      upid,
      waitSeconds,
      context,
      ...(options.hooks?.progress ? { progress: options.hooks.progress } : {}),
    });
  } catch (error) {
    // The task was started: its id must reach the caller even when following it fails.
    return withNote(
      result,
      redactorOf(context.shape).text(
        `task ${upid} was started, but following it failed: ${(error as Error).message}. Read its status with the task tools.`,
      ),
    );
  }
}

/** Arguments the server consumes itself (`wait`, `confirm`) never go upstream. */
function withoutControls(options: { tool: OperationTool; args: Args }): Args {
  const { tool, args } = options;
  const controls = [tool.task?.waitArg, tool.confirmArg].filter((name): name is string => name !== undefined);
  if (controls.length === 0) return args;
  return Object.fromEntries(Object.entries(args).filter(([name]) => !controls.includes(name)));
}

/** Shared by every kind of call: send, then map the outcome to a tool result. */
export async function exchange(options: {
  context: CallContext;
  request: UpstreamRequest;
  what: string;
  decode?: (response: UpstreamResponse) => ToolResult;
}): Promise<ToolResult> {
  const { context, request, what } = options;
  const wrote = context.shape.wrote === true;
  try {
    const response = await context.send(request);
    if (response.status >= 400)
      return upstreamErrorResult({
        response,
        what,
        statusNotes: context.shape.statusNotes,
        redactor: redactorOf(context.shape),
      });
    if (response.status < 200 || response.status >= 300) return unexpectedStatus({ response, what, wrote });
    if (response.truncated) return tooLarge({ response, what, wrote });
    if (options.decode) return options.decode(response);
    // Parsed once here and reused: answers can be megabytes and this is the per-call path.
    const parsed = response.body.length > 0 ? parseBody(response) : undefined;
    if (parsed && !parsed.json && response.contentType.includes('json'))
      return notJson({
        response,
        what,
        wrote,
        excerpt: redactorOf(context.shape).text(response.body.toString('utf8').slice(0, 300)),
      });
    return successResult({ response, shape: context.shape, ...(parsed ? { parsed } : {}) });
  } catch (error) {
    if (error instanceof UpstreamUnreachableError)
      return errorResult(
        `Upstream unreachable for ${what}: ${error.message}${wrote && error.connected ? '. The request may have reached the upstream: check whether it took effect before trying again.' : ''}`,
      );
    throw error;
  }
}

/** A redirect (never followed: it could lead the credential elsewhere) or an answer outside 2xx. */
function unexpectedStatus(options: { response: UpstreamResponse; what: string; wrote: boolean }): ToolResult {
  const { response, what } = options;
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const where = response.location ? ` to ${maskUserinfo(response.location).slice(0, 300)}` : '';
  const kind =
    response.status >= 300 && response.status < 400
      ? `a redirect${where}, which is not followed`
      : 'an answer that is not a final success';
  const effect = options.wrote ? ' The request was sent; check whether it took effect before trying again.' : '';
  return errorResult(
    `${status} from ${what}: ${kind}. Check the upstream URL setting (scheme, host, base path).${effect}`,
  );
}

/** A 2xx answer cut off at the read limit: a model cannot use half a document. */
function tooLarge(options: { response: UpstreamResponse; what: string; wrote: boolean }): ToolResult {
  const size = Math.round(options.response.body.length / 1024 / 1024);
  if (options.wrote)
    return {
      content: [
        {
          type: 'text',
          text: `Done: ${options.what} answered HTTP ${options.response.status}; its answer is larger than ${size} MiB and was not read.`,
        },
      ],
    };
  return errorResult(
    `The answer to ${options.what} is larger than ${size} MiB and was not read in full. Narrow the request (filters, a limit, one item by id).`,
  );
}

/** A 2xx answer declared as JSON that is not JSON. */
function notJson(options: { response: UpstreamResponse; what: string; wrote: boolean; excerpt: string }): ToolResult {
  const { response, what } = options;
  const text = `${what} answered HTTP ${response.status} with content-type ${response.contentType} but the body is not valid JSON: ${options.excerpt}`;
  return options.wrote ? { content: [{ type: 'text', text: `Done: ${text}` }] } : errorResult(text);
}
