import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/fixtures.js';

/**
 * Every generated package's MCP Registry entry against the registry's documented rules, written
 * here from its server.json reference and "official registry requirements" pages (the schema file
 * itself is not vendored: its licence could not be checked from here). Checked on the packages
 * `pnpm generate` built, independently of the code that wrote them.
 */
const OUT = path.join(REPO_ROOT, 'out');
const packages = existsSync(OUT)
  ? readdirSync(OUT).filter((name) => existsSync(path.join(OUT, name, 'server.json')))
  : [];
const FORMATS = ['string', 'number', 'boolean', 'filepath'];
const isVersionRange = (version: string) => /^[\^~><=]|\bx\b|\*|^latest$/i.test(version) || version.includes(' ');

describe('server.json of every generated package', () => {
  it('exists for each target that names its registry entry', () => {
    expect(packages.length).toBeGreaterThanOrEqual(2);
  });

  for (const name of packages) {
    it(`${name}: required fields, limits, and the npm package it points at`, () => {
      const entry = JSON.parse(readFileSync(path.join(OUT, name, 'server.json'), 'utf8')) as Record<string, unknown> & {
        packages: Record<string, unknown>[];
      };
      const manifest = JSON.parse(readFileSync(path.join(OUT, name, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
        mcpName?: string;
      };
      expect(entry.$schema).toMatch(
        /^https:\/\/static\.modelcontextprotocol\.io\/schemas\/\d{4}-\d{2}-\d{2}\/server\.schema\.json$/,
      );
      expect(entry.name).toMatch(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/);
      expect(String(entry.name).length).toBeGreaterThanOrEqual(3);
      expect(String(entry.name).length).toBeLessThanOrEqual(200);
      expect(String(entry.name)).toMatch(/^io\.github\.[^/]+\//);
      for (const field of ['description', 'title'] as const) {
        expect(typeof entry[field]).toBe('string');
        expect(String(entry[field]).length).toBeGreaterThanOrEqual(1);
        expect(String(entry[field]).length).toBeLessThanOrEqual(100);
      }
      expect(entry.version).toBe(manifest.version);
      expect(isVersionRange(String(entry.version))).toBe(false);
      expect(manifest.mcpName).toBe(entry.name);
      expect(
        Object.keys(entry).every((key) =>
          [
            '$schema',
            '_meta',
            'name',
            'title',
            'description',
            'version',
            'packages',
            'remotes',
            'repository',
            'websiteUrl',
            'icons',
          ].includes(key),
        ),
      ).toBe(true);
      expect(entry.packages).toHaveLength(1);
      const npm = entry.packages[0]!;
      expect(npm).toMatchObject({
        registryType: 'npm',
        identifier: manifest.name,
        version: manifest.version,
        transport: { type: 'stdio' },
      });
      const variables = npm.environmentVariables as Record<string, unknown>[];
      expect(variables.length).toBeGreaterThan(0);
      for (const variable of variables) {
        expect(variable.name).toMatch(/^[A-Z][A-Z0-9_]*$/);
        expect(FORMATS).toContain(variable.format ?? 'string');
        expect(typeof variable.isRequired).toBe('boolean');
        expect(typeof variable.isSecret).toBe('boolean');
        if ('default' in variable) expect(typeof variable.default).toBe('string');
      }
      // Each variable is one the package's README documents.
      const readme = readFileSync(path.join(OUT, name, 'README.md'), 'utf8');
      for (const variable of variables) expect(readme).toContain(String(variable.name));
    });
  }
});
