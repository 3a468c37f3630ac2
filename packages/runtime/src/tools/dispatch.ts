import type { JsonSchema, ToolSpec } from '../catalog/types.js';
import { refusal } from '../safety/guard.js';
import { callOperation } from './call-operation.js';
import { callProxy, proxyMethod } from './call-proxy.js';
import type { CallContext } from './context.js';
import { errorResult, type ToolResult } from './result.js';

/** A tool as registered: its spec plus the input schema served in `tools/list`. */
export interface RegisteredTool {
  readonly spec: ToolSpec;
  readonly inputSchema: JsonSchema;
}

/**
 * Answers one `tools/call`. Never throws: every failure, ours or the upstream's,
 * becomes an `isError` result so that the server keeps serving.
 */
export async function dispatchCall(options: {
  tool: RegisteredTool | undefined;
  /** False for a tool of this package that selection left out. */
  enabled: boolean;
  name: string;
  args: unknown;
  context: CallContext;
}): Promise<ToolResult> {
  const { tool, name, context } = options;
  if (!tool) return errorResult(`Unknown tool '${name}'. Call tools/list to see the tools this server offers.`);
  if (!options.enabled) return notEnabled({ tool, context });
  const checked = context.validator.check({ name, schema: tool.inputSchema, args: options.args });
  if (!checked.ok) return errorResult(`Invalid arguments for ${name}: ${checked.problem}`);
  const method = tool.spec.kind === 'proxy' ? proxyMethod(checked.args) : tool.spec.method;
  const refused = refusal({ tool: tool.spec, method, guard: context.guard });
  if (refused) return errorResult(refused);
  try {
    return tool.spec.kind === 'proxy'
      ? await callProxy({ tool: tool.spec, args: checked.args, context })
      : await callOperation({ tool: tool.spec, args: checked.args, context });
  } catch (error) {
    context.log.error(`tool ${name} failed: ${(error as Error).stack ?? String(error)}`);
    return errorResult(`${name} failed: ${(error as Error).message}`);
  }
}

function notEnabled(options: { tool: RegisteredTool; context: CallContext }): ToolResult {
  const { tool, context } = options;
  const method = tool.spec.kind === 'proxy' ? 'GET' : tool.spec.method;
  const refused = refusal({ tool: tool.spec, method, guard: context.guard });
  return errorResult(refused ?? `Tool '${tool.spec.name}' is not enabled on this server: ${context.disabledHint}. Nothing was sent upstream.`);
}
