import type { TargetSpec } from '../catalog/target.js';
import type { SafetyClass } from '../catalog/types.js';
import { type Selection, tagsForProfiles, UnknownProfileError } from '../select.js';
import { type Env, readBoolean, readEnum, readHttpUrl, readList, readPositiveNumber, readRequired } from './env.js';
import { ConfigError } from './errors.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Everything the server needs, read and checked once at start-up. */
export interface RuntimeConfig {
  /** User URL with the target's base path, without a trailing slash. */
  readonly baseUrl: URL;
  readonly credential: string;
  readonly tlsVerify: boolean;
  readonly timeoutMs: number;
  readonly readOnly: boolean;
  readonly noProxy: boolean;
  readonly selection: Selection;
  readonly logLevel: LogLevel;
  /** Tags named in the extra-tags variable, kept for a start-up warning when unknown. */
  readonly extraTags: readonly string[];
}

export function loadConfig(options: { readonly target: TargetSpec; readonly env: Env }): RuntimeConfig {
  const { target, env } = options;
  const names = target.env;
  const readOnly = readBoolean({ env, name: names.readOnly, fallback: false });
  const extraTags = readList({ env, name: names.tagsExtra }) ?? [];
  return {
    baseUrl: joinBasePath(readHttpUrl({ env, name: names.url }), target.basePath),
    credential: readRequired({ env, name: target.auth.env }),
    tlsVerify: readBoolean({ env, name: names.tlsVerify, fallback: true }),
    timeoutMs: readPositiveNumber({ env, name: names.timeout, fallback: target.defaultTimeoutSeconds }) * 1000,
    readOnly,
    noProxy: readBoolean({ env, name: names.noProxy, fallback: false }),
    selection: {
      tags: profileTags({ target, env, extraTags }),
      ...(readOnly ? { allowedSafety: readOnlySafety(target) } : {}),
    },
    logLevel: readEnum({ env, name: names.logLevel, allowed: ['debug', 'info', 'warn', 'error'], fallback: 'info' }),
    extraTags,
  };
}

function readOnlySafety(target: TargetSpec): readonly SafetyClass[] {
  return target.readOnlySafety;
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

function joinBasePath(url: URL, basePath: string): URL {
  const joined = new URL(url.href);
  joined.pathname = `${joined.pathname.replace(/\/+$/, '')}${basePath}`;
  joined.search = '';
  joined.hash = '';
  return joined;
}
