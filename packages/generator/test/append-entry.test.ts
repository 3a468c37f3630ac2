import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULTS } from '../src/cli/paths.js';
import { appendVersionEntry } from '../src/targets/append-entry.js';
import { RELEASE_FIXTURES } from './support/release-workspace.js';

/** Recording a release adds the entry's lines and changes no other byte of the real target files. */
describe('appending a version entry', () => {
  const entry = {
    version: '9.3',
    patch: 0,
    file: 'x/9.3.json',
    url: 'https://example.com/apidoc.js',
    sha256: 'a'.repeat(64),
    overlays: [],
  };
  const files = [
    path.join(DEFAULTS.targetsDir, 'portainer.yaml'),
    path.join(DEFAULTS.targetsDir, 'pve.yaml'),
    path.join(RELEASE_FIXTURES, 'fixture.yaml'),
  ];

  for (const file of files) {
    it(`${path.basename(file)}: the diff is the new entry only`, () => {
      const before = readFileSync(file, 'utf8');
      const after = appendVersionEntry({ text: before, entry, file });
      const oldLines = before.split('\n');
      const newLines = after.split('\n');
      let head = 0;
      while (oldLines[head] === newLines[head]) head += 1;
      const added = newLines.slice(head, head + newLines.length - oldLines.length);
      expect([...newLines.slice(0, head), ...newLines.slice(head + added.length)]).toEqual(oldLines);
      expect(added).toEqual([
        "  - version: '9.3'",
        '    patch: 0',
        '    file: x/9.3.json',
        '    url: https://example.com/apidoc.js',
        `    sha256: ${'a'.repeat(64)}`,
        '    overlays: []',
      ]);
      expect((parse(after) as { versions: unknown[] }).versions.at(-1)).toEqual(entry);
    });
  }
});
