/**
 * Issue 10: every call does exactly what it says. Each case runs against a logging fake
 * upstream on 127.0.0.1 and asserts what was, and was not, sent.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ToolSpec } from '../src/catalog/types.js';
import { createRegistry } from '../src/server/registry.js';
import { searchOperations } from '../src/server/search.js';
import { fitJson } from '../src/shaping/truncate.js';
import type { CallContext } from '../src/tools/context.js';
import { dispatchCall } from '../src/tools/dispatch.js';
import { rawApiTool } from '../src/tools/raw-api.js';
import { MAX_ERROR_CHARS, type ToolResult } from '../src/tools/result.js';
import {
  dockerProxy,
  endpointDelete,
  endpointInspect,
  endpointList,
  fakeContext,
  kubernetesProxy,
  pveContext,
  pveTaskStop,
  pveTools,
  pveVmDelete,
  pveVmStart,
  registered,
  tools,
  upid,
} from './fixtures.js';
import { type Answer, liveContext, type LoggedRequest, startLoggingUpstream } from './support/logging-upstream.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function upstream(answer?: (request: LoggedRequest) => Answer) {
  const started = await startLoggingUpstream(answer);
  closers.push(started.close);
  return started;
}

function call(context: CallContext, spec: ToolSpec, args: unknown) {
  return dispatchCall({
    tool: registered(spec),
    enabled: true,
    name: spec.name,
    args,
    context,
    operations: pveTools,
  }) as Promise<ToolResult>;
}

const text = (result: { content: { text: string }[] }) => result.content.map((block) => block.text).join('\n');

describe('item 1: select is checked before anything is sent', () => {
  it.each([
    ['delete_qemu', pveVmDelete, { node: 'pve1', vmid: 101, confirm: true, select: '[[[' }],
    ['start_qemu', pveVmStart, { node: 'pve1', vmid: 101, select: 'foo[?' }],
  ] as const)('%s with a bad select sends nothing', async (_name, spec, args) => {
    const fake = await upstream(() => ({ body: { data: upid() } }));
    const result = await call(liveContext({ context: pveContext().context, upstreamUrl: fake.url }), spec, args);
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/Invalid select expression .* Nothing was sent upstream\.$/);
    expect(fake.log).toEqual([]);
  });

  it.each([
    ['endpoint_delete', endpointDelete, { id: 2, select: 'Name |' }],
    ['a proxy POST', dockerProxy, { environment_id: 1, method: 'POST', path: '/containers/web/stop', select: 'x[' }],
    ['a proxy DELETE', dockerProxy, { environment_id: 1, method: 'DELETE', path: '/containers/web', select: '&&' }],
  ] as const)('%s with a bad select sends nothing', async (_name, spec, args) => {
    const fake = await upstream();
    const result = await call(liveContext({ context: fakeContext().context, upstreamUrl: fake.url }), spec, args);
    expect(text(result)).toMatch(/^Invalid arguments for \w+: Invalid select expression/);
    expect(fake.log).toEqual([]);
  });

  it('reports a started task (its UPID) when select then fails on the answer: a note, not an error', async () => {
    const id = upid('pve1', 'qmstart', '101');
    const fake = await upstream(() => ({ body: { data: id } }));
    const result = await call(liveContext({ context: pveContext().context, upstreamUrl: fake.url }), pveVmStart, {
      node: 'pve1',
      vmid: 101,
      select: 'abs(@)',
    });
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({ result: id });
    expect(text(result)).toContain(id);
    expect(result.content[1]?.text).toMatch(
      /^Note: the request was carried out, but Invalid select expression "abs\(@\)"/,
    );
    expect(fake.log.map((request) => `${request.method} ${request.target}`)).toEqual([
      'POST /api2/json/nodes/pve1/qemu/101/status/start',
    ]);
  });
});

describe('item 2: select evaluation is bounded', () => {
  it('answers pad_left to 400,000,000 characters with a clear error, without building it', async () => {
    const fake = await upstream(() => ({ body: [{ Id: 1 }] }));
    const context = liveContext({ context: fakeContext().context, upstreamUrl: fake.url });
    const before = process.memoryUsage().rss;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => call(context, endpointList, { select: "pad_left('a', `400000000`, 'x')" })),
    );
    for (const result of results) {
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(
        /^select "pad_left\('a', `400000000`, 'x'\)" was stopped: a string of 400,000,000 characters would be built/,
      );
    }
    // Six 400-million-character strings would be gigabytes; nothing of the kind was allocated.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    // The server still answers other callers.
    const other = await call(context, endpointInspect, { id: 1, select: 'Id' });
    expect(other.isError).toBeUndefined();
    expect(fake.log.map((request) => `${request.method} ${request.target}`)).toEqual([
      ...Array.from({ length: 6 }, () => 'GET /api/endpoints'),
      'GET /api/endpoints/1',
    ]);
  });

  it.each([
    [
      'sharing that doubles at every step',
      `@${'.[@,@]'.repeat(40)}`,
      /(a value of more than 32,000,000 characters would be built|it ran longer than 1 s)/,
    ],
    [
      'flattening that doubles at every step',
      `@${'.[@,@][]'.repeat(40)}`,
      /(a list of more than 4,000,000 items would be built|it ran longer than 1 s|steps)/,
    ],
    ['to_string of a doubled value', `@${'.[@,@]'.repeat(30)} | to_string(@)`, /characters would be built/],
    ['join with a huge separator', "join(pad_left('a', `3000000`, 'x'), ['a','b','c'])", /characters would be built/],
  ])('stops %s', async (_what, select, problem) => {
    const fake = await upstream(() => ({ body: [1] }));
    const result = await call(liveContext({ context: fakeContext().context, upstreamUrl: fake.url }), endpointList, {
      select,
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(problem);
  });

  it('reads own fields only: `constructor` is null, not a function', async () => {
    const fake = await upstream(() => ({ body: { Id: 1 } }));
    const result = await call(liveContext({ context: fakeContext().context, upstreamUrl: fake.url }), endpointInspect, {
      id: 1,
      select: '[constructor, toString, Id]',
    });
    expect(text(result)).toBe('[null,null,1]');
  });
});

describe('item 3: truncation is linear in the size of the answer', () => {
  /** 5 MB nested 800 levels: re-serialising every subtree (the quadratic cut) writes about 800 x 5 MB. */
  function deepAnswer(): unknown {
    let value: unknown = { payload: 'x'.repeat(5_000_000) };
    for (let depth = 0; depth < 800; depth++) value = { level: depth, child: value, sibling: 'y'.repeat(10) };
    return value;
  }

  /**
   * Work, not time (speed is the bench's job): the characters JSON.stringify writes while the answer is cut.
   * The quadratic cut re-serialised every subtree, about 800 x 5 MB; a linear one writes the answer a few
   * times over at most, whatever the machine's load.
   */
  async function serializedDuring<T>(work: () => T | Promise<T>): Promise<{ result: T; chars: number }> {
    const original = JSON.stringify;
    let chars = 0;
    const spy = vi.spyOn(JSON, 'stringify').mockImplementation(((...args: Parameters<typeof JSON.stringify>) => {
      const text = original(...args);
      chars += text?.length ?? 0;
      return text;
    }) as typeof JSON.stringify);
    try {
      return { result: await work(), chars };
    } finally {
      spy.mockRestore();
    }
  }
  // The linear cut writes about 6x (sizes, then the kept part); the quadratic one about 800x.
  const LINEAR_FACTOR = 10;

  it('cuts a 5 MB answer nested 800 levels deep writing a few times its size, not once per level', async () => {
    const value = deepAnswer();
    const size = JSON.stringify(value).length;
    const { result: fitted, chars } = await serializedDuring(() => fitJson({ value, maxChars: 80_000 }));
    expect(fitted.truncated).toBe(true);
    expect(fitted.text.length).toBeLessThanOrEqual(80_000);
    expect(() => JSON.parse(fitted.text)).not.toThrow();
    expect(chars).toBeLessThan(LINEAR_FACTOR * size);
  });

  it('answers such an upstream answer through a call, writing a few times its size, one GET sent', async () => {
    const body = JSON.stringify(deepAnswer());
    const fake = await upstream(() => ({ body }));
    const context = liveContext({ context: fakeContext().context, upstreamUrl: fake.url });
    const { result, chars } = await serializedDuring(() => call(context, endpointInspect, { id: 1 }));
    expect(result.isError).toBeUndefined();
    expect(text(result).length).toBeLessThanOrEqual(80_000);
    expect(JSON.parse(text(result))).toMatchObject({ truncated: true });
    expect(fake.log.map((request) => `${request.method} ${request.target}`)).toEqual(['GET /api/endpoints/1']);
    expect(chars).toBeLessThan(LINEAR_FACTOR * body.length);
  });
});

describe('item 4: 1xx, upgrades and redirects', () => {
  it('answers a 101 Switching Protocols as an error at once instead of hanging', async () => {
    const fake = await upstream(() => ({
      raw: 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
    }));
    const result = await call(
      liveContext({ context: fakeContext().context, upstreamUrl: fake.url, timeoutMs: 60_000 }),
      endpointInspect,
      { id: 1 },
    );
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(
      /^Upstream unreachable for GET \/api\/endpoints\/1: the upstream answered HTTP 101 Switching Protocols \(a protocol upgrade\)/,
    );
    expect(fake.log.map((request) => `${request.method} ${request.target}`)).toEqual(['GET /api/endpoints/1']);
  });

  it('gives up on an upstream that sends only an interim 1xx by the timeout', async () => {
    const fake = await upstream(() => ({ raw: 'HTTP/1.1 102 Processing\r\n\r\n' }));
    const result = await call(
      liveContext({ context: fakeContext().context, upstreamUrl: fake.url, timeoutMs: 300 }),
      endpointInspect,
      { id: 1 },
    );
    expect(text(result)).toBe(
      'Upstream unreachable for GET /api/endpoints/1: no complete answer within 0.3 s (timeout)',
    );
  });

  it('treats a 307 as an error, names where it points (userinfo masked) and says a write was sent', async () => {
    const fake = await upstream(() => ({
      status: 307,
      headers: { location: 'http://admin:hunter2@elsewhere.example/api' },
    }));
    const result = await call(liveContext({ context: fakeContext().context, upstreamUrl: fake.url }), endpointDelete, {
      id: 2,
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(
      'HTTP 307 Temporary Redirect from DELETE /api/endpoints/2: a redirect to http://admin:[redacted]@elsewhere.example/api, which is not followed. Check the upstream URL setting (scheme, host, base path). The request was sent; check whether it took effect before trying again.',
    );
    expect(fake.log).toHaveLength(1);
  });

  it('caps the size of an error result', async () => {
    const fake = await upstream();
    const result = await call(liveContext({ context: fakeContext().context, upstreamUrl: fake.url }), endpointList, {
      groupIds: Array.from({ length: 100_000 }, () => 'x'),
    });
    expect(result.isError).toBe(true);
    expect(text(result).length).toBeLessThan(MAX_ERROR_CHARS + 100);
    expect(fake.log).toEqual([]);
  });
});

describe('item 5: proxy tools forward only allowed caller headers', () => {
  it.each([
    {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version': '13',
    },
    { 'Transfer-Encoding': 'chunked' },
    { Expect: '100-continue' },
    { 'X-HTTP-Method-Override': 'DELETE' },
    { Connection: 'close, X-Forwarded-For' },
  ])('refuses %j on a read-only server and sends nothing', async (headers) => {
    const fake = await upstream();
    const context = liveContext({ context: fakeContext({ readOnly: true }).context, upstreamUrl: fake.url });
    const result = await call(context, kubernetesProxy, {
      environment_id: 1,
      path: '/api/v1/namespaces/default/pods/web-0/exec',
      headers,
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(
      /^Invalid arguments for kubernetes_proxy: header '[\w-]+' may not be set through a proxy tool \(allowed: accept, content-type, if-match, if-none-match\)\. Nothing was sent upstream\.$/,
    );
    expect(fake.log).toEqual([]);
  });

  it('forwards content negotiation and the proxy own extra headers, nothing else', async () => {
    const fake = await upstream(() => ({ body: [] }));
    const context = liveContext({ context: fakeContext().context, upstreamUrl: fake.url });
    await call(context, dockerProxy, {
      environment_id: 1,
      method: 'POST',
      path: '/images/create',
      headers: { Accept: 'application/json', 'X-Registry-Auth': 'e30=' },
    });
    expect(fake.log).toHaveLength(1);
    const sent = fake.log[0]!.headers;
    expect(sent.accept).toBe('application/json');
    expect(sent['x-registry-auth']).toBe('e30=');
    expect(Object.keys(sent).sort()).toEqual(
      ['accept', 'connection', 'content-length', 'host', 'x-api-key', 'x-registry-auth'].sort(),
    );
  });
});

describe('item 6: the raw API tool matches the decoded path', () => {
  const rawTool = rawApiTool({ name: 'api_request', description: 'Call any Proxmox VE API path.' });

  it.each([
    '/nodes/pve1/qemu/100/status/%73top',
    '/nodes/pve1/qemu/100/status/st%6Fp',
    '/nodes/pve1/qemu/%31%30%30/status/stop',
  ])('asks for confirmation of POST %s (it is status/stop) and sends nothing', async (path) => {
    const fake = await upstream(() => ({ body: { data: upid() } }));
    const result = await call(
      liveContext({ context: pveContext({ tier: 'full' }).context, upstreamUrl: fake.url }),
      rawTool,
      { method: 'POST', path },
    );
    expect(text(result)).toMatch(
      /^Refused: api_request is destructive\. Ask the user, then call again with confirm: true\. Nothing was sent upstream\.$/,
    );
    expect(fake.log).toEqual([]);
  });
});

describe('item 7: a path parameter cannot carry "/"', () => {
  it.each([
    [{ node: 'pve/qemu/100/snapshot', upid: '/' }],
    [{ node: 'pve1', upid: '..%2F..%2Fqemu' }],
    [{ node: 'pve1', upid: 'a\\b' }],
  ])('refuses stop_task %j on the read-execute tier and sends nothing', async (args) => {
    const fake = await upstream();
    const result = await call(
      liveContext({ context: pveContext({ tier: 'read-execute' }).context, upstreamUrl: fake.url }),
      pveTaskStop,
      args,
    );
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(
      /^Invalid arguments for stop_task: path parameter '(node|upid)' may not contain "\/" or "\\" \(or their percent-encodings\): it is one path segment\. Nothing was sent upstream\.$/,
    );
    expect(fake.log).toEqual([]);
  });
});

describe('item 13: no prototype lookups', () => {
  it('searches for "constructor", "__proto__" and "toString" like any other word', () => {
    const registry = createRegistry({ all: tools, enabled: tools });
    for (const query of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const result = searchOperations({ registry, context: fakeContext().context, request: { query, limit: 5 } });
      expect(result.isError).toBeUndefined();
    }
  });

  it('shows a `__proto__` key of the upstream answer, and select reads the same field', async () => {
    const fake = await upstream(() => ({ body: '{"Id":1,"__proto__":{"Name":"hidden"}}' }));
    const context = liveContext({ context: fakeContext().context, upstreamUrl: fake.url });
    const whole = await call(context, endpointInspect, { id: 1 });
    expect(JSON.parse(text(whole))).toEqual(JSON.parse('{"Id":1,"__proto__":{"Name":"hidden"}}'));
    expect(text(await call(context, endpointInspect, { id: 1, select: 'Name' }))).toBe('null');
    expect(text(await call(context, endpointInspect, { id: 1, select: '"__proto__".Name' }))).toBe('"hidden"');
  });
});

describe('item 15: a 401 from the HTTP front carries WWW-Authenticate', () => {
  const GATE = 'g'.repeat(40);

  async function front() {
    const { prepare } = await import('../src/server/prepare.js');
    const { serveHttp } = await import('../src/serve-http/server.js');
    const { target, portainerEnv } = await import('./fixtures.js');
    const http = {
      envPrefix: 'PORTAINER_MCP_',
      transportEnv: 'PORTAINER_MCP_TRANSPORT',
      defaultPort: 17717,
      userCredentialHeader: 'X-Portainer-API-Key',
      credentialCheckPath: '/users/me',
    };
    const withHttp = { ...target, http };
    const prepared = prepare({
      definition: { target: withHttp, tools },
      env: portainerEnv({ PORTAINER_MCP_LOG_LEVEL: 'error' }),
      transport: 'http',
    });
    const running = await serveHttp({
      prepared,
      target: withHttp,
      http: {
        host: '127.0.0.1',
        port: 0,
        gateToken: GATE,
        allowedHosts: ['127.0.0.1:*'],
        allowedOrigins: [],
        trustedProxies: [],
        plaintextAcknowledged: false,
        allowServerCredential: false,
        credentialCacheMs: 0,
        logFormat: 'text',
      },
    });
    closers.push(running.close);
    return running.url;
  }

  const post = (url: string, headers: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
    });

  it('challenges a request without a token, with a wrong token, and without an upstream credential', async () => {
    const url = await front();
    const none = await post(url, {});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="mcp-portainer"');
    const wrong = await post(url, { authorization: 'Bearer wrong-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe(
      'Bearer realm="mcp-portainer", error="invalid_token", error_description="missing or wrong bearer token"',
    );
    const noCredential = await post(url, { authorization: `Bearer ${GATE}` });
    expect(noCredential.status).toBe(401);
    expect(noCredential.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="mcp-portainer", error="invalid_request", error_description="send your upstream credential in the x-portainer-api-key header"$/,
    );
  });
});

describe('item 10: one redactor for every path; the server knows its own secrets', () => {
  const TICKET = 'PVE:root@pam:6750A1B2::c2lnbmF0dXJlLW9mLXRoZS10aWNrZXQtdGhhdC1pcy1sb25n';
  const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
  const JWT_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl';
  const PLANTED = [
    'hunter2-db-pass',
    'pwd-0123456789',
    's3ss10n-value-9',
    'auth-value-12345',
    'enc-key-987654321',
    'stackpass-42424242',
    'url-pass-5555',
    TICKET,
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    JWT_TOKEN,
    'bearer-0123456789abc',
  ];

  /** Every text the client receives, content and structured, as one string: the secrets must appear nowhere in it. */
  const everything = (result: unknown) => JSON.stringify(result);

  it('scrubs the server API key echoed in a JSON error message, a text body and an answer field', async () => {
    const { API_KEY } = await import('./fixtures.js');
    const answers: Answer[] = [
      { status: 400, body: { message: `invalid key ${API_KEY} for this request` } },
      { status: 502, body: `proxy said: X-API-Key=${API_KEY}`, headers: { 'content-type': 'text/plain' } },
      { body: { Name: 'env', Note: `key is ${API_KEY}` } },
    ];
    let index = 0;
    const fake = await upstream(() => answers[index++]!);
    const context = liveContext({ context: fakeContext().context, upstreamUrl: fake.url });
    for (let i = 0; i < answers.length; i++) {
      const result = await call({ ...context, secrets: [API_KEY] }, endpointInspect, { id: i });
      expect(everything(result)).not.toContain(API_KEY);
      expect(everything(result)).toContain('[redacted]');
    }
    expect(fake.log.every((request) => request.headers['x-api-key'] === API_KEY)).toBe(true);
  });

  it('a server prepared from its environment (no secrets injected by the test) scrubs its own key echoed by the upstream', async () => {
    const { API_KEY, portainerEnv, target } = await import('./fixtures.js');
    const { prepare } = await import('../src/server/prepare.js');
    const fake = await upstream((request) => ({
      status: 401,
      body: { message: `key ${String(request.headers['x-api-key'])} is not valid here` },
    }));
    const { registry, context } = prepare({
      definition: { target, tools },
      env: portainerEnv({ PORTAINER_URL: fake.url, PORTAINER_MCP_LOG_LEVEL: 'error' }),
    });
    const result = await dispatchCall({
      tool: registry.known.get('endpoint_inspect'),
      enabled: true,
      name: 'endpoint_inspect',
      args: { id: 7 },
      context,
    });
    expect(result.isError).toBe(true);
    expect(everything(result)).not.toContain(API_KEY);
    expect(everything(result)).toContain('key [redacted] is not valid here');
    expect(fake.log.map((request) => [`${request.method} ${request.target}`, request.headers['x-api-key']])).toEqual([
      ['GET /api/endpoints/7', API_KEY],
    ]);
  });

  it('scrubs a ticket the call itself sent (cookie), and secrets by key and by shape, in JSON and text bodies', async () => {
    const { staticAuth } = await import('./fixtures.js');
    const auth = staticAuth(
      { cookie: `PVEAuthCookie=${TICKET}`, csrfpreventiontoken: '6750A1B2:Y3NyZi10b2tlbi12YWx1ZQ' },
      ['authorization', 'cookie', 'csrfpreventiontoken'],
    ).auth;
    const body = {
      data: {
        StackFileContent:
          'services:\n  db:\n    environment:\n      - DB_PASS=hunter2-db-pass\n      POSTGRES_PASSWORD: stackpass-42424242\n',
        pwd: 'pwd-0123456789',
        DB_PASS: 'hunter2-db-pass',
        session: 's3ss10n-value-9',
        auth: 'auth-value-12345',
        'encryption-key': 'enc-key-987654321',
        repo: 'https://deploy:url-pass-5555@git.example.com/app.git',
        header: `Authorization: Bearer bearer-0123456789abc`,
        jwt: JWT_TOKEN,
        key: PEM,
        echo: `cookie was PVEAuthCookie=${TICKET}`,
      },
    };
    const fake = await upstream(() => ({ body }));
    const context = liveContext({ context: pveContext({ auth }).context, upstreamUrl: fake.url });
    const { pveVmConfig } = await import('./fixtures.js');
    const result = await call(context, pveVmConfig, { node: 'pve1', vmid: 100 });
    for (const secret of PLANTED) expect(everything(result)).not.toContain(secret);
    // Names stay: the model learns that a field exists, not its value.
    expect(everything(result)).toContain('DB_PASS=[redacted]');
    expect(everything(result)).toContain('https://deploy:[redacted]@git.example.com/app.git');
  });

  it('scrubs a non-JSON error body and the log tail of a failed task', async () => {
    const id = upid('pve1', 'qmstart', '100');
    const fake = await upstream((request) => {
      if (request.target.includes('/status/start')) return { body: { data: id } };
      if (request.target.includes('/tasks/') && request.target.includes('/status'))
        return { body: { data: { status: 'stopped', exitstatus: 'command failed' } } };
      if (request.target.includes('/log'))
        return {
          body: {
            data: [
              { n: 1, t: 'starting' },
              { n: 2, t: 'mount --password hunter2-db-pass /mnt' },
              { n: 3, t: 'password=pwd-0123456789' },
              { n: 4, t: PEM },
            ],
            total: 4,
          },
        };
      return {
        status: 500,
        body: '{"password":"stackpass-42424242", "trunc',
        headers: { 'content-type': 'text/plain' },
      };
    });
    const context = liveContext({ context: pveContext().context, upstreamUrl: fake.url });
    const failedTask = await call(context, pveVmStart, { node: 'pve1', vmid: 100, wait: 5 });
    expect(failedTask.isError).toBe(true);
    expect(text(failedTask)).toContain('Task UPID:pve1');
    const { pveNodesList } = await import('./fixtures.js');
    const textError = await call(context, pveNodesList, {});
    for (const secret of PLANTED) {
      expect(everything(failedTask)).not.toContain(secret);
      expect(everything(textError)).not.toContain(secret);
    }
  });

  it('scrubs describe output too', async () => {
    const { callDiscoveryTool } = await import('../src/server/discovery.js');
    const leaky = {
      ...endpointInspect,
      description: `Inspect. Example header: Authorization: Bearer bearer-0123456789abc, token ${JWT_TOKEN}`,
    };
    const registry = createRegistry({ all: [leaky], enabled: [leaky] });
    const result = await callDiscoveryTool({
      name: 'describe_operation',
      args: { name: 'endpoint_inspect' },
      registry,
      context: fakeContext().context,
    });
    expect(everything(result)).not.toContain('bearer-0123456789abc');
    expect(everything(result)).not.toContain(JWT_TOKEN);
  });
});

describe('item 11: configuration errors mask URL userinfo', () => {
  it('never prints the password of PVE_BASE_URL-like variables', async () => {
    const { loadConfig } = await import('../src/config/load.js');
    const { pveTarget, pveEnv } = await import('./fixtures.js');
    for (const url of [
      'https://root:Sup3rSecret@pve example.com:8006',
      'https://root:Sup3rSecret@pve.example.com:8006 x',
    ]) {
      const env = pveEnv({ PVE_URL: url, PVE_BASE_URL: url });
      let message = '';
      try {
        loadConfig({ target: { ...pveTarget, env: { ...pveTarget.env, url: 'PVE_BASE_URL' } }, env });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^PVE_BASE_URL: /);
      expect(message).not.toContain('Sup3rSecret');
      expect(message).toContain('root:[redacted]@');
    }
  });
});

describe('item 12: text log lines cannot be forged', () => {
  it('escapes a newline in a tool name (and in call_operation names) in text logs', async () => {
    const { createLogger } = await import('../src/log.js');
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(chunk), true)) as typeof process.stderr.write;
    try {
      const log = createLogger({ level: 'info', name: 'mcp-test' });
      log.audit({
        user: 'u',
        tool: 'call_operation:x\n[mcp-test] info: tool call audit=true user=admin tool=endpoint_delete outcome=ok durationMs=1',
        outcome: 'refused',
        durationMs: 1,
      });
      log.info('a\r\nb\u0007');
    } finally {
      process.stderr.write = original;
    }
    expect(written).toHaveLength(2);
    for (const line of written) expect(line.slice(0, -1)).not.toMatch(/[\n\r\u0007]/);
    expect(written[0]).toContain('tool=call_operation:x\\n[mcp-test] info');
    expect(written[1]).toBe('[mcp-test] info: a\\r\\nb\\u0007\n');
  });
});

describe('item 14: HTTP start-up problems are one line naming the variable', () => {
  it('names the port variable when the port is in use', async () => {
    const { serveHttp } = await import('../src/serve-http/server.js');
    const { prepare } = await import('../src/server/prepare.js');
    const { target, portainerEnv } = await import('./fixtures.js');
    const busy = await upstream();
    const port = Number(new URL(busy.url).port);
    const http = {
      envPrefix: 'PORTAINER_MCP_',
      transportEnv: 'PORTAINER_MCP_TRANSPORT',
      defaultPort: 17717,
      userCredentialHeader: 'X-Portainer-API-Key',
      credentialCheckPath: '/users/me',
    };
    const prepared = prepare({
      definition: { target: { ...target, http }, tools },
      env: portainerEnv(),
      transport: 'http',
    });
    const config = {
      host: '127.0.0.1',
      port,
      gateToken: 'g'.repeat(40),
      allowedHosts: [],
      allowedOrigins: [],
      trustedProxies: [],
      plaintextAcknowledged: false,
      allowServerCredential: false,
      credentialCacheMs: 0,
      logFormat: 'text' as const,
      addressVariables: { host: 'PORTAINER_MCP_HTTP_HOST', port: 'PORTAINER_MCP_HTTP_PORT' },
    };
    await expect(serveHttp({ prepared, target: { ...target, http }, http: config })).rejects.toThrow(
      `PORTAINER_MCP_HTTP_PORT: port ${port} on 127.0.0.1 is already in use`,
    );
  });

  it('names the key variable for a key that does not match the certificate, and for an encrypted key', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { readHttpConfig } = await import('../src/serve-http/config.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'mcp-tls-'));
    const file = (name: string) => path.join(dir, name);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        file('a.key'),
        '-out',
        file('a.crt'),
        '-days',
        '1',
        '-subj',
        '/CN=a',
      ],
      { stdio: 'ignore' },
    );
    execFileSync(
      'openssl',
      ['genpkey', '-algorithm', 'RSA', '-out', file('b.key'), '-pkeyopt', 'rsa_keygen_bits:2048'],
      { stdio: 'ignore' },
    );
    execFileSync(
      'openssl',
      ['pkey', '-in', file('a.key'), '-out', file('enc.key'), '-aes256', '-passout', 'pass:secret1234'],
      { stdio: 'ignore' },
    );
    writeFileSync(file('x'), '');
    const spec = {
      envPrefix: 'P_',
      transportEnv: 'P_TRANSPORT',
      defaultPort: 17717,
      userCredentialHeader: 'X-Key',
      credentialCheckPath: '/',
    };
    const read = (key: string) => () =>
      readHttpConfig({ spec, env: { P_AUTH_TOKEN: 'g'.repeat(40), P_TLS_CERT: file('a.crt'), P_TLS_KEY: file(key) } });
    expect(read('a.key')()).toMatchObject({ tls: { selfSigned: true } });
    expect(read('b.key')).toThrow(/^P_TLS_KEY: does not match the certificate in P_TLS_CERT$/);
    expect(read('enc.key')).toThrow(
      /^P_TLS_KEY: is an encrypted \(passphrase-protected\) private key; give an unencrypted key file$/,
    );
  });
});
