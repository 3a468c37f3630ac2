import { operationKey } from '../ir/types.js';
import {
  coreTagsOf,
  DEFAULT_MAX_TOOLS,
  DEFAULT_TOOL_BUDGET_CHARS,
  httpVariables,
  type OperationTool,
  operationTools,
  type TargetSpec,
  type ToolSpec,
} from '@mcpgen/runtime';
import type { IrSkipped } from '../ir/types.js';
import { type ProfileMetrics, TOKENIZER } from './metrics.js';
import { type Provenance, provenanceLine } from './provenance.js';
import { containerModel, credentialHeaderValue } from './container.js';
import { discoveryKilobytes } from './metrics.js';
import { documentHttpVariables, documentVariables, setupVariables } from './env-doc.js';
import { manifestModel } from './manifest.js';
import { serverJson } from './server-json.js';
import { renderTemplate } from './templates.js';
import { DIALECT_CHANGES, DIALECT_CLIENTS } from '../dialects/docs.js';

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
  /** The MCP Registry name (`io.github.<owner>/<name>`): with it the package gets `mcpName` and a `server.json`. */
  readonly registryName?: string | undefined;
}

/**
 * package.json, README.md and LICENSE (what npm publishes, with dist/); manifest.json and .mcpbignore
 * for the MCP bundle (`mcpb pack` in the package folder); Dockerfile and .dockerignore for the
 * container image (`docker build` in the package folder). The last four stay out of the npm tarball
 * (`files` in package.json): a user of `npx` never reads them.
 */
export async function renderPackageFiles(view: PackageView): Promise<{ path: string; text: string }[]> {
  const model = templateModel(view);
  const files = [
    { path: 'package.json', text: await renderTemplate({ name: 'package.json.hbs', view: model }) },
    { path: 'README.md', text: await renderTemplate({ name: 'README.md.hbs', view: model }) },
    { path: 'LICENSE', text: await renderTemplate({ name: 'LICENSE.hbs', view: model }) },
    {
      path: 'manifest.json',
      text: normalizedJson({
        name: 'manifest.json.hbs',
        text: await renderTemplate({ name: 'manifest.json.hbs', view: model }),
      }),
    },
    { path: '.mcpbignore', text: await renderTemplate({ name: 'mcpbignore.hbs', view: model }) },
  ];
  if (view.registryName) {
    files.push({
      path: 'server.json',
      text: serverJson({
        target: view.targetSpec,
        registryName: view.registryName,
        exampleUrl: view.exampleUrl,
        toolCount: model.toolCount,
      }),
    });
  }
  if (model.container) {
    files.push(
      { path: 'Dockerfile', text: await renderTemplate({ name: 'Dockerfile.hbs', view: model }) },
      { path: '.dockerignore', text: await renderTemplate({ name: 'dockerignore.hbs', view: model }) },
    );
  }
  return files;
}

/** A JSON template must render valid JSON; its layout is then fixed here (two spaces, final newline). */
function normalizedJson(options: { name: string; text: string }): string {
  let value: unknown;
  try {
    value = JSON.parse(options.text);
  } catch (error) {
    throw new Error(`template ${options.name} rendered invalid JSON: ${(error as Error).message}`);
  }
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Nested upstreams (Docker through Portainer), with the count of their tools by mount prefix. */
function nestedModel(options: { spec: TargetSpec; operations: readonly OperationTool[] }) {
  return (options.spec.upstream.nested ?? []).map((nested) => {
    const tools = options.operations.filter((tool) => tool.path.startsWith(`${nested.mount}/`));
    return {
      ...nested,
      displayName: options.spec.displayName,
      toolCount: tools.length,
      unversioned: nested.apiVersionPath === 'unversioned',
      compatibleWith: nested.compatibleWith.map((version) => `API ${version}`).join(', ') || 'none recorded',
    };
  });
}

function templateModel(view: PackageView) {
  const spec = view.targetSpec;
  const operations = operationTools(view.tools);
  const upstreamMinor = spec.packageVersion.split('.').slice(0, 2).join('.');
  const description = `MCP server for ${spec.displayName} ${upstreamMinor}: ${operations.length} tools generated from the ${spec.upstream.name} ${spec.upstream.version} description.`;
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
    description,
    defaultProfiles: spec.defaultProfiles.join(','),
    variables: documentVariables(spec),
    setupEnv: setupVariables({ target: spec, exampleUrl: view.exampleUrl }),
    selectionVariable: spec.env.profiles,
    accessSetting: spec.env.tier ? `${spec.env.tier}` : `${spec.env.readOnly ?? 'read-only'}=1`,
    toolCount: operations.length,
    proxyCount: view.tools.length - operations.length,
    metrics: view.metrics,
    tokenizer: TOKENIZER,
    toolModeVariable: spec.env.toolMode ?? '',
    schemaDialectVariable: spec.env.schemaDialect ?? '',
    dialectClients: DIALECT_CLIENTS,
    dialectChanges: DIALECT_CHANGES,
    discoveryKb: discoveryKilobytes({ target: spec, tools: view.tools }),
    controls: controlArguments(view.tools),
    toolBudgetVariable: spec.env.toolBudget ?? 'budget',
    toolBudget: DEFAULT_TOOL_BUDGET_CHARS.toLocaleString('en-US'),
    maxToolsVariable: spec.env.maxTools ?? 'tool count',
    maxTools: DEFAULT_MAX_TOOLS,
    coreTags: coreTagsOf(spec)
      .map((tag) => `\`${tag}\``)
      .join(', '),
    nestedUpstreams: nestedModel({ spec, operations }),
    toolRows: operations.map((tool) => ({
      name: tool.name,
      request: operationKey(tool),
      safety: tool.safety,
      tags: tool.tags.join(', '),
    })),
    skipped: view.skipped,
    manifest: manifestModel({
      target: spec,
      binFile: view.binFile,
      upstreamMinor,
      exampleUrl: view.exampleUrl,
      summary: description,
      provenance: view.provenance,
    }),
    container: containerModel({ target: spec, binFile: view.binFile, description }),
    httpVariables: documentHttpVariables(spec),
    ...httpExamples({ target: spec, exampleUrl: view.exampleUrl }),
    credentialHeaderValue: credentialHeaderValue(spec),
    exampleUrl: view.exampleUrl,
    registryName: view.registryName,
  };
}

/** Names of the HTTP front's variables, and the env file of the Docker example, from the runtime's table. */
function httpExamples(options: { target: TargetSpec; exampleUrl: string }) {
  const { target } = options;
  if (!target.http) return { httpNames: {}, envFile: [] };
  const vars = httpVariables({ spec: target.http, target });
  const httpNames = Object.fromEntries(Object.entries(vars).map(([role, variable]) => [role, variable.name]));
  const envFile = [
    { name: target.env.url, value: options.exampleUrl },
    { name: vars.gateToken.name, value: vars.gateToken.example },
    { name: vars.allowedHosts.name, value: vars.allowedHosts.example },
    { name: vars.trustProxyTls.name, value: '1' },
    { name: vars.forwardedAllowIps.name, value: vars.forwardedAllowIps.example },
  ];
  return { httpNames, envFile };
}

/**
 * Arguments the server consumes itself (`confirm`, `wait`), with how many tools take each and the
 * description their input schema gives (quoted, not retyped).
 */
function controlArguments(tools: readonly ToolSpec[]): { name: string; tools: number; meaning: string }[] {
  const found = new Map<string, { tools: number; meaning: string }>();
  for (const tool of operationTools(tools)) {
    for (const name of [tool.confirmArg, tool.task?.waitArg]) {
      if (name === undefined) continue;
      const property = (tool.inputSchema.properties as Record<string, { description?: string }> | undefined)?.[name];
      const entry = found.get(name) ?? { tools: 0, meaning: property?.description ?? '' };
      found.set(name, { ...entry, tools: entry.tools + 1 });
    }
  }
  return [...found.entries()].map(([name, entry]) => ({ name, ...entry })).sort((a, b) => b.tools - a.tools);
}
