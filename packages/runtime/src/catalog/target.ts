import type { SafetyClass } from './types.js';

/** A static key sent in one header (Portainer `X-API-Key`). */
export interface HeaderKeyAuth {
  readonly kind: 'header-key';
  /** Header sent upstream, e.g. `X-API-Key`. */
  readonly header: string;
  /** Environment variable holding the key. */
  readonly env: string;
}

/** How a Proxmox product takes an API token: `<header>: <prefix>USER@REALM!TOKENID<separator>SECRET`. */
export interface ProxmoxTokenFormat {
  /** e.g. `Authorization`. */
  readonly header: string;
  /** e.g. `PVEAPIToken=` (Proxmox VE) or `PBSAPIToken=` (Backup Server). */
  readonly prefix: string;
  /** Between token id and secret: `=` (Proxmox VE) or `:` (Backup Server). */
  readonly separator: string;
}

/** Ticket login: `POST <path>` with user name and password; the ticket travels in a cookie, writes add a CSRF header. */
export interface ProxmoxTicketFormat {
  /** e.g. `/access/ticket`. */
  readonly path: string;
  /** e.g. `PVEAuthCookie` or `PBSAuthCookie`. */
  readonly cookie: string;
  /** e.g. `CSRFPreventionToken`. */
  readonly csrfHeader: string;
}

/**
 * The Proxmox family (VE, Backup Server, Datacenter Manager): an API token, or a
 * ticket from user name and password (cookie + CSRF header, renewed). The formats
 * come from the target file, so a further product needs no code.
 */
export interface ProxmoxAuth {
  readonly kind: 'proxmox';
  readonly tokenIdEnv: string;
  readonly tokenSecretEnv: string;
  readonly usernameEnv: string;
  readonly passwordEnv: string;
  readonly token: ProxmoxTokenFormat;
  readonly ticket: ProxmoxTicketFormat;
}

export type AuthSpec = HeaderKeyAuth | ProxmoxAuth;

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
  /** `default`, `openai-strict` or `gemini`: the input schema dialect of the client. */
  readonly schemaDialect?: string;
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
  /**
   * Recognises a task id in an answer, e.g. `^UPID:(?<node>[^:]+):`. Its named groups,
   * and `{id}` for the whole id, fill the path templates.
   */
  readonly idPattern: string;
  /** Path template, e.g. `/nodes/{node}/tasks/{id}/status`. */
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

/** A nested upstream as built into this package: which description, mounted where. */
export interface NestedUpstreamSpec {
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
  /** e.g. `/endpoints/{environment_id}/docker`. */
  readonly mount: string;
  /** `unversioned`: paths without the API version prefix (the daemon answers with its own version). */
  readonly apiVersionPath: 'unversioned' | 'pinned';
  /** Older recorded versions the tools were checked against. */
  readonly compatibleWith: readonly string[];
  /** Tool names of this API start with it, e.g. `docker_`. */
  readonly toolPrefix: string;
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
    /** APIs the upstream forwards under a path prefix whose operations are typed tools here (Docker through Portainer). */
    readonly nested?: readonly NestedUpstreamSpec[];
  };
  /** Appended to the user's base URL, e.g. `/api`. */
  readonly basePath: string;
  readonly auth: AuthSpec;
  readonly env: TargetEnvNames;
  readonly profiles: readonly ProfileSpec[];
  readonly defaultProfiles: readonly string[];
  /** Tags whose tools auto mode lists first when it cannot list all, most important first. */
  readonly coreTags?: readonly string[];
  /** What secret redaction hides in this upstream's answers, for the documents (default: passwords, tokens, keys). */
  readonly redactedKinds?: readonly string[];
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
