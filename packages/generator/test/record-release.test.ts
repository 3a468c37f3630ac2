import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError } from '../src/ir/errors.js';
import { fixturePath } from './support/fixtures.js';
import { type FileServer, startFileServer } from './support/file-server.js';
import { releaseWorkspace, specText } from './support/release-workspace.js';

/**
 * Recording an upstream release is all or nothing: every refused run leaves the
 * target file and the spec store exactly as they were (checked with git), and a
 * retry with a fixed document then succeeds.
 */
const BROKEN_REF = readFileSync(fixturePath('bad/broken-ref.yaml'), 'utf8').replace(
  'version: 1.0.0',
  'version: "1.2.0"',
);
const MALFORMED = readFileSync(fixturePath('bad/malformed.yaml'), 'utf8').replace('version: 1.0.0', 'version: "1.2.0"');
// Swagger 2.0 is read since the Docker target (converted to OpenAPI 3); this one is invalid: a path
// template variable that no parameter declares.
const SWAGGER_2 =
  'swagger: "2.0"\ninfo: { title: Old, version: "1.2.0" }\npaths:\n  /widgets/{id}:\n    get:\n      operationId: WidgetInspect\n      responses: { "200": { description: OK } }\n';
const NOT_OPENAPI = 'name: a release note, not an API description\nversion: "1.2.0"\nitems: [1, 2]\n';
const EMPTY_PATHS = 'openapi: 3.0.3\ninfo: { title: Empty, version: "1.2.0" }\npaths: {}\n';

describe('a refused release changes nothing', () => {
  let server: FileServer;
  let closedPort = 0;
  beforeAll(async () => {
    const closed = await startFileServer({});
    closedPort = Number(new URL(closed.url).port);
    await closed.close();
    server = await startFileServer({
      routes: {
        '/other.yaml': specText({ version: '1.2.0', replace: [['Something new', 'Something else']] }),
        '/gone.yaml': { status: 404 },
      },
    });
  });
  afterAll(() => server.close());

  const cases: {
    name: string;
    spec?: string;
    text?: string;
    url?: (base: string) => string;
    upstream?: string;
    overlays?: string[];
    error: RegExp;
  }[] = [
    { name: 'a broken $ref', text: BROKEN_REF, error: /#\/paths\/~1widgets\/post\/requestBody.*DoesNotExist/ },
    { name: 'a YAML syntax error', text: MALFORMED, error: /line 18|18:7/ },
    {
      name: 'a YAML file that is no API description',
      text: NOT_OPENAPI,
      error: /release\.yaml: .*not a valid Openapi API definition|expected an OpenAPI 3\.x document/,
    },
    { name: 'an invalid Swagger 2.0 document', text: SWAGGER_2, error: /release\.yaml.*(id|parameter)/ },
    { name: 'empty paths', text: EMPTY_PATHS, error: /release\.yaml#\/paths: no operations/ },
    {
      name: '--upstream latest',
      text: specText({ version: '1.2.0' }),
      upstream: 'latest',
      error: /^--upstream: 'latest' is not a release version/,
    },
    {
      name: '--upstream differing from info.version',
      text: specText({ version: '1.2.0' }),
      upstream: '1.3.0',
      error: /#\/info\/version: the document is version 1\.2\.0, but --upstream is 1\.3\.0/,
    },
    {
      name: 'an overlay that no longer applies',
      text: specText({ version: '1.2.0' }),
      overlays: ['noop-strip'],
      error: /noop-strip/,
    },
    {
      name: 'an undeclared overlay',
      text: specText({ version: '1.2.0' }),
      overlays: ['nope'],
      error: /^--overlays: overlay 'nope' is not declared/,
    },
    {
      name: 'a spec URL answering 404',
      url: (base) => `${base}/gone.yaml`,
      error: /gone\.yaml: cannot download: HTTP 404/,
    },
    {
      name: 'a spec URL nobody answers',
      url: () => `http://127.0.0.1:${closedPort}/spec.yaml`,
      error: /cannot download: connection refused \(ECONNREFUSED\)/,
    },
    {
      name: '--url serving other bytes than the file',
      text: specText({ version: '1.2.0' }),
      spec: 'other',
      error: /other\.yaml: serves sha256 [0-9a-f]{64}, but .* has [0-9a-f]{64}/,
    },
  ];

  for (const testCase of cases) {
    it(`refuses ${testCase.name}: one clear error, git status clean, retry with a good file recorded`, async () => {
      const workspace = releaseWorkspace();
      const before = workspace.targetText();
      const spec = testCase.url
        ? testCase.url(server.url)
        : workspace.writeSpec({ name: 'release.yaml', text: testCase.text! });
      const error = await workspace
        .generate({
          versions: [testCase.upstream ?? '1.2.0'],
          spec,
          ...(testCase.overlays ? { overlays: testCase.overlays } : {}),
          ...(testCase.spec ? { url: `${server.url}/other.yaml` } : {}),
        })
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(testCase.error);
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message).not.toMatch(/mcpgen-release-/);
      expect(workspace.status()).toBe('');
      expect(workspace.targetText()).toBe(before);
      const fixed = workspace.writeSpec({ name: 'fixed.yaml', text: specText({ version: '1.2.0' }) });
      const [report] = await workspace.generate({ versions: ['1.2.0'], spec: fixed });
      expect(report!.packageVersion).toBe('1.2.0');
      expect(workspace.status().trimEnd().split('\n').sort()).toEqual(
        ['?? specs/fixture/1.2.0.yaml', ' M targets/fixture.yaml'].sort(),
      );
    }, 60_000);
  }

  it('refuses a re-recording whose bytes differ, without touching the stored spec', async () => {
    const workspace = releaseWorkspace();
    const stored = readFileSync(path.join(workspace.specsDir, 'fixture/1.1.yaml'));
    const error = await workspace.generate({ versions: ['1.1'], spec: `${server.url}/other.yaml` }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(String(error)).toMatch(/version 1\.1 is listed with sha256|is version 1\.2\.0/);
    expect(readFileSync(path.join(workspace.specsDir, 'fixture/1.1.yaml'))).toEqual(stored);
    expect(workspace.status()).toBe('');
  });
});

describe('recording writes only the new entry, in the spec store, with the version the upstream line calls for', () => {
  it('an upstream patch release is the next patch of its line, compared with the line before it; the diff is the new lines only', async () => {
    const workspace = releaseWorkspace();
    const before = workspace.targetText();
    const spec = workspace.writeSpec({
      name: 'fixture-1.1.1.yaml',
      text: specText({
        version: '1.1.1',
        replace: [
          ['/new:', '/newer:'],
          ['operationId: NewThing', 'operationId: NewerThing'],
        ],
      }),
    });
    const [report] = await workspace.generate({ versions: ['1.1.1'], spec });
    expect(report!.packageVersion).toBe('1.1.1');
    expect(report!.packageDir).toBe(path.join(workspace.outDir, 'mcp-fixture-1.1'));
    expect(report!.changes.previous).toEqual({ upstream: 'Changes API 1.1', version: '1.1.0' });
    expect(report!.changes.added.map((tool) => tool.request)).toEqual(['GET /newer']);
    expect(report!.changes.versioning).toMatch(/upstream patch release 1\.1\.1 in the 1\.1 line/);
    const after = workspace.targetText();
    const marker = '\n# Trailing comment';
    const insertion = after.slice(before.indexOf(marker) - 0, after.length - (before.length - before.indexOf(marker)));
    expect(after.slice(0, before.indexOf(marker))).toBe(before.slice(0, before.indexOf(marker)));
    expect(after.endsWith(before.slice(before.indexOf(marker)))).toBe(true);
    expect(insertion.split('\n').filter(Boolean)).toEqual([
      '  - version: 1.1.1',
      '    patch: 1',
      '    file: fixture/1.1.1.yaml',
      `    sha256: ${(parse(after) as { versions: { sha256: string }[] }).versions.at(-1)!.sha256}`,
      '    overlays: []',
      expect.stringMatching(/^ {4}selection: profiles=[0-9a-f]{8} names=[0-9a-f]{8} overlays=[0-9a-f]{8}$/),
    ]);
    expect(readFileSync(path.join(workspace.specsDir, 'fixture/1.1.1.yaml'), 'utf8')).toBe(readFileSync(spec, 'utf8'));
    const [again] = await workspace.generate({});
    expect(again).toBeDefined();
  }, 60_000);

  it('an older minor release goes into its own line and is compared with that line, not with the newest minor', async () => {
    const workspace = releaseWorkspace();
    const older = readFileSync(path.join(workspace.specsDir, 'fixture/1.0.yaml'), 'utf8')
      .replace('version: "1.0" }', 'version: "1.0.1" }')
      .replace('/old:', '/older:')
      .replace('operationId: OldThing', 'operationId: OlderThing');
    const [report] = await workspace.generate({
      versions: ['1.0.1'],
      spec: workspace.writeSpec({ name: 'old.yaml', text: older }),
    });
    expect(report!.packageVersion).toBe('1.0.1');
    expect(report!.packageDir).toBe(path.join(workspace.outDir, 'mcp-fixture-1.0'));
    expect(report!.changes.previous).toEqual({ upstream: 'Changes API 1.0', version: '1.0.0' });
    expect(report!.changes.added.map((tool) => tool.request)).toEqual(['GET /older']);
    expect(report!.changes.removed.map((tool) => tool.request)).toEqual(['GET /old']);
    const versions = (parse(workspace.targetText()) as { versions: { version: string; patch: number }[] }).versions;
    expect(versions.map((entry) => `${entry.version}:${entry.patch}`)).toEqual(['1.0:0', '1.1:0', '1.0.1:1']);
    // The newest minor still compares with the release before it in its own order, not with the older line's fix.
    const [newest] = await workspace.generate({ versions: ['1.1'] });
    expect(newest!.changes.previous).toEqual({ upstream: 'Changes API 1.0', version: '1.0.0' });
  }, 60_000);

  it('a spec recorded from a URL is stored as <target>/<version>.<ext> with that URL', async () => {
    const text = specText({ version: '1.2.0' });
    const server = await startFileServer({ routes: { '/api/download/openapi.yml': text } });
    try {
      const workspace = releaseWorkspace();
      await workspace.generate({ versions: ['1.2.0'], spec: `${server.url}/api/download/openapi.yml` });
      const entry = (parse(workspace.targetText()) as { versions: Record<string, unknown>[] }).versions.at(-1)!;
      expect(entry).toMatchObject({
        version: '1.2.0',
        patch: 0,
        file: 'fixture/1.2.0.yaml',
        url: `${server.url}/api/download/openapi.yml`,
      });
      expect(readFileSync(path.join(workspace.specsDir, 'fixture/1.2.0.yaml'), 'utf8')).toBe(text);
    } finally {
      await server.close();
    }
  }, 60_000);
});
