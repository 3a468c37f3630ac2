import type { OperationTool } from '../catalog/types.js';
import type { UpstreamRequest } from '../http/types.js';
import { type Args, isPresent, scalarToWire } from './args.js';
import { encodeBody } from './body.js';
import { appendQuery } from './query.js';

export interface BuildContext {
  readonly tool: OperationTool;
  readonly args: Args;
  readonly baseUrl: URL;
  /** Headers that carry the server's credential; applied last so no argument can replace them. */
  readonly authHeaders: Readonly<Record<string, string>>;
  readonly allowLocalFiles: boolean;
}

/** Builds the upstream request of one operation call from validated arguments. */
export async function buildRequest(context: BuildContext): Promise<UpstreamRequest> {
  const { tool, args } = context;
  const url = new URL(context.baseUrl.href + expandPath({ tool, args }));
  appendQuery({ url, bindings: tool.args, args });
  const body = await encodeBody(context);
  const headers: Record<string, string> = { accept: 'application/json', ...argumentHeaders({ tool, args }) };
  if (body) headers['content-type'] = body.contentType;
  return {
    method: tool.method,
    url,
    headers: { ...headers, ...context.authHeaders },
    ...(body ? { body: body.bytes } : {}),
  };
}

/** Fills `{name}` in the path template; every value is percent-encoded as one segment. */
export function expandPath(options: { tool: OperationTool; args: Args }): string {
  return options.tool.path.replace(/\{([^}]+)\}/g, (_match, wire: string) => {
    const binding = options.tool.args.find((candidate) => candidate.in === 'path' && candidate.wire === wire);
    const value = binding ? options.args[binding.arg] : undefined;
    if (!isPresent(value)) throw new Error(`missing path parameter '${binding?.arg ?? wire}'`);
    return encodeURIComponent(scalarToWire(value));
  });
}

function argumentHeaders(options: { tool: OperationTool; args: Args }): Record<string, string> {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const binding of options.tool.args) {
    const value = options.args[binding.arg];
    if (!isPresent(value)) continue;
    if (binding.in === 'header') headers[binding.wire.toLowerCase()] = scalarToWire(value);
    if (binding.in === 'cookie') cookies.push(`${binding.wire}=${encodeURIComponent(scalarToWire(value))}`);
  }
  if (cookies.length > 0) headers.cookie = cookies.join('; ');
  return headers;
}
