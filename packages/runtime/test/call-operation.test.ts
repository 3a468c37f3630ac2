import { describe, expect, it } from 'vitest';
import { UpstreamUnreachableError } from '../src/http/types.js';
import { callOperation, exchange } from '../src/tools/call-operation.js';
import { fetchJson } from '../src/tools/fetch-json.js';
import {
  API_KEY,
  endpointInspect,
  fakeContext,
  pveContext,
  pveResponse,
  pveVmCreate,
  pveVmDelete,
  pveVmStop,
  stackCreateString,
  staticAuth,
  upid,
  upstreamResponse,
} from './fixtures.js';

describe('callOperation', () => {
  it('sends the built request and names the operation by method and path in errors', async () => {
    const fake = fakeContext({
      reply: () =>
        upstreamResponse({ status: 404, statusText: 'Not Found', body: '{"message":"Environment not found"}' }),
    });
    const result = await callOperation({
      tool: endpointInspect,
      args: { id: 9, excludeSnapshot: true },
      context: fake.context,
    });
    expect(result).toEqual({
      content: [{ type: 'text', text: 'HTTP 404 Not Found from GET /api/endpoints/9: Environment not found' }],
      isError: true,
    });
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]?.url.href).toBe('https://portainer.example.com:9443/api/endpoints/9?excludeSnapshot=true');
  });

  it('sends the JSON body with its content type and the credential', async () => {
    const fake = fakeContext({ reply: () => upstreamResponse({ body: '{"Id":12}' }) });
    const result = await callOperation({
      tool: stackCreateString,
      args: { endpointId: 1, Name: 'web', StackFileContent: 'services: {}' },
      context: fake.context,
    });
    expect(result.structuredContent).toEqual({ Id: 12 });
    const request = fake.sent[0]!;
    expect(request.method).toBe('POST');
    expect(request.headers).toEqual({
      accept: 'application/json',
      'content-type': 'application/json',
      'x-api-key': API_KEY,
    });
    expect(JSON.parse(request.body!.toString())).toEqual({ Name: 'web', StackFileContent: 'services: {}' });
  });

  it('uses the context shape limit for the answer', async () => {
    const fake = fakeContext({
      maxChars: 5,
      reply: () => upstreamResponse({ contentType: 'text/plain', body: '0123456789' }),
    });
    const result = await callOperation({ tool: endpointInspect, args: { id: 1 }, context: fake.context });
    expect(result.content[0]?.text.startsWith('01234\n[truncated: the response was longer than 5 characters')).toBe(
      true,
    );
  });
});

describe('callOperation (PVE conventions)', () => {
  it('asks the auth for the headers of the operation method', async () => {
    const { auth, methods } = staticAuth({ cookie: 'PVEAuthCookie=t', csrfpreventiontoken: 'c' });
    const fake = pveContext({ auth, reply: () => pveResponse(upid()) });
    await callOperation({ tool: pveVmStop, args: { node: 'pve1', vmid: 100, confirm: true }, context: fake.context });
    await callOperation({ tool: pveVmDelete, args: { node: 'pve1', vmid: 100 }, context: fake.context });
    expect(methods).toEqual(['POST', 'DELETE']);
    expect(fake.sent[0]?.headers).toEqual({
      accept: 'application/json',
      cookie: 'PVEAuthCookie=t',
      csrfpreventiontoken: 'c',
    });
  });

  it('never sends the control arguments wait and confirm upstream', async () => {
    const fake = pveContext({ reply: () => pveResponse(upid()) });
    await callOperation({
      tool: pveVmStop,
      args: { node: 'pve1', vmid: 100, timeout: 10, wait: 0, confirm: true },
      context: fake.context,
    });
    await callOperation({
      tool: pveVmDelete,
      args: { node: 'pve1', vmid: 100, purge: false, wait: 0, confirm: true },
      context: fake.context,
    });
    expect(JSON.parse(fake.sent[0]!.body!.toString())).toEqual({ timeout: 10 });
    expect(fake.sent[1]?.url.search).toBe('?purge=0');
  });

  it('sends a body with numeric booleans, spread indexed slots and URL-encoded values', async () => {
    const fake = pveContext({ reply: () => pveResponse(upid('pve1', 'qmcreate', '101')) });
    const result = await callOperation({
      tool: pveVmCreate,
      args: {
        node: 'pve1',
        vmid: 101,
        onboot: false,
        net: { '0': 'virtio,bridge=vmbr0' },
        sshkeys: 'ssh-ed25519 AAAA u@h',
      },
      context: fake.context,
    });
    expect(result.structuredContent).toEqual({ result: upid('pve1', 'qmcreate', '101') });
    expect(fake.sent[0]?.body?.toString()).toBe(
      '{"vmid":101,"onboot":0,"net0":"virtio,bridge=vmbr0","sshkeys":"ssh-ed25519%20AAAA%20u%40h"}',
    );
  });

  it('unwraps the envelope and adds status notes to errors', async () => {
    const ok = pveContext({ reply: () => pveResponse({ cores: 4 }) });
    expect(await callOperation({ tool: pveVmCreate, args: { node: 'pve1', vmid: 1 }, context: ok.context })).toEqual({
      content: [{ type: 'text', text: '{"cores":4}' }],
      structuredContent: { cores: 4 },
    });
    const down = pveContext({
      reply: () =>
        upstreamResponse({
          status: 596,
          statusText: 'tls_process_server_certificate: certificate verify failed',
          body: '',
        }),
    });
    expect(
      (await callOperation({ tool: pveVmCreate, args: { node: 'pve2', vmid: 1 }, context: down.context })).content[0]
        ?.text,
    ).toBe(
      'HTTP 596 tls_process_server_certificate: certificate verify failed from POST /api2/json/nodes/pve2/qemu (the proxied request to another Proxmox node failed (TLS or request error, e.g. certificate verify failed between nodes))',
    );
  });
});

describe('fetchJson', () => {
  it('GETs a path below the base URL with query and read credentials, unwrapping the envelope', async () => {
    const { auth, methods } = staticAuth({ cookie: 'PVEAuthCookie=t' });
    const fake = pveContext({ auth, reply: () => pveResponse([{ n: 1, t: 'x' }], { total: 1 }) });
    const value = await fetchJson({
      context: fake.context,
      path: '/nodes/pve1/tasks/U/log',
      query: { start: '0', limit: '2' },
    });
    expect(value).toEqual({ data: [{ n: 1, t: 'x' }], total: 1 });
    expect(fake.sent[0]?.url.href).toBe(
      'https://pve.example.com:8006/api2/json/nodes/pve1/tasks/U/log?start=0&limit=2',
    );
    expect(fake.sent[0]?.headers).toEqual({ accept: 'application/json', cookie: 'PVEAuthCookie=t' });
    expect(methods).toEqual(['GET']);
  });

  it('returns text bodies as text and throws upstream errors as their message', async () => {
    const text = fakeContext({ reply: () => upstreamResponse({ contentType: 'text/plain', body: 'pong' }) });
    expect(await fetchJson({ context: text.context, path: '/ping' })).toBe('pong');
    const failing = fakeContext({
      reply: () => upstreamResponse({ status: 404, statusText: 'Not Found', body: '{"message":"nope"}' }),
    });
    await expect(fetchJson({ context: failing.context, path: '/x' })).rejects.toThrow(
      'HTTP 404 Not Found from GET /api/x: nope',
    );
  });
});

describe('exchange', () => {
  const request = { method: 'GET' as const, url: new URL('https://portainer.example.com/api/status'), headers: {} };

  it.each([
    [200, false],
    [204, false],
    [302, true],
    [307, true],
    [399, true],
    [400, true],
    [401, true],
    [503, true],
  ])('treats HTTP %d as an error: %s', async (status, isError) => {
    const fake = fakeContext({ reply: () => upstreamResponse({ status, body: '{"message":"m"}' }) });
    const result = await exchange({ context: fake.context, request, what: 'GET /api/status' });
    expect(result.isError === true).toBe(isError);
  });

  it('maps an unreachable upstream to an error result naming the call', async () => {
    const fake = fakeContext({
      reply: () => {
        throw new UpstreamUnreachableError('no complete answer within 120 s (timeout)');
      },
    });
    expect(await exchange({ context: fake.context, request, what: 'GET /api/status' })).toEqual({
      content: [
        { type: 'text', text: 'Upstream unreachable for GET /api/status: no complete answer within 120 s (timeout)' },
      ],
      isError: true,
    });
  });

  it('lets other errors through to the caller', async () => {
    const fake = fakeContext({
      reply: () => {
        throw new RangeError('bug');
      },
    });
    await expect(exchange({ context: fake.context, request, what: 'GET /api/status' })).rejects.toThrow(RangeError);
  });
});
