import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseWorkspace } from './support/release-workspace.js';

/** What the target file says; both entries reach every package of the target. */
const ENTRIES = `
generatorChanges:
  - date: '2026-11-30'
    kind: fix
    files: [dist/server.cjs]
    change: per-user tokens whose user name holds the separator are accepted again
  - date: '2026-11-29'
    kind: refactor
    files: [src/target.gen.ts, dist/server.cjs]
    change: auth formats read from the target file; the same headers are sent
`;

/**
 * A package regenerated with no upstream change but other bytes says why: the target file's
 * generator changes become a section of CHANGES.md and a field of changes.json.
 */
describe('generator changes in the change report', () => {
  it('lists the target file entries in every package, and leaves changes.json as it was without them', async () => {
    const workspace = releaseWorkspace();
    const [plain] = await workspace.generate({ versions: ['1.1'] });
    const plainJson = JSON.parse(readFileSync(path.join(plain!.packageDir, 'changes.json'), 'utf8')) as object;
    expect(plainJson).not.toHaveProperty('generatorChanges');
    expect(readFileSync(path.join(plain!.packageDir, 'CHANGES.md'), 'utf8')).not.toContain('## Generator changes');

    writeFileSync(workspace.targetFile, `${workspace.targetText()}${ENTRIES}`);
    const reports = await workspace.generate({ versions: ['1.0', '1.1'] });
    for (const report of reports) {
      const markdown = readFileSync(path.join(report.packageDir, 'CHANGES.md'), 'utf8');
      expect(markdown).toContain(
        [
          '## Generator changes',
          '',
          'Changes of the generator that altered this package with no upstream change, newest first:',
          '',
          '- 2026-11-30, fix (`dist/server.cjs`): per-user tokens whose user name holds the separator are accepted again',
          '- 2026-11-29, same behaviour (`src/target.gen.ts`, `dist/server.cjs`): auth formats read from the target file; the same headers are sent',
        ].join('\n'),
      );
      const json = JSON.parse(readFileSync(path.join(report.packageDir, 'changes.json'), 'utf8')) as {
        generatorChanges: { kind: string }[];
      };
      expect(json.generatorChanges.map((entry) => entry.kind)).toEqual(['fix', 'refactor']);
    }
  }, 120_000);

  it('refuses an entry of an unknown kind, naming it by JSON pointer', async () => {
    const workspace = releaseWorkspace();
    writeFileSync(workspace.targetFile, `${workspace.targetText()}${ENTRIES.replace('kind: fix', 'kind: tweak')}`);
    await expect(workspace.generate({ versions: ['1.1'] })).rejects.toThrow(/generatorChanges\/0\/kind/);
  });
});
