import './zod-config.js';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createUpstreamAuth } from '../auth/create.js';
import { missingCredentialAuth } from '../auth/none.js';
import type { TargetSpec } from '../catalog/target.js';
import { type CatalogTool, entryOf, lazyTools, type ToolCatalog, type ToolSpec } from '../catalog/types.js';
import { type Env, readEnum } from '../config/env.js';
import { CONFIG_EXIT_CODE, ConfigError } from '../config/errors.js';
import { loadConfig, type RuntimeConfig } from '../config/load.js';
import { createHttpClient } from '../http/send.js';
import { createLogger, type LogFormat, type Logger } from '../log.js';
import { selectTools } from '../select.js';
import type { CallContext } from '../tools/context.js';
import { rawApiTool } from '../tools/raw-api.js';
import { createArgumentValidator } from '../tools/validate.js';
import { createMcpServer, type ServerIdentity } from './create-server.js';
import { createRegistry, type PrecomputedListing, type ToolRegistry } from './registry.js';
import { chooseSurface, coreTagsOf, type ToolSurface } from './surface.js';
import { serverInstructions } from './instructions.js';

/** Upper bound on response bytes read from the upstream; protects memory, not the model's context. */
const MAX_UPSTREAM_BODY_BYTES = 16 * 1024 * 1024;

export interface ServerDefinition {
  readonly target: TargetSpec;
  /** Every tool of the package: full specs, or (generated servers) an index plus specs built on first use. */
  readonly tools: readonly ToolSpec[] | ToolCatalog;
  /** Called once the server has served its first `tools/list` or `tools/call` (stdio) or listens (HTTP); the launcher saves its code cache then. */
  readonly onReady?: () => void;
  /** JSON of `precomputeListing(tools)`, emitted at generation; without it the listing is computed at start-up. */
  readonly listing?: string;
}

/** Entry point of every generated server: read the environment, select tools, serve stdio or HTTP. */
export async function runServer(definition: ServerDefinition, env: Env = process.env): Promise<void> {
  try {
    const transport = readTransport({ target: definition.target, env });
    if (transport === 'http') await startHttp({ definition, env });
    else startStdio({ prepared: prepare({ definition, env }), ...(definition.onReady ? { onReady: definition.onReady } : {}) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${definition.target.packageName}: configuration error: ${error.message}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
}

function readTransport(options: { target: TargetSpec; env: Env }): 'stdio' | 'http' {
  const name = options.target.http?.transportEnv;
  return name ? readEnum({ env: options.env, name, allowed: ['stdio', 'http'], fallback: 'stdio' }) : 'stdio';
}

function startStdio(options: { prepared: Prepared; onReady?: () => void }): void {
  const { prepared } = options;
  const { registry, context, log, config, target } = prepared;
  // Logged on the next turn of the event loop: opening stderr costs milliseconds a client would
  // otherwise wait for before its first answer.
  setImmediate(() => log.info(`serving ${describeSurface(prepared)} for ${target.displayName} at ${context.baseUrl.origin} over stdio (${config.access.allowedSafety ? config.access.setting : 'full access'})`));
  const onServed = options.onReady ? { onServed: once(options.onReady) } : {};
  serveStdio(() => createMcpServer({ identity: identity(prepared), registry, context, user: 'local', surface: prepared.surface, ...onServed }), {
    onerror: (error) => log.error(`transport: ${error.message}`),
  });
  // Clients stop a stdio server by closing stdin or with SIGTERM: exit normally, so that exit hooks
  // (the launcher's code cache) run instead of the process dying mid-way.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
}

async function startHttp(options: { definition: ServerDefinition; env: Env }): Promise<void> {
  const { target } = options.definition;
  // Loaded only here, so that stdio start-up never pays for the HTTP stack.
  const [{ readHttpConfig }, { serveHttp }] = await Promise.all([import('../serve-http/config.js'), import('../serve-http/server.js')]);
  const http = readHttpConfig({ spec: target.http!, env: options.env });
  const prepared = prepare({ ...options, transport: 'http', logFormat: http.logFormat });
  const running = await serveHttp({ prepared, target, http });
  options.definition.onReady?.();
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
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
export function prepare(options: { definition: ServerDefinition; env: Env; transport?: 'stdio' | 'http'; logFormat?: LogFormat }): Prepared {
  const { target } = options.definition;
  const tools = catalogTools(options.definition.tools);
  const transport = options.transport ?? 'stdio';
  // Over HTTP each user may bring a credential, so the server-wide one is optional.
  const config = loadConfig({ target, env: options.env, credentialRequired: transport === 'stdio' });
  const log = createLogger({ level: config.logLevel, name: target.packageName, ...(options.logFormat ? { format: options.logFormat } : {}) });
  warnUnknownTags({ config, tools, log });
  const served = tools.filter((tool) => !(config.noProxy && entryOf(tool).kind === 'proxy'));
  const raw = config.rawApi && target.rawApi ? [rawApiTool(target.rawApi)] : [];
  const readsOnly = config.access.allowedSafety !== undefined && config.access.allowedSafety.every((safety) => safety === 'read');
  const precomputed = options.definition.listing === undefined ? {} : { precomputed: JSON.parse(options.definition.listing) as PrecomputedListing };
  const selected = new Set(selectTools(served.map(entryOf), config.selection).map((entry) => entry.name));
  const registry = createRegistry({ all: tools, enabled: [...served.filter((tool) => selected.has(entryOf(tool).name)), ...raw], readsOnly, ...precomputed });
  const surface = chooseSurface({ registry, mode: config.toolMode, limits: config.surfaceLimits, displayName: target.displayName, coreTags: coreTagsOf(target) });
  return { target, registry, surface, context: callContext({ target, config, log, transport }), log, config };
}

function callContext(options: { target: TargetSpec; config: RuntimeConfig; log: Logger; transport: 'stdio' | 'http' }): CallContext {
  const { target, config, log } = options;
  const send = createHttpClient({ timeoutMs: config.timeoutMs, tlsVerify: config.tlsVerify, maxBodyBytes: MAX_UPSTREAM_BODY_BYTES });
  const wire = target.wire ?? {};
  return {
    baseUrl: config.baseUrl,
    send,
    auth: config.auth ? createUpstreamAuth({ config: config.auth, baseUrl: config.baseUrl, send }) : missingCredentialAuth({ header: target.http?.userCredentialHeader ?? 'credential' }),
    validator: createArgumentValidator(),
    guard: { allowedSafety: config.access.allowedSafety, setting: config.access.setting },
    shape: { maxChars: config.maxResponseChars, redact: config.redact, ...(wire.envelope ? { envelope: wire.envelope } : {}), ...(wire.statusNotes ? { statusNotes: wire.statusNotes } : {}) },
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
  const listed = surface.listing.length;
  return surface.discovery ? `${listed} tools (discovery over ${surface.unlisted} unlisted)` : `${listed} tools`;
}

function once(callback: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    callback();
  };
}

/** Name, version and instructions the server gives in `initialize`. */
export function identity(prepared: Prepared): ServerIdentity {
  const { target, surface } = prepared;
  return { name: target.packageName, version: target.packageVersion, instructions: serverInstructions({ target, surface }) };
}

/** Arrays of full specs are used as they are; a catalogue becomes lazy tools over its index. */
function catalogTools(tools: readonly ToolSpec[] | ToolCatalog): readonly CatalogTool[] {
  return 'index' in tools ? lazyTools(tools) : tools;
}

function warnUnknownTags(options: { config: RuntimeConfig; tools: readonly CatalogTool[]; log: Logger }): void {
  const known = new Set(options.tools.flatMap((tool) => entryOf(tool).tags));
  for (const tag of options.config.extraTags) {
    if (!known.has(tag)) options.log.warn(`extra tag '${tag}' matches no tool of this package`);
  }
}
