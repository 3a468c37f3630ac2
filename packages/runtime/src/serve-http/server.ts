import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler } from '@modelcontextprotocol/server';
import type { UpstreamAuth } from '../auth/types.js';
import type { TargetSpec } from '../catalog/target.js';
import { type Caller, createMcpServer } from '../server/create-server.js';
import type { ServerIdentity } from '../server/create-server.js';
import { describeSurface, identity, type Prepared } from '../server/prepare.js';
import type { HttpConfig } from './config.js';
import { ConfigError } from '../config/errors.js';
import { maskSecret } from './config.js';
import { ExchangeTransport } from './exchange-transport.js';
import { limitHeapGrowth } from './heap.js';
import { createHotCall } from './hot-call.js';
import { createHotPath } from './hot-path.js';
import { challengeOf, checkHost, checkOrigin, gateChecker, type Refusal } from './guards.js';
import { createCredentialResolver, type UserCredential } from './user-credentials.js';

export const MCP_PATH = '/mcp';

export interface RunningHttpServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Streamable HTTP for a team: stateless (both protocol eras), so replicas need no
 * session affinity. The hot 2025-era `tools/call` and `tools/list` are answered by one
 * server instance for the process (hot-path.ts); every other request gets a fresh
 * instance from the SDK's handler. In front of the MCP handler: `/health`, Host allowlist,
 * Origin check, gate token, then the caller's own upstream credential.
 * Incoming headers never reach the upstream: tools build upstream requests
 * from their arguments and the caller's credential only.
 */
export async function serveHttp(options: {
  prepared: Prepared;
  target: TargetSpec;
  http: HttpConfig;
}): Promise<RunningHttpServer> {
  const { prepared, target, http: config } = options;
  limitHeapGrowth();
  // Stateless: one server instance per request; what does not depend on the request is made once.
  const serverIdentity = identity(prepared);
  // Replicas behind one balancer share the gate token, so a question asked by one can be answered through another.
  const confirmKey = createHash('sha256').update(`confirm\n${config.gateToken}`).digest();
  const handler = createMcpHandler(
    (ctx) => serverFor({ prepared, serverIdentity, authInfo: ctx.authInfo, confirmKey }),
    { onerror: (error) => prepared.log.debug(`mcp: ${error.message}`) },
  );
  const sdk = toNodeHandler(handler, { onerror: (error) => prepared.log.error(`http adapter: ${error.message}`) });
  const transport = new ExchangeTransport();
  const shared = createMcpServer({
    identity: serverIdentity,
    registry: prepared.registry,
    context: prepared.context,
    user: 'unknown',
    surface: prepared.surface,
    confirmKey,
    callerOf: (ctx) => callerOf({ prepared, authInfo: ctx.http?.authInfo }),
  });
  await shared.connect(transport);
  const call = createHotCall({
    shared,
    registry: prepared.registry,
    discovery: prepared.surface.discovery,
    callerOf: (authInfo) => callerOf({ prepared, authInfo }),
  });
  const listener = createListener({ prepared, target, config, mcp: createHotPath({ transport, sdk, call }) });
  const server = config.tls
    ? https.createServer({ cert: config.tls.cert, key: config.tls.key }, listener)
    : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenError({ error: error as NodeJS.ErrnoException, config })));
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const url = `${config.tls ? 'https' : 'http'}://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}${MCP_PATH}`;
  announce({ prepared, config, url });
  return {
    url,
    close: async () => {
      await handler.close();
      await shared.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

/** A port in use or an address that cannot be bound is a configuration error: one line naming the variable, exit 2. */
function listenError(options: { error: NodeJS.ErrnoException; config: HttpConfig }): Error {
  const { error, config } = options;
  const names = config.addressVariables ?? { host: 'host', port: 'port' };
  const where = `${config.host}:${config.port}`;
  if (error.code === 'EADDRINUSE')
    return new ConfigError(names.port, `port ${config.port} on ${config.host} is already in use`);
  if (error.code === 'EACCES')
    return new ConfigError(names.port, `binding ${where} is not permitted (ports below 1024 need privileges)`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
    return new ConfigError(names.host, `${config.host} is not an address of this machine (${error.code})`);
  return new ConfigError(names.port, `cannot listen on ${where}: ${error.code ?? error.message}`);
}

/** One server instance per request (the SDK's path), acting with the credential of the caller the front resolved. */
function serverFor(options: {
  prepared: Prepared;
  serverIdentity: ServerIdentity;
  authInfo: { extra?: Record<string, unknown> } | undefined;
  confirmKey: Buffer;
}) {
  const { prepared } = options;
  const { context, user } = callerOf({ prepared, authInfo: options.authInfo });
  return createMcpServer({
    identity: options.serverIdentity,
    registry: prepared.registry,
    context,
    user,
    surface: prepared.surface,
    confirmKey: options.confirmKey,
  });
}

/** The caller the front resolved (see createListener), from the request's auth info: its upstream credential and audit name. */
function callerOf(options: { prepared: Prepared; authInfo: { extra?: Record<string, unknown> } | undefined }): Caller {
  const { prepared } = options;
  const user = (options.authInfo?.extra ?? {}) as { upstream?: UpstreamAuth; identity?: string };
  return {
    context: { ...prepared.context, auth: user.upstream ?? prepared.context.auth },
    user: user.identity ?? 'unknown',
  };
}

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** The front: `/health`, then Host, Origin, gate token and the caller's credential, then MCP. */
function createListener(options: {
  prepared: Prepared;
  target: TargetSpec;
  config: HttpConfig;
  mcp: NodeHandler;
}): NodeHandler {
  const { prepared, target, config, mcp } = options;
  const resolveUser = createCredentialResolver({
    target,
    baseUrl: prepared.context.baseUrl,
    send: prepared.context.send,
    cacheMs: config.credentialCacheMs,
  });
  const credentialHeader = target.http?.userCredentialHeader.toLowerCase() ?? '';
  const serverCredential: UserCredential | undefined =
    config.allowServerCredential && prepared.config.auth
      ? { auth: prepared.context.auth, identity: 'server-credential' }
      : undefined;
  const checkGate = gateChecker(config.gateToken);
  return async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/health') return reply({ res, status: 200, body: { status: 'ok' } });
      if (path !== MCP_PATH)
        return reply({ res, status: 404, body: { error: `not found; the MCP endpoint is ${MCP_PATH}` } });
      const refused =
        checkHost({ req, allowed: config.allowedHosts }) ??
        checkOrigin({ req, allowed: config.allowedOrigins }) ??
        checkGate(req);
      if (refused) return refuse({ res, refusal: refused, realm: target.packageName });
      const user = await userFor({ req, credentialHeader, resolveUser, serverCredential });
      if ('status' in user) return refuse({ res, refusal: user, realm: target.packageName });
      const identity = `${user.identity} from ${clientAddress({ req, trustedProxies: config.trustedProxies })}`;
      (req as IncomingMessage & { auth?: unknown }).auth = {
        token: 'gate',
        clientId: user.identity,
        scopes: [],
        extra: { upstream: user.auth, identity },
      };
      await mcp(req, res);
    } catch (error) {
      prepared.log.error(`http request failed: ${(error as Error).message}`);
      if (!res.headersSent) reply({ res, status: 500, body: { error: 'internal error' } });
    }
  };
}

async function userFor(options: {
  req: IncomingMessage;
  credentialHeader: string;
  resolveUser: (value: string) => Promise<UserCredential | Refusal>;
  serverCredential: UserCredential | undefined;
}): Promise<UserCredential | Refusal> {
  const value = options.req.headers[options.credentialHeader];
  const given = Array.isArray(value) ? value[0] : value;
  if (given) return options.resolveUser(given.trim());
  return (
    options.serverCredential ?? {
      status: 401,
      message: `send your upstream credential in the ${options.credentialHeader} header`,
      challengeError: 'invalid_request',
    }
  );
}

/** The caller's address for the audit log: X-Forwarded-For only when the direct peer is a trusted proxy. */
function clientAddress(options: { req: IncomingMessage; trustedProxies: readonly string[] }): string {
  const peer = (options.req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
  const forwarded = options.req.headers['x-forwarded-for'];
  if (!forwarded || !options.trustedProxies.includes(peer)) return peer;
  return (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() || peer;
}

function announce(options: { prepared: Prepared; config: HttpConfig; url: string }): void {
  const { prepared, config, url } = options;
  const { log } = prepared;
  log.info(`serving ${describeSurface(prepared)} over HTTP at ${url} (gate token ${maskSecret(config.gateToken)})`);
  if (config.tls?.selfSigned) log.warn('the TLS certificate is self-signed; clients must be told to trust it');
  if (config.plaintextAcknowledged && !config.tls)
    log.warn('serving plaintext HTTP on a non-loopback address: tokens and data cross the network unencrypted');
}

function reply(options: { res: ServerResponse; status: number; body: object; headers?: Record<string, string> }): void {
  options.res
    .writeHead(options.status, { 'content-type': 'application/json', ...options.headers })
    .end(JSON.stringify(options.body));
}

function refuse(options: { res: ServerResponse; refusal: Refusal; realm: string }): void {
  const { refusal } = options;
  const headers =
    refusal.status === 401 ? { 'www-authenticate': challengeOf({ realm: options.realm, refusal }) } : undefined;
  reply({
    res: options.res,
    status: refusal.status,
    body: { error: refusal.message },
    ...(headers ? { headers } : {}),
  });
}
