import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPackages, writeLists } from '../scripts/package-hashes/run.js';

/**
 * `pnpm package-hashes` keeps "byte-identical except stated generator changes" checkable: it names the
 * files of a generated package whose bytes moved since the list was recorded.
 */
describe('package hash lists', () => {
  const roots: string[] = [];
  afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

  function workspace() {
    const root = mkdtempSync(path.join(tmpdir(), 'mcpgen-hashes-'));
    roots.push(root);
    const dirs = { outDir: path.join(root, 'out'), listsDir: path.join(root, 'lists') };
    const pkg = path.join(dirs.outDir, 'mcp-demo-1.0');
    mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    mkdirSync(path.join(dirs.outDir, 'tarballs'));
    writeFileSync(path.join(pkg, 'package.json'), '{"name":"mcp-demo"}\n');
    writeFileSync(path.join(pkg, 'dist', 'server.cjs'), 'void module.exports;\n');
    writeFileSync(path.join(pkg, 'README.md'), '# demo\n');
    return { dirs, pkg };
  }

  it('records every package directory of out/ in the sha256sum format, which sha256sum -c accepts', async () => {
    const { dirs, pkg } = workspace();
    expect((await writeLists({ dirs })).lines).toEqual(['mcp-demo-1.0: 3 files recorded']);
    const list = path.join(dirs.listsDir, 'mcp-demo-1.0.sha256');
    expect(execFileSync('sha256sum', ['-c', list], { cwd: pkg, encoding: 'utf8' })).toBe(
      'README.md: OK\ndist/server.cjs: OK\npackage.json: OK\n',
    );
    expect(await checkPackages(dirs)).toEqual({ lines: ['mcp-demo-1.0: same bytes (3 files)'], ok: true });
  });

  it('names changed, new and vanished files, and packages not generated', async () => {
    const { dirs, pkg } = workspace();
    await writeLists({ dirs });
    writeFileSync(path.join(pkg, 'dist', 'server.cjs'), 'void module.exports;\n// moved\n');
    writeFileSync(path.join(pkg, 'CHANGES.md'), '# changes\n');
    rmSync(path.join(pkg, 'README.md'));
    writeFileSync(path.join(dirs.listsDir, 'mcp-other-2.0.sha256'), '');
    expect(await checkPackages(dirs)).toEqual({
      lines: [
        'mcp-demo-1.0: changed dist/server.cjs; new CHANGES.md; gone README.md',
        'mcp-other-2.0: not generated (run pnpm generate)',
      ],
      ok: false,
    });
  });
});
