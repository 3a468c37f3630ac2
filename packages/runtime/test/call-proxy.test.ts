import { describe, expect, it } from 'vitest';
import { callProxy, proxyMethod } from '../src/tools/call-proxy.js';
import { API_KEY, dockerProxy, fakeContext, kubernetesProxy, staticAuth, upstreamResponse } from './fixtures.js';

const START = 'path must start with a single "/" (relative to the prefix, not an absolute URL)';

type Fake = ReturnType<typeof fakeContext>;

function docker(fake: Fake, args: Record<string, unknown>) {
  return callProxy({ tool: dockerProxy, args: { environment_id: 3, ...args }, context: fake.context });
}

describe('proxyMethod', () => {
  it('defaults to GET and upper-cases the given method', () => {
    expect(proxyMethod({})).toBe('GET');
    expect(proxyMethod({ method: 'post' })).toBe('POST');
    expect(proxyMethod({ method: 'DELETE' })).toBe('DELETE');
    expect(proxyMethod({ method: 5 })).toBe('GET');
  });
});

describe('callProxy', () => {
  it('sends a GET below the expanded prefix with the credential', async () => {
    const fake = fakeContext({ reply: () => upstreamResponse({ body: '[{"Id":"abc"}]' }) });
    const result = await docker(fake, { path: '/containers/json' });
    expect(result).toEqual({
      content: [{ type: 'text', text: '[{"Id":"abc"}]' }],
      structuredContent: { result: [{ Id: 'abc' }] },
    });
    expect(fake.sent).toHaveLength(1);
    const request = fake.sent[0]!;
    expect(request.method).toBe('GET');
    expect(request.url.href).toBe('https://portainer.example.com:9443/api/endpoints/3/docker/containers/json');
    expect(request.headers).toEqual({ accept: 'application/json', 'x-api-key': API_KEY });
    expect(request.body).toBeUndefined();
  });

  it('uses the prefix of the tool', async () => {
    const fake = fakeContext();
    await callProxy({
      tool: kubernetesProxy,
      args: { environment_id: 12, path: '/api/v1/namespaces' },
      context: fake.context,
    });
    expect(fake.sent[0]?.url.pathname).toBe('/api/endpoints/12/kubernetes/api/v1/namespaces');
  });

  it('appends query parameters, skipping null ones', async () => {
    const fake = fakeContext();
    await docker(fake, {
      path: '/containers/json',
      query_params: { all: true, limit: 5, filters: '{"status":["exited"]}', skip: null },
    });
    const url = fake.sent[0]!.url;
    expect([...url.searchParams]).toEqual([
      ['all', 'true'],
      ['limit', '5'],
      ['filters', '{"status":["exited"]}'],
    ]);
  });

  it('sends an object body as JSON and names the method in errors', async () => {
    const fake = fakeContext({
      reply: () =>
        upstreamResponse({
          status: 409,
          statusText: 'Conflict',
          body: '{"message":"Conflict. The container name is already in use"}',
        }),
    });
    const result = await docker(fake, { path: '/containers/create', method: 'POST', body: { Image: 'nginx' } });
    const request = fake.sent[0]!;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body?.toString()).toBe('{"Image":"nginx"}');
    expect(result).toEqual({
      content: [
        {
          type: 'text',
          text: 'HTTP 409 Conflict from POST /api/endpoints/3/docker/containers/create: Conflict. The container name is already in use',
        },
      ],
      isError: true,
    });
  });

  it('sends a JSON string as it is with a JSON content type, other strings as text/plain', async () => {
    const fake = fakeContext();
    await docker(fake, { path: '/a', method: 'POST', body: '{"Image":"nginx"}' });
    await docker(fake, { path: '/b', method: 'POST', body: 'FROM alpine\n' });
    expect(fake.sent[0]?.headers['content-type']).toBe('application/json');
    expect(fake.sent[0]?.body?.toString()).toBe('{"Image":"nginx"}');
    expect(fake.sent[1]?.headers['content-type']).toBe('text/plain');
    expect(fake.sent[1]?.body?.toString()).toBe('FROM alpine\n');
  });

  it('sends falsy bodies that are present, but no body for null', async () => {
    const fake = fakeContext();
    await docker(fake, { path: '/a', method: 'POST', body: false });
    await docker(fake, { path: '/b', method: 'POST', body: null });
    expect(fake.sent[0]?.body?.toString()).toBe('false');
    expect(fake.sent[1]?.body).toBeUndefined();
    expect(fake.sent[1]?.headers['content-type']).toBeUndefined();
  });

  it('passes caller headers under lower-case names and lets them replace accept', async () => {
    const fake = fakeContext();
    await docker(fake, { path: '/containers/abc/logs', headers: { Accept: 'text/plain', 'X-Registry-Auth': 'e30=' } });
    expect(fake.sent[0]?.headers).toEqual({ accept: 'text/plain', 'x-registry-auth': 'e30=', 'x-api-key': API_KEY });
  });

  it.each(['Authorization', 'x-api-key', 'X-API-KEY', 'Cookie', 'Host', 'Content-Length', 'Proxy-Authorization'])(
    'refuses the caller header %s and sends nothing',
    async (name) => {
      const fake = fakeContext();
      const result = await docker(fake, { path: '/containers/json', headers: { [name]: 'x' } });
      expect(result).toEqual({
        content: [
          {
            type: 'text',
            text: `Invalid arguments for docker_proxy: header '${name}' may not be set through a proxy tool (allowed: accept, content-type, if-match, if-none-match, x-registry-auth, x-registry-config). Nothing was sent upstream.`,
          },
        ],
        isError: true,
      });
      expect(fake.sent).toEqual([]);
    },
  );

  it.each([
    ['containers/json', START],
    ['/../../users', 'path must not contain "." or ".." segments'],
    ['/containers/json?all=1', 'path must not contain "?" or "#"; pass query parameters separately'],
    ['//evil.example.com/x', START],
    ['/%2e%2e/%2e%2e/users', 'path must not contain "." or ".." segments'],
    ['/x%252f..%252f..%252fusers', 'path must not contain encoded slashes or backslashes'],
  ])('refuses the path %j and sends nothing', async (path, problem) => {
    const fake = fakeContext();
    const result = await docker(fake, { path });
    expect(result).toEqual({
      content: [{ type: 'text', text: `Invalid arguments for docker_proxy: ${problem}. Nothing was sent upstream.` }],
      isError: true,
    });
    expect(fake.sent).toEqual([]);
  });

  it('keeps percent-encoded characters of the path as they are', async () => {
    const fake = fakeContext();
    await docker(fake, { path: '/images/nginx%3Alatest/json' });
    expect(fake.sent[0]?.url.pathname).toBe('/api/endpoints/3/docker/images/nginx%3Alatest/json');
  });

  it('refuses the path before looking at headers', async () => {
    const fake = fakeContext();
    const result = await docker(fake, { path: 'x', headers: { Authorization: 'y' } });
    expect(result.content[0]?.text).toBe(`Invalid arguments for docker_proxy: ${START}. Nothing was sent upstream.`);
  });

  // Formerly a bug: the guessed content type replaced the caller's. Kubernetes PATCH needs
  // application/merge-patch+json (or json-patch+json, strategic-merge-patch+json) and answers 415 to application/json.
  it('keeps a content type the caller set explicitly', async () => {
    const fake = fakeContext();
    await callProxy({
      tool: kubernetesProxy,
      args: {
        environment_id: 1,
        path: '/apis/apps/v1/namespaces/default/deployments/web',
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: { spec: { replicas: 2 } },
      },
      context: fake.context,
    });
    expect(fake.sent[0]?.headers['content-type']).toBe('application/merge-patch+json');
  });

  it('still guesses the content type when the caller sets none', async () => {
    const fake = fakeContext();
    await callProxy({
      tool: kubernetesProxy,
      args: {
        environment_id: 1,
        path: '/api/v1/namespaces',
        method: 'POST',
        headers: { Accept: 'application/yaml' },
        body: { metadata: { name: 'x' } },
      },
      context: fake.context,
    });
    expect(fake.sent[0]?.headers).toEqual({
      accept: 'application/yaml',
      'content-type': 'application/json',
      'x-api-key': API_KEY,
    });
  });

  it('asks the auth for the headers of the method it sends', async () => {
    const { auth, methods } = staticAuth({ authorization: 'PVEAPIToken=a@pam!b=c' }, [
      'authorization',
      'cookie',
      'csrfpreventiontoken',
    ]);
    const fake = fakeContext({ auth });
    await docker(fake, { path: '/a', method: 'PUT', body: {} });
    await docker(fake, { path: '/b' });
    expect(methods).toEqual(['PUT', 'GET']);
    expect(fake.sent[0]?.headers.authorization).toBe('PVEAPIToken=a@pam!b=c');
    expect(fake.sent[0]?.headers['x-api-key']).toBeUndefined();
  });

  it.each(['Authorization', 'Cookie', 'CSRFPreventionToken', 'X-Custom-Credential'])(
    'refuses the credential header %s of another auth and sends nothing',
    async (name) => {
      const { auth } = staticAuth({ authorization: 'x' }, [
        'authorization',
        'cookie',
        'csrfpreventiontoken',
        'x-custom-credential',
      ]);
      const fake = fakeContext({ auth });
      const result = await docker(fake, { path: '/a', headers: { [name]: 'forged' } });
      expect(result.content[0]?.text).toBe(
        `Invalid arguments for docker_proxy: header '${name}' may not be set through a proxy tool (allowed: accept, content-type, if-match, if-none-match, x-registry-auth, x-registry-config). Nothing was sent upstream.`,
      );
      expect(fake.sent).toEqual([]);
    },
  );

  it('does not double the slash when the base URL is a bare origin', async () => {
    const fake = fakeContext({ baseUrl: 'https://portainer.example.com:9443' });
    await docker(fake, { path: '/containers/json' });
    expect(fake.sent[0]?.url.href).toBe('https://portainer.example.com:9443/endpoints/3/docker/containers/json');
  });
});
