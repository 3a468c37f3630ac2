import type { HttpSpec, TargetSpec } from '../catalog/target.js';
import { type Env, readOptional, readPositiveNumber } from '../config/env.js';
import { ConfigError } from '../config/errors.js';
import {
  choiceVariable,
  flagVariable,
  listVariable,
  numberVariable,
  textVariable,
  type Variable,
} from '../config/variable.js';

/** The variables of the HTTP front, named `<envPrefix><NAME>` (`PORTAINER_MCP_HTTP_PORT`), keyed by role. */
export interface HttpVariables {
  readonly transport: Variable<'stdio' | 'http'>;
  readonly host: Variable<string>;
  readonly port: Variable<number>;
  readonly gateToken: Variable<string>;
  readonly tlsCert: Variable<string | undefined>;
  readonly tlsKey: Variable<string | undefined>;
  readonly trustProxyTls: Variable<boolean>;
  readonly forwardedAllowIps: Variable<readonly string[] | undefined>;
  readonly plaintext: Variable<boolean>;
  readonly allowedHosts: Variable<readonly string[] | undefined>;
  readonly allowedOrigins: Variable<readonly string[] | undefined>;
  readonly allowServerCredential: Variable<boolean>;
  readonly credentialCacheSeconds: Variable<number>;
  readonly logFormat: Variable<'text' | 'json'>;
}

const LOOPBACK_HOST = '127.0.0.1';
const LOOPBACK_HOSTS = ['127.0.0.1:*', 'localhost:*', '[::1]:*'];
// Pages served from this machine may talk to a loopback server; any other page must be listed.
const LOOPBACK_ORIGINS = ['http://127.0.0.1:*', 'http://localhost:*', 'http://[::1]:*'];

export function httpVariables(options: { spec: HttpSpec; target?: TargetSpec }): HttpVariables {
  const { spec } = options;
  const v = (suffix: string) => `${spec.envPrefix}${suffix}`;
  return {
    transport: transportVariable(spec),
    host: textVariable({
      name: v('HTTP_HOST'),
      fallback: LOOPBACK_HOST,
      description: 'Address to bind. Anything but loopback needs one TLS posture (above), else start-up error.',
    }),
    port: {
      ...numberVariable({ name: v('HTTP_PORT'), fallback: spec.defaultPort, description: 'Port to listen on.' }),
      read: (env) => readPort({ env, name: v('HTTP_PORT'), fallback: spec.defaultPort }),
    },
    gateToken: textVariable({
      name: v('AUTH_TOKEN'),
      requirement: 'required',
      secret: true,
      example: '<at least 32 random characters>',
      description: 'Gate token, at least 32 printable characters; clients send `Authorization: Bearer <token>`.',
      read: (env) => readGateToken({ env, name: v('AUTH_TOKEN') }),
    }),
    tlsCert: textVariable({
      name: v('TLS_CERT'),
      description: `Path of a PEM certificate; with \`${v('TLS_KEY')}\` the server speaks HTTPS itself.`,
    }),
    tlsKey: textVariable({ name: v('TLS_KEY'), description: `Path of the PEM private key for \`${v('TLS_CERT')}\`.` }),
    trustProxyTls: flagVariable({
      name: v('TRUST_PROXY_TLS'),
      fallback: false,
      description: `\`1\`: TLS is terminated by a proxy in front; needs \`${v('FORWARDED_ALLOW_IPS')}\`.`,
    }),
    forwardedAllowIps: listVariable({
      name: v('FORWARDED_ALLOW_IPS'),
      example: '172.17.0.1',
      description: 'Comma-separated addresses of that proxy.',
    }),
    plaintext: flagVariable({
      name: v('DANGEROUSLY_ALLOW_PLAINTEXT_HTTP'),
      fallback: false,
      description: '`1`: serve plaintext on a non-loopback address (tokens and data cross the network unencrypted).',
    }),
    allowedHosts: listVariable({
      name: v('ALLOWED_HOSTS'),
      fallback: LOOPBACK_HOSTS,
      example: 'mcp.example.com',
      description:
        'Accepted `Host` headers as clients send them: `host` (default port), `host:port` or `host:*`; others get 421.',
    }),
    allowedOrigins: listVariable({
      name: v('ALLOWED_ORIGINS'),
      fallback: LOOPBACK_ORIGINS,
      description: 'Browser origins allowed to call; requests with another `Origin` get 403.',
    }),
    allowServerCredential: flagVariable({
      name: v('ALLOW_SERVER_CREDENTIAL'),
      fallback: false,
      description: `\`1\`: requests without \`${spec.userCredentialHeader}\` use ${serverCredential(options.target)}.`,
    }),
    credentialCacheSeconds: numberVariable({
      name: v('AUTH_CACHE_TTL'),
      fallback: 60,
      description: 'Seconds a checked user credential is cached; `0` checks every request.',
      read: (env) => readNonNegativeSeconds({ env, name: v('AUTH_CACHE_TTL'), fallback: 60 }),
    }),
    logFormat: choiceVariable({
      name: v('LOG_FORMAT'),
      allowed: ['text', 'json'],
      fallback: 'text',
      description: '`json`: one JSON object per log line (stderr).',
    }),
  };
}

/** The transport switch; read on every start, so kept apart from the HTTP front's own variables. */
export function transportVariable(spec: HttpSpec): Variable<'stdio' | 'http'> {
  return choiceVariable({
    name: spec.transportEnv,
    allowed: ['stdio', 'http'],
    fallback: 'stdio',
    description: '`http`: serve Streamable HTTP at `/mcp` (and `/health`) instead of stdio.',
  });
}

/** The variables in the order the README lists them. */
export function listHttpVariables(variables: HttpVariables): Variable[] {
  return Object.values(variables) as Variable[];
}

function serverCredential(target: TargetSpec | undefined): string {
  if (!target) return 'the server-wide credential';
  const names =
    target.auth.kind === 'header-key'
      ? [[target.auth.env]]
      : [
          [target.auth.tokenIdEnv, target.auth.tokenSecretEnv],
          [target.auth.usernameEnv, target.auth.passwordEnv],
        ];
  const [first, ...others] = names.map((group) => group.map((name) => `\`${name}\``).join(' + '));
  return others.length > 0 ? `${first} (or ${others.join(', or ')})` : first!;
}

function readPort(options: { env: Env; name: string; fallback: number }): number {
  const port = readPositiveNumber(options);
  if (!Number.isInteger(port) || port > 65535)
    throw new ConfigError(options.name, `expected a port number 1-65535, got '${port}'`);
  return port;
}

function readNonNegativeSeconds(options: { env: Env; name: string; fallback: number }): number {
  const text = readOptional(options);
  if (text === undefined) return options.fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(options.name, `expected whole seconds (0 turns caching off), got '${text}'`);
  return value;
}

/** At least 32 printable ASCII characters without spaces: long enough that guessing is hopeless. */
function readGateToken(options: { env: Env; name: string }): string {
  const token = readOptional(options);
  if (token === undefined)
    throw new ConfigError(
      options.name,
      'is required over HTTP: a shared secret of at least 32 printable characters that clients send as "Authorization: Bearer <token>"',
    );
  if (token.length < 32)
    throw new ConfigError(options.name, `is too short (${token.length} characters; at least 32 are required)`);
  if (!/^[\x21-\x7e]+$/.test(token)) throw new ConfigError(options.name, 'must be printable ASCII without spaces');
  return token;
}
