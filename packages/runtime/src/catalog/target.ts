import type { SafetyClass } from './types.js';

/** A static key sent in one header (Portainer `X-API-Key`). */
export interface HeaderKeyAuth {
  readonly kind: 'header-key';
  /** Header sent upstream, e.g. `X-API-Key`. */
  readonly header: string;
  /** Environment variable holding the key. */
  readonly env: string;
}

/**
 * Proxmox VE: an API token (`Authorization: PVEAPIToken=USER@REALM!ID=SECRET`),
 * or a ticket from user name and password (cookie + CSRF header, renewed).
 */
export interface PveAuth {
  readonly kind: 'pve';
  readonly tokenIdEnv: string;
  readonly tokenSecretEnv: string;
  readonly usernameEnv: string;
  readonly passwordEnv: string;
}

export type AuthSpec = HeaderKeyAuth | PveAuth;

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
  /** Profiles (Portainer) or categories (Proxmox) to serve. */
  readonly profiles: string;
  readonly logLevel: string;
  readonly tagsExtra?: string;
  /** Boolean read-only switch (Portainer). */
  readonly readOnly?: string;
  /** Access tier (Proxmox `PVE_ACCESS_TIER`). */
  readonly tier?: string;
  readonly noProxy?: string;
  /** Boolean that turns the raw API tool on. */
  readonly rawApi?: string;
  /** Longest answer text in characters (default about 20k tokens). */
  readonly maxResponseChars?: string;
  /** Boolean that turns secret redaction off. */
  readonly exposeSecrets?: string;
  /** `auto` (the default: every tool while the listing fits the budget, else what fits plus discovery), `tools` or `discovery`. */
  readonly toolMode?: string;
  /** Characters of tools/list that auto mode may fill (default 100,000). */
  readonly toolBudget?: string;
  /** Tools that auto mode may list (default 100). */
  readonly maxTools?: string;
}

/** Named access tiers; each allows a set of safety classes. The first one is the default. */
export interface TierSpec {
  readonly name: string;
  readonly safety: readonly SafetyClass[];
}

/** Upstream wire conventions that differ from plain JSON over HTTP. */
export interface WireSpec {
  /** `numeric`: booleans travel as 1/0 (Proxmox). @default 'literal' */
  readonly booleans?: 'literal' | 'numeric';
  /** `data`: successful answers are `{ "data": ... }` and the tool returns the inside. */
  readonly envelope?: 'data';
  /** Explanations added to errors with these HTTP statuses (Proxmox 595/596/597). */
  readonly statusNotes?: Readonly<Record<string, string>>;
}

/** Where the status and log of an upstream task are read (Proxmox UPIDs). */
export interface TaskSpec {
  /** Path template with `{node}` and `{upid}`, e.g. `/nodes/{node}/tasks/{upid}/status`. */
  readonly statusPath: string;
  readonly logPath: string;
}

/** The raw API tool, off unless its variable is set. */
export interface RawApiSpec {
  readonly name: string;
  readonly description: string;
}

/** Serving over Streamable HTTP for a team; variable names are `<envPrefix><NAME>`. */
export interface HttpSpec {
  /** e.g. `PORTAINER_MCP_`: gives PORTAINER_MCP_HTTP_PORT, PORTAINER_MCP_AUTH_TOKEN, ... */
  readonly envPrefix: string;
  /** Variable choosing stdio or http, e.g. `PORTAINER_MCP_TRANSPORT` or `MCP_TRANSPORT`. */
  readonly transportEnv: string;
  readonly defaultPort: number;
  /** Header in which each user may send their own upstream credential. */
  readonly userCredentialHeader: string;
  /** A cheap GET that succeeds for any valid credential, used to check a user's credential. */
  readonly credentialCheckPath: string;
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
  /** Tags whose tools auto mode lists first when it cannot list all, most important first. */
  readonly coreTags?: readonly string[];
  /** Tools auto mode lists before any other (after proxy and raw tools), in this order: the target file's `core`. */
  readonly coreTools?: readonly string[];
  /** Safety classes served when the server runs read-only. */
  readonly readOnlySafety: readonly SafetyClass[];
  /** Access tiers, when the target has them; the first is the default. */
  readonly tiers?: readonly TierSpec[];
  /** Upstream timeout in seconds when the variable is unset. */
  readonly defaultTimeoutSeconds: number;
  readonly wire?: WireSpec;
  readonly tasks?: TaskSpec;
  readonly rawApi?: RawApiSpec;
  readonly http?: HttpSpec;
}
