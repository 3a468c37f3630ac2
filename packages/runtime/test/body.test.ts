import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationTool } from '../src/catalog/types.js';
import { type EncodedBody, encodeBody } from '../src/tools/body.js';
import { edgeConfigUpdate, restore, settingsInspect, stackCreateString, tagCreate } from './fixtures.js';

function encode(tool: OperationTool, args: Record<string, unknown>, allowLocalFiles = false) {
  return encodeBody({ tool, args, allowLocalFiles });
}

/** Parses multipart bytes back with the platform's own parser. */
async function parseMultipart(body: EncodedBody | undefined): Promise<FormData> {
  expect(body).toBeDefined();
  return new Response(body!.bytes, { headers: { 'content-type': body!.contentType } }).formData();
}

describe('encodeBody', () => {
  it('returns undefined for an operation without a body', async () => {
    expect(await encode(settingsInspect, { anything: 1 })).toBeUndefined();
  });

  describe('whole mode', () => {
    it('sends the named argument as the JSON body', async () => {
      const body = await encode(tagCreate, { body: { name: 'prod' } });
      expect(body?.contentType).toBe('application/json');
      expect(body?.bytes.toString('utf8')).toBe('{"name":"prod"}');
    });

    it('keeps a structured JSON media type', async () => {
      const tool: OperationTool = {
        ...tagCreate,
        body: { mediaType: 'application/merge-patch+json', mode: 'whole', arg: 'patch' },
      };
      const body = await encode(tool, { patch: { a: null } });
      expect(body).toEqual({ contentType: 'application/merge-patch+json', bytes: Buffer.from('{"a":null}') });
    });

    it('JSON-encodes strings for JSON media types', async () => {
      const body = await encode(tagCreate, { body: 'prod' });
      expect(body?.bytes.toString()).toBe('"prod"');
    });

    it('sends strings as they are for other media types', async () => {
      const tool: OperationTool = { ...tagCreate, body: { mediaType: 'text/plain', mode: 'whole', arg: 'body' } };
      const body = await encode(tool, { body: 'version: "3"\nservices: {}\n' });
      expect(body).toEqual({ contentType: 'text/plain', bytes: Buffer.from('version: "3"\nservices: {}\n') });
    });

    it('sends numbers and objects as text for other media types', async () => {
      const tool: OperationTool = { ...tagCreate, body: { mediaType: 'text/plain', mode: 'whole', arg: 'body' } };
      expect((await encode(tool, { body: 42 }))?.bytes.toString()).toBe('42');
      expect((await encode(tool, { body: { a: 1 } }))?.bytes.toString()).toBe('{"a":1}');
    });

    it('reads the argument named "body" when the spec names none', async () => {
      const tool: OperationTool = { ...tagCreate, body: { mediaType: 'application/json', mode: 'whole' } };
      expect((await encode(tool, { body: [1, 2] }))?.bytes.toString()).toBe('[1,2]');
    });

    it('sends no body when the argument is absent or null', async () => {
      expect(await encode(tagCreate, {})).toBeUndefined();
      expect(await encode(tagCreate, { body: null })).toBeUndefined();
    });

    it('sends falsy values that are present', async () => {
      expect((await encode(tagCreate, { body: false }))?.bytes.toString()).toBe('false');
      expect((await encode(tagCreate, { body: 0 }))?.bytes.toString()).toBe('0');
    });
  });

  describe('JSON fields', () => {
    it('builds an object from body bindings under their wire names', async () => {
      const tool: OperationTool = {
        ...stackCreateString,
        args: [
          { arg: 'endpointId', in: 'query', wire: 'endpointId' },
          { arg: 'name', in: 'body', wire: 'Name' },
          { arg: 'content', in: 'body', wire: 'StackFileContent' },
        ],
      };
      const body = await encode(tool, { endpointId: 1, name: 'web', content: 'x' });
      expect(body?.contentType).toBe('application/json');
      expect(JSON.parse(body!.bytes.toString())).toEqual({ Name: 'web', StackFileContent: 'x' });
    });

    it('drops absent and null fields but keeps false, 0 and empty values', async () => {
      const body = await encode(stackCreateString, {
        endpointId: 1,
        Name: '',
        StackFileContent: null,
        FromAppTemplate: false,
        Env: [],
      });
      expect(JSON.parse(body!.bytes.toString())).toEqual({ Name: '', FromAppTemplate: false, Env: [] });
    });

    it('sends no body when no field is present', async () => {
      expect(await encode(restore, { 'X-Setup-Token': 't' })).toBeUndefined();
    });
  });

  describe('url-encoded fields', () => {
    const tool: OperationTool = {
      ...restore,
      args: [
        { arg: 'user', in: 'form', wire: 'username' },
        { arg: 'pass', in: 'form', wire: 'password' },
        { arg: 'ids', in: 'form', wire: 'ids' },
        { arg: 'q', in: 'query', wire: 'q' },
      ],
      body: { mediaType: 'application/x-www-form-urlencoded', mode: 'fields' },
    };

    it('encodes form fields as a query string, arrays as JSON text', async () => {
      const body = await encode(tool, { user: 'admin', pass: 'p&ss w=rd', ids: [1, 2], q: 'no' });
      expect(body?.contentType).toBe('application/x-www-form-urlencoded');
      const params = new URLSearchParams(body!.bytes.toString());
      expect([...params]).toEqual([
        ['username', 'admin'],
        ['password', 'p&ss w=rd'],
        ['ids', '[1,2]'],
      ]);
      expect(body!.bytes.toString()).toBe('username=admin&password=p%26ss+w%3Drd&ids=%5B1%2C2%5D');
    });

    it('sends an empty body, still typed, when no field is present', async () => {
      expect(await encode(tool, {})).toEqual({
        contentType: 'application/x-www-form-urlencoded',
        bytes: Buffer.alloc(0),
      });
    });
  });

  describe('multipart', () => {
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'runtime-body-'));
    });

    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('declares multipart/form-data with the boundary actually used in the bytes', async () => {
      const body = await encode(edgeConfigUpdate, { id: 1, Type: 'general' });
      const match = /^multipart\/form-data; boundary=(.+)$/.exec(body!.contentType);
      expect(match).not.toBeNull();
      const text = body!.bytes.toString('latin1');
      expect(text.startsWith(`--${match![1]}\r\n`)).toBe(true);
      expect(text.trimEnd().endsWith(`--${match![1]}--`)).toBe(true);
    });

    it('sends text fields, numbers and arrays as text parts; path arguments stay out', async () => {
      const form = await parseMultipart(
        await encode(edgeConfigUpdate, { id: 7, Type: 'general', EdgeGroupIDs: [1, 2] }),
      );
      expect([...form.keys()]).toEqual(['EdgeGroupIDs', 'Type']);
      expect(form.get('Type')).toBe('general');
      expect(form.get('EdgeGroupIDs')).toBe('[1,2]');
    });

    it('sends a file part from utf8 content with its filename', async () => {
      const form = await parseMultipart(
        await encode(edgeConfigUpdate, { id: 1, File: { content: 'key=välue\n', filename: 'app.env' } }),
      );
      const file = form.get('File');
      expect(file).toBeInstanceOf(File);
      expect((file as File).name).toBe('app.env');
      expect(await (file as File).text()).toBe('key=välue\n');
    });

    it('decodes base64 content byte for byte', async () => {
      const bytes = Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x0d, 0x0a, 0x2d, 0x2d, 0x80]);
      const form = await parseMultipart(
        await encode(edgeConfigUpdate, {
          id: 1,
          File: { content: bytes.toString('base64'), encoding: 'base64', filename: 'blob.bin' },
        }),
      );
      const file = form.get('File') as File;
      expect(Buffer.from(await file.arrayBuffer())).toEqual(bytes);
    });

    it('names a file without filename "file" and accepts empty content', async () => {
      const form = await parseMultipart(await encode(edgeConfigUpdate, { id: 1, File: {} }));
      const file = form.get('File') as File;
      expect(file.name).toBe('file');
      expect(file.size).toBe(0);
    });

    it('reads a local file when allowed, named after its base name', async () => {
      const path = join(dir, 'config.yml');
      await writeFile(path, 'a: 1\n');
      const form = await parseMultipart(await encode(edgeConfigUpdate, { id: 1, File: { path } }, true));
      const file = form.get('File') as File;
      expect(file.name).toBe('config.yml');
      expect(await file.text()).toBe('a: 1\n');
    });

    it('prefers an explicit filename over the local base name', async () => {
      const path = join(dir, 'local-name.txt');
      await writeFile(path, 'x');
      const form = await parseMultipart(
        await encode(edgeConfigUpdate, { id: 1, File: { path, filename: 'remote.txt' } }, true),
      );
      expect((form.get('File') as File).name).toBe('remote.txt');
    });

    it('refuses a local path when local files are not allowed, without reading it', async () => {
      await expect(
        encode(edgeConfigUpdate, { id: 1, File: { path: join(dir, 'does-not-exist') } }, false),
      ).rejects.toThrow('file parts may name a local "path" only over stdio; send "content" instead');
    });

    it('rejects with the file system error for a missing local file', async () => {
      await expect(encode(edgeConfigUpdate, { id: 1, File: { path: join(dir, 'missing.txt') } }, true)).rejects.toThrow(
        /ENOENT/,
      );
    });

    it('ignores body bindings and absent values', async () => {
      const tool: OperationTool = {
        ...edgeConfigUpdate,
        args: [...edgeConfigUpdate.args, { arg: 'extra', in: 'body', wire: 'extra' }],
      };
      const form = await parseMultipart(await encode(tool, { id: 1, extra: 'x', Type: null }));
      expect([...form.keys()]).toEqual([]);
    });
  });
});
