import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runRecordSelection } from '../src/cli/record-selection-command.js';
import { releaseWorkspace } from './support/release-workspace.js';

/**
 * A package never changes content under a published number: widening a profile (or renaming a tool,
 * or changing an overlay) bumps the patch of the line's newest package, and the change report says why.
 */
describe('selection data changes bump the patch', () => {
  function recordedWorkspace() {
    const workspace = releaseWorkspace();
    return workspace;
  }

  it("first record-selection only records fingerprints; widening a profile then bumps each line's newest package, and says why", async () => {
    const workspace = recordedWorkspace();
    expect(await runRecordSelection({ targets: ['fixture'], targetsDir: workspace.targetsDir })).toEqual([
      'fixture 1.0: selection fingerprint recorded',
      'fixture 1.1: selection fingerprint recorded',
    ]);
    expect(workspace.status().trim()).toBe('M targets/fixture.yaml');
    const recorded = workspace.targetText();
    // Unchanged data: the versions stay, nothing is rewritten.
    const unchanged = await workspace.generate({});
    expect(unchanged.map((report) => report.packageVersion)).toEqual(['1.0.0', '1.1.0']);
    expect(await runRecordSelection({ targets: ['fixture'], targetsDir: workspace.targetsDir })).toEqual([]);
    // Widen a profile.
    writeFileSync(workspace.targetFile, recorded.replace('BASE:    [widgets]', 'BASE:    [widgets, gadgets]'));
    const widened = await workspace.generate({});
    expect(widened.map((report) => report.packageVersion)).toEqual(['1.0.1', '1.1.1']);
    expect(widened[1]!.changes.versioning).toMatch(
      /^1\.1\.1: upstream 1\.1 regenerated under a new patch because its selection data changed since it was recorded \(profiles in .*fixture\.yaml\)/,
    );
    expect(widened[1]!.warnings.join('\n')).toContain('profiles changed since 1.1 was recorded: this package is 1.1.1');
    expect(readFileSync(path.join(widened[1]!.packageDir, 'CHANGES.md'), 'utf8')).toContain('selection data changed');
    // Recording the bump: only the patch and selection lines of the two entries change.
    const before = workspace.targetText();
    expect(await runRecordSelection({ targets: ['fixture'], targetsDir: workspace.targetsDir })).toEqual([
      'fixture 1.0: profiles changed; package 1.0.1',
      'fixture 1.1: profiles changed; package 1.1.1',
    ]);
    const changedLines = workspace
      .targetText()
      .split('\n')
      .filter((line, index) => line !== before.split('\n')[index]);
    expect(changedLines.map((line) => line.trim().split(':')[0])).toEqual(['patch', 'selection', 'patch', 'selection']);
    const versions = (parse(workspace.targetText()) as { versions: { patch: number }[] }).versions;
    expect(versions.map((version) => version.patch)).toEqual([1, 1]);
    expect((await workspace.generate({})).map((report) => report.packageVersion)).toEqual(['1.0.1', '1.1.1']);
  }, 120_000);

  it("an overlay applied to one version bumps only that version's line; a superseded entry is not bumped", async () => {
    const workspace = recordedWorkspace();
    const patchRelease = workspace.writeSpec({
      name: '1.1.1.yaml',
      text: readFileSync(path.join(workspace.specsDir, 'fixture/1.1.yaml'), 'utf8').replace(
        'version: "1.1" }',
        'version: "1.1.1" }',
      ),
    });
    await workspace.generate({ versions: ['1.1.1'], spec: patchRelease });
    await runRecordSelection({ targets: ['fixture'], targetsDir: workspace.targetsDir });
    const text = workspace
      .targetText()
      .replace('      - { pointer: /info, keywords: [x-nothing] }', '      - { pointer: /info, keywords: [x-other] }');
    writeFileSync(workspace.targetFile, text);
    expect(await runRecordSelection({ targets: ['fixture'], targetsDir: workspace.targetsDir })).toEqual([]);
    writeFileSync(
      workspace.targetFile,
      workspace.targetText().replace(/(- version: 1\.1\.1\n(?: {4}.*\n)*? {4}overlays: )\[\]/, '$1[noop-strip]'),
    );
    const changes = await runRecordSelection({ targets: ['fixture'], targetsDir: workspace.targetsDir }).catch(
      (error: unknown) => [String(error)],
    );
    expect(changes).toEqual(['fixture 1.1.1: overlays changed; package 1.1.2']);
  }, 120_000);
});
