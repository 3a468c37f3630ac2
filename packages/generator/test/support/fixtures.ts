import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TargetSpec } from '@mcpgen/runtime';
import type { Provenance } from '../../src/emit/provenance.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const OPENAPI_FIXTURES = path.join(REPO_ROOT, 'test/fixtures/openapi');
export const GOLDEN_DIR = path.join(REPO_ROOT, 'test/golden');
export const SHARED_SPECS = path.resolve(REPO_ROOT, '../shared/specs');

export function fixturePath(name: string): string {
  return path.join(OPENAPI_FIXTURES, name);
}

export function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A small Portainer-like target for fixture specs. */
export function fixtureTarget(options: { sha256: string }): TargetSpec {
  return {
    packageName: 'mcp-fixture',
    packageVersion: '1.0.0',
    displayName: 'Fixture',
    upstream: { name: 'Fixture API', version: '1.0.0', sha256: options.sha256 },
    basePath: '/api',
    auth: { kind: 'header-key', header: 'X-API-Key', env: 'FIXTURE_API_KEY' },
    env: {
      url: 'FIXTURE_URL',
      tlsVerify: 'FIXTURE_TLS_VERIFY',
      timeout: 'FIXTURE_TIMEOUT',
      profiles: 'FIXTURE_PROFILES',
      tagsExtra: 'FIXTURE_TAGS_EXTRA',
      readOnly: 'FIXTURE_READ_ONLY',
      noProxy: 'FIXTURE_NO_PROXY',
      logLevel: 'FIXTURE_LOG_LEVEL',
    },
    profiles: [{ name: 'BASE', tags: ['widgets', 'system'] }],
    defaultProfiles: ['BASE'],
    readOnlySafety: ['read'],
    defaultTimeoutSeconds: 30,
  };
}

export function fixtureProvenance(options: { sha256: string }): Provenance {
  return {
    generator: '@mcpgen/generator',
    generatorVersion: 'test',
    upstreamName: 'Fixture API',
    upstreamVersion: '1.0.0',
    sha256: options.sha256,
  };
}
