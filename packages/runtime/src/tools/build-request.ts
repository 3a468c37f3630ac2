import type { OperationTool } from '../catalog/types.js';
import { upstreamUrl } from '../http/url.js';
import type { UpstreamRequest } from '../http/types.js';
import { ArgumentError, type Args, isPresent, scalarToWire } from './args.js';
import { encodeBody } from './body.js';
import { appendQuery } from './query.js';
import { type WireOptions, wireEntries } from './wire-values.js';

export interface BuildContext {
  readonly tool: OperationTool;
  readonly args: Args;
  readonly baseUrl: URL;
  /** Headers that carry the server's credential; applied last so no argument can replace them. */
  readonly authHeaders: Readonly<Record<string, string>>;
  readonly allowLocalFiles: boolean;
  readonly wire?: WireOptions;
}

/** Builds the upstream request of one operation call from validated arguments. */
export async function buildRequest(context: BuildContext): Promise<UpstreamRequest> {
  const { tool, args } = context;
  const url = upstreamUrl({ baseUrl: context.baseUrl, path: expandPath({ tool, args }) });
  appendQuery({ url, bindings: tool.args, args, ...(context.wire ? { wire: context.wire } : {}) });
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

/**
 * Fills `{name}` in the path template; every value is percent-encoded as one
 * segment. `.` and `..` stay unencoded by encodeURIComponent and would be
 * resolved by the URL parser, so they are refused. A `/` or `\\` (or their
 * encodings) is refused too: the upstream decodes the path before routing, so
 * `pve%2Fqemu%2F100` would reach another handler. A parameter whose schema
 * pattern names a `/` says that it may hold one.
 */
export function expandPath(options: { tool: OperationTool; args: Args }): string {
  return options.tool.path.replace(/\{([^}]+)\}/g, (_match, wire: string) => {
    const binding = options.tool.args.find((candidate) => candidate.in === 'path' && candidate.wire === wire);
    const name = binding?.arg ?? wire;
    const value = binding ? options.args[binding.arg] : undefined;
    if (!isPresent(value)) throw new ArgumentError(`missing path parameter '${name}'`);
    const text = scalarToWire(value);
    if (text === '.' || text === '..' || text === '')
      throw new ArgumentError(`path parameter '${name}' may not be empty, "." or ".."`);
    if (SEPARATOR.test(text) && !slashAllowed({ tool: options.tool, arg: name }))
      throw new ArgumentError(
        `path parameter '${name}' may not contain "/" or "\\" (or their percent-encodings): it is one path segment`,
      );
    return encodeURIComponent(text);
  });
}

const SEPARATOR = /[/\\]|%2f|%5c/i;

function slashAllowed(options: { tool: OperationTool; arg: string }): boolean {
  const properties = options.tool.inputSchema.properties as Record<string, { pattern?: unknown }> | undefined;
  const pattern = properties && Object.hasOwn(properties, options.arg) ? properties[options.arg]?.pattern : undefined;
  return typeof pattern === 'string' && pattern.includes('/');
}

function argumentHeaders(options: { tool: OperationTool; args: Args }): Record<string, string> {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const entry of wireEntries({
    bindings: options.tool.args,
    args: options.args,
    locations: ['header', 'cookie'],
  })) {
    if (entry.binding.in === 'header') headers[entry.wire.toLowerCase()] = scalarToWire(entry.value);
    else cookies.push(`${entry.wire}=${encodeURIComponent(scalarToWire(entry.value))}`);
  }
  if (cookies.length > 0) headers.cookie = cookies.join('; ');
  return headers;
}
