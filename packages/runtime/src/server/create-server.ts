import { ProtocolError, ProtocolErrorCode, Server, type ServerContext } from '@modelcontextprotocol/server';
import type { AskResult } from '../safety/confirm.js';
import type { CallContext, CallHooks } from '../tools/context.js';
import { dispatchCall } from '../tools/dispatch.js';
import { outcomeOf, refusedResult, type ToolResult } from '../tools/result.js';
import { callHooks, canAsk } from './call-hooks.js';
import { listingFor } from './listing-for-client.js';
import { callDiscoveryTool, DISCOVERY_TOOLS, isDiscoveryTool } from './discovery.js';
import type { ToolRegistry } from './registry.js';
import type { ToolSurface } from './surface.js';

export interface ServerIdentity {
  readonly name: string;
  readonly version: string;
  readonly instructions?: string;
}

/** Whose call this is: the context (upstream credential) and the user named in the audit line. */
export interface Caller {
  readonly context: CallContext;
  readonly user: string;
}

/**
 * One MCP server instance over a fixed registry. The low-level Server is used
 * rather than McpServer.registerTool so that the precomputed JSON Schemas are
 * served as they are, with no per-tool wrapping at start-up.
 */
export function createMcpServer(options: {
  identity: ServerIdentity;
  registry: ToolRegistry;
  context: CallContext;
  user: string;
  surface?: ToolSurface;
  onServed?: () => void;
  /** A server that serves many callers (HTTP, one instance per process) finds each call's caller in the request. */
  callerOf?: (ctx: ServerContext) => Caller;
  /** Signs confirmation questions so that an answer only counts for its own call; replicas behind one balancer share it. */
  confirmKey?: Buffer;
}): Server {
  const { identity, registry } = options;
  const fixed: Caller = { context: options.context, user: options.user };
  // Without a surface, every tool of the registry is listed (tool mode). The listing is read when asked for:
  // over stdio the front answers tools/list, and the entries need not be parsed for this instance at all.
  const listing = () => options.surface?.listing ?? registry.listed;
  const discovery = options.surface?.discovery ?? false;
  const server = new Server(
    { name: identity.name, version: identity.version },
    { capabilities: { tools: {} }, ...(identity.instructions ? { instructions: identity.instructions } : {}) },
  );
  // onServed: the first tools/list or tools/call has run (the launcher then saves its code cache).
  server.setRequestHandler('tools/list', (_request, ctx) => {
    options.onServed?.();
    return {
      tools: listingFor({ listing: listing(), entries: registry.entries, canAsk: canAsk({ server, ctx }) }) as never,
    };
  });
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const started = performance.now();
    const caller = options.callerOf ? options.callerOf(ctx) : fixed;
    const known = isCallable({ name: request.params.name, registry, discovery });
    const hooks = known
      ? await callHooks({
          server,
          ctx,
          progressToken: request.params._meta?.progressToken,
          ...(options.confirmKey ? { confirmKey: options.confirmKey } : {}),
        })
      : {};
    const result = await answerToolCall({
      name: request.params.name,
      args: request.params.arguments,
      caller,
      hooks,
      registry,
      discovery,
      started,
    });
    options.onServed?.();
    // A question to the person goes out as it is; the client calls again with the answer.
    if ('resultType' in result) return result as never;
    return server.projectCallToolResult(result as never, undefined);
  });
  return server;
}

function isCallable(options: { name: string; registry: ToolRegistry; discovery: boolean }): boolean {
  return (options.discovery && isDiscoveryTool(options.name)) || options.registry.known.has(options.name);
}

/**
 * One `tools/call`, whoever received it (the SDK's handler above, or the HTTP hot path):
 * a tool that does not exist is a JSON-RPC error (the MCP spec's answer, not a tool
 * result); otherwise the call runs and is audited.
 */
export async function answerToolCall(options: {
  name: string;
  args: Record<string, unknown> | undefined;
  caller: Caller;
  hooks: CallHooks;
  registry: ToolRegistry;
  discovery: boolean;
  started: number;
}): Promise<ToolResult | AskResult> {
  const { name, registry, discovery, hooks, started } = options;
  const { context, user } = options.caller;
  if (!isCallable({ name, registry, discovery })) {
    context.log.audit({ user, tool: name, outcome: 'refused', durationMs: Math.round(performance.now() - started) });
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Unknown tool: ${name.slice(0, 200)}. Call tools/list to see the tools this server offers.`,
    );
  }
  // A call in the served dialect becomes the default dialect's call before anything checks or sends it.
  const mapped = registry.dialect?.toDefault({ tool: name, args: options.args ?? {} });
  if (mapped && !mapped.ok) {
    context.log.audit({ user, tool: name, outcome: 'refused', durationMs: Math.round(performance.now() - started) });
    return refusedResult(`Invalid arguments for ${name}: ${mapped.problem}. Nothing was sent upstream.`);
  }
  const args = (mapped ? mapped.args : options.args) as Record<string, unknown> | undefined;
  const result =
    discovery && isDiscoveryTool(name)
      ? await callDiscoveryTool({ name, args: args ?? {}, registry, context, hooks })
      : await dispatchCall({
          tool: registry.known.get(name),
          enabled: registry.enabled.has(name),
          name,
          args,
          context,
          hooks,
          operations: registry.operations,
        });
  context.log.audit({
    user,
    tool: auditedName({ name, args }),
    outcome: 'resultType' in result ? 'asked' : outcomeOf(result),
    durationMs: Math.round(performance.now() - started),
  });
  return result;
}

/** In discovery mode the audit names the operation that ran, not only `call_operation`. */
function auditedName(options: { name: string; args: Record<string, unknown> | undefined }): string {
  const inner = options.args?.name;
  return options.name === DISCOVERY_TOOLS.call && typeof inner === 'string' ? `${options.name}:${inner}` : options.name;
}
