import { describe, expect, it } from 'vitest';
import { CHECKERS, type Finding, type Schema } from './checker.js';
import { generatedPackages, loadPackage, preparePackage } from './served-listing.js';

/**
 * Every tool of every generated package, listed in tools mode (all tools, every profile, the
 * widest access, the raw tool on) and in discovery mode (the three discovery tools), in each
 * dialect, checked by the independent checker: 0 exceptions.
 */
const packages = generatedPackages();

describe.each(packages)('%s', (dir) => {
  it.each(['openai-strict', 'gemini'] as const)(
    '%s: every listed schema follows the documented rules',
    async (dialect) => {
      const pkg = await loadPackage(dir);
      const listing = [
        ...preparePackage({ pkg, dialect, toolMode: 'tools' }).surface.listing,
        ...(pkg.target.env.toolMode ? preparePackage({ pkg, dialect, toolMode: 'discovery' }).surface.listing : []),
      ];
      expect(listing.length).toBeGreaterThan(pkg.tools.length);
      const findings = listing.flatMap((tool) =>
        CHECKERS[dialect](tool.inputSchema as Schema).map(
          (finding: Finding) => `${tool.name} ${finding.at}: ${finding.rule}`,
        ),
      );
      expect(findings).toEqual([]);
    },
  );
});

it('finds generated packages to check (pnpm test generates them first)', () => {
  expect(packages.length).toBeGreaterThan(0);
});

it('is not vacuous: the default dialect of a package breaks both clients’ rules', async () => {
  const pkg = await loadPackage(packages.find((dir) => dir.includes('pve')) ?? packages[0]!);
  const listing = preparePackage({ pkg, dialect: 'default', toolMode: 'tools' }).surface.listing;
  for (const check of Object.values(CHECKERS))
    expect(listing.some((tool) => check(tool.inputSchema as Schema).length > 0)).toBe(true);
});
