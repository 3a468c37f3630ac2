import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createUpstreamAuth } from '../auth/create.js';
import { missingCredentialAuth } from '../auth/none.js';
import type { TargetSpec } from '../catalog/target.js';
import type { ToolSpec } from '../catalog/types.js';
import { type Env, readEnum } from '../config/env.js';
import { CONFIG_EXIT_CODE, ConfigError } from '../config/errors.js';
import { loadConfig, type RuntimeConfig } from '../config/load.js';
import { createHttpClient } from '../http/send.js';
import { createLogger, type LogFormat, type Logger } from '../log.js';
import { selectTools } from '../select.js';
import type { CallContext } from '../tools/context.js';
import { rawApiTool } from '../tools/raw-api.js';
import { createArgumentValidator } from '../tools/validate.js';
import { createMcpServer } from './create-server.js';
import { discoveryListing } from './discovery.js';
import { createRegistry, type ListedTool, type ToolRegistry } from './registry.js';

/** Upper bound on response bytes read from the upstream; protects memory, not the model's context. */
const MAX_UPSTREAM_BODY_BYTES = 16 * 1024 * 1024;

export interface ServerDefinition {
  readonly target: TargetSpec;
  readonly tools: readonly ToolSpec[];
  /** Called once the server has answered its first `tools/list` (stdio) or listens (HTTP); the launcher saves its code cache then. */
  readonly onReady?: () => void;
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
  log.info(`serving ${registry.listed.length} tools for ${target.displayName} at ${context.baseUrl.origin} over stdio (${config.access.allowedSafety ? config.access.setting : 'full access'})`);
  const onListed = options.onReady ? { onListed: once(options.onReady) } : {};
  serveStdio(() => createMcpServer({ identity: identity(target), registry, context, user: 'local', ...onListed, ...(prepared.discovery ? { discovery: prepared.discovery } : {}) }), {
    onerror: (error) => log.error(`transport: ${error.message}`),
  });
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
  /** The three discovery tools, when the server runs in discovery mode. */
  readonly discovery?: readonly ListedTool[];
  readonly context: CallContext;
  readonly log: Logger;
  readonly config: RuntimeConfig;
}

/** Everything that can fail on bad configuration happens here, before serving. */
export function prepare(options: { definition: ServerDefinition; env: Env; transport?: 'stdio' | 'http'; logFormat?: LogFormat }): Prepared {
  const { target, tools } = options.definition;
  const transport = options.transport ?? 'stdio';
  // Over HTTP each user may bring a credential, so the server-wide one is optional.
  const config = loadConfig({ target, env: options.env, credentialRequired: transport === 'stdio' });
  const log = createLogger({ level: config.logLevel, name: target.packageName, ...(options.logFormat ? { format: options.logFormat } : {}) });
  warnUnknownTags({ config, tools, log });
  const served = tools.filter((tool) => !(config.noProxy && tool.kind === 'proxy'));
  const raw = config.rawApi && target.rawApi ? [rawApiTool(target.rawApi)] : [];
  const readsOnly = config.access.allowedSafety !== undefined && config.access.allowedSafety.every((safety) => safety === 'read');
  const registry = createRegistry({ all: tools, enabled: [...selectTools(served, config.selection), ...raw], readsOnly });
  const discovery = config.toolMode === 'discovery' ? { discovery: discoveryListing({ displayName: target.displayName }) } : {};
  return { target, registry, context: callContext({ target, config, log, transport }), log, config, ...discovery };
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

function once(callback: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    callback();
  };
}

function identity(target: TargetSpec) {
  return { name: target.packageName, version: target.packageVersion };
}

function warnUnknownTags(options: { config: RuntimeConfig; tools: readonly ToolSpec[]; log: Logger }): void {
  const known = new Set(options.tools.flatMap((tool) => tool.tags));
  for (const tag of options.config.extraTags) {
    if (!known.has(tag)) options.log.warn(`extra tag '${tag}' matches no tool of this package`);
  }
}
