import { ConfigError } from '../config/errors.js';
import { createUpstreamAuth } from '../auth/create.js';
import { missingCredentialAuth } from '../auth/none.js';
import type { TargetSpec } from '../catalog/target.js';
import {
  type CatalogTool,
  entryOf,
  lazyTools,
  type PrecomputedListing,
  type ToolCatalog,
  type ToolSpec,
} from '../catalog/types.js';
import type { Env } from '../config/env.js';
import { loadConfig, type RuntimeConfig } from '../config/load.js';
import { createHttpClient } from '../http/send.js';
import { createLogger, type LogFormat, type Logger } from '../log.js';
import { createRedactor } from '../shaping/redact.js';
import { selectTools } from '../select.js';
import type { CallContext } from '../tools/context.js';
import { rawApiTool } from '../tools/raw-api-spec.js';
import { createArgumentValidator } from '../tools/validate.js';
import type { ServerIdentity } from './create-server.js';
import { serverInstructions } from './instructions.js';
import { createRegistry, type ToolRegistry } from './registry.js';
import { chooseSurface, coreTagsOf, type ToolSurface } from './surface.js';
import { servedDialect } from '../dialects/choose.js';
import type { DialectSource, ServedDialectName } from '../dialects/types.js';

/** Upper bound on response bytes read from the upstream; protects memory, not the model's context. */
const MAX_UPSTREAM_BODY_BYTES = 16 * 1024 * 1024;

export interface ServerDefinition {
  readonly target: TargetSpec;
  /** Every tool of the package: full specs, or (generated servers) an index plus specs built on first use. */
  readonly tools: readonly ToolSpec[] | ToolCatalog;
  /** Called once the server has served its first `tools/list` or `tools/call` (stdio) or listens (HTTP); the launcher saves its code cache then. */
  readonly onReady?: () => void;
  /** `precomputeListing(tools)`, made at generation; without it the listing is computed at start-up. */
  readonly listing?: PrecomputedListing;
  /** JSON of the search index, made at generation (`dist/search.json`); called on the first search only. */
  readonly search?: () => string;
  /** Each schema dialect's generated data (dist/<dialect>.listing.json, .calls.json), read only when that dialect is served. */
  readonly dialects?: Readonly<Partial<Record<ServedDialectName, DialectSource>>>;
}

export interface Prepared {
  readonly target: TargetSpec;
  readonly registry: ToolRegistry;
  /** What tools/list serves: every tool, or what fits plus the discovery tools. */
  readonly surface: ToolSurface;
  readonly context: CallContext;
  readonly log: Logger;
  readonly config: RuntimeConfig;
}

/** Everything that can fail on bad configuration happens here, before serving. */
export function prepare(options: {
  definition: ServerDefinition;
  env: Env;
  transport?: 'stdio' | 'http';
  logFormat?: LogFormat;
  /** Secrets the transport holds (the HTTP gate token): scrubbed wherever they appear, like the upstream credential. */
  transportSecrets?: readonly string[];
}): Prepared {
  const { target } = options.definition;
  const tools = catalogTools(options.definition.tools);
  const transport = options.transport ?? 'stdio';
  // Over HTTP each user may bring a credential, so the server-wide one is optional.
  const config = loadConfig({ target, env: options.env, credentialRequired: transport === 'stdio' });
  const secrets = [...ownSecrets(config), ...(options.transportSecrets ?? [])];
  const scrub = createRedactor({ secrets: () => secrets, byShape: true }).text;
  const log = createLogger({
    level: config.logLevel,
    name: target.packageName,
    scrub,
    ...(options.logFormat ? { format: options.logFormat } : {}),
  });
  refuseUnknownTags({ config, tools, variable: target.env.tagsExtra });
  const served = tools.filter((tool) => !(config.noProxy && entryOf(tool).kind === 'proxy'));
  const raw = config.rawApi && target.rawApi ? [rawApiTool(target.rawApi)] : [];
  const readsOnly =
    config.access.allowedSafety !== undefined && config.access.allowedSafety.every((safety) => safety === 'read');
  const dialect = servedDialect({ target, chosen: config.schemaDialect, sources: options.definition.dialects });
  // A dialect brings its own listing, made at generation.
  const precomputed = options.definition.listing && !dialect ? { precomputed: options.definition.listing } : {};
  const selected = new Set(selectTools(served.map(entryOf), config.selection).map((entry) => entry.name));
  const search = options.definition.search ? { searchIndex: options.definition.search } : {};
  const registry = createRegistry({
    all: tools,
    enabled: [...served.filter((tool) => selected.has(entryOf(tool).name)), ...raw],
    readsOnly,
    ...precomputed,
    ...search,
    ...(dialect ? { dialect } : {}),
  });
  const surface = chooseSurface({
    registry,
    mode: config.toolMode,
    limits: config.surfaceLimits,
    displayName: target.displayName,
    coreTags: coreTagsOf(target),
    ...(target.coreTools ? { coreTools: target.coreTools } : {}),
    ...(dialect ? { discoverySchemas: dialect.discovery } : {}),
  });
  return {
    target,
    registry,
    surface,
    context: { ...callContext({ target, config, log, transport, secrets }), secrets },
    log,
    config,
  };
}

/** The secret values of the server-wide credential: never shown to the model, whatever field or text they turn up in. */
function ownSecrets(config: RuntimeConfig): readonly string[] {
  const auth = config.auth;
  if (!auth) return [];
  if (auth.kind === 'header-key') return [auth.value];
  // The whole token as the header carries it, in the target's own format (`=` for Proxmox VE, `:` for Backup Server).
  return auth.kind === 'proxmox-token'
    ? [auth.secret, `${auth.tokenId}${auth.spec.token.separator}${auth.secret}`]
    : [auth.password];
}

function callContext(options: {
  target: TargetSpec;
  config: RuntimeConfig;
  log: Logger;
  transport: 'stdio' | 'http';
  secrets: readonly string[];
}): CallContext {
  const { target, config, log, secrets } = options;
  const send = createHttpClient({
    timeoutMs: config.timeoutMs,
    tlsVerify: config.tlsVerify,
    maxBodyBytes: MAX_UPSTREAM_BODY_BYTES,
  });
  const wire = target.wire ?? {};
  return {
    baseUrl: config.baseUrl,
    send,
    auth: config.auth
      ? createUpstreamAuth({ config: config.auth, baseUrl: config.baseUrl, send })
      : missingCredentialAuth({ header: target.http?.userCredentialHeader ?? 'credential' }),
    validator: createArgumentValidator(),
    guard: { allowedSafety: config.access.allowedSafety, setting: config.access.setting },
    shape: {
      maxChars: config.maxResponseChars,
      redact: config.redact,
      redactor: createRedactor({ secrets: () => secrets, byShape: config.redact }),
      ...(wire.envelope ? { envelope: wire.envelope } : {}),
      ...(wire.statusNotes ? { statusNotes: wire.statusNotes } : {}),
    },
    wire: { ...(wire.booleans ? { booleans: wire.booleans } : {}) },
    log,
    // A file part may name a local path only when the server runs on the user's own machine (stdio):
    // over HTTP that would let any caller upload files from the server's disk.
    allowLocalFiles: options.transport === 'stdio',
    disabledHint: disabledHint(target),
    ...(target.tasks ? { tasks: target.tasks } : {}),
  };
}

function disabledHint(target: TargetSpec): string {
  const settings = [target.env.profiles, target.env.tagsExtra, target.env.noProxy].filter(Boolean).join(', ');
  return `it is outside the selected tools (${settings})`;
}

/** "204 tools", or "97 tools + discovery over 110 more" in auto mode past the budget. */
export function describeSurface(prepared: Prepared): string {
  const { surface } = prepared;
  const listed = surface.count ?? surface.listing.length;
  return surface.discovery ? `${listed} tools (discovery over ${surface.unlisted} unlisted)` : `${listed} tools`;
}

/** Name, version and instructions the server gives in `initialize`. */
export function identity(prepared: Prepared): ServerIdentity {
  const { target, surface } = prepared;
  return {
    name: target.packageName,
    version: target.packageVersion,
    instructions: serverInstructions({ target, surface }),
  };
}

/** Arrays of full specs are used as they are; a catalogue becomes lazy tools over its index. */
function catalogTools(tools: readonly ToolSpec[] | ToolCatalog): readonly CatalogTool[] {
  return 'index' in tools ? lazyTools(tools) : tools;
}

/** An extra tag no tool of the package has is a typo: refused, naming the variable, like every other bad variable. */
function refuseUnknownTags(options: {
  config: RuntimeConfig;
  tools: readonly CatalogTool[];
  variable: string | undefined;
}): void {
  const { config, variable } = options;
  if (!variable || config.extraTags.length === 0) return;
  const known = new Set(options.tools.flatMap((tool) => entryOf(tool).tags));
  const unknown = config.extraTags.filter((tag) => !known.has(tag));
  if (unknown.length > 0)
    throw new ConfigError(
      variable,
      `unknown tag${unknown.length > 1 ? 's' : ''} ${unknown.map((tag) => `'${tag}'`).join(', ')} (known: ${[...known].sort().join(', ')})`,
    );
}
