import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { HttpSpec } from '../catalog/target.js';
import { type Env, readBoolean, readEnum, readList, readOptional, readPositiveNumber } from '../config/env.js';
import { ConfigError } from '../config/errors.js';

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
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host);
}

export function readHttpConfig(options: { spec: HttpSpec; env: Env }): HttpConfig {
  const { spec, env } = options;
  const name = (suffix: string) => `${spec.envPrefix}${suffix}`;
  const host = readOptional({ env, name: name('HTTP_HOST') }) ?? '127.0.0.1';
  const port = readPort({ env, name: name('HTTP_PORT'), fallback: spec.defaultPort });
  const tls = readTls({ env, certName: name('TLS_CERT'), keyName: name('TLS_KEY') });
  const trustProxyTls = readBoolean({ env, name: name('TRUST_PROXY_TLS'), fallback: false });
  const trustedProxies = readList({ env, name: name('FORWARDED_ALLOW_IPS') }) ?? [];
  if (trustProxyTls && trustedProxies.length === 0) throw new ConfigError(name('FORWARDED_ALLOW_IPS'), `is required with ${name('TRUST_PROXY_TLS')}=1 (the proxy addresses to trust)`);
  const plaintextAcknowledged = readBoolean({ env, name: name('DANGEROUSLY_ALLOW_PLAINTEXT_HTTP'), fallback: false });
  if (!isLoopback(host) && !tls && !trustProxyTls && !plaintextAcknowledged) {
    throw new ConfigError(
      name('HTTP_HOST'),
      `binding ${host} (not loopback) needs a TLS posture: ${name('TLS_CERT')} + ${name('TLS_KEY')}, or ${name('TRUST_PROXY_TLS')}=1 with ${name('FORWARDED_ALLOW_IPS')}, or ${name('DANGEROUSLY_ALLOW_PLAINTEXT_HTTP')}=1`,
    );
  }
  return {
    host,
    port,
    gateToken: readGateToken({ env, name: name('AUTH_TOKEN') }),
    allowedHosts: readList({ env, name: name('ALLOWED_HOSTS') }) ?? ['127.0.0.1:*', 'localhost:*', '[::1]:*'],
    // Pages served from this machine may talk to a loopback server; any other page must be listed.
    allowedOrigins: readList({ env, name: name('ALLOWED_ORIGINS') }) ?? ['http://127.0.0.1:*', 'http://localhost:*', 'http://[::1]:*'],
    ...(tls ? { tls } : {}),
    trustedProxies: trustProxyTls ? trustedProxies : [],
    plaintextAcknowledged,
    allowServerCredential: readBoolean({ env, name: name('ALLOW_SERVER_CREDENTIAL'), fallback: false }),
    credentialCacheMs: readNonNegativeSeconds({ env, name: name('AUTH_CACHE_TTL'), fallback: 60 }) * 1000,
    logFormat: readEnum({ env, name: name('LOG_FORMAT'), allowed: ['text', 'json'], fallback: 'text' }),
  };
}

function readPort(options: { env: Env; name: string; fallback: number }): number {
  const port = readPositiveNumber(options);
  if (!Number.isInteger(port) || port > 65535) throw new ConfigError(options.name, `expected a port number 1-65535, got '${port}'`);
  return port;
}

function readNonNegativeSeconds(options: { env: Env; name: string; fallback: number }): number {
  const text = readOptional(options);
  if (text === undefined) return options.fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(options.name, `expected whole seconds (0 turns caching off), got '${text}'`);
  return value;
}

/** At least 32 printable ASCII characters without spaces: long enough that guessing is hopeless. */
function readGateToken(options: { env: Env; name: string }): string {
  const token = readOptional(options);
  if (token === undefined) throw new ConfigError(options.name, 'is required over HTTP: a shared secret of at least 32 printable characters that clients send as "Authorization: Bearer <token>"');
  if (token.length < 32) throw new ConfigError(options.name, `is too short (${token.length} characters; at least 32 are required)`);
  if (!/^[\x21-\x7e]+$/.test(token)) throw new ConfigError(options.name, 'must be printable ASCII without spaces');
  return token;
}

function readTls(options: { env: Env; certName: string; keyName: string }) {
  const certPath = readOptional({ env: options.env, name: options.certName });
  const keyPath = readOptional({ env: options.env, name: options.keyName });
  if (!certPath && !keyPath) return undefined;
  if (!certPath) throw new ConfigError(options.certName, `is required with ${options.keyName}`);
  if (!keyPath) throw new ConfigError(options.keyName, `is required with ${options.certName}`);
  const cert = readPem({ path: certPath, name: options.certName, kind: 'CERTIFICATE' });
  const key = readPem({ path: keyPath, name: options.keyName, kind: 'PRIVATE KEY' });
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(cert);
  } catch (error) {
    throw new ConfigError(options.certName, `is not a readable PEM certificate: ${(error as Error).message}`);
  }
  return { cert, key, selfSigned: parsed.issuer === parsed.subject };
}

function readPem(options: { path: string; name: string; kind: string }): string {
  let text: string;
  try {
    text = readFileSync(options.path, 'utf8');
  } catch (error) {
    throw new ConfigError(options.name, `cannot read ${options.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!text.includes('-----BEGIN') || !text.includes(options.kind)) throw new ConfigError(options.name, `${options.path} is not a PEM ${options.kind.toLowerCase()}`);
  return text;
}

/** `abcd…wxyz`: enough to tell tokens apart in a log, never enough to use one. */
export function maskSecret(secret: string): string {
  return secret.length <= 8 ? '…' : `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}
