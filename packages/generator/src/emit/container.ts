import { httpVariables, type TargetSpec } from '@mcpgen/runtime';

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

export function containerModel(options: {
  target: TargetSpec;
  binFile: string;
  description: string;
}): ContainerModel | undefined {
  const { target } = options;
  const http = target.http;
  if (!http) return undefined;
  const vars = httpVariables({ spec: http, target });
  return {
    baseImage: 'node:24-alpine',
    appDir: APP_DIR,
    user: '1000:1000',
    port: http.defaultPort,
    env: [
      { name: vars.transport.name, value: 'http' },
      { name: vars.host.name, value: '0.0.0.0' },
      { name: vars.port.name, value: String(http.defaultPort) },
      { name: vars.logFormat.name, value: 'json' },
    ],
    required: [
      { name: target.env.url, meaning: `base URL of ${target.displayName}` },
      {
        name: vars.gateToken.name,
        meaning: 'gate token, at least 32 characters; clients send "Authorization: Bearer <token>"',
      },
      {
        name: vars.allowedHosts.name,
        meaning: `the Host header clients send, e.g. ${vars.allowedHosts.example} (no port for 443; default: loopback only)`,
      },
    ],
    postures: [
      `${vars.trustProxyTls.name}=1 and ${vars.forwardedAllowIps.name}=<proxy addresses>: a TLS-terminating proxy in front`,
      `${vars.tlsCert.name} + ${vars.tlsKey.name}: paths of PEM files mounted read-only into the container; serves HTTPS itself`,
      `${vars.plaintext.name}=1: plaintext on a trusted network only`,
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
  const vars = httpVariables({ spec: http });
  return [
    `const s=process.env.${vars.tlsCert.name};`,
    `require(s?'https':'http').get({host:'127.0.0.1',port:process.env.${vars.port.name}||${http.defaultPort},path:'/health',rejectUnauthorized:false,timeout:4000},`,
    `(r)=>process.exit(r.statusCode===200?0:1)).on('timeout',()=>process.exit(1)).on('error',()=>process.exit(1))`,
  ].join('');
}

/** What a user puts in the per-user credential header. */
export function credentialHeaderValue(target: TargetSpec): string {
  return target.auth.kind === 'header-key'
    ? 'API key'
    : `API token as \`USER@REALM!TOKENID${target.auth.token.separator}SECRET\``;
}
