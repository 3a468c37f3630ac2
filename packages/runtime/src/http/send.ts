import type http from 'node:http';
import type https from 'node:https';
import { type UpstreamRequest, type UpstreamResponse, UpstreamUnreachableError } from './types.js';

/**
 * One upstream HTTP exchange on node:http(s). Chosen over global fetch because it
 * gives per-client TLS verification, a hard cap on bytes read and keep-alive
 * agents without adding a dependency to the bundle.
 */
export interface HttpClientOptions {
  readonly timeoutMs: number;
  readonly tlsVerify: boolean;
  /** Bytes of a response body kept; the rest is discarded and the response marked truncated. */
  readonly maxBodyBytes: number;
}

export type SendRequest = (request: UpstreamRequest) => Promise<UpstreamResponse>;

export function createHttpClient(options: HttpClientOptions): SendRequest {
  let transports: Promise<Transports> | undefined;
  return async (request) =>
    sendWithRetry({ request, options, transports: await (transports ??= loadTransports(options)) });
}

interface Transports {
  readonly http: typeof http;
  readonly https: typeof https;
  readonly agents: { readonly http: http.Agent; readonly https: https.Agent };
}

/** node:http and node:https (with tls and net) are loaded on the first upstream call: a server answers tools/list without them. */
async function loadTransports(options: HttpClientOptions): Promise<Transports> {
  const [{ default: httpModule }, { default: httpsModule }] = await Promise.all([
    import('node:http'),
    import('node:https'),
  ]);
  return {
    http: httpModule,
    https: httpsModule,
    agents: {
      http: new httpModule.Agent({ keepAlive: true }),
      https: new httpsModule.Agent({ keepAlive: true, rejectUnauthorized: options.tlsVerify }),
    },
  };
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

/**
 * A kept-alive socket can be closed by the upstream just as it is reused; the
 * request then fails with ECONNRESET without having been processed. Node's advice
 * (request.reusedSocket) is to retry such idempotent requests once.
 */
async function sendWithRetry(context: SendContext): Promise<UpstreamResponse> {
  try {
    return await sendOnce(context);
  } catch (error) {
    if (error instanceof StaleSocketError && IDEMPOTENT.has(context.request.method)) return sendOnce(context);
    throw error instanceof StaleSocketError ? error.cause : error;
  }
}

/** ECONNRESET on a reused keep-alive socket before any answer arrived. */
class StaleSocketError extends Error {
  constructor(override readonly cause: UpstreamUnreachableError) {
    super(cause.message);
  }
}

interface SendContext {
  readonly request: UpstreamRequest;
  readonly options: HttpClientOptions;
  readonly transports: Transports;
}

function sendOnce({ request, options, transports }: SendContext): Promise<UpstreamResponse> {
  const isHttps = request.url.protocol === 'https:';
  const { agents } = transports;
  const transport = isHttps ? transports.https : transports.http;
  const headers: Record<string, string | number> = { ...request.headers };
  if (request.body) headers['content-length'] = request.body.length;
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(request.url, {
      method: request.method,
      headers,
      agent: isHttps ? agents.https : agents.http,
      timeout: options.timeoutMs,
    });
    // Whatever the upstream does (answer, upgrade, stall), the call settles by the deadline.
    const fail = (error: Error) => {
      clearTimeout(timer);
      outgoing.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(timeoutError(options.timeoutMs)), options.timeoutMs);
    outgoing.on('timeout', () => fail(timeoutError(options.timeoutMs)));
    outgoing.on('error', (error) => {
      const described = describeNetworkError(error);
      const stale = outgoing.reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET';
      fail(stale ? new StaleSocketError(described) : described);
    });
    // A tool call is one request and one answer: a protocol switch (101, WebSocket) is never followed.
    outgoing.on('upgrade', (incoming, socket) => {
      socket.destroy();
      fail(
        new UpstreamUnreachableError(
          `the upstream answered HTTP ${incoming.statusCode ?? 101} ${incoming.statusMessage ?? ''} (a protocol upgrade), which a tool call cannot follow`.replace(
            /\s+\(/,
            ' (',
          ),
        ),
      );
    });
    outgoing.on('response', (incoming) => {
      readBody({ incoming, maxBytes: options.maxBodyBytes })
        .then((read) => resolve(toResponse({ incoming, read })))
        .catch((error: unknown) => reject(describeNetworkError(error as Error)))
        .finally(() => clearTimeout(timer));
    });
    outgoing.end(request.body);
  });
}

function timeoutError(timeoutMs: number): UpstreamUnreachableError {
  return new UpstreamUnreachableError(`no complete answer within ${timeoutMs / 1000} s (timeout)`);
}

interface BodyRead {
  readonly body: Buffer;
  readonly truncated: boolean;
}

function readBody(options: { incoming: http.IncomingMessage; maxBytes: number }): Promise<BodyRead> {
  const { incoming, maxBytes } = options;
  const chunks: Buffer[] = [];
  let kept = 0;
  let truncated = false;
  return new Promise((resolve, reject) => {
    incoming.on('data', (chunk: Buffer) => {
      const slice = chunk.subarray(0, maxBytes - kept);
      chunks.push(slice);
      kept += slice.length;
      if (slice.length < chunk.length) {
        // Over the cap: stop reading at once rather than pulling the rest through memory.
        truncated = true;
        resolve({ body: Buffer.concat(chunks), truncated });
        incoming.destroy();
      }
    });
    incoming.on('end', () => resolve({ body: Buffer.concat(chunks), truncated }));
    incoming.on('error', (error) => {
      if (!truncated) reject(error);
    });
    incoming.on('aborted', () => {
      if (!truncated) reject(new UpstreamUnreachableError('connection closed mid-response'));
    });
  });
}

function toResponse(options: { incoming: http.IncomingMessage; read: BodyRead }): UpstreamResponse {
  const { incoming, read } = options;
  return {
    status: incoming.statusCode ?? 0,
    statusText: incoming.statusMessage ?? '',
    contentType: String(incoming.headers['content-type'] ?? ''),
    body: read.body,
    truncated: read.truncated,
    ...(typeof incoming.headers.location === 'string' ? { location: incoming.headers.location } : {}),
  };
}

const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the upstream',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate (set the TLS-verify variable to 0 to accept it)',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate in chain (set the TLS-verify variable to 0 to accept it)',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
};

/** Failures before a connection was made: the request cannot have reached the upstream. */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
]);

function describeNetworkError(error: Error): UpstreamUnreachableError {
  if (error instanceof UpstreamUnreachableError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const meaning = Object.hasOwn(NETWORK_CODES, code) ? NETWORK_CODES[code] : undefined;
  return new UpstreamUnreachableError(meaning ? `${meaning} (${code})` : error.message, !NEVER_CONNECTED.has(code));
}
