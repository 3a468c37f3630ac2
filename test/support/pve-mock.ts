/**
 * A small, strict stand-in for the Proxmox VE API (`/api2/json`), built from the
 * OpenAPI export a generated PVE package ships (`out/mcp-pve-<v>/openapi.json`).
 * Only for end-to-end tests: it listens on 127.0.0.1 and never talks to anything else.
 *
 * What it checks, like Proxmox does (the error shapes follow pve-http-server):
 * - method + path template must exist in the document, else 501 "Method '<M> <path>' not
 *   implemented". A path parameter is exactly one (percent-decoded) segment.
 * - credentials: `Authorization: PVEAPIToken=<id>=<secret>` exactly, or (when `login` is
 *   set) the `PVEAuthCookie` ticket from `POST /access/ticket`, plus a matching
 *   `CSRFPreventionToken` header on every non-GET request; else 401. `POST /access/ticket`
 *   itself needs no credential.
 * - GET and DELETE carry no body (else 501 "Unexpected content"); their parameters come
 *   from the query string. POST and PUT parameters come from a JSON object body, which
 *   needs `content-type: application/json`; query parameters on POST/PUT are merged in,
 *   as Proxmox does, but recorded in `notes` so a test can insist on none.
 * - every parameter is validated against the document: unknown names, missing required
 *   ones, booleans other than 0/1 (number or "0"/"1"), non-integers, enum, pattern,
 *   length and range violations -> 400 "Parameter verification failed." with
 *   `{"data": null, "errors": {<name>: <message>}}`. Indexed families declared as
 *   `net{n}` accept `net0`, `net1`, ...
 *
 * What it answers: `{"data": ...}` from a handler for `"<METHOD> <template>"` when there
 * is one (a few defaults below, more via `handlers`), a fresh UPID for operations with
 * `x-task: upid`, else an empty value of the documented `data` type. Tasks report
 * `running` on their first status poll (see `runningPolls`) and `stopped` after that,
 * with exit status `OK` unless `failTask` says otherwise (then a failure message and a
 * few log lines).
 *
 * Every request is recorded (method, raw path, query, headers, parsed body, status,
 * errors) in arrival order.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const LOOPBACK = '127.0.0.1';
const API_PREFIX = '/api2/json';

/**
 * What differs between Proxmox products on the wire. Default: Proxmox VE (pve-common);
 * `PBS_PRODUCT` is Proxmox Backup Server (proxmox-schema, proxmox-rest-server).
 */
export interface MockProduct {
  /** `Authorization: <tokenPrefix><tokenId><tokenSeparator><secret>`. */
  tokenPrefix: string;
  tokenSeparator: string;
  /** Ticket cookie name. */
  cookie: string;
  /**
   * `numeric`: 1/0 only (pve-common). `literal`: JSON true/false in bodies, and in query strings the words
   * proxmox-schema parses (true/false, 1/0, yes/no, on/off).
   */
  booleans: 'numeric' | 'literal';
  /** proxmox-rest-server UPIDs have a task-id field after pstart: `UPID:node:pid:pstart:taskid:starttime:type:id:auth:`. */
  upidTaskId: boolean;
}

export const PVE_PRODUCT: MockProduct = {
  tokenPrefix: 'PVEAPIToken=',
  tokenSeparator: '=',
  cookie: 'PVEAuthCookie',
  booleans: 'numeric',
  upidTaskId: false,
};
export const PBS_PRODUCT: MockProduct = {
  tokenPrefix: 'PBSAPIToken=',
  tokenSeparator: ':',
  cookie: 'PBSAuthCookie',
  booleans: 'literal',
  upidTaskId: true,
};

export interface PveMockOptions {
  /** Wire differences of the product mocked. Default: Proxmox VE. */
  product?: MockProduct;
  /** The OpenAPI 3.1 export (`out/mcp-pve-9.2/openapi.json`). */
  openapiPath: string;
  /** Expected API token; requests must carry `Authorization: PVEAPIToken=<tokenId>=<tokenSecret>`. */
  token: { tokenId: string; secret: string };
  /** Enables ticket login with these credentials. */
  login?: { username: string; password: string };
  /** Extra or replacing answers, keyed by `"<METHOD> <template>"`, e.g. `"GET /nodes/{node}/qemu"`. */
  handlers?: Readonly<Record<string, MockHandler>>;
  /** Which started tasks fail. Default: `qmstop` of vmid 666 and every `vzdump`. */
  failTask?: (task: MockTask) => boolean;
  /** How many status polls a started task answers `running` before `stopped`. Default 1. */
  runningPolls?: (task: MockTask) => number;
  /**
   * Node that runs tasks started through a path without `{node}` (e.g. the cluster bulk
   * actions): the node that received the request, in real Proxmox. Default `pve1`.
   */
  clusterNode?: string;
}

export interface MockRequestContext {
  method: string;
  template: string;
  /** Decoded path parameters. */
  pathParams: Record<string, string>;
  /** Query (GET/DELETE) or body (POST/PUT, with any query parameters merged in) parameters. */
  params: Record<string, unknown>;
  operationId: string;
}

/** Returns the value of `data`, or a full answer. */
export type MockHandler = (request: MockRequestContext) => unknown;

/** A full answer from a handler: `{ status, body }` where body is sent as JSON. */
export class MockAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly statusText?: string,
  ) {}
}

export interface MockTask {
  upid: string;
  node: string;
  type: string;
  id: string;
  user: string;
  polls: number;
  failing: boolean;
  /** Status polls answered `running` before the task reports `stopped`. */
  runningPolls: number;
}

export interface PveRecordedRequest {
  /** 1-based arrival order. */
  seq: number;
  method: string;
  /** `req.url` exactly as received (raw, still percent-encoded). */
  url: string;
  /** Raw path (percent-encoding kept), without the query string. */
  rawPath: string;
  /** Matched template relative to `/api2/json`, e.g. `/nodes/{node}/qemu`; undefined when none matched. */
  template: string | undefined;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
  status: number;
  /** Parameter errors (400) or the reason for another refusal. */
  errors: Record<string, string>;
  /** Things allowed but worth a look, e.g. "query parameters on POST". */
  notes: string[];
  /** The JSON answer sent back. */
  response: unknown;
}

export interface PveMock {
  /** Use as `PVE_BASE_URL` (the server appends `/api2/json`). */
  url: string;
  readonly requests: readonly PveRecordedRequest[];
  /** Records that arrived after `mark` (a value of `requests.length` taken earlier). */
  since(mark: number): PveRecordedRequest[];
  /** The ticket and CSRF token handed out by `POST /access/ticket`. */
  readonly ticket: { ticket: string; csrf: string };
  /** Tasks started so far, by UPID. */
  readonly tasks: ReadonlyMap<string, MockTask>;
  /** Log lines served for a failed task. */
  failureLog(task: MockTask): string[];
  stop(): Promise<void>;
}

interface ParamSchema {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: ParamSchema;
}

interface ParamDef {
  name: string;
  schema: ParamSchema;
  required: boolean;
  /** `net{n}` -> /^net(\d+)$/. */
  indexed?: RegExp;
}

interface Operation {
  method: string;
  operationId: string;
  template: string;
  segments: string[];
  pathParams: Map<string, ParamDef>;
  /** Non-path parameters: query for GET/DELETE, JSON body for POST/PUT. */
  params: ParamDef[];
  task: boolean;
  dataType: string | undefined;
}

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: ParamSchema;
}

interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiParameter[];
  requestBody?: {
    content?: Record<string, { schema?: { properties?: Record<string, ParamSchema>; required?: string[] } }>;
  };
  responses?: Record<string, { content?: Record<string, { schema?: { properties?: { data?: { type?: string } } } }> }>;
  'x-task'?: string;
}

const PARAM_ERROR = 'Parameter verification failed.';
const NOT_IN_SCHEMA = 'property is not defined in schema and the schema does not allow additional properties';
const MISSING = 'property is missing and it is not optional';

export async function startPveMock(options: PveMockOptions): Promise<PveMock> {
  const operations = loadOperations(options.openapiPath);
  const requests: PveRecordedRequest[] = [];
  const tasks = new Map<string, MockTask>();
  const ticket = {
    // Real tickets carry ':', '@', '/', '+' and '='; the server must encode them in the cookie.
    ticket: `PVE:${options.login?.username ?? 'nobody@pam'}:6500AAAA::c2lnbmF0dXJl+/x=`,
    csrf: '6500AAAA:Y3NyZi10b2tlbi1mb3ItdGVzdHM',
  };
  const state: State = {
    operations,
    options,
    tasks,
    ticket,
    handlers: { ...defaultHandlers({ tasks, ticket, options }), ...options.handlers },
    nextPid: 0xabcd,
  };
  const server = createServer((req, res) => {
    handle({ req, res, state, requests }).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, 'mock failure', { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: null, message: `pve-mock: ${(error as Error).stack ?? String(error)}` }));
    });
  });
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK}:${port}`,
    requests,
    since: (mark) => requests.slice(mark),
    ticket,
    tasks,
    failureLog,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

interface State {
  operations: Operation[];
  options: PveMockOptions;
  tasks: Map<string, MockTask>;
  ticket: { ticket: string; csrf: string };
  handlers: Record<string, MockHandler>;
  nextPid: number;
}

interface Outcome {
  status: number;
  statusText: string;
  body: unknown;
  errors?: Record<string, string>;
  template?: string;
  pathParams?: Record<string, string>;
}

async function handle(ctx: {
  req: IncomingMessage;
  res: ServerResponse;
  state: State;
  requests: PveRecordedRequest[];
}): Promise<void> {
  const { req, res, state } = ctx;
  const raw = await readBody(req);
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1));
  const method = (req.method ?? 'GET').toUpperCase();
  const notes: string[] = [];
  const parsed = parseJson(raw);
  const outcome = answer({ req, method, rawPath, query, raw, parsed, notes, state });
  const text = JSON.stringify(outcome.body);
  ctx.requests.push({
    seq: ctx.requests.length + 1,
    method,
    url,
    rawPath,
    template: outcome.template,
    pathParams: outcome.pathParams ?? {},
    query,
    headers: req.headers,
    rawBody: raw.toString('utf8'),
    body: parsed.ok ? parsed.value : undefined,
    status: outcome.status,
    errors: outcome.errors ?? {},
    notes,
    response: outcome.body,
  });
  res.writeHead(outcome.status, outcome.statusText, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function answer(ctx: {
  req: IncomingMessage;
  method: string;
  rawPath: string;
  query: URLSearchParams;
  raw: Buffer;
  parsed: { ok: true; value: unknown } | { ok: false };
  notes: string[];
  state: State;
}): Outcome {
  const { req, method, rawPath, query, raw, parsed, notes, state } = ctx;
  if (rawPath !== API_PREFIX && !rawPath.startsWith(`${API_PREFIX}/`))
    return failure(404, 'Not Found', { path: `outside ${API_PREFIX}` });
  const relative = rawPath.slice(API_PREFIX.length) || '/';
  const matched = matchOperation({ operations: state.operations, method, rawPath: relative });
  if ('problem' in matched) return failure(501, matched.problem, { path: matched.problem });
  const { operation, pathParams } = matched;
  const where = { template: operation.template, pathParams };

  const hasBody =
    raw.length > 0 || Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const writes = method === 'POST' || method === 'PUT';
  if (!writes && hasBody)
    return { ...failure(501, 'Unexpected content', { body: `${method} must not carry a body` }), ...where };

  const isLogin = method === 'POST' && operation.template === '/access/ticket';
  if (!isLogin) {
    const denied = authProblem({ req, method, state });
    if (denied) return { ...failure(401, denied, { auth: denied }), ...where };
  }

  let params: Record<string, unknown>;
  if (writes) {
    if (
      hasBody &&
      !String(req.headers['content-type'] ?? '')
        .toLowerCase()
        .startsWith('application/json')
    ) {
      return {
        ...failure(415, 'Unsupported Media Type', {
          'content-type': `expected application/json, got '${req.headers['content-type'] ?? ''}'`,
        }),
        ...where,
      };
    }
    if (
      hasBody &&
      (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value))
    ) {
      return { ...failure(400, PARAM_ERROR, { body: 'expected a JSON object' }), ...where };
    }
    params = { ...(hasBody && parsed.ok ? (parsed.value as Record<string, unknown>) : {}) };
    if ([...query.keys()].length > 0) {
      notes.push(`query parameters on ${method}: ${query.toString()}`);
      for (const [name, value] of query) params[name] ??= value;
    }
  } else {
    params = queryParams(query);
  }

  const errors = {
    ...validatePathParams({ operation, pathParams, booleans: productOf(state).booleans }),
    ...validateParams({ defs: operation.params, params, fromQuery: !writes, booleans: productOf(state).booleans }),
  };
  for (const name of Object.keys(params)) {
    if (name in pathParams && !(name in errors)) errors[name] = 'path parameter repeated in the request parameters';
  }
  if (Object.keys(errors).length > 0)
    return { status: 400, statusText: PARAM_ERROR, body: { data: null, errors }, errors, ...where };

  const context: MockRequestContext = {
    method,
    template: operation.template,
    pathParams,
    params,
    operationId: operation.operationId,
  };
  const handler = state.handlers[`${method} ${operation.template}`];
  const value = handler
    ? handler(context)
    : operation.task
      ? startTask({ context, state, authUser: authUser({ req, state }) })
      : emptyData(operation.dataType);
  if (value instanceof MockAnswer)
    return { status: value.status, statusText: value.statusText ?? 'mock answer', body: value.body, ...where };
  return { status: 200, statusText: 'OK', body: { data: value ?? null }, ...where };
}

function failure(status: number, statusText: string, errors: Record<string, string>): Outcome {
  return { status, statusText, body: { data: null, ...(status === 400 ? { errors } : {}) }, errors };
}

// ---------------------------------------------------------------- document

function loadOperations(openapiPath: string): Operation[] {
  const document = JSON.parse(readFileSync(openapiPath, 'utf8')) as {
    paths?: Record<string, Record<string, OpenApiOperation>>;
  };
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths ?? {})) {
    for (const [lower, op] of Object.entries(item)) {
      const method = lower.toUpperCase();
      const pathParams = new Map<string, ParamDef>();
      const params: ParamDef[] = [];
      for (const parameter of op.parameters ?? []) {
        const def = paramDef(parameter.name, parameter.schema ?? {}, parameter.required === true);
        if (parameter.in === 'path') pathParams.set(parameter.name, def);
        else params.push(def);
      }
      const body = op.requestBody?.content?.['application/json']?.schema;
      const required = new Set(body?.required ?? []);
      for (const [name, schema] of Object.entries(body?.properties ?? {}))
        params.push(paramDef(name, schema, required.has(name)));
      operations.push({
        method,
        operationId: op.operationId ?? `${lower} ${template}`,
        template,
        segments: template.split('/').slice(1),
        pathParams,
        params,
        task: op['x-task'] === 'upid',
        dataType: op.responses?.['200']?.content?.['application/json']?.schema?.properties?.data?.type,
      });
    }
  }
  if (operations.length === 0) throw new Error(`${openapiPath} has no operations`);
  return operations;
}

function paramDef(name: string, schema: ParamSchema, required: boolean): ParamDef {
  const family = /^(.*)\{n\}$/.exec(name);
  return {
    name,
    schema,
    required,
    ...(family ? { indexed: new RegExp(`^${escapeRegExp(family[1] ?? '')}(\\d+)$`) } : {}),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Picks the operation whose template matches; literal segments win over parameters, position by position. */
function matchOperation(options: {
  operations: Operation[];
  method: string;
  rawPath: string;
}): { operation: Operation; pathParams: Record<string, string> } | { problem: string } {
  const rawSegments = options.rawPath.split('/').slice(1);
  const segments: string[] = [];
  for (const segment of rawSegments) {
    try {
      segments.push(decodeURIComponent(segment));
    } catch {
      return { problem: `invalid percent-encoding in '${options.rawPath}'` };
    }
  }
  const fits = options.operations.filter(
    (op) =>
      op.segments.length === segments.length && op.segments.every((part, i) => isParam(part) || part === segments[i]),
  );
  const notImplemented = `Method '${options.method} ${options.rawPath}' not implemented`;
  const best = fits
    .filter((op) => op.method === options.method)
    .sort((a, b) => specificity(b).localeCompare(specificity(a)))[0];
  if (!best) return { problem: notImplemented };
  const pathParams: Record<string, string> = {};
  best.segments.forEach((part, i) => {
    if (isParam(part)) pathParams[part.slice(1, -1)] = segments[i] ?? '';
  });
  return { operation: best, pathParams };
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function specificity(op: Operation): string {
  return op.segments.map((part) => (isParam(part) ? '0' : '1')).join('');
}

// ---------------------------------------------------------------- validation

function queryParams(query: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const name of new Set(query.keys())) {
    const values = query.getAll(name);
    params[name] = values.length === 1 ? values[0] : values;
  }
  return params;
}

function findDef(defs: ParamDef[], name: string): ParamDef | undefined {
  return defs.find((def) => def.name === name) ?? defs.find((def) => def.indexed?.test(name) === true);
}

function validatePathParams(options: {
  operation: Operation;
  pathParams: Record<string, string>;
  booleans: MockProduct['booleans'];
}): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.pathParams)) {
    const def = options.operation.pathParams.get(name);
    const problem = def
      ? checkValue({ schema: def.schema, value, fromQuery: true, booleans: options.booleans })
      : undefined;
    if (problem) errors[name] = problem;
  }
  return errors;
}

function validateParams(options: {
  defs: ParamDef[];
  params: Record<string, unknown>;
  fromQuery: boolean;
  booleans: MockProduct['booleans'];
}): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.params)) {
    const def = findDef(options.defs, name);
    if (!def) {
      errors[name] = NOT_IN_SCHEMA;
      continue;
    }
    const problem = checkValue({ schema: def.schema, value, fromQuery: options.fromQuery, booleans: options.booleans });
    if (problem) errors[name] = problem;
  }
  for (const def of options.defs) {
    if (def.required && !def.indexed && !(def.name in options.params)) errors[def.name] = MISSING;
  }
  return errors;
}

/** Proxmox-like checks of one value; query values are strings, body values JSON. */
function checkValue(options: {
  schema: ParamSchema;
  value: unknown;
  fromQuery: boolean;
  booleans: MockProduct['booleans'];
}): string | undefined {
  const { schema, value } = options;
  const type = schema.type ?? 'string';
  if (type === 'array') {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      const problem = checkValue({
        schema: schema.items ?? {},
        value: item,
        fromQuery: options.fromQuery,
        booleans: options.booleans,
      });
      if (problem) return problem;
    }
    return undefined;
  }
  if (Array.isArray(value)) return `type check ('${type}') failed - got ARRAY`;
  if (value !== null && typeof value === 'object') return `type check ('${type}') failed - got HASH`;
  if (value === null || value === undefined) return `type check ('${type}') failed - got null`;
  const text = String(value);
  switch (type) {
    case 'boolean':
      if (options.booleans === 'literal') return literalBoolean({ value, fromQuery: options.fromQuery });
      // pve-common JSONSchema accepts exactly 1 and 0 (true/false/yes/no are commented out there).
      if (!(value === 0 || value === 1 || value === '0' || value === '1'))
        return `type check ('boolean') failed - got '${text}'`;
      return undefined;
    case 'integer': {
      const ok = typeof value === 'number' ? Number.isInteger(value) : /^[+-]?\d+$/.test(text);
      if (!ok) return `type check ('integer') failed - got '${text}'`;
      return checkRange(schema, Number(text));
    }
    case 'number': {
      const ok =
        typeof value === 'number' ? Number.isFinite(value) : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text);
      if (!ok) return `type check ('number') failed - got '${text}'`;
      return checkRange(schema, Number(text));
    }
    default: {
      if (typeof value === 'boolean') return `type check ('string') failed - got boolean`;
      if (schema.enum && !schema.enum.map(String).includes(text))
        return `value '${text}' does not have a value in the enumeration '${schema.enum.join(', ')}'`;
      if (schema.maxLength !== undefined && text.length > schema.maxLength)
        return `value may only be ${schema.maxLength} characters long`;
      if (schema.minLength !== undefined && text.length < schema.minLength)
        return `value must be at least ${schema.minLength} characters long`;
      if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(text))
        return `value does not match the regex pattern`;
      return undefined;
    }
  }
}

/** proxmox-schema: a JSON body needs a JSON boolean; a query string takes the words parse_boolean knows. */
function literalBoolean(options: { value: unknown; fromQuery: boolean }): string | undefined {
  if (!options.fromQuery)
    return typeof options.value === 'boolean' ? undefined : `Expected boolean, got ${JSON.stringify(options.value)}`;
  return /^(1|0|true|false|yes|no|on|off)$/i.test(String(options.value))
    ? undefined
    : `Unable to parse boolean '${String(options.value)}'`;
}

function checkRange(schema: ParamSchema, value: number): string | undefined {
  if (schema.minimum !== undefined && value < schema.minimum)
    return `value must have a minimum value of ${schema.minimum}`;
  if (schema.maximum !== undefined && value > schema.maximum)
    return `value must have a maximum value of ${schema.maximum}`;
  return undefined;
}

// ---------------------------------------------------------------- auth

function authProblem(options: { req: IncomingMessage; method: string; state: State }): string | undefined {
  const { req, method, state } = options;
  const authorization = req.headers.authorization;
  const cookie = ticketFromCookie({ header: req.headers.cookie, name: productOf(state).cookie });
  if (authorization !== undefined) {
    const product = productOf(state);
    const expected = `${product.tokenPrefix}${state.options.token.tokenId}${product.tokenSeparator}${state.options.token.secret}`;
    return authorization === expected ? undefined : 'invalid token value!';
  }
  if (cookie !== undefined && state.options.login) {
    if (cookie !== state.ticket.ticket) return 'invalid PVE ticket';
    if (method !== 'GET' && req.headers.csrfpreventiontoken !== state.ticket.csrf)
      return 'Permission denied - invalid csrf token';
    return undefined;
  }
  return 'No ticket';
}

/** pve-http-server reads the cookie with uri_unescape. */
function ticketFromCookie(options: { header: string | undefined; name: string }): string | undefined {
  const match = new RegExp(`(?:^|;\\s*)${options.name}=([^;]*)`).exec(options.header ?? '');
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1] ?? '');
  } catch {
    return match[1];
  }
}

function productOf(state: State): MockProduct {
  return state.options.product ?? PVE_PRODUCT;
}

function authUser(options: { req: IncomingMessage; state: State }): string {
  if (options.req.headers.authorization !== undefined) return options.state.options.token.tokenId;
  return options.state.options.login?.username ?? 'root@pam';
}

// ---------------------------------------------------------------- answers and tasks

const TASK_TYPES: ReadonlyArray<[RegExp, string]> = [
  [/^POST \/nodes\/\{node\}\/qemu\/\{vmid\}\/status\/(\w+)$/, 'qm$1'],
  [/^DELETE \/nodes\/\{node\}\/qemu\/\{vmid\}$/, 'qmdestroy'],
  [/^POST \/nodes\/\{node\}\/lxc\/\{vmid\}\/status\/(\w+)$/, 'vz$1'],
  [/^DELETE \/nodes\/\{node\}\/lxc\/\{vmid\}$/, 'vzdestroy'],
  [/^POST \/nodes\/\{node\}\/vzdump$/, 'vzdump'],
];

function taskType(context: MockRequestContext): string {
  const key = `${context.method} ${context.template}`;
  for (const [pattern, type] of TASK_TYPES) if (pattern.test(key)) return key.replace(pattern, type);
  return context.operationId.replace(/[^a-z0-9]/gi, '').slice(0, 20) || 'task';
}

function startTask(options: { context: MockRequestContext; state: State; authUser: string }): string {
  const { context, state } = options;
  const node = context.pathParams.node ?? state.options.clusterNode ?? 'pve1';
  const type = taskType(context);
  const id = context.pathParams.vmid ?? String(context.params.vmid ?? '');
  const pid = (state.nextPid++).toString(16).toUpperCase().padStart(8, '0');
  const taskId = productOf(state).upidTaskId ? '00000001:' : '';
  const upid = `UPID:${node}:${pid}:0001E240:${taskId}6500AAAA:${type}:${id}:${options.authUser}:`;
  const task: MockTask = { upid, node, type, id, user: options.authUser, polls: 0, failing: false, runningPolls: 1 };
  task.failing = (state.options.failTask ?? defaultFailTask)(task);
  task.runningPolls = state.options.runningPolls?.(task) ?? 1;
  state.tasks.set(upid, task);
  return upid;
}

function defaultFailTask(task: MockTask): boolean {
  return (task.type === 'qmstop' && task.id === '666') || task.type === 'vzdump';
}

function failureExit(task: MockTask): string {
  return task.type === 'vzdump'
    ? 'job errors'
    : `command '${task.type.startsWith('qm') ? `qm ${task.type.slice(2)}` : task.type}' failed: got timeout`;
}

function failureLog(task: MockTask): string[] {
  return [
    `requesting ${task.type} of ${task.id || 'job'}`,
    `VM ${task.id} qmp command 'quit' failed - unable to connect to VM ${task.id} qmp socket - timeout after 51 retries`,
    `TASK ERROR: ${failureExit(task)}`,
  ];
}

/** Parses `UPID:node:pid:pstart:starttime:type:id:user:`. */
function decodeUpid(upid: string): MockTask | undefined {
  const match =
    /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):(?:[0-9A-Fa-f]{8,16}:)?([0-9A-Fa-f]{8}):([^:\s]+):([^:\s]*):([^:\s]+):$/.exec(
      upid,
    );
  if (!match) return undefined;
  return {
    upid,
    node: match[1] ?? '',
    type: match[6] ?? '',
    id: match[7] ?? '',
    user: match[8] ?? '',
    polls: 0,
    failing: false,
    runningPolls: 0,
  };
}

function lookupTask(options: { tasks: Map<string, MockTask>; context: MockRequestContext }): MockTask | MockAnswer {
  const upid = options.context.pathParams.upid ?? '';
  const task = options.tasks.get(upid) ?? decodeUpid(upid);
  if (!task) return new MockAnswer(400, { data: null, errors: { upid: 'unable to parse worker upid' } }, PARAM_ERROR);
  if (task.node !== options.context.pathParams.node) {
    return new MockAnswer(
      500,
      { data: null, message: `task ${upid} belongs to node '${task.node}', not '${options.context.pathParams.node}'` },
      'no such task',
    );
  }
  return task;
}

function defaultHandlers(options: {
  tasks: Map<string, MockTask>;
  ticket: { ticket: string; csrf: string };
  options: PveMockOptions;
}): Record<string, MockHandler> {
  const { tasks } = options;
  return {
    'POST /access/ticket': ({ params }) => {
      const login = options.options.login;
      if (!login || params.username !== login.username || params.password !== login.password) {
        return new MockAnswer(401, { data: null }, 'authentication failure');
      }
      return {
        username: login.username,
        ticket: options.ticket.ticket,
        CSRFPreventionToken: options.ticket.csrf,
        cap: {},
      };
    },
    'GET /nodes/{node}/qemu': () => [
      { vmid: 100, name: 'web-01', status: 'running', cpus: 2, maxmem: 4294967296, uptime: 86400 },
      { vmid: 101, name: 'db-01', status: 'stopped', cpus: 4, maxmem: 8589934592, uptime: 0 },
    ],
    'GET /nodes/{node}/qemu/{vmid}/config': ({ pathParams }) => ({
      name: Number(pathParams.vmid) === 100 ? 'web-01' : `vm-${pathParams.vmid}`,
      memory: '4096',
      cores: 2,
      net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1',
      scsi0: 'local-lvm:vm-100-disk-0,size=32G',
      digest: '3f2a8e6b0c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f',
    }),
    'GET /cluster/resources': ({ params }) =>
      [
        { id: 'qemu/100', type: 'qemu', node: 'pve1', vmid: 100, name: 'web-01', status: 'running' },
        { id: 'node/pve1', type: 'node', node: 'pve1', status: 'online' },
        { id: 'storage/pve1/local', type: 'storage', node: 'pve1', storage: 'local', status: 'available' },
      ].filter(
        (item) =>
          params.type === undefined ||
          (params.type === 'vm' ? item.type === 'qemu' || item.type === 'lxc' : item.type === params.type),
      ),
    'GET /nodes/{node}/tasks/{upid}/status': (context) => {
      const task = lookupTask({ tasks, context });
      if (task instanceof MockAnswer) return task;
      task.polls += 1;
      const common = {
        upid: task.upid,
        node: task.node,
        pid: 43981,
        pstart: 123456,
        starttime: 1694542506,
        type: task.type,
        id: task.id,
        user: task.user,
      };
      if (task.polls <= task.runningPolls) return { ...common, status: 'running' };
      return { ...common, status: 'stopped', exitstatus: task.failing ? failureExit(task) : 'OK' };
    },
    'GET /nodes/{node}/tasks/{upid}/log': (context) => {
      const task = lookupTask({ tasks, context });
      if (task instanceof MockAnswer) return task;
      const lines = task.failing ? failureLog(task) : [`starting ${task.type} ${task.id}`, 'TASK OK'];
      const start = Number(context.params.start ?? 0);
      const limit = Number(context.params.limit ?? 50);
      const all = lines.map((t, i) => ({ n: i + 1, t }));
      // Proxmox answers the log with a `total` next to `data`.
      return new MockAnswer(200, { data: all.slice(start, start + limit), total: all.length }, 'OK');
    },
  };
}

function emptyData(type: string | undefined): unknown {
  switch (type) {
    case 'array':
      return [];
    case 'object':
      return {};
    case 'string':
      return '';
    default:
      return null;
  }
}

// ---------------------------------------------------------------- helpers

function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (raw.length === 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
