import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { diffGenerations } from '../src/changes/diff.js';
import { runGenerate } from '../src/cli/generate-command.js';
import { DEFAULTS } from '../src/cli/paths.js';
import type { GenerationReport } from '../src/pipeline/generate.js';
import { planTools } from '../src/plan/tools.js';
import { readOpenApi } from '../src/sources/openapi/read.js';
import { OPENAPI_FIXTURES } from './support/fixtures.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

async function plannedFixture(name: string) {
  const api = await readOpenApi({
    file: path.join(OPENAPI_FIXTURES, 'changes', name),
    overlays: { file: 'x', overlays: [] },
  });
  return planTools({ api, overrides: { file: 'x', names: {} } }).tools;
}

/** Only gadgets are in a profile: the new widgets tool is reachable through ALL or the extra-tags variable only. */
const SELECTION = {
  profiles: [{ name: 'BASE', tags: ['gadgets'] }],
  profilesVar: 'FIX_PROFILES',
  tagsExtraVar: 'FIX_TAGS_EXTRA',
};

function listing(profile: string, listedNames: string[]) {
  return {
    profile,
    tags: '',
    tools: listedNames.length,
    listed: listedNames.length,
    readTools: 0,
    listBytes: 0,
    listTokens: 0,
    allToolsTokens: 0,
    listedNames,
  };
}

describe('change report: one fixture change of each kind', async () => {
  const before = await plannedFixture('before.yaml');
  const after = await plannedFixture('after.yaml');
  const report = diffGenerations({
    packageName: 'mcp-changes',
    before: {
      upstream: 'Changes API 1.0.0',
      version: '1.0.0',
      tools: before,
      metrics: [listing('BASE', ['gadget_get', 'old_thing', 'widget_list'])],
      selection: SELECTION,
    },
    after: {
      upstream: 'Changes API 2.0.0',
      version: '2.0.0',
      tools: after,
      metrics: [listing('BASE', ['gadget_inspect', 'new_thing', 'widget_list'])],
      selection: SELECTION,
    },
    versioning: 'test',
  });

  it('lists the added and removed tools', () => {
    expect(report.added).toEqual([{ name: 'new_thing', request: 'GET /new' }]);
    expect(report.removed).toEqual([{ name: 'old_thing', request: 'GET /old' }]);
  });

  it('names new tools that no profile selects, with the settings that reach them', () => {
    expect(report.unprofiled).toEqual([
      { tag: 'widgets', tools: ['new_thing'], reachedBy: '`FIX_PROFILES=ALL` or `FIX_TAGS_EXTRA=widgets`' },
    ]);
  });

  it('lists the tools entering and leaving the auto-mode listing per selection', () => {
    expect(report.listing).toEqual([
      { selection: 'BASE', entered: ['gadget_inspect', 'new_thing'], left: ['gadget_get', 'old_thing'] },
    ]);
  });

  it('sees a renamed operationId as a rename of the same method and path', () => {
    expect(report.renamed).toEqual([{ from: 'gadget_get', to: 'gadget_inspect', request: 'GET /gadgets/{id}' }]);
  });

  it('classifies a new required input and a narrowed enum as breaking', () => {
    const create = report.inputs.find((input) => input.name === 'widget_create')!;
    expect(create.breaking).toBe(true);
    expect(create.changes.map((change) => [change.breaking, change.text])).toEqual([
      [true, 'required input `size` added'],
      [true, '`color` no longer accepts "blue"'],
    ]);
  });

  it('reports a method changed to DELETE as a breaking move, with its new hints', () => {
    expect(report.moved).toEqual([
      { name: 'widget_purge', from: 'POST /widgets/{id}/purge', to: 'DELETE /widgets/{id}/purge' },
    ]);
    expect(report.breaking).toBe(true);
  });
});

/** `METHOD /path` keys of a raw document, read independently of the adapters. */
function openApiKeys(file: string): Set<string> {
  const doc = parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  return new Set(
    Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item)
        .filter((m) => ['get', 'post', 'put', 'delete', 'patch', 'head'].includes(m))
        .map((m) => `${m.toUpperCase()} ${p}`),
    ),
  );
}

/** Tags of each operation of a raw document, by `METHOD /path` with parameter names blanked. */
function openApiTags(file: string): Map<string, string[]> {
  const doc = parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, { tags?: string[] }>> };
  return new Map(
    Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.entries(item)
        .filter(([m]) => ['get', 'post', 'put', 'delete', 'patch', 'head'].includes(m))
        .map(([m, op]) => [`${m.toUpperCase()} ${p.replace(/\{[^}]+\}/g, '{}')}`, op.tags ?? []] as [string, string[]]),
    ),
  );
}

function operationsWithoutId(file: string): Set<string> {
  const doc = parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
  return new Set(
    Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.entries(item)
        .filter(([method, op]) => ['get', 'post', 'put', 'delete', 'patch'].includes(method) && !op.operationId)
        .map(([method]) => `${method.toUpperCase()} ${p}`),
    ),
  );
}

interface RawNode {
  readonly path: string;
  readonly info?: Record<string, unknown>;
  readonly children?: readonly RawNode[];
}

function apidocKeys(file: string): Set<string> {
  const keys = new Set<string>();
  const visit = (node: RawNode) => {
    Object.keys(node.info ?? {}).forEach((verb) => keys.add(`${verb} ${node.path}`));
    (node.children ?? []).forEach(visit);
  };
  (JSON.parse(readFileSync(file, 'utf8')) as RawNode[]).forEach(visit);
  return keys;
}

function expectExactDelta(options: { report: GenerationReport; before: Set<string>; after: Set<string> }) {
  const { report, before, after } = options;
  const skipped = new Set(report.skipped.map((skip) => skip.key));
  const added = [...after].filter((key) => !before.has(key) && !skipped.has(key)).sort();
  const removed = [...before].filter((key) => !after.has(key) && !skipped.has(key)).sort();
  // None vanish: every operation of the new document is a tool or skipped with a reason.
  expect(report.upstreamOperations).toBe(after.size);
  expect(report.operationTools + report.skipped.length).toBe(after.size);
  const changes = report.changes;
  expect([...changes.added.map((tool) => tool.request), ...changes.moved.map((move) => move.to)].sort()).toEqual(added);
  expect([...changes.removed.map((tool) => tool.request), ...changes.moved.map((move) => move.from)].sort()).toEqual(
    removed,
  );
}

describe('change report on the real specs', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'mcpgen-changes-'));

  it('Portainer 2.42.0 -> 2.43.0 and PVE 9.x snapshot -> 9.2 list exactly the operations added and removed', async () => {
    try {
      const reports = await runGenerate({
        targets: ['portainer', 'pve'],
        versions: ['2.43.0', '9.2'],
        targetsDir: DEFAULTS.targetsDir,
        specsDir: DEFAULTS.specsDir,
        outDir,
      });
      const specs = DEFAULTS.specsDir;
      expectExactDelta({
        report: reports[0]!,
        before: openApiKeys(path.join(specs, 'portainer/2.42.0.yaml')),
        after: openApiKeys(path.join(specs, 'portainer/2.43.0.yaml')),
      });
      expectExactDelta({
        report: reports[1]!,
        before: apidocKeys(path.join(specs, 'pve/9.x-2026-05.json')),
        after: apidocKeys(path.join(specs, 'pve/9.2.json')),
      });
      expect(reports[1]!.changes.added).toHaveLength(8);
      // Names are stable across versions: PVE methods keep theirs; Portainer renames only the operations
      // that had no operationId in 2.42.0 (named from method and path) and gained one in 2.43.0.
      expect(reports[1]!.changes.renamed).toEqual([]);
      const withoutIds = operationsWithoutId(path.join(specs, 'portainer/2.42.0.yaml'));
      expect(reports[0]!.changes.renamed.length).toBeGreaterThan(0);
      for (const rename of reports[0]!.changes.renamed)
        expect(withoutIds.has(rename.request), rename.request).toBe(true);
      // Selections whose size moved are reported with their tool counts and tokens.
      const moved = reports[0]!.changes.selections.find((selection) => selection.selection.startsWith('default ('))!;
      expect(moved.toolsAfter).toBe(reports[0]!.metrics[0]!.tools);
      expect(moved.tokensAfter).toBe(reports[0]!.metrics[0]!.listTokens);
      expect(moved.tokensBefore).toBeGreaterThan(0);
      const markdown = readFileSync(path.join(reports[0]!.packageDir, 'CHANGES.md'), 'utf8');
      expect(markdown).toContain('new upstream minor 2.43');
      // New tools whose tags no profile lists, counted independently from the raw spec and the target file.
      const profiled = new Set(
        Object.values(
          (
            parse(readFileSync(path.join(DEFAULTS.targetsDir, 'portainer.yaml'), 'utf8')) as {
              profiles: Record<string, string[]>;
            }
          ).profiles,
        ).flat(),
      );
      const tagsOf = openApiTags(path.join(specs, 'portainer/2.43.0.yaml'));
      const addedKeys = reports[0]!.changes.added.map((tool) => tool.request.replace(/\{[^}]+\}/g, '{}'));
      const expectedUnprofiled = addedKeys.filter(
        (key) => !(tagsOf.get(key) ?? []).some((tag) => profiled.has(tag)),
      ).length;
      expect(reports[0]!.changes.unprofiled.flatMap((group) => group.tools)).toHaveLength(expectedUnprofiled);
      for (const group of reports[0]!.changes.unprofiled) {
        expect(group.reachedBy).toBe(`\`PORTAINER_PROFILES=ALL\` or \`PORTAINER_TAGS_EXTRA=${group.tag}\``);
        expect(markdown).toContain(`PORTAINER_TAGS_EXTRA=${group.tag}`);
      }
      // The auto listing of each selection moves with the tools added and removed.
      const listed = reports[0]!.changes.listing.find((row) => row.selection === 'ALL');
      expect(listed === undefined || listed.entered.length + listed.left.length > 0).toBe(true);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 120_000);
});
