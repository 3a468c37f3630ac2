import { describe, expect, it } from 'vitest';
import type { UpstreamRequest } from '../src/http/types.js';
import { createCredentialResolver, MAX_CACHED_CREDENTIALS } from '../src/serve-http/user-credentials.js';
import { PBS_AUTH, pveTarget, target, upstreamResponse } from './fixtures.js';

/** A resolver over a fake upstream that accepts every key and counts the check calls per key. */
function resolver(options: { cacheMs: number; clock: { now: number } }) {
  const checks = new Map<string, number>();
  const send = async (request: UpstreamRequest) => {
    const key = String(Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'x-api-key')?.[1]);
    checks.set(key, (checks.get(key) ?? 0) + 1);
    return upstreamResponse({ body: '{}' });
  };
  const resolve = createCredentialResolver({
    target,
    baseUrl: new URL('https://portainer.example.com/api'),
    send,
    cacheMs: options.cacheMs,
    now: () => options.clock.now,
  });
  return { resolve, checks };
}

describe('per-user credential cache', () => {
  it('checks a key once while cached, again after it expires', async () => {
    const clock = { now: 0 };
    const { resolve, checks } = resolver({ cacheMs: 1000, clock });
    await resolve('key-a');
    await resolve('key-a');
    expect(checks.get('key-a')).toBe(1);
    clock.now = 1001;
    await resolve('key-a');
    expect(checks.get('key-a')).toBe(2);
  });

  it(`keeps at most ${MAX_CACHED_CREDENTIALS} keys, dropping the oldest, so memory does not grow with callers`, async () => {
    const clock = { now: 0 };
    const { resolve, checks } = resolver({ cacheMs: 60_000, clock });
    for (let index = 0; index <= MAX_CACHED_CREDENTIALS; index++) await resolve(`key-${index}`);
    // key-0 was the oldest and has been dropped: it is checked again; the newest is still cached.
    await resolve('key-0');
    await resolve(`key-${MAX_CACHED_CREDENTIALS}`);
    expect(checks.get('key-0')).toBe(2);
    expect(checks.get(`key-${MAX_CACHED_CREDENTIALS}`)).toBe(1);
  });
});

describe('per-user Proxmox API tokens, in the format of the target file', () => {
  const sentAuthorization = async (options: { target: typeof pveTarget; value: string }) => {
    const seen: string[] = [];
    const send = async (request: UpstreamRequest) => {
      seen.push(String(request.headers.authorization));
      return upstreamResponse({ body: '{"data":{}}' });
    };
    const resolve = createCredentialResolver({
      target: options.target,
      baseUrl: new URL('https://px.example.com:8007/api2/json'),
      send,
      cacheMs: 0,
    });
    const result = await resolve(options.value);
    return { result, seen };
  };
  const pbsTarget = { ...pveTarget, auth: PBS_AUTH };

  it('accepts a PBS token with or without its PBSAPIToken= prefix and sends it with a colon', async () => {
    for (const value of ['PBSAPIToken=backup@pbs!mcp:0b7b', 'backup@pbs!mcp:0b7b']) {
      const { result, seen } = await sentAuthorization({ target: pbsTarget, value });
      expect(result).toMatchObject({ identity: 'backup@pbs!mcp' });
      expect(seen).toEqual(['PBSAPIToken=backup@pbs!mcp:0b7b']);
    }
  });

  it('refuses a PVE-style token on a PBS server, naming the expected form', async () => {
    const { result, seen } = await sentAuthorization({ target: pbsTarget, value: 'backup@pbs!mcp=0b7b' });
    expect(result).toEqual({
      status: 401,
      message: 'the credential header must hold USER@REALM!TOKENID:SECRET',
      challengeError: 'invalid_request',
    });
    expect(seen).toEqual([]);
  });

  it('keeps the PVE form', async () => {
    const { result, seen } = await sentAuthorization({ target: pveTarget, value: 'PVEAPIToken=root@pam!mcp=abc' });
    expect(result).toMatchObject({ identity: 'root@pam!mcp' });
    expect(seen).toEqual(['PVEAPIToken=root@pam!mcp=abc']);
  });

  it('takes a separator in the user or realm as part of the id, as the stdio server and the PVE form before PBS did', async () => {
    const { result, seen } = await sentAuthorization({ target: pveTarget, value: 'PVEAPIToken=a=b@pve!mcp=abc=d' });
    expect(result).toMatchObject({ identity: 'a=b@pve!mcp' });
    expect(seen).toEqual(['PVEAPIToken=a=b@pve!mcp=abc=d']);
    const pbs = await sentAuthorization({ target: pbsTarget, value: 'a:b@pbs!mcp:0b7b' });
    expect(pbs.result).toMatchObject({ identity: 'a:b@pbs!mcp' });
  });
});
