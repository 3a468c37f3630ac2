import type { AuthConfig } from '../auth/types.js';
import type { TargetSpec } from '../catalog/target.js';
import { type Selection, tagsForProfiles, UnknownProfileError } from '../select.js';
import { type AccessConfig, readAccess } from './access.js';
import { readAuthConfig } from './auth.js';
import type { Env } from './env.js';
import { ConfigError } from './errors.js';
import type { LogLevel } from '../log.js';
import type { SurfaceLimits, ToolMode } from './tool-mode.js';
import type { SchemaDialect } from '../dialects/types.js';
import {
  DEFAULT_MAX_RESPONSE_CHARS,
  DEFAULT_MAX_TOOLS,
  DEFAULT_TOOL_BUDGET_CHARS,
  serverVariables,
} from './variables.js';

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
  /** The shape of the listed input schemas (and of the arguments calls arrive in). */
  readonly schemaDialect: SchemaDialect;
  /** Tags named in the extra-tags variable, kept for a start-up warning when unknown. */
  readonly extraTags: readonly string[];
}

export function loadConfig(options: {
  readonly target: TargetSpec;
  readonly env: Env;
  readonly credentialRequired?: boolean;
}): RuntimeConfig {
  const { target, env } = options;
  const vars = serverVariables(target);
  const access = readAccess({ target, env, vars });
  const extraTags = vars.tagsExtra?.read(env) ?? [];
  return {
    baseUrl: joinBasePath(vars.url.read(env), target.basePath),
    auth: readAuthConfig({ auth: target.auth, env, required: options.credentialRequired ?? true }),
    tlsVerify: vars.tlsVerify.read(env),
    timeoutMs: vars.timeout.read(env) * 1000,
    access,
    noProxy: vars.noProxy?.read(env) ?? false,
    rawApi: vars.rawApi?.read(env) ?? false,
    selection: {
      tags: profileTags({ target, requested: vars.profiles.read(env) ?? [], extraTags }),
      ...(access.allowedSafety ? { allowedSafety: access.allowedSafety } : {}),
    },
    logLevel: vars.logLevel.read(env),
    maxResponseChars: vars.maxResponseChars?.read(env) ?? DEFAULT_MAX_RESPONSE_CHARS,
    redact: !(vars.exposeSecrets?.read(env) ?? false),
    toolMode: vars.toolMode?.read(env) ?? 'auto',
    surfaceLimits: {
      maxChars: vars.toolBudget?.read(env) ?? DEFAULT_TOOL_BUDGET_CHARS,
      maxTools: vars.maxTools?.read(env) ?? DEFAULT_MAX_TOOLS,
    },
    schemaDialect: vars.schemaDialect?.read(env) ?? 'default',
    extraTags,
  };
}

function profileTags(options: {
  target: TargetSpec;
  requested: readonly string[];
  extraTags: readonly string[];
}): Selection['tags'] {
  const { target, requested, extraTags } = options;
  try {
    return tagsForProfiles({ requested: [...requested], profiles: target.profiles, extraTags });
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
