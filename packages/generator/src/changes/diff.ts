import { type OperationTool, operationTools, type ToolSpec } from '@mcpgen/runtime';
import type { ProfileMetrics } from '../emit/metrics.js';
import { operationKey } from '../ir/types.js';
import type { GeneratorChange } from '../targets/generator-changes.js';
import { compareInputs, type InputChange } from './inputs.js';
import { listingMoves, type SelectionFacts, type Unprofiled, unprofiledTools } from './reach.js';

/** What changed between two generations of one target; written as changes.json and CHANGES.md. */
export interface ChangeReport {
  readonly package: string;
  readonly version: string;
  readonly previous?: { readonly upstream: string; readonly version: string };
  readonly upstream: string;
  /** Why the version is what it is. */
  readonly versioning: string;
  readonly added: readonly ToolRef[];
  /** Added tools that no profile selects, by tag, with the settings that reach them. */
  readonly unprofiled: readonly Unprofiled[];
  readonly removed: readonly ToolRef[];
  readonly renamed: readonly { readonly from: string; readonly to: string; readonly request: string }[];
  /** Same tool name, different method or path (a breaking move). */
  readonly moved: readonly { readonly name: string; readonly from: string; readonly to: string }[];
  readonly inputs: readonly {
    readonly name: string;
    readonly breaking: boolean;
    readonly changes: readonly InputChange[];
  }[];
  readonly safety: readonly { readonly name: string; readonly changes: readonly string[] }[];
  readonly selections: readonly {
    readonly selection: string;
    readonly toolsBefore: number;
    readonly toolsAfter: number;
    readonly bytesBefore: number;
    readonly bytesAfter: number;
    readonly tokensBefore: number;
    readonly tokensAfter: number;
  }[];
  /** Tools that entered or left the default (auto-mode) `tools/list`, per selection. */
  readonly listing: readonly {
    readonly selection: string;
    readonly entered: readonly string[];
    readonly left: readonly string[];
  }[];
  readonly breaking: boolean;
  /** Generator changes that altered the package with no upstream change (from the target file), when there are any. */
  readonly generatorChanges?: readonly GeneratorChange[];
}

export interface ToolRef {
  readonly name: string;
  readonly request: string;
}

/** The side of a comparison: one generation's tools and sizes (the pipeline's Generation, summarised). */
export interface ComparedGeneration {
  readonly upstream: string;
  readonly version: string;
  readonly tools: readonly ToolSpec[];
  readonly metrics: readonly ProfileMetrics[];
  readonly selection: SelectionFacts;
}

const requestOf = (tool: OperationTool) => operationKey(tool);
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function diffGenerations(options: {
  packageName: string;
  before: ComparedGeneration | undefined;
  after: ComparedGeneration;
  versioning: string;
}): ChangeReport {
  const { before, after } = options;
  const old = operationTools(before?.tools ?? []);
  const now = operationTools(after.tools);
  const oldByRequest = new Map(old.map((tool) => [requestOf(tool), tool]));
  const nowByRequest = new Map(now.map((tool) => [requestOf(tool), tool]));
  const oldByName = new Map(old.map((tool) => [tool.name, tool]));
  const nowByName = new Map(now.map((tool) => [tool.name, tool]));
  const moved = now.filter(
    (tool) =>
      oldByName.has(tool.name) &&
      requestOf(oldByName.get(tool.name)!) !== requestOf(tool) &&
      !oldByRequest.has(requestOf(tool)),
  );
  const movedNames = new Set(moved.map((tool) => tool.name));
  const renamed = now.filter(
    (tool) => oldByRequest.has(requestOf(tool)) && oldByRequest.get(requestOf(tool))!.name !== tool.name,
  );
  const added = now.filter((tool) => !oldByRequest.has(requestOf(tool)) && !movedNames.has(tool.name)).sort(byName);
  const report = {
    package: options.packageName,
    version: after.version,
    ...(before ? { previous: { upstream: before.upstream, version: before.version } } : {}),
    upstream: after.upstream,
    versioning: options.versioning,
    added: added.map(ref),
    unprofiled: before ? unprofiledTools({ added, facts: after.selection }) : [],
    removed: old
      .filter((tool) => !nowByRequest.has(requestOf(tool)) && !(nowByName.has(tool.name) && movedNames.has(tool.name)))
      .map(ref)
      .sort(byName),
    renamed: renamed
      .map((tool) => ({ from: oldByRequest.get(requestOf(tool))!.name, to: tool.name, request: requestOf(tool) }))
      .sort((a, b) => (a.to < b.to ? -1 : 1)),
    moved: moved
      .map((tool) => ({ name: tool.name, from: requestOf(oldByName.get(tool.name)!), to: requestOf(tool) }))
      .sort(byName),
    inputs: inputChanges({ now, oldByRequest }),
    safety: safetyChanges({ now, oldByRequest }),
    selections: selectionChanges({ before: before?.metrics ?? [], after: after.metrics }),
    listing: listingMoves({ before: before?.metrics ?? [], after: after.metrics }),
  };
  const breaking =
    report.removed.length + report.renamed.length + report.moved.length > 0 ||
    report.inputs.some((input) => input.breaking);
  return { ...report, breaking: before !== undefined && breaking };
}

function ref(tool: OperationTool): ToolRef {
  return { name: tool.name, request: requestOf(tool) };
}

function inputChanges(options: { now: readonly OperationTool[]; oldByRequest: ReadonlyMap<string, OperationTool> }) {
  return options.now
    .flatMap((tool) => {
      const old = options.oldByRequest.get(requestOf(tool));
      if (!old) return [];
      const changes = compareInputs({ before: old.inputSchema, after: tool.inputSchema });
      return changes.length > 0
        ? [{ name: tool.name, breaking: changes.some((change) => change.breaking), changes }]
        : [];
    })
    .sort(byName);
}

function safetyChanges(options: { now: readonly OperationTool[]; oldByRequest: ReadonlyMap<string, OperationTool> }) {
  return options.now
    .flatMap((tool) => {
      const old = options.oldByRequest.get(requestOf(tool));
      if (!old) return [];
      const changes: string[] = [];
      if (old.safety !== tool.safety) changes.push(`safety class ${old.safety} -> ${tool.safety}`);
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
        if (old.annotations[hint] !== tool.annotations[hint])
          changes.push(`${hint} ${old.annotations[hint]} -> ${tool.annotations[hint]}`);
      }
      return changes.length > 0 ? [{ name: tool.name, changes }] : [];
    })
    .sort(byName);
}

function selectionChanges(options: { before: readonly ProfileMetrics[]; after: readonly ProfileMetrics[] }) {
  return options.after.flatMap((row) => {
    const old = options.before.find((candidate) => candidate.profile === row.profile);
    if (old && old.tools === row.tools && old.listTokens === row.listTokens) return [];
    return [
      {
        selection: row.profile,
        toolsBefore: old?.tools ?? 0,
        toolsAfter: row.tools,
        bytesBefore: old?.listBytes ?? 0,
        bytesAfter: row.listBytes,
        tokensBefore: old?.listTokens ?? 0,
        tokensAfter: row.listTokens,
      },
    ];
  });
}
