import type { ProxyTool } from '../catalog/types.js';
import { upstreamUrl } from '../http/url.js';
import { proxyHeaderProblem, proxyPathProblem } from '../safety/proxy-path.js';
import { type Args, isPresent, scalarToWire } from './args.js';
import { exchange } from './call-operation.js';
import type { CallContext } from './context.js';
import { refusedResult, type ToolResult } from './result.js';
import { prefixVariables } from './proxy-schema.js';

/** A pass-through call below a fixed prefix, e.g. `/endpoints/3/docker` + `/containers/json`. */
export async function callProxy(options: { tool: ProxyTool; args: Args; context: CallContext }): Promise<ToolResult> {
  const { tool, args, context } = options;
  const path = String(args.path);
  const problem = proxyPathProblem(path);
  if (problem) return refusedResult(`Invalid arguments for ${tool.name}: ${problem}. Nothing was sent upstream.`);
  const headers = callerHeaders({ args, extra: tool.headers ?? [], credentialHeaders: context.auth.credentialHeaders });
  if (typeof headers === 'string')
    return refusedResult(`Invalid arguments for ${tool.name}: ${headers}. Nothing was sent upstream.`);
  const url = upstreamUrl({ baseUrl: context.baseUrl, path: expandPrefix({ tool, args }) + path });
  appendPlainQuery({ url, query: args.query_params });
  const method = proxyMethod(args);
  const body = encodeRawBody(args.body);
  const request = {
    method,
    url,
    // The caller's own Content-Type wins over the guess (e.g. Kubernetes merge-patch); credentials always win.
    headers: {
      accept: 'application/json',
      ...(body ? { 'content-type': body.contentType } : {}),
      ...headers,
      ...(await context.auth.headers({ method })),
    },
    ...(body ? { body: body.bytes } : {}),
  };
  return exchange({ context, request, what: `${method} ${url.pathname}` });
}

export function proxyMethod(args: Args): 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' {
  return (typeof args.method === 'string' ? args.method.toUpperCase() : 'GET') as ReturnType<typeof proxyMethod>;
}

function expandPrefix(options: { tool: ProxyTool; args: Args }): string {
  let prefix = options.tool.prefix;
  for (const name of prefixVariables(options.tool)) {
    prefix = prefix.replace(`{${name}}`, encodeURIComponent(scalarToWire(options.args[name])));
  }
  return prefix;
}

function callerHeaders(options: {
  args: Args;
  extra: readonly string[];
  credentialHeaders: readonly string[];
}): Record<string, string> | string {
  const given = (options.args.headers ?? {}) as Record<string, unknown>;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    const problem = proxyHeaderProblem({
      name,
      value,
      extra: options.extra,
      credentialHeaders: options.credentialHeaders,
    });
    if (problem) return problem;
    headers[name.toLowerCase()] = value as string;
  }
  return headers;
}

/** Query parameters given as a plain object; values are sent as text. */
export function appendPlainQuery(options: { url: URL; query: unknown }): void {
  if (!options.query || typeof options.query !== 'object') return;
  for (const [name, value] of Object.entries(options.query as Record<string, unknown>)) {
    if (isPresent(value)) options.url.searchParams.append(name, scalarToWire(value));
  }
}

/** A body given as JSON or as text; text that parses as JSON is sent as JSON. */
export function encodeRawBody(body: unknown): { contentType: string; bytes: Buffer } | undefined {
  if (!isPresent(body)) return undefined;
  if (typeof body === 'string')
    return { contentType: looksLikeJson(body) ? 'application/json' : 'text/plain', bytes: Buffer.from(body) };
  return { contentType: 'application/json', bytes: Buffer.from(JSON.stringify(body)) };
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
