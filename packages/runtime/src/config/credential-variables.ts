import type { TargetSpec } from '../catalog/target.js';
import { textVariable, type Variable } from './variable.js';

/**
 * The credential variables of the target's auth kind, as documented. They are read together by
 * `readAuthConfig` (which pairs them and checks their form); each reader here reads one alone.
 */
export function credentialVariables(target: TargetSpec): Variable<string | undefined>[] {
  const auth = target.auth;
  if (auth.kind === 'header-key') {
    return [
      textVariable({
        name: auth.env,
        requirement: 'required',
        secret: true,
        example: '<your-api-key>',
        title: 'API key',
        description: `API key, sent as \`${auth.header}\`.`,
      }),
    ];
  }
  return [
    textVariable({
      name: auth.tokenIdEnv,
      requirement: 'token or user',
      example: 'root@pam!mcp',
      title: 'API token ID',
      description: 'API token id, `USER@REALM!TOKENID`.',
    }),
    textVariable({
      name: auth.tokenSecretEnv,
      requirement: 'with the token id',
      secret: true,
      example: '<token-secret>',
      title: 'API token secret',
      description: 'API token secret.',
    }),
    textVariable({
      name: auth.usernameEnv,
      requirement: 'or a token',
      description: 'User for ticket login instead of a token, e.g. `root@pam`.',
    }),
    textVariable({
      name: auth.passwordEnv,
      requirement: 'with the user',
      secret: true,
      description: 'Password for ticket login; the ticket is renewed before it expires.',
    }),
  ];
}
