import type { JsonSchema, RoutedOperation, SafetyClass, ToolSpec } from '../catalog/types.js';
import type { AskResult } from '../safety/confirm.js';
import { confirmIfNeeded } from './confirm-call.js';
import { refusal, safetyOfMethod } from '../safety/guard.js';
import { ArgumentError, type Args } from './args.js';
import { compileSelect } from '../shaping/select.js';
import { callOperation } from './call-operation.js';
import { callProxy, proxyMethod } from './call-proxy.js';
import type { CallContext, CallHooks } from './context.js';
import { callRaw, rawSafety } from './raw-api.js';
import { errorResult, refusedResult, scrubbed, type ToolResult } from './result.js';
import { createRedactor } from '../shaping/redact.js';
import type { UpstreamRequest } from '../http/types.js';

/** A tool as registered: its spec plus the input schema served in `tools/list`. */
export interface RegisteredTool {
  readonly spec: ToolSpec;
  readonly inputSchema: JsonSchema;
  /** The argument carrying the caller's JMESPath projection, consumed by the server. */
  readonly selectArg?: string;
}

/**
 * Answers one `tools/call`. Never throws: every failure, ours or the upstream's,
 * becomes an `isError` result so that the server keeps serving. Order: known and
 * enabled, arguments valid, access level, confirmation, then the upstream call.
 */
export function dispatchCall(options: DispatchOptions & { hooks?: Omit<CallHooks, 'asker'> }): Promise<ToolResult>;
/** With an asker, the answer may be the question to the person (an `input_required` result). */
export function dispatchCall(options: DispatchOptions): Promise<ToolResult | AskResult>;
export async function dispatchCall(options: DispatchOptions): Promise<ToolResult | AskResult> {
  // The credentials this call sends (a caller's own key over HTTP, a renewed ticket) join the server's own secrets.
  const captured: string[] = [];
  const redactor = createRedactor({
    secrets: () => [...(options.context.secrets ?? []), ...captured],
    byShape: options.context.shape.redact !== false,
  });
  const context = { ...options.context, shape: { ...options.context.shape, redactor } };
  const result = await runCall({ ...options, context, captured });
  return 'resultType' in result ? result : scrubbed(result, redactor);
}

interface DispatchOptions {
  tool: RegisteredTool | undefined;
  /** False for a tool of this package that selection left out. */
  enabled: boolean;
  name: string;
  args: unknown;
  context: CallContext;
  hooks?: CallHooks;
  /** Every operation of the package, for the raw tool's safety lookup. */
  operations?: readonly RoutedOperation[];
}

async function runCall(options: DispatchOptions & { captured: string[] }): Promise<ToolResult | AskResult> {
  const { tool, name, context } = options;
  if (!tool) return refusedResult(`Unknown tool '${name}'. Call tools/list to see the tools this server offers.`);
  if (!options.enabled) return notEnabled({ tool, context });
  const checked = await context.validator.check({ name, schema: tool.inputSchema, args: options.args });
  if (!checked.ok) return refusedResult(`Invalid arguments for ${name}: ${checked.problem}`);
  const { args, select } = splitSelect({ args: checked.args, selectArg: tool.selectArg });
  // Every argument, select included, is checked before anything is sent.
  const compiled = compileSelect(select ?? '');
  if (!compiled.ok)
    return refusedResult(`Invalid arguments for ${name}: ${compiled.problem} Nothing was sent upstream.`);
  const safety = callSafety({ spec: tool.spec, args, operations: options.operations ?? [] });
  const refused = refusal({ what: describeCall({ spec: tool.spec, args }), safety, guard: context.guard });
  if (refused) return refusedResult(refused);
  const confirmed = confirmOrExplain({ tool: tool.spec, args, safety, hooks: options.hooks, name });
  if (confirmed !== undefined) return confirmed;
  const tracked = trackSending({
    context,
    shape: { ...context.shape, select: compiled.select, wrote: safety !== 'read' },
    captured: options.captured,
  });
  try {
    return await route({
      spec: tool.spec,
      args,
      context: tracked.context,
      ...(options.hooks ? { hooks: options.hooks } : {}),
    });
  } catch (error) {
    if (error instanceof ArgumentError && !tracked.sent())
      return refusedResult(`Invalid arguments for ${name}: ${error.message}. Nothing was sent upstream.`);
    context.log.error(`tool ${name} failed: ${(error as Error).stack ?? String(error)}`);
    const effect = tracked.sent()
      ? safety === 'read'
        ? ''
        : ' The request was sent: check whether it took effect before trying again.'
      : ' Nothing was sent upstream.';
    return errorResult(`${name} failed: ${(error as Error).message}.${effect}`);
  }
}

/** Undefined when the call may go ahead; else the refusal, or the question to the person. */
function confirmOrExplain(options: {
  tool: ToolSpec;
  args: Args;
  safety: SafetyClass;
  hooks: CallHooks | undefined;
  name: string;
}): ToolResult | AskResult | undefined {
  try {
    const outcome = confirmIfNeeded(options);
    if ('ask' in outcome) return outcome.ask;
    return 'refused' in outcome ? refusedResult(outcome.refused) : undefined;
  } catch (error) {
    if (error instanceof ArgumentError)
      return errorResult(`Invalid arguments for ${options.name}: ${error.message}. Nothing was sent upstream.`);
    throw error;
  }
}

/** The call's context with its shaping options, and a `send` that remembers whether it was used and which credentials it carried. */
function trackSending(options: { context: CallContext; shape: CallContext['shape']; captured: string[] }): {
  context: CallContext;
  sent: () => boolean;
} {
  let sent = false;
  const { send, auth } = options.context;
  const record = (request: UpstreamRequest) => {
    sent = true;
    options.captured.push(...credentialValues({ headers: request.headers, names: auth.credentialHeaders }));
    return send(request);
  };
  return { context: { ...options.context, shape: options.shape, send: record }, sent: () => sent };
}

/** The secret parts of credential headers: `X-API-Key: k`, `Authorization: PVEAPIToken=id=secret`, `Cookie: PVEAuthCookie=ticket`. */
function credentialValues(options: { headers: Readonly<Record<string, string>>; names: readonly string[] }): string[] {
  const values: string[] = [];
  for (const name of options.names) {
    const header = options.headers[name];
    if (!header) continue;
    for (const part of header.split(/;\s*/)) {
      const value = part.replace(/^(Bearer|Basic)\s+/i, '');
      const first = value.indexOf('=');
      const last = value.lastIndexOf('=');
      values.push(first < 0 ? value : value.slice(first + 1));
      if (last > first && value.slice(last + 1).length > 0) values.push(value.slice(last + 1));
    }
  }
  return values;
}

function route(options: { spec: ToolSpec; args: Args; context: CallContext; hooks?: CallHooks }): Promise<ToolResult> {
  const { spec, args, context } = options;
  if (spec.kind === 'proxy') return callProxy({ tool: spec, args, context });
  if (spec.kind === 'raw') return callRaw({ tool: spec, args, context });
  return callOperation({ tool: spec, args, context, ...(options.hooks ? { hooks: options.hooks } : {}) });
}

export function callSafety(options: {
  spec: ToolSpec;
  args: Args;
  operations: readonly RoutedOperation[];
}): SafetyClass {
  const { spec, args } = options;
  if (spec.kind === 'operation') return spec.safety;
  if (spec.kind === 'proxy') return safetyOfMethod(proxyMethod(args));
  return rawSafety({ args, operations: options.operations });
}

function describeCall(options: { spec: ToolSpec; args: Args }): string {
  const { spec, args } = options;
  if (spec.kind === 'proxy') return `${spec.name} with method ${proxyMethod(args)}`;
  if (spec.kind === 'raw') return `${spec.name} ${String(args.method).toUpperCase()} ${String(args.path)}`;
  return spec.name;
}

function notEnabled(options: { tool: RegisteredTool; context: CallContext }): ToolResult {
  const { tool, context } = options;
  const safety = tool.spec.kind === 'operation' ? tool.spec.safety : 'read';
  const refused = refusal({ what: tool.spec.name, safety, guard: context.guard });
  return refusedResult(
    refused ??
      `Tool '${tool.spec.name}' is not enabled on this server: ${context.disabledHint}. Nothing was sent upstream.`,
  );
}

function splitSelect(options: { args: Args; selectArg: string | undefined }): {
  args: Args;
  select: string | undefined;
} {
  const { args, selectArg } = options;
  if (!selectArg || !(selectArg in args)) return { args, select: undefined };
  const { [selectArg]: select, ...rest } = args;
  return { args: rest, select: typeof select === 'string' ? select : undefined };
}
