/**
 * Secret redaction, on by default, applied to every JSON answer and error body
 * before it reaches the model: credentials by key name, environment values
 * (`KEY=value` lists), Kubernetes Secret data, PEM private keys anywhere, and
 * Proxmox tickets and CSRF tokens. A speed bump for accidental disclosure; the
 * upstream's own permissions decide what a credential may read.
 */
export const REDACTED = '[redacted]';

const SECRET_KEY = /(pass(word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|credential|ticket|csrf|authorization|cookie|otp)$/i;
/** Key names that look secret but are not: ids and flags about secrets. */
const NOT_SECRET_KEY = /(id|ids|name|names|type|count|required|enabled|expire|expires|expiry|set|exists|length)$/i;
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
  const isK8sSecret = object.kind === 'Secret' || object.type === 'Opaque' || typeof object.type === 'string' && object.type.startsWith('kubernetes.io/');
  const out: Record<string, unknown> = {};
  for (const [childKey, child] of Object.entries(object)) {
    if (isK8sSecret && (childKey === 'data' || childKey === 'stringData') && child && typeof child === 'object') out[childKey] = maskValues(child as Record<string, unknown>);
    else out[childKey] = visit({ value: child, key: childKey, parent: object });
  }
  return out;
}

function redactString(options: { value: string; key: string | undefined }): string {
  const { value, key } = options;
  if (key && isSecretKey(key) && value !== '') return REDACTED;
  return value.includes('PRIVATE KEY-----') ? value.replace(PEM_PRIVATE, REDACTED) : value;
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
