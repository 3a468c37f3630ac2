import { ProtocolError, ProtocolErrorCode, Server, type ServerContext } from '@modelcontextprotocol/server';
import type { CallContext } from '../tools/context.js';
import { dispatchCall } from '../tools/dispatch.js';
import { outcomeOf, refusedResult } from '../tools/result.js';
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
  // Without a surface, every tool of the registry is listed (tool mode).
  const { listing, discovery } = options.surface ?? { listing: registry.listed, discovery: false };
  const server = new Server(
    { name: identity.name, version: identity.version },
    { capabilities: { tools: {} }, ...(identity.instructions ? { instructions: identity.instructions } : {}) },
  );
  // onServed: the first tools/list or tools/call has run (the launcher then saves its code cache).
  server.setRequestHandler('tools/list', (_request, ctx) => {
    options.onServed?.();
    return { tools: listingFor({ listing, entries: registry.entries, canAsk: canAsk({ server, ctx }) }) as never };
  });
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const name = request.params.name;
    const progressToken = request.params._meta?.progressToken;
    const started = performance.now();
    const { context, user } = options.callerOf ? options.callerOf(ctx) : fixed;
    if (!(discovery && isDiscoveryTool(name)) && !registry.known.has(name)) {
      context.log.audit({ user, tool: name, outcome: 'refused', durationMs: Math.round(performance.now() - started) });
      // The MCP spec answers a call to a tool that does not exist with a JSON-RPC error, not a tool result.
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Unknown tool: ${name.slice(0, 200)}. Call tools/list to see the tools this server offers.`,
      );
    }
    // A call in the served dialect becomes the default dialect's call before anything checks or sends it.
    const mapped = registry.dialect?.toDefault({ tool: name, args: request.params.arguments ?? {} });
    if (mapped && !mapped.ok) {
      context.log.audit({ user, tool: name, outcome: 'refused', durationMs: Math.round(performance.now() - started) });
      return server.projectCallToolResult(
        refusedResult(`Invalid arguments for ${name}: ${mapped.problem}. Nothing was sent upstream.`) as never,
        undefined,
      );
    }
    const args = (mapped ? mapped.args : request.params.arguments) as Record<string, unknown> | undefined;
    const hooks = await callHooks({
      server,
      ctx,
      progressToken,
      ...(options.confirmKey ? { confirmKey: options.confirmKey } : {}),
    });
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
    options.onServed?.();
    // A question to the person goes out as it is; the client calls again with the answer.
    if ('resultType' in result) return result as never;
    return server.projectCallToolResult(result as never, undefined);
  });
  return server;
}

/** In discovery mode the audit names the operation that ran, not only `call_operation`. */
function auditedName(options: { name: string; args: Record<string, unknown> | undefined }): string {
  const inner = options.args?.name;
  return options.name === DISCOVERY_TOOLS.call && typeof inner === 'string' ? `${options.name}:${inner}` : options.name;
}
