import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, type Scratch, scratchTarget } from './support/cli.js';
import { fixturePath, OPENAPI_FIXTURES, sha256Of } from './support/fixtures.js';

/**
 * Bad input: one clear line naming the file (and the JSON pointer where there is
 * one), a non-zero exit, and nothing written to the output directory.
 */
function expectCleanFailure(options: { run: ReturnType<typeof runCli>; scratch: Scratch; mentions: readonly (string | RegExp)[] }) {
  const { run, scratch } = options;
  expect(run.status).not.toBe(0);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^mcpgen: error: /);
  expect(lines[0]).not.toMatch(/\bat .*\.ts:\d+/);
  for (const mention of options.mentions) expect(lines[0]).toMatch(mention);
  const leftovers = existsSync(scratch.outDir) ? readdirSync(scratch.outDir) : [];
  expect(leftovers).toEqual([]);
}

function scratchFor(fixture: string, patch?: (target: Record<string, unknown>) => void): Scratch {
  return scratchTarget({ specsDir: OPENAPI_FIXTURES, specFile: fixture, sha256: sha256Of(fixturePath(fixture)), ...(patch ? { patch } : {}) });
}

describe('generator errors on bad input', () => {
  it('a malformed spec names the file and the line', () => {
    const scratch = scratchFor('bad/malformed.yaml');
    const run = runCli({ scratch, specsDir: OPENAPI_FIXTURES });
    expectCleanFailure({ run, scratch, mentions: ['bad/malformed.yaml', /line 18|18:7/] });
  });

  it('a broken $ref names the file and the JSON pointer of the reference', () => {
    const scratch = scratchFor('bad/broken-ref.yaml');
    const run = runCli({ scratch, specsDir: OPENAPI_FIXTURES });
    expectCleanFailure({ run, scratch, mentions: ['bad/broken-ref.yaml#/paths/~1widgets/post/requestBody', 'DoesNotExist'] });
  });

  it('an invalid document names the file and the JSON pointer of the fault', () => {
    const scratch = scratchFor('bad/invalid-structure.yaml');
    const run = runCli({ scratch, specsDir: OPENAPI_FIXTURES });
    expectCleanFailure({ run, scratch, mentions: ['bad/invalid-structure.yaml#/paths/~1widgets~1{id}/get/parameters/0', 'required'] });
  });

  it('an overlay entry that matches nothing names the target file and the overlay', () => {
    const scratch = scratchFor('path-params.yaml', (target) => {
      target.overlays = [{ name: 'gone-op', why: 'test', dropOperations: ['NoSuchOperation'] }];
      (target.versions as { overlays: string[] }[])[0]!.overlays = ['gone-op'];
    });
    const run = runCli({ scratch, specsDir: OPENAPI_FIXTURES });
    expectCleanFailure({ run, scratch, mentions: [scratch.targetFile, "overlay 'gone-op'", 'NoSuchOperation'] });
  });

  it('a spec whose sha256 differs from the recorded one is refused', () => {
    const scratch = scratchTarget({ specsDir: OPENAPI_FIXTURES, specFile: 'path-params.yaml', sha256: '0'.repeat(64) });
    const run = runCli({ scratch, specsDir: OPENAPI_FIXTURES });
    expectCleanFailure({ run, scratch, mentions: [`${scratch.targetFile}#/versions/0/sha256`, 'refusing'] });
  });

  it('a malformed target file names the field by JSON pointer', () => {
    const scratch = scratchFor('path-params.yaml', (target) => {
      target.basePath = 'api/';
    });
    const run = runCli({ scratch, specsDir: OPENAPI_FIXTURES });
    expectCleanFailure({ run, scratch, mentions: [`${scratch.targetFile}#/basePath`] });
  });

  it('a good fixture generates a package (the failures above are not environmental)', () => {
    const scratch = scratchFor('path-params.yaml');
    const run = runCli({ scratch, specsDir: OPENAPI_FIXTURES });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(scratch.outDir)).toEqual(['mcp-fixture-1.0']);
  });
});
