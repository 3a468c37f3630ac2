import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGenerate } from '../src/cli/generate-command.js';
import { DEFAULTS, REPO_ROOT } from '../src/cli/paths.js';

/** Every file below `root`, relative, sorted. */
function listTree(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The root README quotes the default-profile figures of 2.43.0; keep them true. */
function expectReadmeFigures(metrics: { tools: number; listBytes: number }): void {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
  expect(readme).toContain(`serves ${metrics.tools} tools and its \`tools/list\` answer is ${metrics.listBytes.toLocaleString('en-US')} bytes`);
}

describe('deterministic output', () => {
  const roots = [mkdtempSync(path.join(tmpdir(), 'mcpgen-det-a-')), mkdtempSync(path.join(tmpdir(), 'mcpgen-det-b-'))];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('generating Portainer 2.43.0 twice gives byte-identical trees', async () => {
    const reports = [];
    for (const outDir of roots) {
      reports.push(...(await runGenerate({ targets: ['portainer'], versions: ['2.43.0'], targetsDir: DEFAULTS.targetsDir, specsDir: DEFAULTS.specsDir, outDir })));
    }
    expectReadmeFigures(reports[0]!.metrics[0]!);
    const [first, second] = roots.map((root) => listTree(root));
    expect(first).toEqual(second);
    expect(first).toContain(path.join('mcp-portainer-2.43', 'dist', 'mcp-portainer.js'));
    for (const file of first!) {
      expect(readFileSync(path.join(roots[1]!, file)).equals(readFileSync(path.join(roots[0]!, file))), file).toBe(true);
    }
  }, 120_000);
});
