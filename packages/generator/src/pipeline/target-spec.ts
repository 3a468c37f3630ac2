import type { NestedUpstreamSpec, ProxyTool, TargetSpec } from '@mcpgen/runtime';
import { toolAnnotations } from '../plan/annotations.js';
import type { TargetFile, TargetVersion } from '../targets/schema.js';

/** The package version: upstream major.minor plus our patch. */
export function packageVersion(version: TargetVersion): string {
  const [major, minor] = (version.packageMinor ?? version.version).split('.');
  return `${major}.${minor}.${version.patch}`;
}

/** What the runtime needs to know about the target, for one upstream version. */
export function buildTargetSpec(options: {
  file: TargetFile;
  version: TargetVersion;
  upstreamName: string;
  nested?: readonly NestedUpstreamSpec[];
}): TargetSpec {
  const { file, version } = options;
  const nested = options.nested ?? [];
  return {
    packageName: file.package,
    packageVersion: packageVersion(version),
    displayName: file.displayName,
    upstream: {
      name: options.upstreamName,
      version: version.version,
      sha256: version.sha256,
      ...(nested.length > 0 ? { nested } : {}),
    },
    basePath: file.basePath,
    auth: file.auth,
    env: file.env,
    profiles: Object.entries(file.profiles).map(([name, tags]) => ({ name, tags })),
    defaultProfiles: file.defaultProfiles,
    ...(file.coreTags ? { coreTags: file.coreTags } : {}),
    ...(file.redactedKinds ? { redactedKinds: file.redactedKinds } : {}),
    ...(file.core ? { coreTools: file.core.map((entry) => entry.tool) } : {}),
    readOnlySafety: file.readOnlySafety,
    defaultTimeoutSeconds: file.defaultTimeoutSeconds,
    ...(file.tiers ? { tiers: file.tiers } : {}),
    ...(file.wire ? { wire: file.wire } : {}),
    ...(file.tasks ? { tasks: file.tasks } : {}),
    ...(file.rawApi ? { rawApi: file.rawApi } : {}),
    ...(file.http ? { http: file.http } : {}),
  };
}

/** Proxy tools declared in the target file. Their safety is decided per call from the method. */
export function buildProxyTools(file: TargetFile): ProxyTool[] {
  return file.proxyTools.map((proxy) => ({
    kind: 'proxy',
    name: proxy.name,
    description: proxy.description.trim(),
    prefix: proxy.prefix,
    tags: proxy.tags,
    ...(proxy.headers ? { headers: proxy.headers.map((header) => header.toLowerCase()) } : {}),
    annotations: { ...toolAnnotations({ title: proxy.title, safety: 'write', method: 'POST' }), destructiveHint: true },
  }));
}
