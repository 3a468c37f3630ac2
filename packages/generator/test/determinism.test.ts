import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGenerate } from '../src/cli/generate-command.js';
import type { GenerationReport } from '../src/pipeline/generate.js';
import { DEFAULTS, REPO_ROOT } from '../src/cli/paths.js';

/** Every file below `root`, relative, sorted. */
function listTree(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The root README quotes the default-profile figures of Portainer 2.43.0; keep them true. */
function expectReadmeFigures(metrics: { tools: number; listed: number; listBytes: number }): void {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const quoted = /serves (\d+) tools \((\d+) listed[^)]*\) and its `tools\/list` answer is ([\d,]+) bytes/.exec(readme);
  expect(quoted?.slice(1)).toEqual([
    String(metrics.tools),
    String(metrics.listed),
    metrics.listBytes.toLocaleString('en-US'),
  ]);
}

/** Every method of the raw 9.2 tree, counted here independently of the adapter, is a tool or skipped with a reason. */
function expectEveryPveMethodAccountedFor(report: GenerationReport): void {
  const tree = JSON.parse(readFileSync(path.join(DEFAULTS.specsDir, 'pve/9.2.json'), 'utf8')) as RawNode[];
  const count = (node: RawNode): number =>
    Object.keys(node.info ?? {}).length + (node.children ?? []).reduce((sum, child) => sum + count(child), 0);
  const methods = tree.reduce((sum, root) => sum + count(root), 0);
  expect(methods).toBe(675);
  expect(report.upstreamOperations).toBe(methods);
  expect(report.operationTools + report.skipped.length).toBe(methods);
  expect(report.skipped.every((skip) => skip.reason.length > 10)).toBe(true);
}

interface RawNode {
  readonly info?: Record<string, unknown>;
  readonly children?: readonly RawNode[];
}

describe('deterministic output', () => {
  const roots = [mkdtempSync(path.join(tmpdir(), 'mcpgen-det-a-')), mkdtempSync(path.join(tmpdir(), 'mcpgen-det-b-'))];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('generating Portainer 2.43.0 and Proxmox VE 9.2 twice gives byte-identical trees', async () => {
    const reports = [];
    for (const outDir of roots) {
      reports.push(
        ...(await runGenerate({
          targets: ['portainer', 'pve'],
          versions: ['2.43.0', '9.2'],
          targetsDir: DEFAULTS.targetsDir,
          specsDir: DEFAULTS.specsDir,
          outDir,
        })),
      );
    }
    expectReadmeFigures(reports[0]!.metrics[0]!);
    expectEveryPveMethodAccountedFor(reports[1]!);
    const [first, second] = roots.map((root) => listTree(root));
    expect(first).toEqual(second);
    expect(first).toContain(path.join('mcp-portainer-2.43', 'dist', 'mcp-portainer.js'));
    expect(first).toContain(path.join('mcp-pve-9.2', 'dist', 'mcp-pve.js'));
    for (const file of first!) {
      expect(readFileSync(path.join(roots[1]!, file)).equals(readFileSync(path.join(roots[0]!, file))), file).toBe(
        true,
      );
    }
  }, 120_000);
});
