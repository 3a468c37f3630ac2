import { describe, expect, it } from 'vitest';
import type { OperationTool } from '../src/catalog/types.js';
import { callOperation } from '../src/tools/call-operation.js';
import { demultiplex, keepNewest, labelledLines } from '../src/tools/streams.js';
import { fakeContext, upstreamResponse } from './fixtures.js';
import { createRedactor } from '../src/shaping/redact.js';

/** One Docker stream frame: 8-byte header (stream, 0, 0, 0, size BE) then the payload. */
function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

const logs: OperationTool = {
  kind: 'operation',
  name: 'docker_container_logs',
  description: 'Get container logs',
  method: 'GET',
  path: '/endpoints/{environment_id}/docker/containers/{id}/logs',
  tags: ['docker'],
  safety: 'read',
  annotations: {
    title: 'Get container logs',
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  inputSchema: {
    type: 'object',
    properties: {
      environment_id: { type: 'integer' },
      id: { type: 'string' },
      tail: { type: 'string' },
      stdout: { type: 'boolean' },
      stderr: { type: 'boolean' },
      since: { type: 'integer' },
    },
  },
  args: [
    { arg: 'environment_id', in: 'path', wire: 'environment_id' },
    { arg: 'id', in: 'path', wire: 'id' },
    { arg: 'stdout', in: 'query', wire: 'stdout' },
    { arg: 'stderr', in: 'query', wire: 'stderr' },
    { arg: 'since', in: 'query', wire: 'since' },
    { arg: 'tail', in: 'query', wire: 'tail' },
  ],
  call: {
    response: 'multiplexed-stream',
    accept: 'application/vnd.docker.multiplexed-stream',
    fixedQuery: { follow: false },
    defaults: { stdout: true, stderr: true, tail: '100' },
  },
};

const pull: OperationTool = {
  ...logs,
  name: 'docker_image_create',
  method: 'POST',
  path: '/endpoints/{environment_id}/docker/images/create',
  safety: 'write',
  args: [
    { arg: 'environment_id', in: 'path', wire: 'environment_id' },
    { arg: 'fromImage', in: 'query', wire: 'fromImage' },
  ],
  call: { response: 'json-progress' },
  // JSON progress keeps the JSON Accept header.
};

describe('multiplexed streams', () => {
  it('splits frames by stream and joins a line cut across frames', () => {
    const body = Buffer.concat([frame(1, 'starting\nlisten'), frame(2, 'warn: low disk\n'), frame(1, 'ing on :80\n')]);
    expect(labelledLines(demultiplex(body)!)).toEqual([
      '[stdout] starting',
      '[stderr] warn: low disk',
      '[stdout] listening on :80',
    ]);
  });

  it('treats an unframed body (a TTY container) as raw text', () => {
    expect(demultiplex(Buffer.from('plain tty output\n'))).toBeUndefined();
  });

  it('keeps the newest lines over the cap, from a line start, and says so', () => {
    const text = Array.from({ length: 200 }, (_, index) => `line ${index}`).join('\n');
    const kept = keepNewest({ text, maxChars: 300 });
    expect(kept.length).toBeLessThanOrEqual(300);
    expect(kept).toMatch(
      /^\[earlier output cut: \d+\+ characters; ask for fewer lines with tail or a later since\]\nline \d+\n/,
    );
    expect(kept.endsWith('line 199')).toBe(true);
  });

  it("sends defaults and fixed values, honours the caller's tail and since, and labels the output", async () => {
    const body = Buffer.concat([frame(1, 'ready\n'), frame(2, 'oops\n')]);
    const fake = fakeContext({
      reply: () => upstreamResponse({ contentType: 'application/vnd.docker.multiplexed-stream', body }),
    });
    const result = await callOperation({
      tool: logs,
      args: { environment_id: 3, id: 'web', tail: '5', since: 1700000000 },
      context: fake.context,
    });
    expect(result.content[0]!.text).toBe('[stdout] ready\n[stderr] oops');
    const url = fake.sent[0]!.url;
    expect(url.pathname).toBe('/api/endpoints/3/docker/containers/web/logs');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      stdout: 'true',
      stderr: 'true',
      since: '1700000000',
      tail: '5',
      follow: 'false',
    });
    expect(fake.sent[0]!.headers.accept).toBe('application/vnd.docker.multiplexed-stream');
  });

  it("passes the output through the call's redactor: the server's own key goes even with redaction by shape off", async () => {
    const key = 'ptr_server-own-key-1234567890';
    const body = Buffer.concat([frame(1, `connecting with ${key}\n`), frame(2, 'password=hunter2\n')]);
    const fake = fakeContext({
      reply: () => upstreamResponse({ contentType: 'application/vnd.docker.multiplexed-stream', body }),
    });
    const redactor = createRedactor({ secrets: () => [key], byShape: false });
    const result = await callOperation({
      tool: logs,
      args: { environment_id: 3, id: 'web' },
      context: { ...fake.context, shape: { ...fake.context.shape, redact: false, redactor } },
    });
    expect(result.content[0]!.text).toBe('[stdout] connecting with [redacted]\n[stderr] password=hunter2');
  });

  it('a fixed value wins over an argument of the same name', async () => {
    const fake = fakeContext({ reply: () => upstreamResponse({ body: '' }) });
    await callOperation({
      tool: { ...logs, call: { ...logs.call, fixedQuery: { tail: 'all' } } },
      args: { environment_id: 1, id: 'x', tail: '5' },
      context: fake.context,
    });
    expect(fake.sent[0]!.url.searchParams.getAll('tail')).toEqual(['all']);
  });
});

describe('JSON progress', () => {
  it('summarises a pull to its final status and layer count', async () => {
    const lines = [
      { status: 'Pulling from library/nginx', id: 'latest' },
      { status: 'Pulling fs layer', id: 'a1' },
      { status: 'Downloading', id: 'a1', progressDetail: { current: 1, total: 2 } },
      { status: 'Pull complete', id: 'b2' },
      { status: 'Digest: sha256:abc' },
      { status: 'Status: Downloaded newer image for nginx:latest' },
    ];
    const fake = fakeContext({
      reply: () => upstreamResponse({ body: lines.map((line) => JSON.stringify(line)).join('\r\n') }),
    });
    const result = await callOperation({
      tool: pull,
      args: { environment_id: 1, fromImage: 'nginx' },
      context: fake.context,
    });
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({
      status: 'Status: Downloaded newer image for nginx:latest',
      messages: ['Digest: sha256:abc', 'Status: Downloaded newer image for nginx:latest'],
      layers: 2,
    });
  });

  it('an error line is an error although the upstream answered 200', async () => {
    const body = [
      JSON.stringify({ status: 'Pulling from library/nope' }),
      JSON.stringify({ errorDetail: { message: 'manifest unknown' }, error: 'manifest unknown' }),
    ].join('\n');
    const fake = fakeContext({ reply: () => upstreamResponse({ body }) });
    const result = await callOperation({
      tool: pull,
      args: { environment_id: 1, fromImage: 'nope' },
      context: fake.context,
    });
    expect(result).toEqual({
      content: [{ type: 'text', text: 'POST /api/endpoints/1/docker/images/create failed: manifest unknown' }],
      isError: true,
    });
  });
});
