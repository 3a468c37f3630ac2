import { describe, expect, it } from 'vitest';
import type { OperationTool } from '../src/catalog/types.js';
import { buildRequest, expandPath } from '../src/tools/build-request.js';
import {
  API_KEY,
  BASE_URL,
  containerImageStatus,
  endpointInspect,
  endpointList,
  pveVmConfig,
  pveVmCreate,
  restore,
  settingsInspect,
  stackCreateString,
  userCreate,
} from './fixtures.js';

const baseUrl = new URL(`${BASE_URL}/api`);
const authHeaders = { 'x-api-key': API_KEY };

function build(tool: OperationTool, args: Record<string, unknown>, base: URL = baseUrl) {
  return buildRequest({ tool, args, baseUrl: base, authHeaders, allowLocalFiles: false });
}

describe('expandPath', () => {
  it('fills every template variable from its path binding', () => {
    expect(expandPath({ tool: containerImageStatus, args: { environmentId: 3, containerId: 'abc123' } })).toBe(
      '/docker/3/containers/abc123/image_status',
    );
  });

  it('percent-encodes each value as one segment', () => {
    expect(expandPath({ tool: containerImageStatus, args: { environmentId: 3, containerId: 'a b:c?d#e%' } })).toBe(
      '/docker/3/containers/a%20b%3Ac%3Fd%23e%25/image_status',
    );
  });

  it('uses the binding whose wire name matches, not the argument name', () => {
    const tool: OperationTool = { ...endpointInspect, args: [{ arg: 'environment_id', in: 'path', wire: 'id' }] };
    expect(expandPath({ tool, args: { environment_id: 9, id: 1 } })).toBe('/endpoints/9');
  });

  it('leaves a template without variables alone', () => {
    expect(expandPath({ tool: settingsInspect, args: {} })).toBe('/settings');
  });

  it('throws naming the argument when a path value is missing or null', () => {
    expect(() => expandPath({ tool: endpointInspect, args: {} })).toThrow("missing path parameter 'id'");
    expect(() => expandPath({ tool: endpointInspect, args: { id: null } })).toThrow("missing path parameter 'id'");
  });

  it('throws naming the template variable when no binding exists for it', () => {
    const tool: OperationTool = { ...endpointInspect, args: [{ arg: 'id', in: 'query', wire: 'id' }] };
    expect(() => expandPath({ tool, args: { id: 1 } })).toThrow("missing path parameter 'id'");
  });

  // Issue 10 item 7: upstreams decode the path before routing, so an encoded "/" reaches another handler.
  it.each(['../../../users', 'pve/qemu/100/snapshot', '/', 'a\\b', 'a%2Fb', 'a%5cb'])(
    'refuses the value %j: a path parameter is one segment',
    (containerId) => {
      expect(() => expandPath({ tool: containerImageStatus, args: { environmentId: 1, containerId } })).toThrow(
        `path parameter 'containerId' may not contain "/" or "\\" (or their percent-encodings): it is one path segment`,
      );
    },
  );

  it('lets a "/" through when the parameter schema pattern names one', () => {
    const properties = {
      ...(containerImageStatus.inputSchema.properties as object),
      containerId: { type: 'string', pattern: '^[a-z]+:[a-z/]+$' },
    };
    const tool: OperationTool = {
      ...containerImageStatus,
      inputSchema: { ...containerImageStatus.inputSchema, properties },
    };
    expect(expandPath({ tool, args: { environmentId: 1, containerId: 'local:iso/x' } })).toBe(
      '/docker/1/containers/local%3Aiso%2Fx/image_status',
    );
  });
});

describe('buildRequest', () => {
  it('builds a GET with path and query arguments and the credential header', async () => {
    const request = await build(endpointInspect, { id: 3, excludeSnapshot: true });
    expect(request.method).toBe('GET');
    expect(request.url.href).toBe('https://portainer.example.com:9443/api/endpoints/3?excludeSnapshot=true');
    expect(request.headers).toEqual({ accept: 'application/json', 'x-api-key': API_KEY });
    expect(request.body).toBeUndefined();
    expect('body' in request).toBe(false);
  });

  it('keeps a sub-path of the base URL', async () => {
    const request = await build(
      endpointList,
      { start: 1, groupIds: [1, 2] },
      new URL('http://10.0.0.5:9000/portainer/api'),
    );
    expect(request.url.pathname).toBe('/portainer/api/endpoints');
    expect(request.url.search).toBe('?start=1&groupIds=1%2C2');
  });

  it('does not send a body or content type when the operation has none', async () => {
    const request = await build(settingsInspect, {});
    expect(request.body).toBeUndefined();
    expect(request.headers['content-type']).toBeUndefined();
  });

  it('builds a JSON body from body fields and keeps query arguments out of it', async () => {
    const request = await build(stackCreateString, {
      endpointId: 2,
      Name: 'web',
      StackFileContent: 'services:\n  web:\n    image: nginx\n',
      Env: [{ name: 'A', value: '1' }],
    });
    expect(request.method).toBe('POST');
    expect(request.url.href).toBe(
      'https://portainer.example.com:9443/api/stacks/create/standalone/string?endpointId=2',
    );
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body!.toString('utf8'))).toEqual({
      Name: 'web',
      StackFileContent: 'services:\n  web:\n    image: nginx\n',
      Env: [{ name: 'A', value: '1' }],
    });
  });

  it('sends header arguments under lower-case wire names', async () => {
    const request = await build(restore, { 'X-Setup-Token': 'setup-123', FileContent: [1, 2], FileName: 'b.tar.gz' });
    expect(request.headers['x-setup-token']).toBe('setup-123');
    expect(request.headers['X-Setup-Token']).toBeUndefined();
    expect(JSON.parse(request.body!.toString())).toEqual({ FileContent: [1, 2], FileName: 'b.tar.gz' });
  });

  it('joins cookie arguments into one percent-encoded cookie header', async () => {
    const tool: OperationTool = {
      ...settingsInspect,
      args: [
        { arg: 'session', in: 'cookie', wire: 'portainer_session' },
        { arg: 'lang', in: 'cookie', wire: 'lang' },
        { arg: 'absent', in: 'cookie', wire: 'absent' },
      ],
    };
    const request = await build(tool, { session: 'a b;c', lang: 'en' });
    expect(request.headers.cookie).toBe('portainer_session=a%20b%3Bc; lang=en');
  });

  it('applies the credential header last, so no argument can replace it', async () => {
    const tool: OperationTool = {
      ...settingsInspect,
      args: [
        { arg: 'key', in: 'header', wire: 'X-API-Key' },
        { arg: 'accept', in: 'header', wire: 'Accept' },
      ],
    };
    const request = await build(tool, { key: 'attacker', accept: 'text/plain' });
    expect(request.headers['x-api-key']).toBe(API_KEY);
    expect(request.headers.accept).toBe('text/plain');
  });

  it('sends exactly accept, content-type and the credential header with a JSON body', async () => {
    const request = await buildRequest({
      tool: userCreate,
      args: { Username: 'bob', Password: 'pw', Role: 2 },
      baseUrl,
      authHeaders: { 'x-api-key': API_KEY },
      allowLocalFiles: false,
    });
    expect(request.headers).toEqual({
      accept: 'application/json',
      'content-type': 'application/json',
      'x-api-key': API_KEY,
    });
  });

  it('rejects when a path argument is missing', async () => {
    await expect(build(endpointInspect, {})).rejects.toThrow("missing path parameter 'id'");
  });

  it('does not change the base URL it was given', async () => {
    const base = new URL(`${BASE_URL}/api`);
    await build(endpointInspect, { id: 1, excludeSnapshot: false });
    await build(endpointList, { start: 0 }, base);
    expect(base.href).toBe('https://portainer.example.com:9443/api');
  });

  // Formerly a bug: encodeURIComponent leaves "." and ".." as they are and `new URL()` resolved them as dot
  // segments, so containerId '..' climbed out of the template. Such values are now refused.
  it.each(['..', '.', ''])(
    'refuses the path value %j instead of letting the URL parser resolve it',
    async (containerId) => {
      await expect(build(containerImageStatus, { environmentId: 1, containerId })).rejects.toThrow(
        `path parameter 'containerId' may not be empty, "." or ".."`,
      );
    },
  );

  it('keeps values that only contain dots inside their own segment', async () => {
    const request = await build(containerImageStatus, { environmentId: 1, containerId: '...' });
    expect(request.url.pathname).toBe('/api/docker/1/containers/.../image_status');
    const encoded = await build(containerImageStatus, { environmentId: 1, containerId: '%2e%2e' });
    expect(encoded.url.pathname).toBe('/api/docker/1/containers/%252e%252e/image_status');
  });

  it('does not double the slash when the base URL is a bare origin', async () => {
    const request = await build(endpointInspect, { id: 3 }, new URL('https://portainer.example.com:9443'));
    expect(request.url.href).toBe('https://portainer.example.com:9443/endpoints/3');
  });

  it('sends numeric booleans in query and body, spreads indexed families and URL-encodes marked values', async () => {
    const request = await buildRequest({
      tool: pveVmCreate,
      args: {
        node: 'pve1',
        vmid: 101,
        name: 'web',
        onboot: true,
        net: { '1': 'virtio,bridge=vmbr1', '0': 'virtio,bridge=vmbr0' },
        sshkeys: 'ssh-ed25519 AAAA me@h',
      },
      baseUrl: new URL('https://pve.example.com:8006/api2/json'),
      authHeaders: { authorization: 'PVEAPIToken=root@pam!mcp=s' },
      allowLocalFiles: false,
      wire: { booleans: 'numeric' },
    });
    expect(request.url.href).toBe('https://pve.example.com:8006/api2/json/nodes/pve1/qemu');
    expect(request.headers).toEqual({
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: 'PVEAPIToken=root@pam!mcp=s',
    });
    expect(request.body?.toString()).toBe(
      '{"vmid":101,"name":"web","onboot":1,"net0":"virtio,bridge=vmbr0","net1":"virtio,bridge=vmbr1","sshkeys":"ssh-ed25519%20AAAA%20me%40h"}',
    );
  });

  it('keeps literal booleans without the numeric wire option', async () => {
    const request = await build(pveVmConfig, { node: 'pve1', vmid: 1, current: false });
    expect(request.url.search).toBe('?current=false');
  });
});
