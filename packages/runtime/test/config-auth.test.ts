import { describe, expect, it } from 'vitest';
import type { AuthConfig } from '../src/auth/types.js';
import type { AuthSpec } from '../src/catalog/target.js';
import type { Env } from '../src/config/env.js';
import { readAuthConfig } from '../src/config/auth.js';
import { ConfigError } from '../src/config/errors.js';
import { PBS_AUTH, PVE_AUTH, PVE_TOKEN_ID, PVE_TOKEN_SECRET, pveTarget, target } from './fixtures.js';

const pve = pveTarget.auth;

/** The credential as a stdio server reads it (required). */
function read(auth: AuthSpec, env: Env): AuthConfig | undefined {
  return readAuthConfig({ auth, env, required: true });
}

function authError(auth: AuthSpec, env: Env, required = true): ConfigError {
  try {
    readAuthConfig({ auth, env, required });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected readAuthConfig to throw a ConfigError');
}

describe('readAuthConfig (header key)', () => {
  it('reads and trims the key', () => {
    expect(read(target.auth, { PORTAINER_API_KEY: ' ptr_k \n' })).toEqual({
      kind: 'header-key',
      header: 'X-API-Key',
      value: 'ptr_k',
    });
  });

  it('names the key variable when it is missing or blank', () => {
    expect(authError(target.auth, {}).message).toBe('PORTAINER_API_KEY: is required but not set');
    expect(authError(target.auth, { PORTAINER_API_KEY: '   ' }).place).toBe('PORTAINER_API_KEY');
  });
});

describe('readAuthConfig (PVE)', () => {
  it('reads an API token', () => {
    expect(read(pve, { PVE_TOKEN_ID, PVE_TOKEN_SECRET })).toEqual({
      kind: 'proxmox-token',
      tokenId: PVE_TOKEN_ID,
      secret: PVE_TOKEN_SECRET,
      spec: PVE_AUTH,
    });
  });

  it.each(['root@pam!mcp', 'mcp-bot@pve!ci_01', 'alice@ldap.example!read-only', 'a@b!c'])(
    'accepts the token id %s',
    (tokenId) => {
      expect(read(pve, { PVE_TOKEN_ID: ` ${tokenId} `, PVE_TOKEN_SECRET: 's' })).toEqual({
        kind: 'proxmox-token',
        tokenId,
        secret: 's',
        spec: PVE_AUTH,
      });
    },
  );

  it('prefers the token when user name and password are set too', () => {
    const config = read(pve, { PVE_TOKEN_ID, PVE_TOKEN_SECRET, PVE_USERNAME: 'root@pam', PVE_PASSWORD: 'pw' });
    expect(config).toEqual({ kind: 'proxmox-token', tokenId: PVE_TOKEN_ID, secret: PVE_TOKEN_SECRET, spec: PVE_AUTH });
  });

  it('reads user name and password for a ticket login', () => {
    expect(read(pve, { PVE_USERNAME: 'root@pam', PVE_PASSWORD: ' pw ' })).toEqual({
      kind: 'proxmox-ticket',
      username: 'root@pam',
      password: 'pw',
      spec: PVE_AUTH,
    });
  });

  it('names PVE_TOKEN_SECRET when the token id has no secret', () => {
    const error = authError(pve, { PVE_TOKEN_ID });
    expect(error.place).toBe('PVE_TOKEN_SECRET');
    expect(error.message).toBe('PVE_TOKEN_SECRET: is required with PVE_TOKEN_ID');
  });

  it('names PVE_TOKEN_ID when the secret has no token id, even with a user name set', () => {
    const error = authError(pve, { PVE_TOKEN_SECRET, PVE_USERNAME: 'root@pam', PVE_PASSWORD: 'pw' });
    expect(error.place).toBe('PVE_TOKEN_ID');
    expect(error.message).toBe('PVE_TOKEN_ID: is required with PVE_TOKEN_SECRET (USER@REALM!TOKENID)');
  });

  it.each([
    'root@pam',
    'root!mcp',
    'root@pam!',
    '@pam!mcp',
    'root@!mcp',
    'root@pam!mcp=secret',
    'root @pam!mcp',
    'root@pam!m cp',
  ])('names PVE_TOKEN_ID for the malformed token id %j', (tokenId) => {
    const error = authError(pve, { PVE_TOKEN_ID: tokenId, PVE_TOKEN_SECRET });
    expect(error.place).toBe('PVE_TOKEN_ID');
    expect(error.message).toBe('PVE_TOKEN_ID: expected USER@REALM!TOKENID, e.g. root@pam!mcp');
  });

  it('checks the token id format before asking for the secret', () => {
    expect(authError(pve, { PVE_TOKEN_ID: 'root@pam' }).place).toBe('PVE_TOKEN_ID');
  });

  it('names PVE_PASSWORD when the user name has no password', () => {
    const error = authError(pve, { PVE_USERNAME: 'root@pam' });
    expect(error.place).toBe('PVE_PASSWORD');
    expect(error.message).toBe('PVE_PASSWORD: is required but not set');
    expect(authError(pve, { PVE_USERNAME: 'root@pam', PVE_PASSWORD: ' ' }).place).toBe('PVE_PASSWORD');
  });

  it('names the token variable and both ways to log in when nothing is set', () => {
    const error = authError(pve, {});
    expect(error.place).toBe('PVE_TOKEN_ID');
    expect(error.message).toBe(
      'PVE_TOKEN_ID: no credential: set PVE_TOKEN_ID and PVE_TOKEN_SECRET (API token), or PVE_USERNAME and PVE_PASSWORD (ticket login)',
    );
  });

  it('treats blank variables as unset', () => {
    expect(authError(pve, { PVE_TOKEN_ID: ' ', PVE_TOKEN_SECRET: '', PVE_USERNAME: '\t' }).message).toMatch(
      /^PVE_TOKEN_ID: no credential/,
    );
  });

  it('explains the missing user name when only a password is set', () => {
    const error = authError(pve, { PVE_PASSWORD: 'pw' });
    expect(error.place).toBe('PVE_TOKEN_ID');
    expect(error.message).toContain('PVE_USERNAME and PVE_PASSWORD');
  });

  it('follows the variable names of the target', () => {
    const renamed: AuthSpec = {
      ...PVE_AUTH,
      tokenIdEnv: 'A_ID',
      tokenSecretEnv: 'A_SECRET',
      usernameEnv: 'A_USER',
      passwordEnv: 'A_PASS',
    };
    expect(authError(renamed, { A_ID: 'x@y!z' }).message).toBe('A_SECRET: is required with A_ID');
    expect(authError(renamed, { A_USER: 'u@pam' }).place).toBe('A_PASS');
    expect(read(renamed, { PVE_TOKEN_ID, PVE_TOKEN_SECRET, A_USER: 'u@pam', A_PASS: 'p' })).toEqual({
      kind: 'proxmox-ticket',
      username: 'u@pam',
      password: 'p',
      spec: renamed,
    });
  });
});

describe('readAuthConfig (Backup Server descriptor)', () => {
  it('reads a PBS token id; the id may hold = but not the separator :', () => {
    expect(read(PBS_AUTH, { PBS_TOKEN_ID: 'backup@pbs!mcp', PBS_TOKEN_SECRET: 's' })).toEqual({
      kind: 'proxmox-token',
      tokenId: 'backup@pbs!mcp',
      secret: 's',
      spec: PBS_AUTH,
    });
    expect(authError(PBS_AUTH, { PBS_TOKEN_ID: 'backup@pbs!mcp:s', PBS_TOKEN_SECRET: 's' }).place).toBe('PBS_TOKEN_ID');
    expect(authError(PVE_AUTH, { PVE_TOKEN_ID: 'root@pam!mcp=s', PVE_TOKEN_SECRET: 's' }).place).toBe('PVE_TOKEN_ID');
  });
});

describe('readAuthConfig with an optional credential (HTTP serving)', () => {
  it('returns nothing when no credential variable is set', () => {
    expect(readAuthConfig({ auth: pve, env: {}, required: false })).toBeUndefined();
    expect(readAuthConfig({ auth: pve, env: { PVE_TOKEN_ID: ' ' }, required: false })).toBeUndefined();
    expect(readAuthConfig({ auth: target.auth, env: {}, required: false })).toBeUndefined();
  });

  it('still reads and checks a credential that is partly set, naming the variable', () => {
    expect(readAuthConfig({ auth: pve, env: { PVE_TOKEN_ID, PVE_TOKEN_SECRET }, required: false })).toEqual({
      kind: 'proxmox-token',
      tokenId: PVE_TOKEN_ID,
      secret: PVE_TOKEN_SECRET,
      spec: PVE_AUTH,
    });
    expect(authError(pve, { PVE_TOKEN_ID }, false).place).toBe('PVE_TOKEN_SECRET');
    expect(authError(pve, { PVE_USERNAME: 'root@pam' }, false).place).toBe('PVE_PASSWORD');
    expect(authError(pve, { PVE_PASSWORD: 'pw' }, false).message).toMatch(/^PVE_TOKEN_ID: no credential/);
  });
});
