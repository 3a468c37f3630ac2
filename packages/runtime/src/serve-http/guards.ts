import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A refusal the HTTP front answers itself, before any MCP handling. */
export interface Refusal {
  readonly status: number;
  readonly message: string;
  /** RFC 6750 error code for a 401's `WWW-Authenticate` challenge. */
  readonly challengeError?: 'invalid_token' | 'invalid_request';
}

/**
 * `Host` allowlist against DNS rebinding: entries are `host:port` or `host:*`
 * (any port; a port must be present). A mismatch answers 421 Misdirected Request.
 */
export function checkHost(options: { req: IncomingMessage; allowed: readonly string[] }): Refusal | undefined {
  const host = (options.req.headers.host ?? '').toLowerCase();
  const ok = options.allowed.some((entry) => hostMatches({ host, entry: entry.toLowerCase() }));
  return ok ? undefined : { status: 421, message: `Host '${host}' is not served here` };
}

function hostMatches(options: { host: string; entry: string }): boolean {
  const { host, entry } = options;
  if (!entry.endsWith(':*')) return host === entry;
  const name = entry.slice(0, -2);
  return host.startsWith(`${name}:`) && /^\d+$/.test(host.slice(name.length + 1));
}

/**
 * Browsers send `Origin`; a page not on the list answers 403. Non-browser clients
 * send none. Entries may end in `:*` for any port (`http://localhost:*`).
 */
export function checkOrigin(options: { req: IncomingMessage; allowed: readonly string[] }): Refusal | undefined {
  const origin = options.req.headers.origin;
  if (origin === undefined) return undefined;
  const ok = options.allowed.some((entry) =>
    entry.endsWith(':*')
      ? origin.startsWith(entry.slice(0, -1)) && /^\d+$/.test(origin.slice(entry.length - 1))
      : origin === entry,
  );
  return ok ? undefined : { status: 403, message: `Origin '${origin}' is not allowed` };
}

/**
 * The shared gate token, compared in constant time over fixed-length digests. The token's
 * own digest is made once: hashing it again per request was a measurable share of a call.
 */
export function gateChecker(token: string): (req: IncomingMessage) => Refusal | undefined {
  const expected = digestOf(token);
  return (req) => {
    const header = req.headers.authorization ?? '';
    const given = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? '';
    const ok = given.length > 0 && timingSafeEqual(digestOf(given), expected);
    // No error code when no token was sent at all (RFC 6750 section 3.1).
    return ok
      ? undefined
      : {
          status: 401,
          message: 'missing or wrong bearer token',
          ...(given ? { challengeError: 'invalid_token' as const } : {}),
        };
  };
}

function digestOf(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The `WWW-Authenticate` value of a 401 (RFC 9110 section 11.6.1 requires one). */
export function challengeOf(options: { realm: string; refusal: Refusal }): string {
  const { refusal } = options;
  const error = refusal.challengeError
    ? `, error="${refusal.challengeError}", error_description="${refusal.message.replace(/["\\]/g, "'")}"`
    : '';
  return `Bearer realm="${options.realm}"${error}`;
}
