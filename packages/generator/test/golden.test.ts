import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitSources } from '../src/emit/typescript.js';
import {
  fixturePath,
  fixtureProvenance,
  fixtureTarget,
  GOLDEN_DIR,
  OPENAPI_FIXTURES,
  sha256Of,
} from './support/fixtures.js';
import { planFixture } from './support/plan-fixture.js';

/**
 * Whole generated sources of each one-feature fixture, kept as real .ts files
 * under test/golden/<fixture>/ and typechecked by `pnpm typecheck`
 * (test/golden/tsconfig.json). Update with `pnpm vitest run -u` and review the diff.
 */
const FIXTURES = readdirSync(OPENAPI_FIXTURES).filter((file) => file.endsWith('.yaml'));

describe('golden sources', () => {
  it.each(FIXTURES)('%s', async (fixture) => {
    const sha256 = sha256Of(fixturePath(fixture));
    const { tools } = await planFixture(fixture);
    const sources = await emitSources({
      target: fixtureTarget({ sha256 }),
      tools,
      provenance: fixtureProvenance({ sha256 }),
      serverFile: 'server.cjs',
    });
    for (const source of sources) {
      await expect(source.text).toMatchFileSnapshot(
        path.join(GOLDEN_DIR, path.basename(fixture, '.yaml'), path.basename(source.path)),
      );
    }
  });

  it('keeps no golden directory whose fixture is gone', () => {
    const expected = FIXTURES.map((fixture) => path.basename(fixture, '.yaml')).sort();
    const present = readdirSync(GOLDEN_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(present.filter((name) => !expected.includes(name))).toEqual([]);
  });
});
