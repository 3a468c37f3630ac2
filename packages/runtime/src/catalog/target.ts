import type { z } from 'zod';
import type {
  apiVersionPathSchema,
  authSchema,
  envNamesSchema,
  httpSchema,
  rawApiSchema,
  tasksSchema,
  tierSchema,
  wireSchema,
} from './target-schema.js';
import type { SafetyClass } from './types.js';

/** A schema's parsed shape, read-only all the way down: a server never changes its spec. */
type Spec<Schema extends z.ZodType> = DeepReadonly<z.output<Schema>>;
type DeepReadonly<T> = T extends readonly (infer Item)[]
  ? readonly DeepReadonly<Item>[]
  : T extends object
    ? { readonly [Key in keyof T]: DeepReadonly<T[Key]> }
    : T;

// Declared once, by the target file's schema (target-schema.ts, where each field is explained);
// `import type` keeps zod's schema construction out of a server's start-up.
export type AuthSpec = Spec<typeof authSchema>;
/** A static key sent in one header (Portainer `X-API-Key`). */
export type HeaderKeyAuth = Extract<AuthSpec, { kind: 'header-key' }>;
/** The Proxmox family: an API token, or a ticket from user name and password. */
export type ProxmoxAuth = Extract<AuthSpec, { kind: 'proxmox' }>;
export type ProxmoxTokenFormat = ProxmoxAuth['token'];
export type ProxmoxTicketFormat = ProxmoxAuth['ticket'];
export type TargetEnvNames = Spec<typeof envNamesSchema>;
export type TierSpec = Spec<typeof tierSchema>;
export type WireSpec = Spec<typeof wireSchema>;
export type TaskSpec = Spec<typeof tasksSchema>;
export type RawApiSpec = Spec<typeof rawApiSchema>;
export type HttpSpec = Spec<typeof httpSchema>;

/** A named bundle of upstream tags, selectable at start-up. */
export interface ProfileSpec {
  readonly name: string;
  readonly tags: readonly string[];
}

/** A nested upstream as built into this package: which description, mounted where. */
export interface NestedUpstreamSpec {
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
  /** e.g. `/endpoints/{environment_id}/docker`. */
  readonly mount: string;
  /** `unversioned`: paths without the API version prefix (the daemon answers with its own version). */
  readonly apiVersionPath: z.output<typeof apiVersionPathSchema>;
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
