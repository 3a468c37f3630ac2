import type { TargetSpec } from '@mcpgen/runtime';
import type { VariableDoc } from './env-doc.js';

/**
 * The container image of a package: the bundled server over Streamable HTTP, as the runtime's
 * serve-http reads its variables (`<envPrefix><NAME>`). Only non-secret, posture-neutral settings are
 * baked in; the gate token, the upstream URL and credential, and the TLS posture are the operator's.
 */
export interface ContainerModel {
  /** A Node.js LTS line (supported to April 2028) that satisfies the packages' engines (>= 20.19); tag, not digest: pin a digest when mirroring. */
  readonly baseImage: string;
  /** Folder in the image holding package.json (for `"type": "module"`), dist/, README.md, LICENSE. */
  readonly appDir: string;
  /** Numeric, so that Kubernetes' runAsNonRoot can check it: the `node` user of the official images. */
  readonly user: string;
  readonly port: number;
  /** `ENV` lines: transport on, bind all interfaces, the port, JSON logs. */
  readonly env: readonly { name: string; value: string }[];
  /** Variables the operator must set, for the comment block. */
  readonly required: readonly { name: string; meaning: string }[];
  /** The three accepted TLS postures; the server refuses a non-loopback bind without one (exit 2). */
  readonly postures: readonly string[];
  readonly labels: readonly { name: string; value: string }[];
  /** Exec-form HEALTHCHECK command (JSON array). */
  readonly healthcheck: readonly string[];
  readonly entrypoint: readonly string[];
}

const APP_DIR = '/app';

type HttpSpec = NonNullable<TargetSpec['http']>;

export function containerModel(options: { target: TargetSpec; binFile: string; description: string }): ContainerModel | undefined {
  const { target } = options;
  const http = target.http;
  if (!http) return undefined;
  const v = (suffix: string) => `${http.envPrefix}${suffix}`;
  return {
    baseImage: 'node:24-alpine',
    appDir: APP_DIR,
    user: '1000:1000',
    port: http.defaultPort,
    env: [
      { name: http.transportEnv, value: 'http' },
      { name: v('HTTP_HOST'), value: '0.0.0.0' },
      { name: v('HTTP_PORT'), value: String(http.defaultPort) },
      { name: v('LOG_FORMAT'), value: 'json' },
    ],
    required: [
      { name: target.env.url, meaning: `base URL of ${target.displayName}` },
      { name: v('AUTH_TOKEN'), meaning: 'gate token, at least 32 characters; clients send "Authorization: Bearer <token>"' },
      { name: v('ALLOWED_HOSTS'), meaning: 'the Host header clients send, e.g. mcp.example.com (no port for 443; default: loopback only)' },
    ],
    postures: [
      `${v('TRUST_PROXY_TLS')}=1 and ${v('FORWARDED_ALLOW_IPS')}=<proxy addresses>: a TLS-terminating proxy in front`,
      `${v('TLS_CERT')} + ${v('TLS_KEY')}: paths of PEM files mounted read-only into the container; serves HTTPS itself`,
      `${v('DANGEROUSLY_ALLOW_PLAINTEXT_HTTP')}=1: plaintext on a trusted network only`,
    ],
    labels: [
      { name: 'org.opencontainers.image.title', value: target.packageName },
      { name: 'org.opencontainers.image.version', value: target.packageVersion },
      { name: 'org.opencontainers.image.description', value: options.description },
      { name: 'org.opencontainers.image.licenses', value: 'MIT' },
    ],
    healthcheck: ['node', '-e', healthProbe(http)],
    entrypoint: ['node', `${APP_DIR}/${options.binFile}`],
  };
}

/**
 * GET /health on the loopback address with Node itself (the image has no curl), over HTTPS when the
 * server serves TLS. The certificate is not verified: it names the public host, not 127.0.0.1, and
 * the probe sends nothing secret.
 */
function healthProbe(http: HttpSpec): string {
  const v = (suffix: string) => `process.env.${http.envPrefix}${suffix}`;
  return [
    `const s=${v('TLS_CERT')};`,
    `require(s?'https':'http').get({host:'127.0.0.1',port:${v('HTTP_PORT')}||${http.defaultPort},path:'/health',rejectUnauthorized:false,timeout:4000},`,
    `(r)=>process.exit(r.statusCode===200?0:1)).on('timeout',()=>process.exit(1)).on('error',()=>process.exit(1))`,
  ].join('');
}

/** What a user puts in the per-user credential header. */
export function credentialHeaderValue(target: TargetSpec): string {
  return target.auth.kind === 'header-key' ? 'API key' : `API token as \`USER@REALM!TOKENID${target.auth.token.separator}SECRET\``;
}

/** The HTTP serving variables, for the README (names built like the runtime's serve-http/config.ts). */
export function documentHttpVariables(target: TargetSpec): VariableDoc[] {
  const http = target.http;
  if (!http) return [];
  const v = (suffix: string) => `${http.envPrefix}${suffix}`;
  const auth = target.auth;
  const credential = auth.kind === 'header-key' ? `\`${auth.env}\`` : `\`${auth.tokenIdEnv}\` + \`${auth.tokenSecretEnv}\` (or \`${auth.usernameEnv}\` + \`${auth.passwordEnv}\`)`;
  return [
    { name: http.transportEnv, fallback: '`stdio`', meaning: '`http`: serve Streamable HTTP at `/mcp` (and `/health`) instead of stdio.' },
    { name: v('HTTP_HOST'), fallback: '`127.0.0.1`', meaning: 'Address to bind. Anything but loopback needs one TLS posture (above), else start-up error.' },
    { name: v('HTTP_PORT'), fallback: `\`${http.defaultPort}\``, meaning: 'Port to listen on.' },
    { name: v('AUTH_TOKEN'), fallback: '(required)', meaning: 'Gate token, at least 32 printable characters; clients send `Authorization: Bearer <token>`.' },
    { name: v('TLS_CERT'), fallback: '(none)', meaning: `Path of a PEM certificate; with \`${v('TLS_KEY')}\` the server speaks HTTPS itself.` },
    { name: v('TLS_KEY'), fallback: '(none)', meaning: `Path of the PEM private key for \`${v('TLS_CERT')}\`.` },
    { name: v('TRUST_PROXY_TLS'), fallback: '`0`', meaning: `\`1\`: TLS is terminated by a proxy in front; needs \`${v('FORWARDED_ALLOW_IPS')}\`.` },
    { name: v('FORWARDED_ALLOW_IPS'), fallback: '(none)', meaning: 'Comma-separated addresses of that proxy.' },
    { name: v('DANGEROUSLY_ALLOW_PLAINTEXT_HTTP'), fallback: '`0`', meaning: '`1`: serve plaintext on a non-loopback address (tokens and data cross the network unencrypted).' },
    { name: v('ALLOWED_HOSTS'), fallback: '`127.0.0.1:*,localhost:*,[::1]:*`', meaning: 'Accepted `Host` headers as clients send them: `host` (default port), `host:port` or `host:*`; others get 421.' },
    { name: v('ALLOWED_ORIGINS'), fallback: '(none)', meaning: 'Browser origins allowed to call; requests with another `Origin` get 403.' },
    { name: v('ALLOW_SERVER_CREDENTIAL'), fallback: '`0`', meaning: `\`1\`: requests without \`${http.userCredentialHeader}\` use ${credential}.` },
    { name: v('AUTH_CACHE_TTL'), fallback: '`60`', meaning: 'Seconds a checked user credential is cached; `0` checks every request.' },
    { name: v('LOG_FORMAT'), fallback: '`text`', meaning: '`json`: one JSON object per log line (stderr).' },
  ];
}
