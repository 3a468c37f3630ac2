import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, type Scratch, scratchTarget } from './support/cli.js';
import { fixturePath, OPENAPI_FIXTURES, sha256Of } from './support/fixtures.js';

/**
 * Bad input: one clear line naming the file (and the JSON pointer where there is
 * one), a non-zero exit, and nothing written to the output directory.
 */
function expectCleanFailure(options: {
  run: ReturnType<typeof runCli>;
  scratch: Scratch;
  mentions: readonly (string | RegExp)[];
}) {
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
  return scratchTarget({
    specsDir: OPENAPI_FIXTURES,
    specFile: fixture,
    sha256: sha256Of(fixturePath(fixture)),
    ...(patch ? { patch } : {}),
  });
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
    expectCleanFailure({
      run,
      scratch,
      mentions: ['bad/broken-ref.yaml#/paths/~1widgets/post/requestBody', 'DoesNotExist'],
    });
  });

  it('an invalid document names the file and the JSON pointer of the fault', () => {
    const scratch = scratchFor('bad/invalid-structure.yaml');
    const run = runCli({ scratch, specsDir: OPENAPI_FIXTURES });
    expectCleanFailure({
      run,
      scratch,
      mentions: ['bad/invalid-structure.yaml#/paths/~1widgets~1{id}/get/parameters/0', 'required'],
    });
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

  it('a default its own schema refuses names the tool and the JSON pointer in its input schema', () => {
    const scratch = scratchFor('bad/default-outside-schema.yaml');
    const run = runCli({ scratch, specsDir: OPENAPI_FIXTURES });
    expectCleanFailure({
      run,
      scratch,
      mentions: [
        'bad/default-outside-schema.yaml',
        "tool 'list_widgets'",
        '#/properties/limit/default',
        'must be >= 1',
      ],
    });
  });

  it('a named overlay that strips the bad default lets the same spec generate', () => {
    const scratch = scratchFor('bad/default-outside-schema.yaml', (target) => {
      target.overlays = [
        {
          name: 'limit-default',
          why: 'vendor default 0 is below its own minimum',
          stripKeywords: [{ pointer: '/paths/~1widgets/get/parameters/0/schema', keywords: ['default'] }],
        },
      ];
      (target.versions as { overlays: string[] }[])[0]!.overlays = ['limit-default'];
    });
    const run = runCli({ scratch, specsDir: OPENAPI_FIXTURES });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('a profile tag that no listed version has names the target file and the profile entry', () => {
    const scratch = scratchFor('path-params.yaml', (target) => {
      target.profiles = { BASE: ['widgets'], GITOPS: ['widgets', 'gitpos'] };
    });
    const run = runCli({ scratch, specsDir: OPENAPI_FIXTURES });
    expectCleanFailure({ run, scratch, mentions: [`${scratch.targetFile}#/profiles/GITOPS/1`, "'gitpos'", '1.0.0'] });
  });

  it('a profile tag that only some listed versions have is fine, and reported', () => {
    const scratch = scratchFor('path-params.yaml', (target) => {
      target.profiles = { BASE: ['widgets', 'gadgets'] };
      const second = {
        version: '1.1.0',
        patch: 0,
        file: 'missing-operation-id.yaml',
        url: 'https://example.com/spec.yaml',
        sha256: sha256Of(fixturePath('missing-operation-id.yaml')),
        overlays: [],
      };
      target.versions = [...(target.versions as object[]), second];
    });
    const run = runCli({ scratch, specsDir: OPENAPI_FIXTURES });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      "profile BASE: tag 'widgets' only in 1.0.0; profile BASE: tag 'gadgets' only in 1.1.0",
    );
  });

  it('a good fixture generates a package (the failures above are not environmental)', () => {
    const scratch = scratchFor('path-params.yaml');
    const run = runCli({ scratch, specsDir: OPENAPI_FIXTURES });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(scratch.outDir)).toEqual(['mcp-fixture-1.0']);
  });
});
