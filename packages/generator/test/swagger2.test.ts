/**
 * Swagger 2.0 input: the fixture (not Docker) is read through the OpenAPI adapter, and a
 * package generated from it by the real pipeline serves calls that reach a recording
 * upstream with the wire shapes the 2.0 document declares.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { connectStdioClient, type ConnectedClient } from '../../../test/support/mcp-stdio-client.js';
import { runGenerate } from '../src/cli/generate-command.js';
import { readOpenApi } from '../src/sources/openapi/read.js';
import { fixturePath, OPENAPI_FIXTURES, sha256Of } from './support/fixtures.js';
import { planFixture, toolNamed } from './support/plan-fixture.js';

describe('Swagger 2.0 through the OpenAPI adapter', () => {
  it('reads basePath, body, formData, collectionFormat and x-nullable', async () => {
    const { api, tools } = await planFixture('swagger2.yaml');
    expect(api.statedBasePath).toBe('/api/v2');
    expect(tools.map((tool) => tool.name)).toEqual([
      'book_cover_upload',
      'book_create',
      'book_delete',
      'book_inspect',
      'book_list',
    ]);
    expect(toolNamed(tools, 'book_list').args).toEqual([
      { arg: 'tags', in: 'query', wire: 'tags', style: 'csv' },
      { arg: 'authors', in: 'query', wire: 'authors' },
      { arg: 'limit', in: 'query', wire: 'limit' },
    ]);
    expect(toolNamed(tools, 'book_create').body).toEqual({ mediaType: 'application/json', mode: 'fields' });
    expect(toolNamed(tools, 'book_create').inputSchema.required).toEqual(['title']);
    expect(toolNamed(tools, 'book_cover_upload').body?.mediaType).toBe('multipart/form-data');
    expect(toolNamed(tools, 'book_cover_upload').args.find((arg) => arg.arg === 'image')).toMatchObject({
      in: 'form',
      file: true,
    });
    const inspect = api.operations.find((operation) => operation.operationId === 'BookInspect')!;
    expect((inspect.responseSchema?.properties as Record<string, { type: unknown }>)['subtitle']?.type).toEqual([
      'string',
      'null',
    ]);
    expect(toolNamed(tools, 'book_delete').safety).toBe('destructive');
  });

  it('reports an invalid Swagger 2.0 document with its place', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'swagger2-bad-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(
      file,
      stringify({
        swagger: '2.0',
        info: { title: 'x', version: '1' },
        paths: {
          '/a/{id}': {
            get: {
              parameters: [{ name: 'id', in: 'path', type: 'string' }],
              responses: { 200: { description: 'ok' } },
            },
          },
        },
      }),
    );
    await expect(readOpenApi({ file, overlays: { file: 't.yaml', overlays: [] } })).rejects.toThrow(/bad\.yaml#.*/);
  });
});

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

describe('a package generated from a Swagger 2.0 fixture', () => {
  const seen: Seen[] = [];
  let upstream: Server;
  let server: ConnectedClient;

  beforeAll(async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'swagger2-e2e-'));
    writeFileSync(path.join(root, 'bookshelf.yaml'), stringify(bookshelfTarget()));
    await runGenerate({
      targets: ['bookshelf'],
      targetsDir: root,
      specsDir: OPENAPI_FIXTURES,
      outDir: path.join(root, 'out'),
    });
    upstream = await startUpstream(seen);
    const address = upstream.address() as { port: number };
    const bin = path.join(root, 'out', 'mcp-bookshelf-3.1', 'dist', 'mcp-bookshelf.js');
    server = await connectStdioClient({
      command: process.execPath,
      args: [bin],
      env: { BOOKSHELF_URL: `http://127.0.0.1:${address.port}`, BOOKSHELF_API_KEY: 'k-123' },
    });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    upstream?.close();
  });

  it('sends query arrays as the 2.0 collectionFormat says, under basePath, with the key', async () => {
    const result = await server.client.callTool({
      name: 'book_list',
      arguments: { tags: ['a', 'b'], authors: ['x', 'y'], limit: 5 },
    });
    expect(result.isError).toBeFalsy();
    const request = seen.at(-1)!;
    expect(request.method).toBe('GET');
    expect(request.url).toBe('/api/v2/books?tags=a%2Cb&authors=x&authors=y&limit=5');
    expect(request.headers['x-api-key']).toBe('k-123');
  });

  it('sends an in: body parameter as the JSON body', async () => {
    const result = await server.client.callTool({
      name: 'book_create',
      arguments: { title: 'Dune', subtitle: 'A novel' },
    });
    expect(result.isError).toBeFalsy();
    const request = seen.at(-1)!;
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ title: 'Dune', subtitle: 'A novel' });
  });

  it('sends formData parameters as multipart parts', async () => {
    const result = await server.client.callTool({
      name: 'book_cover_upload',
      arguments: { bookId: 3, image: { content: 'PNGDATA', filename: 'c.png' }, caption: 'front' },
    });
    expect(result.isError).toBeFalsy();
    const request = seen.at(-1)!;
    expect(request.url).toBe('/api/v2/books/3/cover');
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.body).toContain('name="image"; filename="c.png"');
    expect(request.body).toContain('PNGDATA');
    expect(request.body).toMatch(/name="caption"\r\n\r\nfront/);
  });
});

function bookshelfTarget(): Record<string, unknown> {
  return {
    target: 'bookshelf',
    package: 'mcp-bookshelf',
    displayName: 'Bookshelf',
    exampleUrl: 'https://books.example.com',
    source: 'openapi',
    basePath: '/api/v2',
    auth: { kind: 'header-key', header: 'X-API-Key', env: 'BOOKSHELF_API_KEY' },
    env: {
      url: 'BOOKSHELF_URL',
      tlsVerify: 'BOOKSHELF_TLS_VERIFY',
      timeout: 'BOOKSHELF_TIMEOUT',
      profiles: 'BOOKSHELF_PROFILES',
      logLevel: 'BOOKSHELF_LOG_LEVEL',
    },
    defaultTimeoutSeconds: 10,
    readOnlySafety: ['read'],
    profiles: { BASE: ['books'] },
    defaultProfiles: ['BASE'],
    versions: [
      {
        version: '3.1.0',
        patch: 0,
        file: 'swagger2.yaml',
        url: 'https://books.example.com/swagger.yaml',
        sha256: sha256Of(fixturePath('swagger2.yaml')),
      },
    ],
  };
}

async function startUpstream(seen: Seen[]): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('latin1'),
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 1, title: 'Dune', subtitle: null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
