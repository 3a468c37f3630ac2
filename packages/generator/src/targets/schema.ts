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
  /** Upstream version, e.g. `2.43.0`. */
  version: z.string().regex(/^\d+\.\d+(\.\d+)?([.-][\w.-]+)?$/, 'expected an upstream version such as 2.43.0'),
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
});

export const targetFileSchema = z.strictObject({
  target: z.string().regex(/^[a-z0-9-]+$/),
  package: z.string().regex(/^[a-z0-9-]+$/),
  displayName: z.string().min(1),
  source: z.enum(['openapi']),
  basePath: z.string().regex(/^(\/[^/]+)*$/, 'expected a path such as /api, without trailing slash'),
  auth: z.strictObject({ kind: z.literal('header-key'), header: z.string().min(1), env: z.string().min(1) }),
  env: z.strictObject({
    url: z.string(),
    tlsVerify: z.string(),
    timeout: z.string(),
    profiles: z.string(),
    tagsExtra: z.string(),
    readOnly: z.string(),
    noProxy: z.string(),
    logLevel: z.string(),
  }),
  defaultTimeoutSeconds: z.number().positive(),
  readOnlySafety: z.array(safetyClass).min(1),
  profiles: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.array(z.string()).min(1)),
  defaultProfiles: z.array(z.string()).min(1),
  /** Tags whose operations go into the package; `all` for every operation. */
  generateTags: z.union([z.literal('all'), z.array(z.string())]).default('all'),
  proxyTools: z.array(proxyTool).default([]),
  names: z.record(z.string(), z.string()).default({}),
  overlays: z.array(overlay).default([]),
  versions: z.array(upstreamVersion).min(1),
});

export type TargetFile = z.infer<typeof targetFileSchema>;
export type TargetVersion = TargetFile['versions'][number];
