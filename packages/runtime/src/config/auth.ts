import type { AuthConfig } from '../auth/types.js';
import { proxmoxTokenIdPattern } from '../auth/proxmox-token.js';
import type { AuthSpec, ProxmoxAuth } from '../catalog/target.js';
import { type Env, readOptional, readRequired } from './env.js';
import { ConfigError } from './errors.js';

/**
 * Reads the credential the target's auth kind needs; every error names the
 * variable. Over HTTP the server-wide credential is optional (users send theirs).
 */
export function readAuthConfig(options: { auth: AuthSpec; env: Env; required: boolean }): AuthConfig | undefined {
  const { auth, env } = options;
  if (!options.required && !anyCredentialSet({ auth, env })) return undefined;
  if (auth.kind === 'header-key')
    return { kind: 'header-key', header: auth.header, value: readRequired({ env, name: auth.env }) };
  return readProxmoxAuth({ auth, env });
}

function anyCredentialSet(options: { auth: AuthSpec; env: Env }): boolean {
  const { auth, env } = options;
  const names =
    auth.kind === 'header-key'
      ? [auth.env]
      : [auth.tokenIdEnv, auth.tokenSecretEnv, auth.usernameEnv, auth.passwordEnv];
  return names.some((name) => readOptional({ env, name }) !== undefined);
}

function readProxmoxAuth(options: { auth: ProxmoxAuth; env: Env }): AuthConfig {
  const { auth, env } = options;
  const tokenId = readOptional({ env, name: auth.tokenIdEnv });
  const secret = readOptional({ env, name: auth.tokenSecretEnv });
  if (tokenId !== undefined || secret !== undefined) {
    if (tokenId === undefined)
      throw new ConfigError(auth.tokenIdEnv, `is required with ${auth.tokenSecretEnv} (USER@REALM!TOKENID)`);
    if (!proxmoxTokenIdPattern(auth.token.separator).test(tokenId))
      throw new ConfigError(auth.tokenIdEnv, 'expected USER@REALM!TOKENID, e.g. root@pam!mcp');
    if (secret === undefined) throw new ConfigError(auth.tokenSecretEnv, `is required with ${auth.tokenIdEnv}`);
    return { kind: 'proxmox-token', tokenId, secret, spec: auth };
  }
  const username = readOptional({ env, name: auth.usernameEnv });
  if (username === undefined) {
    throw new ConfigError(
      auth.tokenIdEnv,
      `no credential: set ${auth.tokenIdEnv} and ${auth.tokenSecretEnv} (API token), or ${auth.usernameEnv} and ${auth.passwordEnv} (ticket login)`,
    );
  }
  return { kind: 'proxmox-ticket', username, password: readRequired({ env, name: auth.passwordEnv }), spec: auth };
}
