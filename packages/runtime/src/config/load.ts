import type { AuthConfig } from '../auth/types.js';
import type { TargetSpec } from '../catalog/target.js';
import { type Selection, tagsForProfiles, UnknownProfileError } from '../select.js';
import { type AccessConfig, readAccess } from './access.js';
import { readAuthConfig } from './auth.js';
import { type Env, readBoolean, readEnum, readHttpUrl, readList, readPositiveNumber } from './env.js';
import { ConfigError } from './errors.js';
import type { LogLevel } from '../log.js';
import type { SurfaceLimits, ToolMode } from './tool-mode.js';

/** About 20k tokens: under the 25k-token tool-result limit of Claude Code. */
export const DEFAULT_MAX_RESPONSE_CHARS = 80_000;

/**
 * Auto tool mode lists every tool only while tools/list stays within these; past them it
 * lists what fits plus the discovery tools. 100,000 characters are about 22k tokens (o200k),
 * a tenth of a 200k context; 100 tools is Windsurf's cap and leaves room under VS Code's 128.
 */
export const DEFAULT_TOOL_BUDGET_CHARS = 100_000;
export const DEFAULT_MAX_TOOLS = 100;

/** Node's timers overflow above 2^31-1 ms; a day is more than any upstream call needs. */
const MAX_TIMEOUT_SECONDS = 86_400;

/** Everything the server needs, read and checked once at start-up. */
export interface RuntimeConfig {
  /** User URL with the target's base path, without a trailing slash. */
  readonly baseUrl: URL;
  /** The server-wide credential; absent only over HTTP, where each user may send their own. */
  readonly auth: AuthConfig | undefined;
  readonly tlsVerify: boolean;
  readonly timeoutMs: number;
  readonly access: AccessConfig;
  readonly noProxy: boolean;
  readonly rawApi: boolean;
  readonly selection: Selection;
  readonly logLevel: LogLevel;
  readonly maxResponseChars: number;
  readonly redact: boolean;
  readonly toolMode: ToolMode;
  readonly surfaceLimits: SurfaceLimits;
  /** Tags named in the extra-tags variable, kept for a start-up warning when unknown. */
  readonly extraTags: readonly string[];
}

export function loadConfig(options: { readonly target: TargetSpec; readonly env: Env; readonly credentialRequired?: boolean }): RuntimeConfig {
  const { target, env } = options;
  const names = target.env;
  const access = readAccess({ target, env });
  const extraTags = (names.tagsExtra ? readList({ env, name: names.tagsExtra }) : undefined) ?? [];
  return {
    baseUrl: joinBasePath(readHttpUrl({ env, name: names.url }), target.basePath),
    auth: readAuthConfig({ auth: target.auth, env, required: options.credentialRequired ?? true }),
    tlsVerify: readBoolean({ env, name: names.tlsVerify, fallback: true }),
    timeoutMs: readTimeout({ target, env }) * 1000,
    access,
    noProxy: names.noProxy ? readBoolean({ env, name: names.noProxy, fallback: false }) : false,
    rawApi: names.rawApi && target.rawApi ? readBoolean({ env, name: names.rawApi, fallback: false }) : false,
    selection: {
      tags: profileTags({ target, env, extraTags }),
      ...(access.allowedSafety ? { allowedSafety: access.allowedSafety } : {}),
    },
    logLevel: readEnum({ env, name: names.logLevel, allowed: ['debug', 'info', 'warn', 'error'], fallback: 'info' }),
    maxResponseChars: names.maxResponseChars ? readPositiveNumber({ env, name: names.maxResponseChars, fallback: DEFAULT_MAX_RESPONSE_CHARS }) : DEFAULT_MAX_RESPONSE_CHARS,
    redact: names.exposeSecrets ? !readBoolean({ env, name: names.exposeSecrets, fallback: false }) : true,
    toolMode: names.toolMode ? readEnum<ToolMode>({ env, name: names.toolMode, allowed: ['auto', 'tools', 'discovery'], fallback: 'auto' }) : 'auto',
    surfaceLimits: {
      maxChars: names.toolBudget ? readPositiveNumber({ env, name: names.toolBudget, fallback: DEFAULT_TOOL_BUDGET_CHARS }) : DEFAULT_TOOL_BUDGET_CHARS,
      maxTools: names.maxTools ? readPositiveNumber({ env, name: names.maxTools, fallback: DEFAULT_MAX_TOOLS }) : DEFAULT_MAX_TOOLS,
    },
    extraTags,
  };
}

function readTimeout(options: { target: TargetSpec; env: Env }): number {
  const name = options.target.env.timeout;
  const seconds = readPositiveNumber({ env: options.env, name, fallback: options.target.defaultTimeoutSeconds });
  if (seconds > MAX_TIMEOUT_SECONDS) throw new ConfigError(name, `expected at most ${MAX_TIMEOUT_SECONDS} seconds, got ${seconds}`);
  return seconds;
}

function profileTags(options: { target: TargetSpec; env: Env; extraTags: readonly string[] }): Selection['tags'] {
  const { target, env, extraTags } = options;
  const requested = readList({ env, name: target.env.profiles }) ?? [...target.defaultProfiles];
  try {
    return tagsForProfiles({ requested, profiles: target.profiles, extraTags });
  } catch (error) {
    if (error instanceof UnknownProfileError) throw new ConfigError(target.env.profiles, error.message);
    throw error;
  }
}

/** The base URL always ends without a slash, so that `baseUrl.href + '/path'` is right. */
function joinBasePath(url: URL, basePath: string): URL {
  const joined = new URL(url.href);
  joined.pathname = `${joined.pathname.replace(/\/+$/, '')}${basePath}`;
  joined.search = '';
  joined.hash = '';
  return joined;
}

