import { describe, expect, it } from 'vitest';
import { callRaw, matchOperation, RAW_METHODS, rawApiTool, rawInputSchema, rawSafety } from '../src/tools/raw-api.js';
import { createArgumentValidator } from '../src/tools/validate.js';
import {
  fakeContext,
  pveContext,
  pveResponse,
  pveTaskStop,
  pveTools,
  pveVmConfig,
  pveVmCreate,
  pveVmDelete,
  pveVmStart,
  pveVmStop,
  staticAuth,
  upid,
  upstreamResponse,
} from './fixtures.js';

const tool = rawApiTool({ name: 'api_request', description: 'Call any Proxmox VE API path.' });
const START = 'path must start with a single "/" (relative to the prefix, not an absolute URL)';

describe('rawApiTool and rawInputSchema', () => {
  it('is a raw tool that announces itself as open-world and possibly destructive', async () => {
    expect(tool).toEqual({
      kind: 'raw',
      name: 'api_request',
      description: 'Call any Proxmox VE API path.',
      tags: [],
      annotations: {
        title: 'Raw API request',
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: true,
      },
    });
  });

  it('takes method, path, params and confirm; method and path are required', async () => {
    const schema = rawInputSchema();
    expect(schema.required).toEqual(['method', 'path']);
    expect(Object.keys(schema.properties as object)).toEqual(['method', 'path', 'params', 'confirm']);
    expect((schema.properties as Record<string, { enum?: unknown }>).method?.enum).toEqual([
      'GET',
      'POST',
      'PUT',
      'DELETE',
    ]);
    expect(RAW_METHODS).toEqual(['GET', 'POST', 'PUT', 'DELETE']);
  });

  it('is enforced by the argument validator', async () => {
    const validator = createArgumentValidator();
    expect(
      (await validator.check({ name: 'api_request', schema: rawInputSchema(), args: { method: 'PATCH', path: '/x' } }))
        .ok,
    ).toBe(false);
    expect((await validator.check({ name: 'api_request', schema: rawInputSchema(), args: { method: 'GET' } })).ok).toBe(
      false,
    );
    expect(
      (
        await validator.check({
          name: 'api_request',
          schema: rawInputSchema(),
          args: { method: 'GET', path: '/x', extra: 1 },
        })
      ).ok,
    ).toBe(false);
    expect(
      (
        await validator.check({
          name: 'api_request',
          schema: rawInputSchema(),
          args: { method: 'GET', path: '/x', params: { a: 1 } },
        })
      ).ok,
    ).toBe(true);
  });
});

describe('matchOperation and rawSafety', () => {
  it('matches a concrete path against the path templates of the same method', async () => {
    expect(matchOperation({ method: 'POST', path: '/nodes/pve1/qemu/100/status/stop', operations: pveTools })).toBe(
      pveVmStop,
    );
    expect(matchOperation({ method: 'GET', path: '/nodes/pve1/qemu/100/config', operations: pveTools })).toBe(
      pveVmConfig,
    );
    expect(matchOperation({ method: 'DELETE', path: '/nodes/pve1/qemu/100', operations: pveTools })).toBe(pveVmDelete);
    expect(matchOperation({ method: 'POST', path: '/nodes/pve1/qemu', operations: pveTools })).toBe(pveVmCreate);
    expect(
      matchOperation({
        method: 'DELETE',
        path: `/nodes/pve1/tasks/${encodeURIComponent(upid())}`,
        operations: pveTools,
      }),
    ).toBe(pveTaskStop);
  });

  it('compares the method case-insensitively', async () => {
    expect(matchOperation({ method: 'post', path: '/nodes/pve1/qemu/100/status/start', operations: pveTools })).toBe(
      pveVmStart,
    );
  });

  it('matches nothing for another method, another length or another fixed segment', async () => {
    expect(
      matchOperation({ method: 'PUT', path: '/nodes/pve1/qemu/100/status/stop', operations: pveTools }),
    ).toBeUndefined();
    expect(
      matchOperation({ method: 'POST', path: '/nodes/pve1/qemu/100/status', operations: pveTools }),
    ).toBeUndefined();
    expect(
      matchOperation({ method: 'POST', path: '/nodes/pve1/lxc/100/status/stop', operations: pveTools }),
    ).toBeUndefined();
    expect(matchOperation({ method: 'GET', path: '/nodes/pve1/qemu/100/config', operations: [] })).toBeUndefined();
  });

  it('borrows the safety of the matched operation, else takes the method class', async () => {
    const safety = (method: string, path: string) => rawSafety({ args: { method, path }, operations: pveTools });
    expect(safety('POST', '/nodes/pve1/qemu/100/status/stop')).toBe('destructive');
    expect(safety('POST', '/nodes/pve1/qemu/100/status/start')).toBe('execute');
    expect(safety('DELETE', `/nodes/pve1/tasks/${upid()}`)).toBe('execute');
    expect(safety('GET', '/cluster/resources')).toBe('read');
    expect(safety('POST', '/cluster/backup')).toBe('write');
    expect(safety('PUT', '/cluster/options')).toBe('write');
    expect(safety('DELETE', '/pools/test')).toBe('destructive');
  });

  it('treats a missing method as GET', async () => {
    expect(rawSafety({ args: { path: '/nodes/pve1/qemu/100/config' }, operations: pveTools })).toBe('read');
  });
});

describe('callRaw', () => {
  it.each([
    ['https://evil.example.com/api2/json/nodes', START],
    ['//evil.example.com/nodes', START],
    ['nodes', START],
    ['/cluster/resources?type=vm', 'path must not contain "?" or "#"; pass query parameters separately'],
    ['/cluster/resources#x', 'path must not contain "?" or "#"; pass query parameters separately'],
    ['/nodes/../access/users', 'path must not contain "." or ".." segments'],
    ['/nodes/%2e%2e/access/users', 'path must not contain "." or ".." segments'],
    ['/nodes/%2E%2E/access', 'path must not contain "." or ".." segments'],
    ['/nodes/pve1%2f..%2f..%2faccess', 'path must not contain encoded slashes or backslashes'],
    ['/nodes/pve1%252f..', 'path must not contain encoded slashes or backslashes'],
    ['/nodes/pve1\\..', 'path must not contain encoded slashes or backslashes'],
    ['/nodes/pve1\r\nX-Injected: 1', 'path must not contain control characters'],
    ['/nodes/\u0000', 'path must not contain control characters'],
    ['/nodes/%zz', 'path contains an invalid percent-encoding'],
  ])('refuses the path %j and sends nothing', async (path, problem) => {
    const { context, sent } = pveContext();
    const result = await callRaw({ tool, args: { method: 'GET', path }, context });
    expect(result).toEqual({
      content: [{ type: 'text', text: `Invalid arguments for api_request: ${problem}. Nothing was sent upstream.` }],
      isError: true,
    });
    expect(sent).toEqual([]);
  });

  it('sends GET params in the query string, booleans as 1/0, nulls dropped, and no body', async () => {
    const { auth, methods } = staticAuth({ authorization: 'PVEAPIToken=root@pam!mcp=s' });
    const { context, sent } = pveContext({ auth, reply: () => pveResponse([{ id: 'qemu/100', type: 'qemu' }]) });
    const result = await callRaw({
      tool,
      args: { method: 'GET', path: '/cluster/resources', params: { type: 'vm', full: true, skip: null, limit: 5 } },
      context,
    });
    expect(result).toEqual({
      content: [{ type: 'text', text: '[{"id":"qemu/100","type":"qemu"}]' }],
      structuredContent: { result: [{ id: 'qemu/100', type: 'qemu' }] },
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.method).toBe('GET');
    expect(sent[0]?.url.href).toBe('https://pve.example.com:8006/api2/json/cluster/resources?type=vm&full=1&limit=5');
    expect(sent[0]?.headers).toEqual({ accept: 'application/json', authorization: 'PVEAPIToken=root@pam!mcp=s' });
    expect(sent[0]?.body).toBeUndefined();
    expect(methods).toEqual(['GET']);
  });

  it('sends POST params as a JSON body with numeric booleans, and nothing in the query', async () => {
    const { auth, methods } = staticAuth({ cookie: 'PVEAuthCookie=t', csrfpreventiontoken: 'c' });
    const { context, sent } = pveContext({ auth, reply: () => pveResponse(upid()) });
    await callRaw({
      tool,
      args: {
        method: 'POST',
        path: '/nodes/pve1/qemu',
        params: { vmid: 101, onboot: true, start: false, net0: 'virtio,bridge=vmbr0', gone: null },
        confirm: true,
      },
      context,
    });
    const request = sent[0]!;
    expect(request.method).toBe('POST');
    expect(request.url.href).toBe('https://pve.example.com:8006/api2/json/nodes/pve1/qemu');
    expect(request.headers).toEqual({
      accept: 'application/json',
      'content-type': 'application/json',
      cookie: 'PVEAuthCookie=t',
      csrfpreventiontoken: 'c',
    });
    expect(request.body?.toString()).toBe('{"vmid":101,"onboot":1,"start":0,"net0":"virtio,bridge=vmbr0"}');
    expect(methods).toEqual(['POST']);
  });

  it('sends PUT params as a JSON body too', async () => {
    const { context, sent } = pveContext({ reply: () => pveResponse(null) });
    await callRaw({
      tool,
      args: { method: 'PUT', path: '/nodes/pve1/qemu/100/config', params: { memory: 4096, protection: false } },
      context,
    });
    expect(sent[0]?.url.search).toBe('');
    expect(JSON.parse(sent[0]!.body!.toString())).toEqual({ memory: 4096, protection: 0 });
  });

  it('sends no body and no content type for a POST without params', async () => {
    const { context, sent } = pveContext({ reply: () => pveResponse(upid()) });
    await callRaw({ tool, args: { method: 'POST', path: '/nodes/pve1/qemu/100/status/start' }, context });
    await callRaw({
      tool,
      args: { method: 'POST', path: '/nodes/pve1/qemu/100/status/start', params: { only: null } },
      context,
    });
    for (const request of sent) {
      expect(request.body).toBeUndefined();
      expect(request.headers['content-type']).toBeUndefined();
    }
  });

  it('sends DELETE params in the query string', async () => {
    const { context, sent } = pveContext({ reply: () => pveResponse(upid('pve1', 'qmdestroy')) });
    await callRaw({
      tool,
      args: {
        method: 'DELETE',
        path: '/nodes/pve1/qemu/100',
        params: { purge: true, 'destroy-unreferenced-disks': false },
      },
      context,
    });
    expect(sent[0]?.method).toBe('DELETE');
    expect(sent[0]?.url.href).toBe(
      'https://pve.example.com:8006/api2/json/nodes/pve1/qemu/100?purge=1&destroy-unreferenced-disks=0',
    );
    expect(sent[0]?.body).toBeUndefined();
  });

  it('keeps booleans literal for an upstream without numeric booleans', async () => {
    const { context, sent } = fakeContext();
    await callRaw({ tool, args: { method: 'GET', path: '/endpoints', params: { excludeSnapshots: true } }, context });
    await callRaw({ tool, args: { method: 'POST', path: '/tags', params: { name: 'x', pinned: false } }, context });
    expect(sent[0]?.url.href).toBe('https://portainer.example.com:9443/api/endpoints?excludeSnapshots=true');
    expect(sent[1]?.body?.toString()).toBe('{"name":"x","pinned":false}');
  });

  it('sends object and array params of a GET as JSON text', async () => {
    const { context, sent } = pveContext();
    await callRaw({ tool, args: { method: 'GET', path: '/x', params: { ids: [1, 2], filter: { a: 'b' } } }, context });
    expect([...sent[0]!.url.searchParams]).toEqual([
      ['ids', '[1,2]'],
      ['filter', '{"a":"b"}'],
    ]);
  });

  it('keeps percent-encoded path segments as given', async () => {
    const { context, sent } = pveContext();
    const task = upid();
    await callRaw({
      tool,
      args: { method: 'GET', path: `/nodes/pve1/tasks/${encodeURIComponent(task)}/status` },
      context,
    });
    expect(sent[0]?.url.pathname).toBe(`/api2/json/nodes/pve1/tasks/${encodeURIComponent(task)}/status`);
  });

  it('unwraps the data envelope and names method and path in upstream errors, with status notes', async () => {
    const ok = pveContext({ reply: () => pveResponse({ version: '9.2.0', release: '9.2' }) });
    expect(
      (await callRaw({ tool, args: { method: 'GET', path: '/version' }, context: ok.context })).structuredContent,
    ).toEqual({ version: '9.2.0', release: '9.2' });
    const down = pveContext({
      reply: () => upstreamResponse({ status: 595, statusText: 'No route to host', body: '' }),
    });
    expect(await callRaw({ tool, args: { method: 'GET', path: '/nodes/pve3/status' }, context: down.context })).toEqual(
      {
        content: [
          {
            type: 'text',
            text: 'HTTP 595 No route to host from GET /api2/json/nodes/pve3/status (the Proxmox node that should run this request could not be reached (proxied request, connect failed; the node may be offline))',
          },
        ],
        isError: true,
      },
    );
  });

  it('lets an auth failure reject, for the dispatcher to report', async () => {
    const { context, sent } = pveContext({
      auth: {
        headers: async () => {
          throw new Error('login as root@pam failed: HTTP 401 authentication failure');
        },
        credentialHeaders: [],
      },
    });
    await expect(callRaw({ tool, args: { method: 'GET', path: '/version' }, context })).rejects.toThrow(
      'login as root@pam failed',
    );
    expect(sent).toEqual([]);
  });
});
