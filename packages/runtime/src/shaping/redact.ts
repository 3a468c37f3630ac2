/**
 * Secret redaction: one redactor for every path a text or value takes to the model
 * (results, upstream errors, task logs, describe output, the server's own error
 * messages and log lines). It removes:
 * - the server's own secrets (API key, token secret, password, ticket, CSRF token,
 *   gate token, a caller's own key over HTTP) wherever they appear, always, even
 *   when redaction by key and shape is turned off;
 * - values under keys that name a secret (`password`, `DB_PASS`, `pwd`, `session`,
 *   `auth`, `encryption-key`, `secretAccessKey`, ...), in JSON and in `key=value`,
 *   `key: value` and `--key value` text (compose files, task logs, error bodies);
 * - values that look like secrets whatever their key: PEM private keys,
 *   `user:password@` in URLs, `Bearer`/`Basic` credentials, JWTs, Proxmox tickets
 *   and API token secrets;
 * - environment values (`KEY=value` lists) and Kubernetes Secret data.
 * A speed bump for accidental disclosure; the upstream's own permissions decide
 * what a credential may read.
 */
export const REDACTED = '[redacted]';

/** Own secrets shorter than this are not scrubbed by value: they would match ordinary text. */
const MIN_SECRET_LENGTH = 8;

export interface Redactor {
  /** A JSON value with its secrets replaced (a copy; the input is not changed). */
  value(value: unknown): unknown;
  /** Any text: an error body, a task log, a message. */
  text(text: string): string;
}

export function createRedactor(options: { secrets: () => readonly string[]; byShape: boolean }): Redactor {
  // The secrets are read once per value or text redacted, not once per string inside it.
  const scrubber = () => {
    const own = options.secrets().filter((secret) => secret.length >= MIN_SECRET_LENGTH);
    const scrubOwn = (text: string) => {
      let out = text;
      for (const secret of own) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      return out;
    };
    return options.byShape ? (text: string) => redactText(scrubOwn(text)) : scrubOwn;
  };
  if (!options.byShape) return { value: (value) => mapStrings(value, scrubber()), text: (text) => scrubber()(text) };
  return { value: (value) => visit({ value, key: undefined, text: scrubber() }), text: (text) => scrubber()(text) };
}

/** Redaction by key and shape only, for code that knows no server secrets (tests, the generator). */
export function redact(value: unknown): unknown {
  return visit({ value, key: undefined, text: redactText });
}

/** Words of a key: `secretAccessKey` -> secret, access, key; `DB_PASS` -> db, pass; `X-API-Key` -> x, api, key. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'pass',
  'pwd',
  'secret',
  'token',
  'ticket',
  'csrf',
  'csrfpreventiontoken',
  'authorization',
  'cookie',
  'session',
  'auth',
  'credential',
  'credentials',
  'otp',
  'apikey',
  'privatekey',
  'passcode',
]);
const SECRET_PAIRS = new Set([
  'api key',
  'private key',
  'encryption key',
  'access key',
  'secret key',
  'signing key',
  'client secret',
]);
/** A last word that says the field is about the secret, not the secret itself. */
const NOT_SECRET_LAST = new Set([
  'id',
  'ids',
  'name',
  'names',
  'type',
  'types',
  'count',
  'required',
  'enabled',
  'disabled',
  'expire',
  'expires',
  'expiry',
  'expiration',
  'set',
  'exists',
  'length',
  'ttl',
  'path',
  'file',
  'ref',
  'kind',
  'policy',
  'mode',
  'url',
  'secrets',
  'authorizations',
  'timeout',
  'method',
  'methods',
  'provider',
  'providers',
  'at',
  'date',
  'time',
  'age',
  'lifetime',
  'version',
  'header',
  'endpoint',
  'format',
  'hint',
  'status',
  'changed',
  'validity',
  'duration',
  'user',
  'username',
  'users',
  'strength',
  'realm',
  'scheme',
  'enforced',
  'configured',
  'present',
  'support',
  'supported',
  'last',
  'issuer',
  'location',
]);

/** Keys repeat across the items of an answer: each is judged once (bounded, so hostile keys cannot grow it without end). */
const judged = new Map<string, boolean>();
const MAX_JUDGED = 10_000;

export function isSecretKey(key: string): boolean {
  let secret = judged.get(key);
  if (secret === undefined) {
    secret = judgeKey(key);
    if (judged.size >= MAX_JUDGED) judged.clear();
    judged.set(key, secret);
  }
  return secret;
}

function judgeKey(key: string): boolean {
  const words = keyWords(key);
  if (words.length === 0 || NOT_SECRET_LAST.has(words[words.length - 1]!)) return false;
  if (words.some((word) => SECRET_WORDS.has(word))) return true;
  return words.some((word, index) => index > 0 && SECRET_PAIRS.has(`${words[index - 1]} ${word}`));
}

const ENV_KEYS = new Set(['env', 'environment', 'envvars', 'env_vars']);

interface Visit {
  readonly value: unknown;
  readonly key: string | undefined;
  readonly text: (text: string) => string;
}

function visit(node: Visit): unknown {
  const { value, key, text } = node;
  if (typeof value === 'string') return key !== undefined && value !== '' && isSecretKey(key) ? REDACTED : text(value);
  if (Array.isArray(value))
    return key && ENV_KEYS.has(key.toLowerCase())
      ? value.map((entry) => redactEnvEntry(entry, text))
      : value.map((item) => visit({ value: item, key: undefined, text }));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const isK8sSecret = object.kind === 'Secret' || looksLikeSecretItem(object);
  const out: Record<string, unknown> = {};
  for (const childKey of Object.keys(object)) {
    const child = object[childKey];
    const clean =
      isK8sSecret && (childKey === 'data' || childKey === 'stringData') && child && typeof child === 'object'
        ? maskValues(child as Record<string, unknown>)
        : visit({ value: child, key: childKey, text });
    setField(out, childKey, clean);
  }
  return out;
}

/** Assignment, except for `__proto__`, which is defined as an own field (as JSON.parse does) instead of setting the prototype. */
function setField(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

function mapStrings(value: unknown, text: (text: string) => string): unknown {
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, text));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setField(out, key, mapStrings((value as Record<string, unknown>)[key], text));
  return out;
}

/**
 * Items of a Kubernetes list carry no `kind`: a Secret is recognised by shape,
 * metadata plus a string `type` plus `data` (ConfigMaps have no `type`).
 */
function looksLikeSecretItem(object: Record<string, unknown>): boolean {
  return (
    typeof object.type === 'string' &&
    typeof object.metadata === 'object' &&
    object.metadata !== null &&
    (typeof object.data === 'object' || typeof object.stringData === 'object')
  );
}

/** `DB_PASSWORD=hunter2` -> `DB_PASSWORD=[redacted]`: names help a model, values are what leaks. */
function redactEnvEntry(entry: unknown, text: (text: string) => string): unknown {
  if (typeof entry === 'string')
    return entry.includes('=') ? `${entry.slice(0, entry.indexOf('='))}=${REDACTED}` : text(entry);
  if (entry && typeof entry === 'object' && 'value' in entry) return { ...(entry as object), value: REDACTED };
  return entry;
}

function maskValues(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(data).map((name) => [name, REDACTED]));
}

/** Cheap test first: most strings of an answer contain nothing worth the full patterns. */
const MAYBE_SECRET =
  /pass|pwd|secret|token|key|auth|session|ticket|cookie|csrf|credential|otp|bearer|basic|eyJ|PVE|::|:\/\/|-----BEGIN/i;

const PEM_PRIVATE = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):[^\s/@]*@/gi;
const AUTH_SCHEME = /\b(Bearer|Basic)\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/**
 * Proxmox tickets and API tokens of any product (`PVE:`/`PBS:` tickets; `PVEAPIToken=ID=SECRET`, `PBSAPIToken=ID:SECRET`).
 * No word boundary before a ticket: one glued to a letter (`\nPVE:...` in escaped JSON text) is still a ticket.
 */
const PROXMOX_TICKET = /[A-Z]{3}(?:VNC)?:[^:\s]+:[0-9A-Fa-f]{8}::[A-Za-z0-9+/=]{16,}/g;
const PROXMOX_TOKEN = /([A-Z]{3}APIToken=[^=:\s]+[=:])[^\s'"]+/g;
/** `key=value`, `key: value`, `"key": "value"`: the value is redacted when the key names a secret. */
const KEY_VALUE = /(["']?)([A-Za-z_][\w.-]*)\1(\s*[:=]\s*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s"',;&{}[\]]+)/g;
/** `--password value` on a command line (task logs). */
const OPTION_VALUE = /(--?)([A-Za-z][\w-]*)([ =])("[^"\n]*"|'[^'\n]*'|\S+)/g;

function redactText(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return maskUserinfo(text.replace(PEM_PRIVATE, REDACTED))
    .replace(AUTH_SCHEME, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(PROXMOX_TICKET, REDACTED)
    .replace(PROXMOX_TOKEN, (_match, prefix: string) => `${prefix}${REDACTED}`)
    .replace(KEY_VALUE, (match, quote: string, key: string, separator: string, value: string) =>
      isSecretKey(key) && redactable(value) ? `${quote}${key}${quote}${separator}${requote(value)}` : match,
    )
    .replace(OPTION_VALUE, (match, dashes: string, key: string, separator: string, value: string) =>
      isSecretKey(key) && !value.startsWith('-') ? `${dashes}${key}${separator}${requote(value)}` : match,
    );
}

/** Not already redacted, and not a JSON literal (redacting `true` would break the JSON text it sits in). */
function redactable(value: string): boolean {
  return !value.includes(REDACTED) && !/^(true|false|null|-?\d[\d.eE+-]*)$/.test(value);
}

function requote(value: string): string {
  const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
  return `${quote}${REDACTED}${quote}`;
}

/** `https://user:secret@host` -> `https://user:[redacted]@host`, anywhere in a text. */
export function maskUserinfo(text: string): string {
  return text.replace(USERINFO, (_match, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`);
}
