/**
 * A recording reverse proxy that stands in for a Portainer server in end-to-end tests.
 *
 * The MCP server under test is pointed at this recorder (`PORTAINER_URL`). Every request is
 * recorded (method, url, headers, body, and the status it got back), then:
 * - `/api/endpoints/<n>/docker/...` and `/api/endpoints/<n>/kubernetes/...` are answered
 *   here with canned JSON, because the Portainer spec does not describe these reverse-proxy
 *   routes, so Prism cannot serve them. Like Portainer, they need the API key header.
 * - every other `/api/...` request is forwarded to Prism with `/api` stripped (Prism serves
 *   the spec paths without the `servers` base path) and Prism's answer is returned as is.
 * - anything outside `/api` gets a 404 from the recorder itself.
 * A record with `target: 'prism'` and `status < 400` therefore means the request matched
 * the spec (path, parameters, body, security) according to Prism.
 */
import { once } from 'node:events';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { HOP_BY_HOP } from './hop-by-hop.js';

export type RecordTarget = 'prism' | 'canned' | 'recorder';

export interface RecordedRequest {
  /** 1-based position in arrival order. */
  seq: number;
  method: string;
  /** Original URL as received, with `/api` and the query string. */
  url: string;
  /** `url` without the query string. */
  pathname: string;
  query: URLSearchParams;
  /** Node lower-cases header names. */
  headers: IncomingHttpHeaders;
  body: string;
  /** Status returned to the caller. */
  status: number;
  /** Who produced the answer. */
  target: RecordTarget;
  /** Prism's `sl-violations` header as sent (request and response findings), if any. */
  violations?: string;
  /**
   * The request findings from `sl-violations` ("severity: message"), i.e. why Prism
   * rejected the request or what it warned about. Response findings are left out: they
   * are about the spec's own examples, not about the client.
   */
  requestViolations: string[];
  /** Body returned to the caller. */
  responseBody: string;
}

export interface CannedResponse {
  status: number;
  body: unknown;
}

/** Keyed by `<docker|kubernetes> <METHOD> <path below the platform prefix>`. */
export type CannedRoutes = Readonly<Record<string, CannedResponse>>;

export const DEFAULT_CANNED_ROUTES: CannedRoutes = {
  'docker GET /containers/json': { status: 200, body: [{ Id: 'abc', Names: ['/web'] }] },
  'docker POST /containers/create': { status: 201, body: { Id: 'def', Warnings: [] } },
  'kubernetes GET /api/v1/namespaces': {
    status: 200,
    body: { kind: 'NamespaceList', apiVersion: 'v1', items: [{ metadata: { name: 'default' } }] },
  },
};

export interface RecorderOptions {
  /** Prism base URL (without `/api`). */
  upstreamUrl: string;
  /** Header the proxy routes require, as Portainer does. */
  apiKeyHeader?: string;
  cannedRoutes?: CannedRoutes;
}

export interface Recorder {
  /** Base URL to use as `PORTAINER_URL` (the MCP server appends `/api`). */
  url: string;
  /** All records so far, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Records that arrived after `mark` (a value of `requests.length` taken earlier). */
  since(mark: number): RecordedRequest[];
  /**
   * Makes Prism answer the next forwarded request with the spec's response for `status`
   * (via Prism's `Prefer: code=<status>` header), to provoke a genuine upstream error.
   * The record keeps the headers the client sent, without the injected one.
   */
  preferStatusOnNextRequest(status: number): void;
  stop(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
const API_PREFIX = '/api';
const PROXY_ROUTE = /^\/api\/endpoints\/(\d+)\/(docker|kubernetes)(\/.*)?$/;

interface Settings {
  upstream: URL;
  apiKeyHeader: string;
  canned: CannedRoutes;
  preferNext: number | undefined;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  target: RecordTarget;
}

export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const settings: Settings = {
    upstream: new URL(options.upstreamUrl),
    apiKeyHeader: (options.apiKeyHeader ?? 'X-API-Key').toLowerCase(),
    canned: options.cannedRoutes ?? DEFAULT_CANNED_ROUTES,
    preferNext: undefined,
  };
  const server = createServer((req, res) => {
    handle({ req, res, settings, requests }).catch((error: unknown) => {
      // Only reached if reading the request fails; answer instead of leaving the client hanging.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `recorder: ${(error as Error).message}` }));
    });
  });
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK}:${port}`,
    requests,
    since: (mark) => requests.slice(mark),
    preferStatusOnNextRequest: (status) => {
      settings.preferNext = status;
    },
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

async function handle(ctx: {
  req: IncomingMessage;
  res: ServerResponse;
  settings: Settings;
  requests: RecordedRequest[];
}): Promise<void> {
  const { req, res, settings } = ctx;
  const body = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://recorder.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  const answer = await route({ req, method, pathname: url.pathname, body, settings }).catch((error: unknown) =>
    // Recorded as a 502, so a test sees "Prism unreachable" instead of a missing record.
    jsonAnswer({ status: 502, body: { message: `recorder: ${(error as Error).message}` }, target: 'recorder' }),
  );
  ctx.requests.push({
    seq: ctx.requests.length + 1,
    method,
    url: req.url ?? '/',
    pathname: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body: body.toString('utf8'),
    status: answer.status,
    target: answer.target,
    violations: headerText(answer.headers['sl-violations']),
    requestViolations: requestViolations(headerText(answer.headers['sl-violations'])),
    responseBody: answer.body.toString('utf8'),
  });
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

async function route(ctx: {
  req: IncomingMessage;
  method: string;
  pathname: string;
  body: Buffer;
  settings: Settings;
}): Promise<Answer> {
  const proxy = PROXY_ROUTE.exec(ctx.pathname);
  if (proxy) {
    return cannedAnswer({
      platform: proxy[2] ?? '',
      method: ctx.method,
      subPath: proxy[3] ?? '/',
      authorized: hasHeader(ctx.req.headers, ctx.settings.apiKeyHeader),
      canned: ctx.settings.canned,
    });
  }
  if (ctx.pathname === API_PREFIX || ctx.pathname.startsWith(`${API_PREFIX}/`)) {
    const prefer = ctx.settings.preferNext;
    ctx.settings.preferNext = undefined;
    return forwardToPrism({
      req: ctx.req,
      method: ctx.method,
      body: ctx.body,
      upstream: ctx.settings.upstream,
      prefer,
    });
  }
  return jsonAnswer({
    status: 404,
    body: { message: `recorder: ${ctx.pathname} is outside ${API_PREFIX}` },
    target: 'recorder',
  });
}

function cannedAnswer(ctx: {
  platform: string;
  method: string;
  subPath: string;
  authorized: boolean;
  canned: CannedRoutes;
}): Answer {
  if (!ctx.authorized)
    return jsonAnswer({
      status: 401,
      body: { message: 'Unauthorized', details: 'A valid authorisation token is missing' },
      target: 'canned',
    });
  const hit = ctx.canned[`${ctx.platform} ${ctx.method} ${ctx.subPath}`];
  if (!hit)
    return jsonAnswer({
      status: 404,
      body: { message: `no canned ${ctx.platform} response for ${ctx.method} ${ctx.subPath}` },
      target: 'canned',
    });
  return jsonAnswer({ status: hit.status, body: hit.body, target: 'canned' });
}

function jsonAnswer(ctx: { status: number; body: unknown; target: RecordTarget }): Answer {
  return {
    status: ctx.status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(ctx.body)),
    target: ctx.target,
  };
}

async function forwardToPrism(ctx: {
  req: IncomingMessage;
  method: string;
  body: Buffer;
  upstream: URL;
  prefer: number | undefined;
}): Promise<Answer> {
  const headers = forwardHeaders({ headers: ctx.req.headers, upstream: ctx.upstream, bodyLength: ctx.body.length });
  if (ctx.prefer !== undefined) headers.prefer = `code=${ctx.prefer}`;
  const upstreamRequest = httpRequest({
    hostname: ctx.upstream.hostname,
    port: ctx.upstream.port,
    method: ctx.method,
    path: stripApiPrefix(ctx.req.url ?? '/'),
    headers,
  });
  upstreamRequest.end(ctx.body);
  const [response] = (await once(upstreamRequest, 'response')) as [IncomingMessage];
  const body = await readBody(response);
  return { status: response.statusCode ?? 502, headers: responseHeaders(response.headers), body, target: 'prism' };
}

function forwardHeaders(ctx: {
  headers: IncomingHttpHeaders;
  upstream: URL;
  bodyLength: number;
}): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(ctx.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === 'host' || name === 'content-length') continue;
    out[name] = value;
  }
  out.host = ctx.upstream.host;
  // The body was buffered, so a fixed length replaces any chunked encoding.
  if (
    ctx.bodyLength > 0 ||
    ctx.headers['content-length'] !== undefined ||
    ctx.headers['transfer-encoding'] !== undefined
  ) {
    out['content-length'] = String(ctx.bodyLength);
  }
  return out;
}

function stripApiPrefix(url: string): string {
  const rest = url.slice(API_PREFIX.length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

function responseHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

async function readBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function hasHeader(headers: IncomingHttpHeaders, name: string): boolean {
  const value = headers[name];
  return typeof value === 'string' ? value.trim() !== '' : Array.isArray(value) && value.length > 0;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

interface Violation {
  location?: unknown;
  severity?: unknown;
  message?: unknown;
}

function requestViolations(header: string | undefined): string[] {
  if (header === undefined) return [];
  try {
    const list = JSON.parse(header) as Violation[];
    return list
      .filter((v) => Array.isArray(v.location) && v.location[0] === 'request')
      .map((v) => `${String(v.severity)}: ${String(v.message)}`);
  } catch {
    return [`unparsable sl-violations header: ${header}`];
  }
}
