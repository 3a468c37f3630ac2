import { createHash } from 'node:crypto';
import { headerKeyAuth } from '../auth/header-key.js';
import { proxmoxCredentialHeaders, proxmoxTokenAuth, proxmoxTokenIdPattern } from '../auth/proxmox-token.js';
import type { UpstreamAuth } from '../auth/types.js';
import type { ProxmoxTokenFormat, TargetSpec } from '../catalog/target.js';
import type { SendRequest } from '../http/send.js';
import { upstreamUrl } from '../http/url.js';
import type { Refusal } from './guards.js';

/** A user's own upstream credential, checked against the upstream and kept briefly. */
export interface UserCredential {
  readonly auth: UpstreamAuth;
  /** Safe to log: a token id, or a short hash of a key. */
  readonly identity: string;
}

/** Checked credentials kept at most: a team is far smaller, and memory must not grow with callers. */
export const MAX_CACHED_CREDENTIALS = 1000;

interface CacheEntry {
  readonly credential: UserCredential;
  readonly until: number;
}

/**
 * Turns the per-user header into an upstream auth, after one check call
 * (cached per credential for `cacheMs`, successes only). Each user's calls use
 * only their own credential: the cache is keyed by a hash of the full value.
 */
export function createCredentialResolver(options: {
  target: TargetSpec;
  baseUrl: URL;
  send: SendRequest;
  cacheMs: number;
  now?: () => number;
}) {
  const cache = new Map<string, CacheEntry>();
  const now = options.now ?? Date.now;
  return async (value: string): Promise<UserCredential | Refusal> => {
    const key = createHash('sha256').update(value).digest('hex');
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.credential;
    const credential = parseCredential({ target: options.target, value, key });
    if ('status' in credential) return credential;
    const problem = await checkUpstream({ ...options, auth: credential.auth });
    if (problem) return problem;
    if (options.cacheMs > 0)
      remember({ cache, key, entry: { credential, until: now() + options.cacheMs }, now: now() });
    return credential;
  };
}

/** Adds an entry; when full, expired entries go first, then the oldest (a Map keeps insertion order). */
function remember(options: { cache: Map<string, CacheEntry>; key: string; entry: CacheEntry; now: number }): void {
  const { cache } = options;
  cache.delete(options.key);
  if (cache.size >= MAX_CACHED_CREDENTIALS) {
    for (const [key, entry] of cache) if (entry.until <= options.now) cache.delete(key);
  }
  while (cache.size >= MAX_CACHED_CREDENTIALS) cache.delete(cache.keys().next().value!);
  cache.set(options.key, options.entry);
}

function parseCredential(options: { target: TargetSpec; value: string; key: string }): UserCredential | Refusal {
  const { target, value } = options;
  if (target.auth.kind === 'header-key')
    return { auth: headerKeyAuth({ header: target.auth.header, value }), identity: `key:${options.key.slice(0, 12)}` };
  const { token, ticket } = target.auth;
  const match = proxmoxUserToken({ token, value });
  if (!match)
    return {
      status: 401,
      message: `the credential header must hold USER@REALM!TOKENID${token.separator}SECRET`,
      challengeError: 'invalid_request',
    };
  const credentialHeaders = proxmoxCredentialHeaders({ token, csrfHeader: ticket.csrfHeader });
  return { auth: proxmoxTokenAuth({ ...match, format: token, credentialHeaders }), identity: match.tokenId };
}

/**
 * `[<prefix>]USER@REALM!TOKENID<separator>SECRET`, split at the first separator after the realm's `!`:
 * only the token name cannot hold the separator. User and realm can (`a=b@pve!mcp=SECRET` is a valid
 * Proxmox VE token, and the stdio server accepts that id), so the first separator overall is not the split.
 */
function proxmoxUserToken(options: {
  token: ProxmoxTokenFormat;
  value: string;
}): { tokenId: string; secret: string } | undefined {
  const { token } = options;
  const bare = options.value.startsWith(token.prefix) ? options.value.slice(token.prefix.length) : options.value;
  const realmEnd = bare.indexOf('!', bare.indexOf('@'));
  const at = realmEnd < 0 ? -1 : bare.indexOf(token.separator, realmEnd);
  const tokenId = bare.slice(0, at);
  const secret = bare.slice(at + token.separator.length);
  if (at < 0 || !proxmoxTokenIdPattern(token.separator).test(tokenId) || !/^\S+$/.test(secret)) return undefined;
  return { tokenId, secret };
}

async function checkUpstream(options: {
  target: TargetSpec;
  baseUrl: URL;
  send: SendRequest;
  auth: UpstreamAuth;
}): Promise<Refusal | undefined> {
  const path = options.target.http?.credentialCheckPath ?? '/';
  try {
    const response = await options.send({
      method: 'GET',
      url: upstreamUrl({ baseUrl: options.baseUrl, path }),
      headers: { accept: 'application/json', ...(await options.auth.headers({ method: 'GET' })) },
    });
    if (response.status === 401 || response.status === 403)
      return {
        status: 401,
        message: `${options.target.displayName} rejected the credential (HTTP ${response.status})`,
        challengeError: 'invalid_request',
      };
    if (response.status >= 400)
      return {
        status: 502,
        message: `could not check the credential: ${options.target.displayName} answered HTTP ${response.status}`,
      };
    return undefined;
  } catch (error) {
    return { status: 502, message: `could not check the credential: ${(error as Error).message}` };
  }
}
