import {
  apiVersionPathSchema,
  authSchema,
  envNamesSchema,
  httpSchema,
  rawApiSchema,
  safetyClassSchema as safetyClass,
  tasksSchema,
  tierSchema,
  TOOL_NAME_PATTERN,
  wireSchema,
} from '@mcpgen/runtime/target-schema';
import { z } from 'zod';
import { generatorChange } from './generator-changes.js';

/**
 * The shape of `specs/<target>.yaml`: everything a maintainer edits to follow an
 * upstream release or widen coverage. Validated with zod so that a mistake is
 * reported with its location in the file. The parts that reach a running server
 * are the runtime's (catalog/target-schema.ts), so its TargetSpec is typed by them.
 */

const rule = z.string().min(1);

/** A named fix for an upstream defect; overlays/types.ts takes its type from here. */
const overlay = z.strictObject({
  name: z.string().min(1),
  /** Why the fix exists, for the skip report and reviewers. */
  why: z.string().min(1),
  /** Operations by operationId or `METHOD /path`. */
  dropOperations: z.array(z.string()).optional(),
  dropTags: z.array(z.string()).optional(),
  dropPathPrefixes: z.array(z.string()).optional(),
  /** Keywords removed from the object at each JSON pointer of the source document. */
  stripKeywords: z
    .array(z.strictObject({ pointer: z.string().startsWith('/'), keywords: z.array(z.string()).min(1) }))
    .optional(),
  /** Operations whose declared request body is bogus (e.g. a GET that "requires" a body). */
  dropRequestBody: z.array(z.string()).optional(),
  /** Safety classes corrected by hand, by operationId or `METHOD /path`. */
  setSafety: z.record(z.string(), safetyClass).optional(),
  /** apidoc: stream methods (DOWNLOAD) that answer JSON unless asked for a file, served as ordinary tools. */
  serveStreams: z.array(z.string()).optional(),
});

const upstreamVersion = z.strictObject({
  /** Upstream version, e.g. `2.43.0`; a snapshot may have a label after the major (`9.x-2026-05`). */
  version: z.string().regex(/^\d+\.[\w.-]+$/, 'expected an upstream version such as 2.43.0'),
  /** Package major.minor when the version does not state it (a snapshot), e.g. `9.1`. */
  packageMinor: z
    .string()
    .regex(/^\d+\.\d+$/)
    .optional(),
  /** Package version is `<major>.<minor>.<patch>`; bump when regenerating with our changes. */
  patch: z.number().int().min(0),
  /** Spec file, relative to the specs directory (README "Maintainers": the spec store); recorded as `<target>/<version>.<ext>`. */
  file: z
    .string()
    .min(1)
    .refine(
      (file) => !file.startsWith('/') && !file.split(/[\\/]/).includes('..'),
      'expected a path inside the specs directory, e.g. portainer/2.44.0.yaml',
    ),
  /** Where the upstream publishes this document; fetched when the file is missing and no mirror is set. */
  url: z.string().url().optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits'),
  /** Names of overlays (declared under `overlays`) applied to this version. */
  overlays: z.array(z.string()).default([]),
  /** Fingerprint of the selection data (profiles, names, overlays) this package was made with; written by mcpgen. */
  selection: z
    .string()
    .regex(
      /^profiles=[0-9a-f]{8} names=[0-9a-f]{8} overlays=[0-9a-f]{8}$/,
      'expected the fingerprint mcpgen writes (profiles=… names=… overlays=…)',
    )
    .optional(),
});

/** Where the vendor announces releases, for `mcpgen check-upstream`; `{version}` in `specUrl` is replaced. */
const upstreamFeed = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('github-releases'),
    repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
    specUrl: z.string().url(),
  }),
  z.strictObject({
    kind: z.literal('debian-package'),
    repository: z.string().url(),
    suite: z.string().min(1),
    component: z.string().min(1),
    package: z.string().min(1),
    /** How many leading parts of the package version name an upstream release (2: pve-docs 9.2.4 is release 9.2). */
    versionParts: z.number().int().min(1).max(3).default(3),
    specUrl: z.string().url(),
  }),
]);

/**
 * What the runtime does with one operation's call beyond sending it: how to read a
 * streamed answer, query values always sent (a stream turned into one answer), and
 * defaults sent when the caller gives none. Keyed by operationId or `METHOD /path`.
 */
const callRule = z.strictObject({
  /** `multiplexed-stream`: 8-byte-framed stdout/stderr (Docker logs, attach, exec); `json-progress`: JSON lines summarised to the final status. */
  response: z.enum(['multiplexed-stream', 'json-progress']).optional(),
  /** Query values always sent; the parameters disappear from the tool's input. */
  fixedQuery: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** Values sent when the caller omits the parameter (shown as the schema default). */
  defaults: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  why: z.string().min(1),
});

/**
 * Another API that the target forwards unchanged under a path prefix (Portainer serves the
 * Docker Engine API under `/endpoints/{id}/docker`). Its operations become typed tools of
 * this package, read from the other API's own description, with their own versions,
 * overlays, naming and safety rules, mounted under `mount`.
 */
const nestedUpstream = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  displayName: z.string().min(1),
  source: z.literal('openapi'),
  /** Path prefix on the target, e.g. `/endpoints/{environment_id}/docker`; its variables become tool arguments. */
  mount: z.string().regex(/^(\/[^/]+)+$/, 'expected a path such as /endpoints/{environment_id}/docker'),
  mountParams: z.record(
    z.string(),
    z.strictObject({ type: z.enum(['integer', 'string']), description: z.string().min(1) }),
  ),
  apiVersionPath: apiVersionPathSchema,
  /** Tool names are this prefix plus the snake_case operationId. */
  toolPrefix: z.string().regex(/^[a-z][a-z0-9]*_$/),
  /** Tags every tool of this upstream gets (profiles select them by these). */
  tags: z.array(z.string()).min(1),
  /** Recorded descriptions; the last one builds the tools, earlier ones are older APIs checked for compatibility notes. */
  versions: z.array(upstreamVersion.omit({ patch: true, packageMinor: true })).min(1),
  skip: z.array(z.strictObject({ match: rule, reason: z.string().min(1) })).default([]),
  safetyRules: z.array(z.strictObject({ match: rule, safety: safetyClass, why: z.string().min(1) })).default([]),
  descriptionRewrites: z
    .array(z.strictObject({ match: rule, replace: z.string(), why: z.string().min(1) }))
    .default([]),
  overlays: z.array(overlay).default([]),
  names: z.record(z.string(), z.string()).default({}),
  calls: z.record(z.string(), callRule).default({}),
});

const proxyTool = z.strictObject({
  name: z.string().regex(TOOL_NAME_PATTERN),
  title: z.string().min(1),
  description: z.string().min(1),
  prefix: z.string().startsWith('/'),
  tags: z.array(z.string()).min(1),
  /** Caller headers forwarded besides content negotiation (accept, content-type, if-match, if-none-match). */
  headers: z.array(z.string().regex(/^[A-Za-z0-9-]+$/)).optional(),
});

export const targetFileSchema = z.strictObject({
  target: z.string().regex(/^[a-z0-9-]+$/),
  package: z.string().regex(/^[a-z0-9-]+$/),
  displayName: z.string().min(1),
  /** Placeholder upstream URL used in the generated README's set-up snippets. */
  exampleUrl: z.string().url(),
  /** MCP Registry name, `io.github.<owner>/<package>`: packages then carry `mcpName` and a `server.json`. */
  registryName: z
    .string()
    .regex(
      /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/,
      'expected <reverse-DNS namespace>/<name>, e.g. io.github.owner/mcp-portainer',
    )
    .optional(),
  /** Source dialect: an OpenAPI 3 document or a Proxmox apidoc tree. */
  source: z.enum(['openapi', 'apidoc']),
  basePath: z.string().regex(/^(\/[^/]+)*$/, 'expected a path such as /api, without trailing slash'),
  /** How tool names are made: from operationIds, or from method and path. */
  naming: z.enum(['operation-id', 'verb-path']).default('operation-id'),
  confirmDestructive: z.boolean().default(false),
  auth: authSchema,
  env: envNamesSchema,
  defaultTimeoutSeconds: z.number().positive(),
  readOnlySafety: z.array(safetyClass).min(1),
  tiers: z.array(tierSchema).optional(),
  categories: z.array(z.strictObject({ name: z.string().regex(/^[a-z][a-z0-9_-]*$/), match: rule })).default([]),
  skip: z.array(z.strictObject({ match: rule, reason: z.string().min(1) })).default([]),
  safetyRules: z.array(z.strictObject({ match: rule, safety: safetyClass, why: z.string().min(1) })).default([]),
  /** Operations whose id, path or summary says delete/remove/destroy/purge/wipe/reset/prune but that are not destructive, and why; any other such operation fails generation. */
  notDestructive: z.array(z.strictObject({ match: rule, why: z.string().min(1) })).default([]),
  descriptionRewrites: z
    .array(z.strictObject({ match: rule, replace: z.string(), why: z.string().min(1) }))
    .default([]),
  wire: wireSchema.optional(),
  /** Upstream tasks: `idPattern` recognises a task id, whose groups fill the status and log path templates. */
  tasks: tasksSchema.optional(),
  /** apidoc sources only: how the dialect writes patterns (`perl`: Proxmox VE; `rust`: proxmox-schema, `/^...$/`). */
  patternDialect: z.enum(['perl', 'rust']).default('perl'),
  /** verb-path naming: leading path segments left out of tool names, e.g. `/nodes/{node}` (`list_qemu`, not `list_nodes_qemu`). */
  nameDropPrefixes: z
    .array(z.string().regex(/^(\/[^/]+)+$/, 'expected a path prefix such as /nodes/{node}'))
    .default([]),
  rawApi: rawApiSchema.optional(),
  /** Streamable HTTP serving: variable prefix, transport variable, port, per-user credential header. */
  http: httpSchema.optional(),
  profiles: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/), z.array(z.string()).min(1)),
  defaultProfiles: z.array(z.string()).min(1),
  /** Tags whose tools auto tool mode lists first when not every tool fits; default: the tags of the default profiles. */
  coreTags: z.array(z.string()).min(1).optional(),
  /** What secret redaction hides in this upstream's answers, as the README names it (e.g. `Kubernetes secret data`). */
  redactedKinds: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Tools auto tool mode lists first, in this order, each with the reason users need it listed
   * (what hand-written servers chose); then the core tags fill what is left of the budget.
   */
  core: z.array(z.strictObject({ tool: z.string().min(1), why: z.string().min(1) })).optional(),
  /** Search over the operations: intent lexicon (everyday words to the API's) and extra words per tool. */
  search: z
    .strictObject({
      lexicon: z
        .array(
          z.strictObject({
            say: z.array(z.string().min(1)).min(1),
            means: z.array(z.string().min(1)).min(1),
            why: z.string().min(1),
          }),
        )
        .default([]),
      keywords: z
        .record(z.string(), z.strictObject({ words: z.array(z.string().min(1)).min(1), why: z.string().min(1) }))
        .default({}),
    })
    .default({ lexicon: [], keywords: {} }),
  /** Tokens of tools/list above which the generator warns, per selection. */
  tokenBudget: z.number().int().positive().default(30000),
  /** Tags whose operations go into the package; `all` for every operation. */
  generateTags: z.union([z.literal('all'), z.array(z.string())]).default('all'),
  proxyTools: z.array(proxyTool).default([]),
  upstreams: z.array(nestedUpstream).default([]),
  names: z.record(z.string(), z.string()).default({}),
  overlays: z.array(overlay).default([]),
  versions: z.array(upstreamVersion).min(1),
  upstreamFeed: upstreamFeed.optional(),
  /** Generator changes that altered this target's packages with no upstream change; in every package's CHANGES.md. */
  generatorChanges: z.array(generatorChange).default([]),
});

export type TargetFile = z.infer<typeof targetFileSchema>;
export type TargetVersion = TargetFile['versions'][number];
export type NestedUpstream = TargetFile['upstreams'][number];
export type CallRule = z.infer<typeof callRule>;
