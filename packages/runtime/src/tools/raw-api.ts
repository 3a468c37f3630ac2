import type { RawApiTool, RoutedOperation, SafetyClass } from '../catalog/types.js';
import { upstreamUrl } from '../http/url.js';
import { proxyPathProblem } from '../safety/proxy-path.js';
import { safetyOfMethod } from '../safety/guard.js';
import { type Args, isPresent } from './args.js';
import { exchange } from './call-operation.js';
import { appendPlainQuery, encodeRawBody } from './call-proxy.js';
import type { CallContext } from './context.js';
import { refusedResult, type ToolResult } from './result.js';
import { RAW_METHODS } from './raw-api-spec.js';

export { RAW_METHODS, rawApiTool, rawInputSchema } from './raw-api-spec.js';

/**
 * Finds the catalogue operation a raw request addresses, to borrow its safety class.
 * Segments are compared decoded, as the upstream routes them (`status/%73top` is
 * `status/stop`). Of several matches the most literal wins, as in the upstream's
 * router, and among equals the most harmful.
 */
export function matchOperation(options: {
  method: string;
  path: string;
  operations: readonly RoutedOperation[];
}): RoutedOperation | undefined {
  const method = options.method.toUpperCase();
  const segments = decodedSegments(options.path);
  if (!segments) return undefined;
  let best: { operation: RoutedOperation; literal: number } | undefined;
  for (const operation of options.operations) {
    if (operation.method !== method) continue;
    const template = operation.path.split('/');
    if (
      template.length !== segments.length ||
      !template.every((part, index) => part.startsWith('{') || part === segments[index])
    )
      continue;
    const literal = template.filter((part) => !part.startsWith('{')).length;
    if (
      !best ||
      literal > best.literal ||
      (literal === best.literal && HARM[operation.safety] > HARM[best.operation.safety])
    )
      best = { operation, literal };
  }
  return best?.operation;
}

const HARM: Readonly<Record<SafetyClass, number>> = { read: 0, execute: 1, write: 2, destructive: 3 };

function decodedSegments(path: string): string[] | undefined {
  try {
    return path.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/** The safety of a raw request: the matched operation's, else its method's. */
export function rawSafety(options: { args: Args; operations: readonly RoutedOperation[] }): SafetyClass {
  const method = String(options.args.method ?? 'GET');
  const path = String(options.args.path ?? '');
  return matchOperation({ method, path, operations: options.operations })?.safety ?? safetyOfMethod(method);
}

export async function callRaw(options: { tool: RawApiTool; args: Args; context: CallContext }): Promise<ToolResult> {
  const { tool, args, context } = options;
  const path = String(args.path);
  const problem = proxyPathProblem(path);
  if (problem) return refusedResult(`Invalid arguments for ${tool.name}: ${problem}. Nothing was sent upstream.`);
  const method = String(args.method).toUpperCase() as (typeof RAW_METHODS)[number];
  const url = upstreamUrl({ baseUrl: context.baseUrl, path });
  const params = wireParams({ params: args.params, context });
  const inQuery = method === 'GET' || method === 'DELETE';
  if (inQuery) appendPlainQuery({ url, query: params });
  const body = inQuery || Object.keys(params).length === 0 ? undefined : encodeRawBody(params);
  const request = {
    method,
    url,
    headers: {
      accept: 'application/json',
      ...(body ? { 'content-type': body.contentType } : {}),
      ...(await context.auth.headers({ method })),
    },
    ...(body ? { body: body.bytes } : {}),
  };
  return exchange({ context, request, what: `${method} ${url.pathname}` });
}

function wireParams(options: { params: unknown; context: CallContext }): Record<string, unknown> {
  if (!options.params || typeof options.params !== 'object') return {};
  const numeric = options.context.wire.booleans === 'numeric';
  return Object.fromEntries(
    Object.entries(options.params as Record<string, unknown>)
      .filter(([, value]) => isPresent(value))
      .map(([name, value]) => [name, numeric && typeof value === 'boolean' ? (value ? 1 : 0) : value]),
  );
}
