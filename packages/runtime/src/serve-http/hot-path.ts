import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import {
  type AuthInfo,
  classifyInboundRequest,
  DEFAULT_MAX_REQUEST_BODY_SIZE,
  isJsonContentType,
  type JSONRPCMessage,
  type JSONRPCRequest,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/server';
import type { ExchangeTransport } from './exchange-transport.js';
import type { HotCall } from './hot-call.js';

/**
 * The node-native path for the request a deployed server gets most: a 2025-era
 * (legacy, stateless) `tools/call` or `tools/list` POST. It is answered by one server
 * instance kept for the process, over plain `node:http`, with none of the SDK entry's
 * web-standard conversion (Request, clone, ReadableStream, AbortSignal) and no server
 * instance per request. The answer is byte for byte what the SDK's stateless fallback
 * sends: one SSE `message` event with the same headers.
 *
 * Everything else (initialize, notifications, batches, GET/DELETE, modern-era requests,
 * calls with a progress token, anything the SDK would refuse) goes to the SDK handler
 * unchanged, with the body replayed as it was read. Guards run before either path.
 */
const HOT_METHODS: ReadonlySet<string> = new Set(['tools/call', 'tools/list']);
const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;
/**
 * One SSE event, as the SDK frames it. The line feed is made at run time because the
 * minifier prints any "\n" in a string as a real line break in the bundle, and publint's
 * format check (which strips `//...` to the end of a line) reads the bundle's line layout:
 * two more breaks here made it call the PVE bundle ESM.
 */
const LF = String.fromCharCode(10);
const SSE_EVENT_START = `event: message${LF}data: `;
const SSE_EVENT_END = LF + LF;

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createHotPath(options: {
  transport: ExchangeTransport;
  sdk: NodeHandler;
  /** Answers a hot `tools/call` without the SDK's request machinery (hot-call.ts); else the shared instance does. */
  call?: HotCall;
}): (req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse) => Promise<void> {
  const { transport, sdk } = options;
  return async (req, res) => {
    // What the SDK refuses before reading a body (wrong method or media type, declared too large) it refuses itself.
    if (
      req.method !== 'POST' ||
      !isJsonContentType(header(req, 'content-type') ?? null) ||
      Number(header(req, 'content-length')) > DEFAULT_MAX_REQUEST_BODY_SIZE
    )
      return sdk(req, res);
    const raw = await readBody(req, DEFAULT_MAX_REQUEST_BODY_SIZE);
    if (raw === 'gone') return;
    if (raw === 'too-large') return tooLarge(res);
    const request = hotRequest({ req, raw });
    if (!request) return sdk(replay({ req, raw }), res);
    const native = options.call?.({ request, authInfo: req.auth });
    if (native) return void native.then((message) => answer({ res, message }));
    serveHot({ transport, request, authInfo: req.auth, res });
  };
}

/** The body; 'too-large' past `limit` bytes (the rest is not read); 'gone' when the client went away first. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'gone'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    // After 'end' this settles nothing; before it, the client is gone and nobody waits for an answer.
    req.once('close', () => resolve('gone'));
    req.once('error', reject);
  });
}

/** The request, when it is one the hot path answers exactly as the SDK would; else undefined. */
function hotRequest(options: { req: IncomingMessage; raw: Buffer }): JSONRPCRequest | undefined {
  const { req } = options;
  // The SDK's stateless transport refuses a client that does not accept both (406).
  const accept = header(req, 'accept');
  if (!accept?.includes('application/json') || !accept.includes('text/event-stream')) return undefined;
  const protocolVersionHeader = header(req, 'mcp-protocol-version');
  if (protocolVersionHeader !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(protocolVersionHeader))
    return undefined;
  const body = parseJson(options.raw);
  if (
    body === null ||
    typeof body !== 'object' ||
    Array.isArray(body) ||
    !HOT_METHODS.has((body as { method?: unknown }).method as string)
  )
    return undefined;
  const route = classifyInboundRequest({
    httpMethod: 'POST',
    protocolVersionHeader,
    mcpMethodHeader: header(req, 'mcp-method'),
    mcpNameHeader: header(req, 'mcp-name'),
    body,
  });
  if (route.kind !== 'legacy') return undefined;
  return requestShape(body as Record<string, unknown>);
}

/**
 * A JSON-RPC request as the SDK's (strict) request schema has it: only `jsonrpc`, `id`
 * (a string or a whole number), `method` and `params` (an object). Checked by hand: the
 * SDK's zod parse of a message (a union of four kinds) cost a tenth of a call's CPU.
 * Params with `_meta` (a progress token, a task, anything the SDK reads there) take the
 * SDK path, where a call can keep its stream open for progress.
 */
function requestShape(body: Record<string, unknown>): JSONRPCRequest | undefined {
  const { jsonrpc, id, method, params, ...rest } = body;
  if (jsonrpc !== '2.0' || typeof method !== 'string' || Object.keys(rest).length > 0) return undefined;
  if (typeof id !== 'string' && !Number.isSafeInteger(id)) return undefined;
  if (params === undefined) return body as unknown as JSONRPCRequest;
  if (params === null || typeof params !== 'object' || Array.isArray(params) || '_meta' in params) return undefined;
  return body as unknown as JSONRPCRequest;
}

function serveHot(options: {
  transport: ExchangeTransport;
  request: JSONRPCRequest;
  authInfo: AuthInfo | undefined;
  res: ServerResponse;
}): void {
  const { res } = options;
  let answered = false;
  const cancel = options.transport.deliver({
    request: options.request,
    authInfo: options.authInfo,
    answer: (message) => {
      answered = true;
      answer({ res, message });
    },
  });
  res.once('close', () => {
    if (!answered) cancel();
  });
}

/** One SSE `message` event, as the SDK's stateless fallback sends it. */
function answer(options: { res: ServerResponse; message: JSONRPCMessage }): void {
  const { res } = options;
  if (res.destroyed) return;
  res.writeHead(200, SSE_HEADERS).end(SSE_EVENT_START + JSON.stringify(options.message) + SSE_EVENT_END);
}

/** The request as the SDK adapter reads it (method, url, headers, auth, body stream), with the body already read. */
function replay(options: { req: IncomingMessage & { auth?: AuthInfo }; raw: Buffer }): IncomingMessage {
  const { req } = options;
  return Object.assign(Readable.from([options.raw]), {
    method: req.method,
    url: req.url,
    headers: req.headers,
    auth: req.auth,
  }) as unknown as IncomingMessage;
}

/** What the SDK's node adapter answers for a body over the limit. */
function tooLarge(res: ServerResponse): void {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    error: {
      code: -32000,
      message: `Payload Too Large: Request body must not exceed ${DEFAULT_MAX_REQUEST_BODY_SIZE} bytes`,
    },
    id: null,
  });
  res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(body);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
