import type { TargetSpec, ToolSpec } from '@mcpgen/runtime';
import type { IrSkipped } from '../ir/types.js';
import type { ProfileMetrics } from './metrics.js';
import { type Provenance, provenanceLine } from './provenance.js';
import { documentVariables, setupVariables } from './env-doc.js';
import { renderTemplate } from './templates.js';

/** Everything the non-code files of a package are rendered from. */
export interface PackageView {
  readonly target: string;
  readonly targetSpec: TargetSpec;
  readonly tools: readonly ToolSpec[];
  readonly skipped: readonly IrSkipped[];
  readonly metrics: readonly ProfileMetrics[];
  readonly provenance: Provenance;
  readonly binFile: string;
  /** Placeholder upstream URL for the set-up snippets. */
  readonly exampleUrl: string;
}

export async function renderPackageFiles(view: PackageView): Promise<{ path: string; text: string }[]> {
  const model = templateModel(view);
  return [
    { path: 'package.json', text: await renderTemplate({ name: 'package.json.hbs', view: model }) },
    { path: 'README.md', text: await renderTemplate({ name: 'README.md.hbs', view: model }) },
    { path: 'LICENSE', text: await renderTemplate({ name: 'LICENSE.hbs', view: model }) },
  ];
}

function templateModel(view: PackageView) {
  const spec = view.targetSpec;
  const operations = view.tools.filter((tool) => tool.kind === 'operation');
  const upstreamMinor = spec.packageVersion.split('.').slice(0, 2).join('.');
  return {
    ...spec,
    target: view.target,
    bin: spec.packageName,
    binFile: view.binFile,
    upstreamName: spec.upstream.name,
    upstreamVersion: spec.upstream.version,
    upstreamMinor,
    sha256: spec.upstream.sha256,
    generatorVersion: `${view.provenance.generator}@${view.provenance.generatorVersion}`,
    provenance: provenanceLine(view.provenance),
    description: `MCP server for ${spec.displayName} ${upstreamMinor}: ${operations.length} tools generated from the ${spec.upstream.name} ${spec.upstream.version} API description.`,
    defaultProfiles: spec.defaultProfiles.join(','),
    variables: documentVariables(spec),
    setupEnv: setupVariables({ target: spec, exampleUrl: view.exampleUrl }),
    selectionVariable: spec.env.profiles,
    accessSetting: spec.env.tier ? `${spec.env.tier}` : `${spec.env.readOnly ?? 'read-only'}=1`,
    toolCount: operations.length,
    proxyCount: view.tools.length - operations.length,
    metrics: view.metrics,
    toolRows: operations.map((tool) => ({ name: tool.name, request: `${tool.method} ${tool.path}`, safety: tool.safety, tags: tool.tags.join(', ') })),
    skipped: view.skipped,
  };
}
