import { readFileSync } from 'node:fs';
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { HttpSpec } from '../catalog/target.js';
import type { Env } from '../config/env.js';
import { ConfigError } from '../config/errors.js';
import type { Variable } from '../config/variable.js';
import { httpVariables } from './variables.js';

/** How the server is exposed over HTTP; read and checked once at start-up. */
export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  readonly gateToken: string;
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly tls?: { readonly cert: string; readonly key: string; readonly selfSigned: boolean };
  /** A TLS-terminating proxy in front: peers whose X-Forwarded-* headers are believed. */
  readonly trustedProxies: readonly string[];
  readonly plaintextAcknowledged: boolean;
  readonly allowServerCredential: boolean;
  readonly credentialCacheMs: number;
  readonly logFormat: 'text' | 'json';
  /** The variables that set the address, named when it cannot be bound. */
  readonly addressVariables?: { readonly host: string; readonly port: string };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host);
}

export function readHttpConfig(options: { spec: HttpSpec; env: Env }): HttpConfig {
  const { env } = options;
  const vars = httpVariables({ spec: options.spec });
  const host = vars.host.read(env);
  const port = vars.port.read(env);
  const tls = readTls({ env, cert: vars.tlsCert, key: vars.tlsKey });
  const trustProxyTls = vars.trustProxyTls.read(env);
  const trustedProxies = vars.forwardedAllowIps.read(env) ?? [];
  if (trustProxyTls && trustedProxies.length === 0)
    throw new ConfigError(
      vars.forwardedAllowIps.name,
      `is required with ${vars.trustProxyTls.name}=1 (the proxy addresses to trust)`,
    );
  const plaintextAcknowledged = vars.plaintext.read(env);
  if (!isLoopback(host) && !tls && !trustProxyTls && !plaintextAcknowledged) {
    throw new ConfigError(
      vars.host.name,
      `binding ${host} (not loopback) needs a TLS posture: ${vars.tlsCert.name} + ${vars.tlsKey.name}, or ${vars.trustProxyTls.name}=1 with ${vars.forwardedAllowIps.name}, or ${vars.plaintext.name}=1`,
    );
  }
  return {
    host,
    port,
    gateToken: vars.gateToken.read(env),
    allowedHosts: vars.allowedHosts.read(env) ?? [],
    allowedOrigins: vars.allowedOrigins.read(env) ?? [],
    ...(tls ? { tls } : {}),
    trustedProxies: trustProxyTls ? trustedProxies : [],
    plaintextAcknowledged,
    allowServerCredential: vars.allowServerCredential.read(env),
    credentialCacheMs: vars.credentialCacheSeconds.read(env) * 1000,
    logFormat: vars.logFormat.read(env),
    addressVariables: { host: vars.host.name, port: vars.port.name },
  };
}

function readTls(options: { env: Env; cert: Variable<string | undefined>; key: Variable<string | undefined> }) {
  const certName = options.cert.name;
  const keyName = options.key.name;
  const certPath = options.cert.read(options.env);
  const keyPath = options.key.read(options.env);
  if (!certPath && !keyPath) return undefined;
  if (!certPath) throw new ConfigError(certName, `is required with ${keyName}`);
  if (!keyPath) throw new ConfigError(keyName, `is required with ${certName}`);
  const cert = readPem({ path: certPath, name: certName, kind: 'CERTIFICATE' });
  const key = readPem({ path: keyPath, name: keyName, kind: 'PRIVATE KEY' });
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(cert);
  } catch (error) {
    throw new ConfigError(certName, `is not a readable PEM certificate: ${(error as Error).message}`);
  }
  const keyObject = readPrivateKey({ key, name: keyName });
  if (!parsed.checkPrivateKey(keyObject))
    throw new ConfigError(keyName, `does not match the certificate in ${certName}`);
  return { cert, key, selfSigned: parsed.issuer === parsed.subject };
}

/** Checked at start-up so that a wrong key is one clear line, not a TLS stack trace. */
function readPrivateKey(options: { key: string; name: string }): KeyObject {
  try {
    return createPrivateKey(options.key);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // OpenSSL 3 reports a missing passphrase as an interrupted read; the PEM header says it plainly.
    if (code === 'ERR_MISSING_PASSPHRASE' || /ENCRYPTED|Proc-Type: 4,ENCRYPTED/.test(options.key))
      throw new ConfigError(
        options.name,
        'is an encrypted (passphrase-protected) private key; give an unencrypted key file',
      );
    throw new ConfigError(options.name, `is not a readable private key (${code ?? (error as Error).message})`);
  }
}

function readPem(options: { path: string; name: string; kind: string }): string {
  let text: string;
  try {
    text = readFileSync(options.path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      options.name,
      `cannot read ${options.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (!text.includes('-----BEGIN') || !text.includes(options.kind))
    throw new ConfigError(options.name, `${options.path} is not a PEM ${options.kind.toLowerCase()}`);
  return text;
}

/** `abcd…wxyz`: enough to tell tokens apart in a log, never enough to use one. */
export function maskSecret(secret: string): string {
  return secret.length <= 8 ? '…' : `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}
