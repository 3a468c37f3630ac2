/**
 * Nested upstreams: a fixture target (OpenAPI 3) declares a second API (the Swagger 2.0
 * bookshelf fixture) forwarded under `/hosts/{host_id}/shelf`, with its own versions,
 * skip/safety/call rules and name prefix. Nothing here is Docker-specific.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OperationTool } from '@mcpgen/runtime';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildGeneration } from '../src/pipeline/build-generation.js';
import { loadTargetFile } from '../src/targets/load.js';
import { fixturePath, sha256Of } from './support/fixtures.js';

function specsDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nested-specs-'));
  writeFileSync(path.join(dir, 'own.yaml'), readFileSync(fixturePath('path-params.yaml')));
  writeFileSync(path.join(dir, 'shelf-3.1.yaml'), readFileSync(fixturePath('swagger2.yaml')));
  // An older release: no cover upload, no `authors` filter.
  const older = parse(readFileSync(fixturePath('swagger2.yaml'), 'utf8'));
  delete older.paths['/books/{bookId}/cover'];
  older.paths['/books'].get.parameters = older.paths['/books'].get.parameters.filter(
    (parameter: { name: string }) => parameter.name !== 'authors',
  );
  writeFileSync(path.join(dir, 'shelf-3.0.yaml'), stringify(older));
  return dir;
}

function targetFile(options: { dir: string; patch?: (upstream: Record<string, unknown>) => void }): string {
  const upstream: Record<string, unknown> = {
    name: 'shelf',
    displayName: 'Bookshelf API',
    source: 'openapi',
    mount: '/hosts/{host_id}/shelf',
    mountParams: { host_id: { type: 'integer', description: 'Host id.' } },
    apiVersionPath: 'unversioned',
    toolPrefix: 'shelf_',
    tags: ['shelf'],
    skip: [{ match: '^POST /books/\\{bookId\\}/cover$', reason: 'uploads are not for tools' }],
    safetyRules: [{ match: '^GET /books/\\{bookId\\}$', safety: 'write', why: 'test: counts a view' }],
    calls: { BookList: { fixedQuery: { tags: 'new' }, defaults: { limit: 20 }, why: 'test' } },
    versions: [
      {
        version: '3.0',
        file: 'shelf-3.0.yaml',
        url: 'https://books.example.com/3.0.yaml',
        sha256: sha256Of(path.join(options.dir, 'shelf-3.0.yaml')),
      },
      {
        version: '3.1',
        file: 'shelf-3.1.yaml',
        url: 'https://books.example.com/3.1.yaml',
        sha256: sha256Of(path.join(options.dir, 'shelf-3.1.yaml')),
      },
    ],
  };
  options.patch?.(upstream);
  const target = {
    target: 'fixture',
    package: 'mcp-fixture',
    displayName: 'Fixture',
    exampleUrl: 'https://fixture.example.com',
    source: 'openapi',
    basePath: '/api',
    auth: { kind: 'header-key', header: 'X-API-Key', env: 'FIXTURE_API_KEY' },
    env: {
      url: 'FIXTURE_URL',
      tlsVerify: 'FIXTURE_TLS_VERIFY',
      timeout: 'FIXTURE_TIMEOUT',
      profiles: 'FIXTURE_PROFILES',
      logLevel: 'FIXTURE_LOG_LEVEL',
    },
    defaultTimeoutSeconds: 30,
    readOnlySafety: ['read'],
    profiles: { BASE: ['widgets', 'shelf'] },
    defaultProfiles: ['BASE'],
    upstreams: [upstream],
    versions: [
      {
        version: '1.0.0',
        patch: 0,
        file: 'own.yaml',
        url: 'https://example.com/spec.yaml',
        sha256: sha256Of(path.join(options.dir, 'own.yaml')),
      },
    ],
  };
  const file = path.join(options.dir, 'fixture.yaml');
  writeFileSync(file, stringify(target));
  return file;
}

async function generation(patch?: (upstream: Record<string, unknown>) => void) {
  const dir = specsDir();
  const file = targetFile({ dir, ...(patch ? { patch } : {}) });
  const loaded = await loadTargetFile(file);
  return buildGeneration({
    targetFile: loaded,
    targetPath: file,
    version: loaded.versions[0]!,
    versionIndex: 0,
    specs: { specsDir: dir },
  });
}

function tool(tools: readonly { name: string }[], name: string): OperationTool {
  const found = tools.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no ${name} in ${tools.map((candidate) => candidate.name).join(', ')}`);
  return found as OperationTool;
}

describe('nested upstreams', () => {
  it('mounts the nested API: prefixed names, the mount variable first, its tags, own rules', async () => {
    const { tools, api, target } = await generation();
    const names = tools.map((candidate) => candidate.name).filter((name) => name.startsWith('shelf_'));
    expect(names).toEqual(['shelf_book_create', 'shelf_book_delete', 'shelf_book_inspect', 'shelf_book_list']);
    const inspect = tool(tools, 'shelf_book_inspect');
    expect(inspect.path).toBe('/hosts/{host_id}/shelf/books/{bookId}');
    expect(inspect.tags).toEqual(['shelf']);
    expect(inspect.safety).toBe('write');
    expect(inspect.args.map((arg) => arg.arg)).toEqual(['host_id', 'bookId']);
    expect(inspect.inputSchema.required).toEqual(['host_id', 'bookId']);
    expect(tool(tools, 'shelf_book_delete').safety).toBe('destructive');
    expect(api.skipped.map((entry) => entry.key)).toContain('POST /hosts/{host_id}/shelf/books/{bookId}/cover');
    expect(target.upstream.nested).toEqual([
      {
        name: 'Bookshelf API',
        version: '3.1',
        sha256: sha256Of(fixturePath('swagger2.yaml')),
        mount: '/hosts/{host_id}/shelf',
        apiVersionPath: 'unversioned',
        compatibleWith: ['3.0'],
        toolPrefix: 'shelf_',
      },
    ]);
  });

  it('turns call rules into runtime behaviour: fixed values leave the input, defaults show', async () => {
    const list = tool((await generation()).tools, 'shelf_book_list');
    expect(list.call).toEqual({ fixedQuery: { tags: 'new' }, defaults: { limit: 20 } });
    const properties = list.inputSchema.properties as Record<string, { default?: unknown }>;
    expect(Object.keys(properties)).toEqual(['host_id', 'authors', 'limit']);
    expect(properties['limit']?.default).toBe(20);
  });

  it('notes what an older recorded version lacks', async () => {
    const list = tool((await generation()).tools, 'shelf_book_list');
    expect(list.description).toContain('API 3.0 ignores: authors.');
  });

  it('pins the versioned base path when asked', async () => {
    const inspect = tool(
      (await generation((upstream) => (upstream.apiVersionPath = 'pinned'))).tools,
      'shelf_book_inspect',
    );
    expect(inspect.path).toBe('/hosts/{host_id}/shelf/api/v2/books/{bookId}');
  });

  it('a rule that matches nothing names its place in the target file', async () => {
    await expect(
      generation((upstream) => (upstream.skip = [{ match: '^GET /nothing$', reason: 'x' }])),
    ).rejects.toThrow(/fixture\.yaml#\/upstreams\/0\/skip\/0: this rule matches no operation/);
    await expect(
      generation((upstream) => (upstream.calls = { BookList: { fixedQuery: { nope: 1 }, why: 'x' } })),
    ).rejects.toThrow(/#\/upstreams\/0\/calls\/BookList: 'nope' is not a query parameter/);
  });

  it('a nested spec whose bytes differ from the recorded sha256 is refused', async () => {
    await expect(
      generation((upstream) => ((upstream.versions as { sha256: string }[])[1]!.sha256 = '0'.repeat(64))),
    ).rejects.toThrow(/#\/upstreams\/0\/versions\/1\/sha256: .* refusing a spec that is not the recorded one/);
  });
});
