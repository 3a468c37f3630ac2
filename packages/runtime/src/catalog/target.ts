import type { SafetyClass } from './types.js';

/** How the server authenticates to the upstream. */
export interface HeaderKeyAuth {
  readonly kind: 'header-key';
  /** Header sent upstream, e.g. `X-API-Key`. */
  readonly header: string;
  /** Environment variable holding the key. */
  readonly env: string;
}

export type AuthSpec = HeaderKeyAuth;

/** A named bundle of upstream tags, selectable at start-up. */
export interface ProfileSpec {
  readonly name: string;
  readonly tags: readonly string[];
}

/** Environment variable names of one target: users keep the names they know from peers. */
export interface TargetEnvNames {
  readonly url: string;
  readonly tlsVerify: string;
  readonly timeout: string;
  readonly profiles: string;
  readonly tagsExtra: string;
  readonly readOnly: string;
  readonly noProxy: string;
  readonly logLevel: string;
}

/** Everything target-specific the runtime needs; emitted as `target.gen.ts`. */
export interface TargetSpec {
  readonly packageName: string;
  readonly packageVersion: string;
  readonly displayName: string;
  readonly upstream: {
    readonly name: string;
    readonly version: string;
    readonly sha256: string;
  };
  /** Appended to the user's base URL, e.g. `/api`. */
  readonly basePath: string;
  readonly auth: AuthSpec;
  readonly env: TargetEnvNames;
  readonly profiles: readonly ProfileSpec[];
  readonly defaultProfiles: readonly string[];
  /** Safety classes served when the server runs read-only. */
  readonly readOnlySafety: readonly SafetyClass[];
  /** Upstream timeout in seconds when the variable is unset. */
  readonly defaultTimeoutSeconds: number;
}
