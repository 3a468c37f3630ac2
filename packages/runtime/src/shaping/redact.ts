/**
 * Secret redaction, on by default, applied to every JSON answer and error body
 * before it reaches the model: credentials by key name, environment values
 * (`KEY=value` lists), Kubernetes Secret data, PEM private keys anywhere, and
 * Proxmox tickets and CSRF tokens. A speed bump for accidental disclosure; the
 * upstream's own permissions decide what a credential may read.
 */
export const REDACTED = '[redacted]';

/** A key naming a secret: the word anywhere in it (`secretAccessKey`, `KubeSecretKey`, `rawAPIKey`)... */
const SECRET_KEY = /(pass(word|wd|phrase)|secret|token|api[-_]?key|private[-_]?key|credential|ticket|csrf|authorization|cookie|^otp$)/i;
/** ...unless it ends in a word saying it is about the secret, not the secret itself. */
const NOT_SECRET_KEY = /(id|ids|name|names|type|types|count|required|enabled|expire|expires|expiry|expiration|set|exists|length|ttl|path|file|ref|kind|policy|mode|url|secrets|authorizations)$/i;
const ENV_KEYS = new Set(['env', 'environment', 'envvars', 'env_vars']);
const PEM_PRIVATE = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;

export function redact(value: unknown): unknown {
  return visit({ value, key: undefined, parent: undefined });
}

interface Visit {
  readonly value: unknown;
  readonly key: string | undefined;
  readonly parent: Record<string, unknown> | undefined;
}

function visit(node: Visit): unknown {
  const { value, key } = node;
  if (typeof value === 'string') return redactString({ value, key });
  if (Array.isArray(value)) return key && ENV_KEYS.has(key.toLowerCase()) ? value.map(redactEnvEntry) : value.map((item) => visit({ value: item, key: undefined, parent: undefined }));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const isK8sSecret = object.kind === 'Secret' || looksLikeSecretItem(object);
  // Object.fromEntries defines own fields: a `__proto__` key stays a field, as in the upstream's JSON.
  return Object.fromEntries(
    Object.entries(object).map(([childKey, child]) =>
      isK8sSecret && (childKey === 'data' || childKey === 'stringData') && child && typeof child === 'object' ? [childKey, maskValues(child as Record<string, unknown>)] : [childKey, visit({ value: child, key: childKey, parent: object })],
    ),
  );
}

function redactString(options: { value: string; key: string | undefined }): string {
  const { value, key } = options;
  if (key && isSecretKey(key) && value !== '') return REDACTED;
  return value.includes('PRIVATE KEY-----') ? value.replace(PEM_PRIVATE, REDACTED) : value;
}

/**
 * Items of a Kubernetes list carry no `kind`: a Secret is recognised by shape,
 * metadata plus a string `type` plus `data` (ConfigMaps have no `type`).
 */
function looksLikeSecretItem(object: Record<string, unknown>): boolean {
  return typeof object.type === 'string' && typeof object.metadata === 'object' && object.metadata !== null && (typeof object.data === 'object' || typeof object.stringData === 'object');
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key);
}

/** `DB_PASSWORD=hunter2` -> `DB_PASSWORD=[redacted]`: names help a model, values are what leaks. */
function redactEnvEntry(entry: unknown): unknown {
  if (typeof entry === 'string') return entry.includes('=') ? `${entry.slice(0, entry.indexOf('='))}=${REDACTED}` : entry;
  if (entry && typeof entry === 'object' && 'value' in entry) return { ...(entry as object), value: REDACTED };
  return entry;
}

function maskValues(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(data).map((name) => [name, REDACTED]));
}

/** `https://user:secret@host` -> `https://user:[redacted]@host`, anywhere in a text. */
export function maskUserinfo(text: string): string {
  return text.replace(USERINFO, (_match, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`);
}

const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):[^\s/@]*@/gi;
