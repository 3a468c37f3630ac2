import { z } from 'zod';

/**
 * The shape of `specs/<target>.yaml`: everything a maintainer edits to follow an
 * upstream release or widen coverage. Validated with zod so that a mistake is
 * reported with its location in the file.
 */

const safetyClass = z.enum(['read', 'execute', 'write', 'destructive']);

const overlay = z.strictObject({
  name: z.string().min(1),
  why: z.string().min(1),
  dropOperations: z.array(z.string()).optional(),
  dropTags: z.array(z.string()).optional(),
  dropPathPrefixes: z.array(z.string()).optional(),
  stripKeywords: z.array(z.strictObject({ pointer: z.string().startsWith('/'), keywords: z.array(z.string()).min(1) })).optional(),
  dropRequestBody: z.array(z.string()).optional(),
  setSafety: z.record(z.string(), safetyClass).optional(),
});

const upstreamVersion = z.strictObject({
  /** Upstream version, e.g. `2.43.0`; a snapshot may have a label after the major (`9.x-2026-05`). */
  version: z.string().regex(/^\d+\.[\w.-]+$/, 'expected an upstream version such as 2.43.0'),
  /** Package major.minor when the version does not state it (a snapshot), e.g. `9.1`. */
  packageMinor: z.string().regex(/^\d+\.\d+$/).optional(),
  /** Package version is `<major>.<minor>.<patch>`; bump when regenerating with our changes. */
  patch: z.number().int().min(0),
  /** Spec file, relative to the specs directory (default ../shared/specs). */
  file: z.string().min(1),
  /** Where the upstream publishes this document. */
  url: z.string().url(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits'),
  /** Names of overlays (declared under `overlays`) applied to this version. */
  overlays: z.array(z.string()).default([]),
});

const proxyTool = z.strictObject({
  name: z.string().regex(/^[a-z0-9_]{1,48}$/),
  title: z.string().min(1),
  description: z.string().min(1),
  prefix: z.string().startsWith('/'),
  tags: z.array(z.string()).min(1),
  /** Caller headers forwarded besides content negotiation (accept, content-type, if-match, if-none-match). */
  headers: z.array(z.string().regex(/^[A-Za-z0-9-]+$/)).optional(),
});

const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected an environment variable name');

const auth = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('header-key'), header: z.string().min(1), env: envName }),
  z.strictObject({ kind: z.literal('pve'), tokenIdEnv: envName, tokenSecretEnv: envName, usernameEnv: envName, passwordEnv: envName }),
]);

const rule = z.string().min(1);

export const targetFileSchema = z.strictObject({
  target: z.string().regex(/^[a-z0-9-]+$/),
  package: z.string().regex(/^[a-z0-9-]+$/),
  displayName: z.string().min(1),
  /** Placeholder upstream URL used in the generated README's set-up snippets. */
  exampleUrl: z.string().url(),
  /** Source dialect: an OpenAPI 3 document or a Proxmox apidoc tree. */
  source: z.enum(['openapi', 'apidoc']),
  basePath: z.string().regex(/^(\/[^/]+)*$/, 'expected a path such as /api, without trailing slash'),
  /** How tool names are made: from operationIds, or from method and path. */
  naming: z.enum(['operation-id', 'verb-path']).default('operation-id'),
  confirmDestructive: z.boolean().default(false),
  auth,
  env: z.strictObject({
    url: envName,
    tlsVerify: envName,
    timeout: envName,
    profiles: envName,
    logLevel: envName,
    tagsExtra: envName.optional(),
    readOnly: envName.optional(),
    tier: envName.optional(),
    noProxy: envName.optional(),
    rawApi: envName.optional(),
    maxResponseChars: envName.optional(),
    exposeSecrets: envName.optional(),
    toolMode: envName.optional(),
    toolBudget: envName.optional(),
    maxTools: envName.optional(),
  }),
  defaultTimeoutSeconds: z.number().positive(),
  readOnlySafety: z.array(safetyClass).min(1),
  tiers: z.array(z.strictObject({ name: z.string().regex(/^[a-z][a-z-]*$/), safety: z.array(safetyClass).min(1) })).optional(),
  categories: z.array(z.strictObject({ name: z.string().regex(/^[a-z][a-z0-9_-]*$/), match: rule })).default([]),
  skip: z.array(z.strictObject({ match: rule, reason: z.string().min(1) })).default([]),
  safetyRules: z.array(z.strictObject({ match: rule, safety: safetyClass, why: z.string().min(1) })).default([]),
  descriptionRewrites: z.array(z.strictObject({ match: rule, replace: z.string(), why: z.string().min(1) })).default([]),
  wire: z
    .strictObject({
      booleans: z.enum(['literal', 'numeric']).optional(),
      envelope: z.literal('data').optional(),
      statusNotes: z.record(z.string().regex(/^\d{3}$/), z.string()).optional(),
    })
    .optional(),
  tasks: z.strictObject({ statusPath: z.string().startsWith('/'), logPath: z.string().startsWith('/') }).optional(),
  rawApi: z.strictObject({ name: z.string().regex(/^[a-z0-9_]{1,48}$/), description: z.string().min(1) }).optional(),
  /** Streamable HTTP serving: variable prefix, transport variable, port, per-user credential header. */
  http: z
    .strictObject({
      envPrefix: z.string().regex(/^[A-Z][A-Z0-9_]*_$/),
      transportEnv: envName,
      defaultPort: z.number().int().min(1).max(65535),
      userCredentialHeader: z.string().regex(/^[A-Za-z0-9-]+$/),
      credentialCheckPath: z.string().startsWith('/'),
    })
    .optional(),
  profiles: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/), z.array(z.string()).min(1)),
  defaultProfiles: z.array(z.string()).min(1),
  /** Tags whose tools auto tool mode lists first when not every tool fits; default: the tags of the default profiles. */
  coreTags: z.array(z.string()).min(1).optional(),
  /**
   * Tools auto tool mode lists first, in this order, each with the reason users need it listed
   * (what hand-written servers chose); then the core tags fill what is left of the budget.
   */
  core: z.array(z.strictObject({ tool: z.string().min(1), why: z.string().min(1) })).optional(),
  /** Search over the operations: intent lexicon (everyday words to the API's) and extra words per tool. */
  search: z
    .strictObject({
      lexicon: z.array(z.strictObject({ say: z.array(z.string().min(1)).min(1), means: z.array(z.string().min(1)).min(1), why: z.string().min(1) })).default([]),
      keywords: z.record(z.string(), z.strictObject({ words: z.array(z.string().min(1)).min(1), why: z.string().min(1) })).default({}),
    })
    .default({ lexicon: [], keywords: {} }),
  /** Tokens of tools/list above which the generator warns, per selection. */
  tokenBudget: z.number().int().positive().default(30000),
  /** Tags whose operations go into the package; `all` for every operation. */
  generateTags: z.union([z.literal('all'), z.array(z.string())]).default('all'),
  proxyTools: z.array(proxyTool).default([]),
  names: z.record(z.string(), z.string()).default({}),
  overlays: z.array(overlay).default([]),
  versions: z.array(upstreamVersion).min(1),
});

export type TargetFile = z.infer<typeof targetFileSchema>;
export type TargetVersion = TargetFile['versions'][number];
