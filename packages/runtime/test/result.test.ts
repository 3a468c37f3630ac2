import { describe, expect, it } from 'vitest';
import {
  errorResult,
  outcomeOf,
  parseBody,
  refusedResult,
  successResult,
  unwrap,
  upstreamErrorResult,
  valueResult,
} from '../src/tools/result.js';
import { PVE_STATUS_NOTES, upstreamResponse } from './fixtures.js';

const shape = { maxChars: 80_000 };

describe('errorResult', () => {
  it('is one text block flagged as an error', () => {
    expect(errorResult('nope')).toEqual({ content: [{ type: 'text', text: 'nope' }], isError: true });
  });
});

describe('outcomeOf', () => {
  it('tells ok, error and refused apart by type, not by message text', () => {
    expect(outcomeOf({ content: [{ type: 'text', text: 'Refused: looks like one' }] })).toBe('ok');
    expect(outcomeOf(errorResult('Refused: only the text says so'))).toBe('error');
    expect(outcomeOf(refusedResult('anything'))).toBe('refused');
  });

  it('sends a refusal on the wire exactly like an error result', () => {
    expect(JSON.stringify(refusedResult('no'))).toBe(JSON.stringify(errorResult('no')));
    expect(refusedResult('no')).toEqual(errorResult('no'));
  });
});

describe('parseBody', () => {
  it('parses a JSON body by content type', () => {
    expect(
      parseBody(upstreamResponse({ contentType: 'application/json; charset=utf-8', body: '[1,{"a":true}]' })),
    ).toEqual({ json: true, value: [1, { a: true }] });
    expect(parseBody(upstreamResponse({ contentType: 'application/problem+json', body: '"x"' }))).toEqual({
      json: true,
      value: 'x',
    });
  });

  it('parses a body that looks like a JSON object or array whatever its content type', () => {
    expect(parseBody(upstreamResponse({ contentType: 'text/plain', body: '  {"Id":"abc"}' }))).toEqual({
      json: true,
      value: { Id: 'abc' },
    });
    expect(parseBody(upstreamResponse({ contentType: '', body: '\n[]' }))).toEqual({ json: true, value: [] });
  });

  it('keeps other bodies as text', () => {
    expect(parseBody(upstreamResponse({ contentType: 'text/plain', body: '42' }))).toEqual({ json: false, text: '42' });
    expect(parseBody(upstreamResponse({ contentType: 'text/html', body: '<h1>Bad Gateway</h1>' }))).toEqual({
      json: false,
      text: '<h1>Bad Gateway</h1>',
    });
  });

  it('falls back to text when a JSON-looking body does not parse', () => {
    expect(parseBody(upstreamResponse({ contentType: 'application/json', body: '{"a":' }))).toEqual({
      json: false,
      text: '{"a":',
    });
  });

  it('does not parse a truncated body even when the kept bytes are valid JSON', () => {
    expect(parseBody(upstreamResponse({ contentType: 'application/json', body: '[1,2]', truncated: true }))).toEqual({
      json: false,
      text: '[1,2]',
    });
  });

  it('decodes UTF-8', () => {
    expect(parseBody(upstreamResponse({ contentType: 'text/plain', body: Buffer.from('grüße', 'utf8') }))).toEqual({
      json: false,
      text: 'grüße',
    });
  });
});

describe('successResult', () => {
  it('says OK with the status for an empty body', () => {
    expect(
      successResult({ response: upstreamResponse({ status: 204, statusText: 'No Content', body: '' }), shape }),
    ).toEqual({
      content: [{ type: 'text', text: 'OK (HTTP 204, no content)' }],
    });
  });

  it('serves a JSON object as compact text and as structured content', () => {
    const result = successResult({
      response: upstreamResponse({ body: '{\n  "Id": 3,\n  "Name": "local"\n}' }),
      shape,
    });
    expect(result).toEqual({
      content: [{ type: 'text', text: '{"Id":3,"Name":"local"}' }],
      structuredContent: { Id: 3, Name: 'local' },
    });
    expect(result.isError).toBeUndefined();
  });

  it('wraps arrays and scalars in { result } for structured content', () => {
    expect(successResult({ response: upstreamResponse({ body: '[{"Id":1}]' }), shape }).structuredContent).toEqual({
      result: [{ Id: 1 }],
    });
    expect(successResult({ response: upstreamResponse({ body: 'true' }), shape }).structuredContent).toEqual({
      result: true,
    });
    expect(successResult({ response: upstreamResponse({ body: 'null' }), shape })).toEqual({
      content: [{ type: 'text', text: 'null' }],
      structuredContent: { result: null },
    });
  });

  it('serves text bodies as text without structured content', () => {
    expect(successResult({ response: upstreamResponse({ contentType: 'text/plain', body: 'pong' }), shape })).toEqual({
      content: [{ type: 'text', text: 'pong' }],
    });
  });

  it('cuts long text with a notice that names the limit', () => {
    const result = successResult({
      response: upstreamResponse({ contentType: 'text/plain', body: 'abcdefghij' }),
      shape: { maxChars: 4 },
    });
    expect(result.content).toEqual([
      {
        type: 'text',
        text: 'abcd\n[truncated: the response was longer than 4 characters; narrow the request (filters, limits, a single item by id)]',
      },
    ]);
    expect(result.structuredContent).toBeUndefined();
  });

  it('does not cut text of exactly the limit', () => {
    expect(
      successResult({ response: upstreamResponse({ contentType: 'text/plain', body: 'abcd' }), shape: { maxChars: 4 } })
        .content[0]?.text,
    ).toBe('abcd');
  });

  it('cuts long JSON to a valid JSON envelope that says so, with the same envelope as structured content', () => {
    const items = Array.from({ length: 100 }, (_unused, index) => ({ Id: index, Name: `container-${index}` }));
    const body = JSON.stringify(items);
    const result = successResult({ response: upstreamResponse({ body }), shape: { maxChars: 1000 } });
    const text = result.content[0]!.text;
    expect(text.length).toBeLessThanOrEqual(1000);
    const parsed = JSON.parse(text) as { truncated: boolean; notice: string; result: unknown[] };
    expect(parsed.truncated).toBe(true);
    expect(parsed.notice).toMatch(
      new RegExp(
        `^The answer was ${body.length} characters, over the 1000-character limit; ${parsed.result.length} of 100 items are shown\\.`,
      ),
    );
    expect(parsed.result).toEqual(items.slice(0, parsed.result.length));
    expect(parsed.result.length).toBeGreaterThan(0);
    expect(result.structuredContent).toEqual(parsed);
    expect(result.isError).toBeUndefined();
  });

  it('measures JSON after compacting it', () => {
    const result = successResult({
      response: upstreamResponse({ body: '{ "a" : 1 ,  "b" : 2 }' }),
      shape: { maxChars: 13 },
    });
    expect(result).toEqual({ content: [{ type: 'text', text: '{"a":1,"b":2}' }], structuredContent: { a: 1, b: 2 } });
  });

  it('adds the notice to a body the client cut while reading, even when it is short', () => {
    const result = successResult({ response: upstreamResponse({ body: '{"a":[1,2', truncated: true }), shape });
    expect(result.content[0]?.text).toBe(
      '{"a":[1,2\n[truncated: the response was longer than 80000 characters; narrow the request (filters, limits, a single item by id)]',
    );
    expect(result.structuredContent).toBeUndefined();
  });
});

describe('upstreamErrorResult', () => {
  const what = 'GET /api/endpoints/9';

  it('quotes status, operation and the Portainer message and details', () => {
    const result = upstreamErrorResult({
      response: upstreamResponse({
        status: 404,
        statusText: 'Not Found',
        body: '{"message":"Unable to find an environment with the specified identifier inside the database","details":"object not found inside the database"}',
      }),
      what,
    });
    expect(result).toEqual({
      content: [
        {
          type: 'text',
          text: 'HTTP 404 Not Found from GET /api/endpoints/9: Unable to find an environment with the specified identifier inside the database - object not found inside the database',
        },
      ],
      isError: true,
    });
  });

  it('drops repeated, empty and null message fields and JSON-encodes structured ones', () => {
    const result = upstreamErrorResult({
      response: upstreamResponse({
        status: 400,
        statusText: 'Bad Request',
        body: '{"message":"bad","details":"bad","error":"","err":null,"errors":[{"field":"Name"}]}',
      }),
      what,
    });
    expect(result.content[0]?.text).toBe('HTTP 400 Bad Request from GET /api/endpoints/9: bad - [{"field":"Name"}]');
  });

  it('quotes the whole JSON when it has no known message field', () => {
    const result = upstreamErrorResult({
      response: upstreamResponse({ status: 409, statusText: 'Conflict', body: '{"code":"E1"}' }),
      what,
    });
    expect(result.content[0]?.text).toBe('HTTP 409 Conflict from GET /api/endpoints/9: {"code":"E1"}');
  });

  it('quotes a text body, trimmed', () => {
    const result = upstreamErrorResult({
      response: upstreamResponse({
        status: 502,
        statusText: 'Bad Gateway',
        contentType: 'text/html',
        body: '\n<h1>502</h1>\n',
      }),
      what,
    });
    expect(result.content[0]?.text).toBe('HTTP 502 Bad Gateway from GET /api/endpoints/9: <h1>502</h1>');
  });

  it('omits the colon for an empty body and the status text when there is none', () => {
    expect(
      upstreamErrorResult({ response: upstreamResponse({ status: 500, statusText: '', body: '' }), what }).content[0]
        ?.text,
    ).toBe('HTTP 500 from GET /api/endpoints/9');
    expect(
      upstreamErrorResult({
        response: upstreamResponse({ status: 401, statusText: 'Unauthorized', body: '   ' }),
        what,
      }).content[0]?.text,
    ).toBe('HTTP 401 Unauthorized from GET /api/endpoints/9');
  });

  it('caps a long message at 2000 characters', () => {
    const body = `{"message":"${'m'.repeat(5000)}"}`;
    const text =
      upstreamErrorResult({
        response: upstreamResponse({ status: 500, statusText: 'Internal Server Error', body }),
        what,
      }).content[0]?.text ?? '';
    expect(text).toBe(`HTTP 500 Internal Server Error from GET /api/endpoints/9: ${'m'.repeat(2000)}`);
    const textBody =
      upstreamErrorResult({
        response: upstreamResponse({ status: 500, contentType: 'text/plain', body: 'x'.repeat(3000) }),
        what,
      }).content[0]?.text ?? '';
    expect(textBody.endsWith(`: ${'x'.repeat(2000)}`)).toBe(true);
  });

  it('quotes the body of a truncated JSON response as text', () => {
    const result = upstreamErrorResult({
      response: upstreamResponse({
        status: 500,
        statusText: 'Internal Server Error',
        body: '{"message":"cut',
        truncated: true,
      }),
      what,
    });
    expect(result.content[0]?.text).toBe('HTTP 500 Internal Server Error from GET /api/endpoints/9: {"message":"cut');
  });
});

describe('unwrap', () => {
  const pve = { maxChars: 80_000, envelope: 'data' as const };

  it('leaves values alone without the data envelope', () => {
    expect(unwrap({ value: { data: 1 }, shape })).toEqual({ data: 1 });
  });

  it('returns the inside of a bare { data }', () => {
    expect(unwrap({ value: { data: { vmid: 100 } }, shape: pve })).toEqual({ vmid: 100 });
    expect(unwrap({ value: { data: 'UPID:pve1:1:2:3:qmstart:100:root@pam:' }, shape: pve })).toBe(
      'UPID:pve1:1:2:3:qmstart:100:root@pam:',
    );
    expect(unwrap({ value: { data: null }, shape: pve })).toBeNull();
    expect(unwrap({ value: { data: [] }, shape: pve })).toEqual([]);
  });

  it('keeps total next to data for paged lists', () => {
    expect(unwrap({ value: { data: [{ n: 1, t: 'x' }], total: 40 }, shape: pve })).toEqual({
      data: [{ n: 1, t: 'x' }],
      total: 40,
    });
    expect(unwrap({ value: { data: [], total: 0 }, shape: pve })).toEqual({ data: [], total: 0 });
  });

  it('leaves values without a data key, arrays, scalars and null alone', () => {
    expect(unwrap({ value: { result: 1 }, shape: pve })).toEqual({ result: 1 });
    expect(unwrap({ value: [{ data: 1 }], shape: pve })).toEqual([{ data: 1 }]);
    expect(unwrap({ value: 'data', shape: pve })).toBe('data');
    expect(unwrap({ value: null, shape: pve })).toBeNull();
  });
});

describe('valueResult', () => {
  it('serves a value as compact JSON and structured content, wrapping non-objects', () => {
    expect(valueResult({ value: { a: [1, 2] }, shape })).toEqual({
      content: [{ type: 'text', text: '{"a":[1,2]}' }],
      structuredContent: { a: [1, 2] },
    });
    expect(valueResult({ value: 'x', shape })).toEqual({
      content: [{ type: 'text', text: '"x"' }],
      structuredContent: { result: 'x' },
    });
  });

  it('serves undefined as null', () => {
    expect(valueResult({ value: undefined, shape }).content[0]?.text).toBe('null');
  });

  it('wraps a value over the cap in the truncation envelope, as text and structured content alike', () => {
    const result = valueResult({ value: { name: 'x'.repeat(1000) }, shape: { maxChars: 600 } });
    const text = result.content[0]!.text;
    expect(text.length).toBeLessThanOrEqual(600);
    const parsed = JSON.parse(text) as { truncated: boolean; notice: string; result: { name: string } };
    expect(parsed.truncated).toBe(true);
    expect(parsed.notice).toMatch(
      /^The answer was 1011 characters, over the 600-character limit; the text is cut to \d+ of 1000 characters \(in name\)\. Narrow it: pass select/,
    );
    expect(parsed.result.name).toMatch(/^x+…$/);
    expect(parsed.result.name.length).toBeLessThan(1000);
    expect(result.structuredContent).toEqual(parsed);
  });
});

describe('successResult with the data envelope (PVE)', () => {
  const pve = { maxChars: 80_000, envelope: 'data' as const };
  const json = 'application/json;charset=UTF-8';

  it('returns what is inside data as text and structured content', () => {
    expect(
      successResult({
        response: upstreamResponse({ contentType: json, body: '{"data":{"vmid":100,"status":"running"}}' }),
        shape: pve,
      }),
    ).toEqual({
      content: [{ type: 'text', text: '{"vmid":100,"status":"running"}' }],
      structuredContent: { vmid: 100, status: 'running' },
    });
  });

  it('wraps an unwrapped list or task id in { result }', () => {
    const upid = 'UPID:pve1:0001F2A3:00B1C2D3:6650A1B2:qmstart:100:root@pam:';
    expect(
      successResult({
        response: upstreamResponse({ contentType: json, body: JSON.stringify({ data: upid }) }),
        shape: pve,
      }),
    ).toEqual({
      content: [{ type: 'text', text: JSON.stringify(upid) }],
      structuredContent: { result: upid },
    });
    expect(
      successResult({
        response: upstreamResponse({ contentType: json, body: '{"data":[{"node":"pve1"}]}' }),
        shape: pve,
      }).structuredContent,
    ).toEqual({ result: [{ node: 'pve1' }] });
  });

  it('serves data: null (a finished write) as null', () => {
    expect(
      successResult({ response: upstreamResponse({ contentType: json, body: '{"data":null}' }), shape: pve }),
    ).toEqual({
      content: [{ type: 'text', text: 'null' }],
      structuredContent: { result: null },
    });
  });

  it('keeps data and total of a paged answer', () => {
    expect(
      successResult({
        response: upstreamResponse({ contentType: json, body: '{"data":[{"n":1,"t":"start"}],"total":1}' }),
        shape: pve,
      }).structuredContent,
    ).toEqual({
      data: [{ n: 1, t: 'start' }],
      total: 1,
    });
  });

  it('measures the size limit on the unwrapped text', () => {
    const body = JSON.stringify({ data: { a: 1 }, padding: 'x'.repeat(100) });
    expect(
      successResult({ response: upstreamResponse({ contentType: json, body }), shape: { ...pve, maxChars: 7 } }),
    ).toEqual({
      content: [{ type: 'text', text: '{"a":1}' }],
      structuredContent: { a: 1 },
    });
  });

  it('does not unwrap without the envelope option', () => {
    expect(
      successResult({ response: upstreamResponse({ contentType: json, body: '{"data":1}' }), shape }).structuredContent,
    ).toEqual({ data: 1 });
  });
});

describe('upstreamErrorResult with status notes', () => {
  const what = 'GET /api2/json/nodes/pve3/status';

  it('adds the note of the status in parentheses after the message', () => {
    const result = upstreamErrorResult({
      response: upstreamResponse({ status: 595, statusText: 'Connection refused', body: '' }),
      what,
      statusNotes: PVE_STATUS_NOTES,
    });
    expect(result).toEqual({
      content: [
        {
          type: 'text',
          text: 'HTTP 595 Connection refused from GET /api2/json/nodes/pve3/status (the Proxmox node that should run this request could not be reached (proxied request, connect failed; the node may be offline))',
        },
      ],
      isError: true,
    });
    const broken = upstreamErrorResult({
      response: upstreamResponse({ status: 597, statusText: 'Broken', body: '{"data":null}' }),
      what,
      statusNotes: PVE_STATUS_NOTES,
    });
    expect(broken.content[0]?.text).toBe(
      'HTTP 597 Broken from GET /api2/json/nodes/pve3/status: {"data":null} (the proxied request to another Proxmox node broke off while reading its answer)',
    );
  });

  it('adds nothing for statuses without a note, or without notes', () => {
    const response = upstreamResponse({ status: 500, statusText: 'VM 100 not running', body: '{"data":null}' });
    expect(upstreamErrorResult({ response, what, statusNotes: PVE_STATUS_NOTES }).content[0]?.text).toBe(
      'HTTP 500 VM 100 not running from GET /api2/json/nodes/pve3/status: {"data":null}',
    );
    const noNotes = upstreamResponse({ status: 595, statusText: 'x', body: '' });
    expect(upstreamErrorResult({ response: noNotes, what }).content[0]?.text).toBe(
      'HTTP 595 x from GET /api2/json/nodes/pve3/status',
    );
    expect(upstreamErrorResult({ response: noNotes, what, statusNotes: undefined }).content[0]?.text).toBe(
      'HTTP 595 x from GET /api2/json/nodes/pve3/status',
    );
  });

  it('quotes the errors object of a PVE parameter check', () => {
    const response = upstreamResponse({
      status: 400,
      statusText: 'Parameter verification failed.',
      body: '{"data":null,"errors":{"vmid":"value must be at least 100"}}',
    });
    expect(
      upstreamErrorResult({ response, what: 'POST /api2/json/nodes/pve1/qemu', statusNotes: PVE_STATUS_NOTES })
        .content[0]?.text,
    ).toBe(
      'HTTP 400 Parameter verification failed. from POST /api2/json/nodes/pve1/qemu: {"vmid":"value must be at least 100"}',
    );
  });
});
