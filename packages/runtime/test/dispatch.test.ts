import { describe, expect, it } from 'vitest';
import type { OperationTool, ToolSpec } from '../src/catalog/types.js';
import { UpstreamUnreachableError } from '../src/http/types.js';
import type { CallHooks } from '../src/tools/context.js';
import type { ConfirmAnswer } from '../src/safety/confirm.js';
import type { ToolResult } from '../src/tools/result.js';
import { callSafety, dispatchCall } from '../src/tools/dispatch.js';
import { rawApiTool } from '../src/tools/raw-api.js';
import {
  API_KEY,
  DISABLED_HINT,
  dockerProxy,
  edgeConfigUpdate,
  endpointDelete,
  endpointInspect,
  endpointList,
  fakeContext,
  registered,
  settingsInspect,
  stackCreateString,
  userCreate,
  upstreamResponse,
  pveContext,
  pveResponse,
  pveTaskStop,
  pveTools,
  pveVmConfig,
  pveVmCreate,
  pveVmDelete,
  pveVmStart,
  pveVmStop,
  upid,
} from './fixtures.js';

const rawTool = rawApiTool({ name: 'api_request', description: 'Call any Proxmox VE API path.' });

/** A client that can be asked: it records the questions, and this request carries `answer` (undefined: the first round). */
function elicitor(answer: ConfirmAnswer | undefined) {
  const asked: string[] = [];
  const hooks: CallHooks = {
    asker: {
      answer: () => answer,
      ask: ({ message }) => {
        asked.push(message);
        return { resultType: 'input_required', message };
      },
    },
  };
  return { hooks, asked };
}

type Fake = ReturnType<typeof fakeContext>;

function call(
  fake: { context: Fake['context'] },
  spec: ToolSpec | undefined,
  args: unknown,
  options: { enabled?: boolean; name?: string; hooks?: CallHooks; operations?: readonly OperationTool[] } = {},
) {
  return dispatchCall({
    tool: spec ? registered(spec) : undefined,
    enabled: options.enabled ?? true,
    name: options.name ?? spec?.name ?? 'nope',
    args,
    context: fake.context,
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.operations ? { operations: options.operations } : {}),
  }) as Promise<ToolResult>;
}

describe('dispatchCall', () => {
  it('sends one request for a valid call and returns the parsed answer', async () => {
    const fake = fakeContext({ reply: () => upstreamResponse({ body: '{"Id":3,"Name":"local"}' }) });
    const result = await call(fake, endpointInspect, { id: 3 });
    expect(result).toEqual({
      content: [{ type: 'text', text: '{"Id":3,"Name":"local"}' }],
      structuredContent: { Id: 3, Name: 'local' },
    });
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]?.method).toBe('GET');
    expect(fake.sent[0]?.url.href).toBe('https://portainer.example.com:9443/api/endpoints/3');
    expect(fake.sent[0]?.headers).toEqual({ accept: 'application/json', 'x-api-key': API_KEY });
  });

  it('answers an unknown tool without sending anything', async () => {
    const fake = fakeContext();
    const result = await call(fake, undefined, { id: 1 }, { name: 'endpoint_nuke' });
    expect(result).toEqual({
      content: [
        { type: 'text', text: "Unknown tool 'endpoint_nuke'. Call tools/list to see the tools this server offers." },
      ],
      isError: true,
    });
    expect(fake.sent).toEqual([]);
  });

  it('refuses a disabled tool, saying which settings choose the tools', async () => {
    const fake = fakeContext();
    const result = await call(fake, settingsInspect, {}, { enabled: false });
    expect(result).toEqual({
      content: [
        {
          type: 'text',
          text: `Tool 'settings_inspect' is not enabled on this server: ${DISABLED_HINT}. Nothing was sent upstream.`,
        },
      ],
      isError: true,
    });
    expect(fake.sent).toEqual([]);
  });

  it('refuses a disabled tool before validating its arguments', async () => {
    const fake = fakeContext();
    const result = await call(fake, endpointInspect, { wrong: true }, { enabled: false });
    expect(result.content[0]?.text).toMatch(/^Tool 'endpoint_inspect' is not enabled on this server/);
    expect(fake.sent).toEqual([]);
  });

  it('gives the read-only refusal for a disabled write tool on a read-only server', async () => {
    const fake = fakeContext({ readOnly: true });
    const result = await call(fake, userCreate, { Username: 'u', Password: 'p', Role: 1 }, { enabled: false });
    expect(result).toEqual({
      content: [
        {
          type: 'text',
          text: 'Refused: user_create (write) is not allowed with PORTAINER_READ_ONLY=1. Nothing was sent upstream.',
        },
      ],
      isError: true,
    });
    expect(fake.sent).toEqual([]);
  });

  it('gives the disabled hint for a disabled proxy tool on a read-only server', async () => {
    const fake = fakeContext({ readOnly: true });
    const result = await call(
      fake,
      dockerProxy,
      { environment_id: 1, path: '/containers/json', method: 'DELETE' },
      { enabled: false },
    );
    expect(result.content[0]?.text).toBe(
      `Tool 'docker_proxy' is not enabled on this server: ${DISABLED_HINT}. Nothing was sent upstream.`,
    );
    expect(fake.sent).toEqual([]);
  });

  describe('argument validation', () => {
    it.each([
      ['a missing required argument', {}, "data must have required property 'id'"],
      ['a wrong type', { id: 'three' }, 'data/id must be integer'],
      ['an unknown argument', { id: 1, force: true }, 'data must NOT have additional properties'],
    ])('refuses %s before anything is sent', async (_case, args, problem) => {
      const fake = fakeContext();
      const result = await call(fake, endpointInspect, args);
      expect(result).toEqual({
        content: [{ type: 'text', text: `Invalid arguments for endpoint_inspect: ${problem}` }],
        isError: true,
      });
      expect(fake.sent).toEqual([]);
    });

    it('treats absent arguments as {}', async () => {
      const fake = fakeContext({ reply: () => upstreamResponse({ body: '{"AuthenticationMethod":1}' }) });
      const result = await call(fake, settingsInspect, undefined);
      expect(result.isError).toBeUndefined();
      expect(fake.sent[0]?.url.pathname).toBe('/api/settings');
    });

    it('validates before the read-only check', async () => {
      const fake = fakeContext({ readOnly: true });
      const result = await call(fake, endpointDelete, {});
      expect(result.content[0]?.text).toBe(
        "Invalid arguments for endpoint_delete: data must have required property 'id'",
      );
    });
  });

  describe('read-only', () => {
    it('refuses a destructive operation and sends nothing', async () => {
      const fake = fakeContext({ readOnly: true });
      const result = await call(fake, endpointDelete, { id: 3 });
      expect(result).toEqual({
        content: [
          {
            type: 'text',
            text: 'Refused: endpoint_delete (destructive) is not allowed with PORTAINER_READ_ONLY=1. Nothing was sent upstream.',
          },
        ],
        isError: true,
      });
      expect(fake.sent).toEqual([]);
    });

    it('still serves read operations', async () => {
      const fake = fakeContext({ readOnly: true });
      const result = await call(fake, endpointInspect, { id: 3 });
      expect(result.isError).toBeUndefined();
      expect(fake.sent).toHaveLength(1);
    });

    it.each([
      ['POST', 'write'],
      ['PUT', 'write'],
      ['PATCH', 'write'],
      ['DELETE', 'destructive'],
    ])('refuses a proxy call with method %s (%s) and sends nothing', async (method, safety) => {
      const fake = fakeContext({ readOnly: true });
      const result = await call(fake, dockerProxy, { environment_id: 1, path: '/containers/abc/restart', method });
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text).toBe(
        `Refused: docker_proxy with method ${method} (${safety}) is not allowed with PORTAINER_READ_ONLY=1. Nothing was sent upstream.`,
      );
      expect(fake.sent).toEqual([]);
    });

    it('lets a proxy GET and HEAD through, also when the method is left to its default', async () => {
      const fake = fakeContext({ readOnly: true, reply: () => upstreamResponse({ body: '[]' }) });
      await call(fake, dockerProxy, { environment_id: 1, path: '/containers/json', method: 'GET' });
      await call(fake, dockerProxy, { environment_id: 1, path: '/containers/json' });
      const head = await call(fake, dockerProxy, { environment_id: 1, path: '/_ping', method: 'HEAD' });
      expect(head.isError).toBeUndefined();
      expect(fake.sent.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
        'GET /api/endpoints/1/docker/containers/json',
        'GET /api/endpoints/1/docker/containers/json',
        'HEAD /api/endpoints/1/docker/_ping',
      ]);
    });

    it('decides operations by their safety class, not by their method', async () => {
      const fake = fakeContext({ readOnly: true, reply: () => upstreamResponse({ body: '[]' }) });
      const searchByPost = {
        ...endpointInspect,
        name: 'search_by_post',
        method: 'POST' as const,
        safety: 'read' as const,
      };
      const listByGetButWrite = { ...endpointInspect, name: 'sync_by_get', safety: 'write' as const };
      expect((await call(fake, searchByPost, { id: 1 })).isError).toBeUndefined();
      expect((await call(fake, listByGetButWrite, { id: 1 })).content[0]?.text).toBe(
        'Refused: sync_by_get (write) is not allowed with PORTAINER_READ_ONLY=1. Nothing was sent upstream.',
      );
      expect(fake.sent.map((request) => request.method)).toEqual(['POST']);
    });

    it('refuses a lower-case proxy method by validation rather than letting it through', async () => {
      const fake = fakeContext({ readOnly: true });
      const result = await call(fake, dockerProxy, { environment_id: 1, path: '/containers/json', method: 'delete' });
      expect(result.content[0]?.text).toMatch(
        /^Invalid arguments for docker_proxy: data\/method must be equal to one of the allowed values/,
      );
      expect(fake.sent).toEqual([]);
    });
  });

  describe('upstream failures', () => {
    it('turns an HTTP error into an error result quoting the upstream message', async () => {
      const fake = fakeContext({
        reply: () =>
          upstreamResponse({
            status: 500,
            statusText: 'Internal Server Error',
            body: '{"message":"Unable to retrieve environment","details":"database is locked"}',
          }),
      });
      const result = await call(fake, endpointInspect, { id: 3 });
      expect(result).toEqual({
        content: [
          {
            type: 'text',
            text: 'HTTP 500 Internal Server Error from GET /api/endpoints/3: Unable to retrieve environment - database is locked',
          },
        ],
        isError: true,
      });
      expect(fake.sent).toHaveLength(1);
    });

    it('turns an unreachable upstream into an error result', async () => {
      const fake = fakeContext({
        reply: () => {
          throw new UpstreamUnreachableError('connection refused (ECONNREFUSED)', false);
        },
      });
      const result = await call(fake, endpointDelete, { id: 4 });
      expect(result).toEqual({
        content: [
          { type: 'text', text: 'Upstream unreachable for DELETE /api/endpoints/4: connection refused (ECONNREFUSED)' },
        ],
        isError: true,
      });
    });

    it('says that a write may have taken effect when the connection failed after the request went out', async () => {
      const fake = fakeContext({
        reply: () => {
          throw new UpstreamUnreachableError('no complete answer within 1 s (timeout)');
        },
      });
      const result = await call(fake, endpointDelete, { id: 4 });
      expect(result.content[0]?.text).toBe(
        'Upstream unreachable for DELETE /api/endpoints/4: no complete answer within 1 s (timeout). The request may have reached the upstream: check whether it took effect before trying again.',
      );
    });

    it('never throws: an unexpected failure becomes an error result and is logged with its stack', async () => {
      const fake = fakeContext({
        reply: () => {
          throw new TypeError('socket exploded');
        },
      });
      const result = await call(fake, endpointInspect, { id: 3 });
      expect(result).toEqual({
        content: [{ type: 'text', text: 'endpoint_inspect failed: socket exploded.' }],
        isError: true,
      });
      expect(fake.lines).toHaveLength(1);
      expect(fake.lines[0]?.level).toBe('error');
      expect(fake.lines[0]?.message).toMatch(/^tool endpoint_inspect failed: TypeError: socket exploded\n\s+at /);
    });

    it('reports a failure to build the request without sending anything', async () => {
      const fake = fakeContext({ allowLocalFiles: false });
      const result = await call(fake, edgeConfigUpdate, { id: 1, File: { path: '/etc/hostname' } });
      expect(result).toEqual({
        content: [
          {
            type: 'text',
            text: 'edge_config_update failed: file parts may name a local "path" only over stdio; send "content" instead. Nothing was sent upstream.',
          },
        ],
        isError: true,
      });
      expect(fake.sent).toEqual([]);
    });
  });
});

describe('callSafety', () => {
  it('takes the class of an operation from its spec', () => {
    expect(callSafety({ spec: pveTaskStop, args: {}, operations: [] })).toBe('execute');
    expect(callSafety({ spec: pveVmStop, args: {}, operations: [] })).toBe('destructive');
  });

  it('takes the class of a proxy call from its method (HEAD is a read)', () => {
    expect(callSafety({ spec: dockerProxy, args: {}, operations: [] })).toBe('read');
    expect(callSafety({ spec: dockerProxy, args: { method: 'HEAD' }, operations: [] })).toBe('read');
    expect(callSafety({ spec: dockerProxy, args: { method: 'PATCH' }, operations: [] })).toBe('write');
    expect(callSafety({ spec: dockerProxy, args: { method: 'DELETE' }, operations: [] })).toBe('destructive');
  });

  it('takes the class of a raw call from the operation its path matches, else from its method', () => {
    const operations = pveTools;
    expect(
      callSafety({ spec: rawTool, args: { method: 'POST', path: '/nodes/pve1/qemu/100/status/stop' }, operations }),
    ).toBe('destructive');
    expect(
      callSafety({ spec: rawTool, args: { method: 'POST', path: '/nodes/pve1/qemu/100/status/start' }, operations }),
    ).toBe('execute');
    expect(
      callSafety({ spec: rawTool, args: { method: 'DELETE', path: `/nodes/pve1/tasks/${upid()}` }, operations }),
    ).toBe('execute');
    expect(
      callSafety({
        spec: rawTool,
        args: { method: 'POST', path: '/nodes/pve1/qemu/100/status/start' },
        operations: [],
      }),
    ).toBe('write');
    expect(callSafety({ spec: rawTool, args: { method: 'POST', path: '/cluster/backup' }, operations })).toBe('write');
  });
});

describe('dispatchCall with access tiers (PVE)', () => {
  it('refuses an execute tool on the read-only tier without sending anything', async () => {
    const fake = pveContext({ tier: 'read-only' });
    const result = await call(fake, pveVmStart, { node: 'pve1', vmid: 100 });
    expect(result).toEqual({
      content: [
        {
          type: 'text',
          text: 'Refused: start_qemu (execute) is not allowed with PVE_ACCESS_TIER=read-only. Nothing was sent upstream.',
        },
      ],
      isError: true,
    });
    expect(fake.sent).toEqual([]);
  });

  it('serves reads on the read-only tier', async () => {
    const fake = pveContext({ tier: 'read-only', reply: () => pveResponse({ cores: 2, memory: '2048' }) });
    const result = await call(fake, pveVmConfig, { node: 'pve1', vmid: 100, current: true });
    expect(result.structuredContent).toEqual({ cores: 2, memory: '2048' });
    expect(fake.sent.map((request) => request.url.href)).toEqual([
      'https://pve.example.com:8006/api2/json/nodes/pve1/qemu/100/config?current=1',
    ]);
  });

  it('lets execute through on the read-execute tier, also a DELETE whose class is execute, but refuses writes', async () => {
    const fake = pveContext({ tier: 'read-execute', reply: () => pveResponse(upid()) });
    expect((await call(fake, pveVmStart, { node: 'pve1', vmid: 100 })).isError).toBeUndefined();
    expect((await call(fake, pveTaskStop, { node: 'pve1', upid: upid() })).isError).toBeUndefined();
    const refused = await call(fake, pveVmCreate, { node: 'pve1', vmid: 101 });
    expect(refused.content[0]?.text).toBe(
      'Refused: create_qemu (write) is not allowed with PVE_ACCESS_TIER=read-execute. Nothing was sent upstream.',
    );
    expect(fake.sent.map((request) => request.method)).toEqual(['POST', 'DELETE']);
  });

  it('checks the tier before confirmation: a confirmed or elicited destructive call is still refused', async () => {
    const fake = pveContext({ tier: 'read-execute' });
    const { hooks, asked } = elicitor('accept');
    const result = await call(fake, pveVmStop, { node: 'pve1', vmid: 100, confirm: true }, { hooks });
    expect(result.content[0]?.text).toBe(
      'Refused: stop_qemu (destructive) is not allowed with PVE_ACCESS_TIER=read-execute. Nothing was sent upstream.',
    );
    await call(fake, pveVmStop, { node: 'pve1', vmid: 100 }, { hooks });
    expect(asked).toEqual([]);
    expect(fake.sent).toEqual([]);
  });

  it('refuses a raw request by the class of the operation it addresses', async () => {
    const fake = pveContext({ tier: 'read-execute', reply: () => pveResponse(upid()) });
    const started = await call(
      fake,
      rawTool,
      { method: 'POST', path: '/nodes/pve1/qemu/100/status/start' },
      { operations: pveTools },
    );
    expect(started.isError).toBeUndefined();
    const created = await call(
      fake,
      rawTool,
      { method: 'POST', path: '/nodes/pve1/qemu', params: { vmid: 101 } },
      { operations: pveTools },
    );
    expect(created.content[0]?.text).toBe(
      'Refused: api_request POST /nodes/pve1/qemu (write) is not allowed with PVE_ACCESS_TIER=read-execute. Nothing was sent upstream.',
    );
    expect(fake.sent.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      'POST /api2/json/nodes/pve1/qemu/100/status/start',
    ]);
  });

  it('falls back to the method class for a raw request when no operations are given', async () => {
    const fake = pveContext({ tier: 'read-execute' });
    const result = await call(fake, rawTool, { method: 'POST', path: '/nodes/pve1/qemu/100/status/start' });
    expect(result.content[0]?.text).toMatch(
      /^Refused: api_request POST \/nodes\/pve1\/qemu\/100\/status\/start \(write\)/,
    );
    expect(fake.sent).toEqual([]);
  });

  it('answers a hidden tool on a restricted tier with the tier refusal', async () => {
    const fake = pveContext({ tier: 'read-only' });
    const result = await call(fake, pveVmCreate, { node: 'pve1', vmid: 101 }, { enabled: false });
    expect(result.content[0]?.text).toBe(
      'Refused: create_qemu (write) is not allowed with PVE_ACCESS_TIER=read-only. Nothing was sent upstream.',
    );
    const hiddenRead = await call(fake, pveVmConfig, { node: 'pve1', vmid: 1 }, { enabled: false });
    expect(hiddenRead.content[0]?.text).toBe(
      "Tool 'get_qemu_config' is not enabled on this server: it is outside the selected tools (PVE_CATEGORIES). Nothing was sent upstream.",
    );
    expect(fake.sent).toEqual([]);
  });
});

describe('dispatchCall confirmation of destructive calls', () => {
  const stopArgs = { node: 'pve1', vmid: 100 };
  const REFUSED =
    'Refused: stop_qemu is destructive. Ask the user, then call again with confirm: true. Nothing was sent upstream.';

  it('refuses a destructive tool with a confirm argument when it is not confirmed, and sends nothing', async () => {
    const fake = pveContext();
    expect(await call(fake, pveVmStop, stopArgs)).toEqual({
      content: [{ type: 'text', text: REFUSED }],
      isError: true,
    });
    expect(await call(fake, pveVmStop, { ...stopArgs, confirm: false })).toEqual({
      content: [{ type: 'text', text: REFUSED }],
      isError: true,
    });
    expect(fake.sent).toEqual([]);
  });

  it('sends a call confirmed with confirm: true, without the confirm argument', async () => {
    const fake = pveContext({ reply: () => pveResponse(upid('pve1', 'qmstop')) });
    const result = await call(fake, pveVmStop, { ...stopArgs, timeout: 30, confirm: true });
    expect(result).toEqual({
      content: [{ type: 'text', text: JSON.stringify(upid('pve1', 'qmstop')) }],
      structuredContent: { result: upid('pve1', 'qmstop') },
    });
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]?.method).toBe('POST');
    expect(fake.sent[0]?.url.href).toBe('https://pve.example.com:8006/api2/json/nodes/pve1/qemu/100/status/stop');
    expect(JSON.parse(fake.sent[0]!.body!.toString())).toEqual({ timeout: 30 });
  });

  it('keeps confirm out of the query of a confirmed DELETE and sends booleans as 1/0', async () => {
    const fake = pveContext({ reply: () => pveResponse(upid('pve1', 'qmdestroy')) });
    await call(fake, pveVmDelete, { node: 'pve1', vmid: 100, purge: true, confirm: true });
    expect(fake.sent[0]?.method).toBe('DELETE');
    expect(fake.sent[0]?.url.href).toBe('https://pve.example.com:8006/api2/json/nodes/pve1/qemu/100?purge=1');
    expect(fake.sent[0]?.body).toBeUndefined();
  });

  it('asks a client that can be asked, naming the call, and sends once the user accepts', async () => {
    const fake = pveContext({ reply: () => pveResponse(upid()) });
    const first = elicitor(undefined);
    const question = (await call(fake, pveVmStop, stopArgs, { hooks: first.hooks })) as unknown as {
      resultType: string;
    };
    expect(question.resultType).toBe('input_required');
    expect(first.asked).toEqual([
      'Run stop_qemu: POST /nodes/pve1/qemu/100/status/stop? It is destructive and cannot be undone.',
    ]);
    expect(fake.sent).toEqual([]);
    const answered = elicitor('accept');
    expect((await call(fake, pveVmStop, stopArgs, { hooks: answered.hooks })).isError).toBeUndefined();
    expect(fake.sent).toHaveLength(1);
  });

  it.each([
    [
      'decline',
      'Declined: the user declined stop_qemu: POST /nodes/pve1/qemu/100/status/stop. Nothing was sent upstream.',
    ],
    [
      'cancel',
      'Cancelled: the user dismissed the question about stop_qemu: POST /nodes/pve1/qemu/100/status/stop without answering. Nothing was sent upstream.',
    ],
  ] as const)('sends nothing when the user answers %s', async (answer, expected) => {
    const fake = pveContext();
    const result = await call(fake, pveVmStop, stopArgs, { hooks: elicitor(answer).hooks });
    expect(result).toEqual({ content: [{ type: 'text', text: expected }], isError: true });
    expect(fake.sent).toEqual([]);
  });

  it('asks even when confirm: true is given, if the client can be asked', async () => {
    const fake = pveContext({ reply: () => pveResponse(upid()) });
    const { hooks, asked } = elicitor(undefined);
    await call(fake, pveVmStop, { ...stopArgs, confirm: true }, { hooks });
    expect(asked).toHaveLength(1);
    expect(fake.sent).toEqual([]);
  });

  it('names the key arguments in the question, never a secret-looking one', async () => {
    const fake = pveContext();
    const { hooks, asked } = elicitor(undefined);
    await call(fake, pveVmDelete, { node: 'pve1', vmid: 101, purge: true }, { hooks });
    expect(asked).toEqual([
      'Run delete_qemu: DELETE /nodes/pve1/qemu/101 (purge=true)? It is destructive and cannot be undone.',
    ]);
  });

  it('validates the arguments before asking', async () => {
    const fake = pveContext();
    const { hooks, asked } = elicitor(undefined);
    const result = await call(fake, pveVmStop, { node: 'pve1' }, { hooks });
    expect(result.content[0]?.text).toBe("Invalid arguments for stop_qemu: data must have required property 'vmid'");
    expect(asked).toEqual([]);
    expect(fake.sent).toEqual([]);
  });

  it('does not ask for tools without a confirm argument, destructive or not', async () => {
    const fake = pveContext({ reply: () => pveResponse(upid()) });
    const { hooks, asked } = elicitor(undefined);
    expect((await call(fake, pveVmStart, stopArgs, { hooks })).isError).toBeUndefined();
    const portainer = fakeContext();
    expect((await call(portainer, endpointDelete, { id: 3 }, { hooks })).isError).toBeUndefined();
    expect(asked).toEqual([]);
    expect(fake.sent).toHaveLength(1);
    expect(portainer.sent.map((request) => request.method)).toEqual(['DELETE']);
  });

  it('asks for destructive raw requests only', async () => {
    const fake = pveContext({ reply: () => pveResponse(null) });
    const { hooks, asked } = elicitor(undefined);
    const get = await call(
      fake,
      rawTool,
      { method: 'GET', path: '/cluster/resources' },
      { hooks, operations: pveTools },
    );
    const post = await call(
      fake,
      rawTool,
      { method: 'POST', path: '/nodes/pve1/qemu', params: { vmid: 5 } },
      { hooks, operations: pveTools },
    );
    const stop = await call(
      fake,
      rawTool,
      { method: 'POST', path: '/nodes/pve1/qemu/100/status/stop' },
      { hooks, operations: pveTools },
    );
    const del = await call(fake, rawTool, { method: 'DELETE', path: '/pools/test' }, { hooks, operations: pveTools });
    expect([get.isError, post.isError, 'resultType' in stop, 'resultType' in del]).toEqual([
      undefined,
      undefined,
      true,
      true,
    ]);
    expect(asked).toEqual([
      'Run api_request: POST /nodes/pve1/qemu/100/status/stop? It is destructive and cannot be undone.',
      'Run api_request: DELETE /pools/test? It is destructive and cannot be undone.',
    ]);
    expect(fake.sent.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      'GET /api2/json/cluster/resources',
      'POST /api2/json/nodes/pve1/qemu',
    ]);
  });

  it('sends a destructive raw request given confirm: true, without sending confirm', async () => {
    const fake = pveContext({ reply: () => pveResponse(null) });
    const refused = await call(fake, rawTool, { method: 'DELETE', path: '/pools/test' }, { operations: pveTools });
    expect(refused.content[0]?.text).toBe(
      'Refused: api_request is destructive. Ask the user, then call again with confirm: true. Nothing was sent upstream.',
    );
    const sent = await call(
      fake,
      rawTool,
      { method: 'DELETE', path: '/pools/test', confirm: true },
      { operations: pveTools },
    );
    expect(sent).toEqual({ content: [{ type: 'text', text: 'null' }], structuredContent: { result: null } });
    expect(fake.sent.map((request) => request.url.href)).toEqual(['https://pve.example.com:8006/api2/json/pools/test']);
  });

  // Fixed in 73229ee: the generator names the control argument `_confirm` when the operation already has an
  // upstream `confirm` parameter, and the refusal now names the tool's own confirmArg.
  it('names the confirm argument of the tool in the refusal when it is not "confirm"', async () => {
    const tool: OperationTool = {
      ...pveVmStop,
      inputSchema: {
        ...pveVmStop.inputSchema,
        properties: { ...(pveVmStop.inputSchema.properties as object), _confirm: { type: 'boolean' } },
      },
      confirmArg: '_confirm',
    };
    const fake = pveContext();
    const result = await call(fake, tool, stopArgs);
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toBe(
      'Refused: stop_qemu is destructive. Ask the user, then call again with _confirm: true. Nothing was sent upstream.',
    );
    expect(fake.sent).toEqual([]);
    const confirmed = await call(fake, tool, { ...stopArgs, _confirm: true });
    expect(confirmed.isError).toBeUndefined();
    expect(fake.sent).toHaveLength(1);
  });

  // Fixed in 73229ee: "/nodes/pve1/qemu/100/status/stop/" or ".../status//stop" matched no operation and fell back
  // to the method class (POST -> write), so a VM stop went out unconfirmed. Empty segments are now refused outright.
  it('refuses a raw request written with a trailing or doubled slash instead of sending it unconfirmed', async () => {
    const fake = pveContext({ reply: () => pveResponse(upid()) });
    for (const path of ['/nodes/pve1/qemu/100/status/stop/', '/nodes/pve1/qemu/100/status//stop']) {
      const result = await call(fake, rawTool, { method: 'POST', path }, { operations: pveTools });
      expect(result).toEqual({
        content: [
          {
            type: 'text',
            text: 'Invalid arguments for api_request: path must not contain empty segments ("//" or a trailing "/"). Nothing was sent upstream.',
          },
        ],
        isError: true,
      });
    }
    expect(fake.sent).toEqual([]);
  });
});

describe('dispatchCall with select (JMESPath on the answer)', () => {
  /** A Docker `GET /containers/json` answer, one level deeper than the fields asked for. */
  const dockerContainers = [
    {
      Id: '3f2a1b',
      Names: ['/web'],
      Image: 'nginx:1.27',
      State: 'running',
      NetworkSettings: { Networks: { bridge: { IPAddress: '172.17.0.2' } } },
    },
    {
      Id: '9c8d7e',
      Names: ['/db'],
      Image: 'postgres:16',
      State: 'exited',
      NetworkSettings: { Networks: { bridge: { IPAddress: '' } } },
    },
  ];

  it('projects a proxied list end to end and does not send select upstream', async () => {
    const fake = fakeContext({ reply: () => upstreamResponse({ body: JSON.stringify(dockerContainers) }) });
    const result = await call(fake, dockerProxy, {
      environment_id: 3,
      path: '/containers/json',
      query_params: { all: true },
      select: '[].{id: Id, name: Names[0], ip: NetworkSettings.Networks.bridge.IPAddress}',
    });
    expect(result).toEqual({
      content: [
        {
          type: 'text',
          text: '[{"id":"3f2a1b","name":"/web","ip":"172.17.0.2"},{"id":"9c8d7e","name":"/db","ip":""}]',
        },
      ],
      structuredContent: {
        result: [
          { id: '3f2a1b', name: '/web', ip: '172.17.0.2' },
          { id: '9c8d7e', name: '/db', ip: '' },
        ],
      },
    });
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]?.url.href).toBe(
      'https://portainer.example.com:9443/api/endpoints/3/docker/containers/json?all=true',
    );
  });

  it("filters a nested list: data[?status=='running'].name on a paged PVE answer", async () => {
    const vms = [
      { vmid: 100, name: 'web', status: 'running' },
      { vmid: 101, name: 'db', status: 'stopped' },
      { vmid: 102, name: 'cache', status: 'running' },
    ];
    // With `total` beside `data`, the answer keeps its envelope: {data, total}.
    const fake = pveContext({ reply: () => pveResponse(vms, { total: 3 }) });
    const result = await call(
      fake,
      rawTool,
      { method: 'GET', path: '/nodes/pve1/qemu', select: "data[?status=='running'].name" },
      { operations: pveTools },
    );
    expect(result).toEqual({
      content: [{ type: 'text', text: '["web","cache"]' }],
      structuredContent: { result: ['web', 'cache'] },
    });
    expect(fake.sent.map((request) => request.url.href)).toEqual([
      'https://pve.example.com:8006/api2/json/nodes/pve1/qemu',
    ]);
  });

  it('applies select to an operation tool answer and leaves the query string alone', async () => {
    const fake = fakeContext({
      reply: () =>
        upstreamResponse({
          body: JSON.stringify([
            { Id: 1, Name: 'local', Status: 1 },
            { Id: 2, Name: 'edge', Status: 2 },
          ]),
        }),
    });
    const result = await call(fake, endpointList, { search: 'l', select: '[].{id: Id, name: Name}' });
    expect(result.content[0]?.text).toBe('[{"id":1,"name":"local"},{"id":2,"name":"edge"}]');
    expect(fake.sent[0]?.url.search).toBe('?search=l');
  });

  // Item 1 of issue 10: the expression is compiled before anything is sent; a bad one sends nothing.
  it('refuses a bad expression before calling the upstream', async () => {
    const fake = fakeContext({ reply: () => upstreamResponse({ body: JSON.stringify(dockerContainers) }) });
    const result = await call(fake, dockerProxy, {
      environment_id: 3,
      path: '/containers/json',
      select: "[?State=='running'",
    });
    expect(result).toEqual({
      content: [
        {
          type: 'text',
          text: `Invalid arguments for docker_proxy: Invalid select expression "[?State=='running'": Syntax error: expected Rbracket, got: EOF. It is JMESPath, e.g. "[].{id: Id, name: Name}" or "items[?status=='running'].name". Nothing was sent upstream.`,
        },
      ],
      isError: true,
    });
    expect(fake.sent).toEqual([]);
  });

  it.each([
    ['a destructive operation', endpointDelete, { id: 2, select: 'Name |' }],
    ['a write', stackCreateString, { endpointId: 1, Name: 'web', StackFileContent: 'services: {}', select: '{' }],
    [
      'a proxy POST',
      dockerProxy,
      { environment_id: 3, method: 'POST', path: '/containers/web/restart', select: 'foo[?' },
    ],
    ['an unknown function', endpointDelete, { id: 2, select: 'nope(@)' }],
  ] as const)('sends nothing for %s whose select does not compile', async (_what, spec, args) => {
    const fake = fakeContext({ reply: () => upstreamResponse({ body: '{"Id":7}' }) });
    const result = await call(fake, spec, args);
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(
      new RegExp(`^Invalid arguments for ${spec.name}: Invalid select expression .* Nothing was sent upstream\\.$`),
    );
    expect(fake.sent).toEqual([]);
  });

  // Once a write ran, a failure to shape its answer is a note in a successful result: the caller must know it happened.
  it('reports a write that ran when its select fails on the answer, with the whole answer and a note', async () => {
    const fake = fakeContext({ reply: () => upstreamResponse({ body: '{"Id":7,"Name":"web"}' }) });
    const result = await call(fake, stackCreateString, {
      endpointId: 1,
      Name: 'web',
      StackFileContent: 'services: {}',
      select: 'length(Id)',
    });
    expect(result.isError).toBeUndefined();
    expect(result.content[0]?.text).toBe('{"Id":7,"Name":"web"}');
    expect(result.structuredContent).toEqual({ Id: 7, Name: 'web' });
    expect(result.content[1]?.text).toMatch(
      /^Note: the request was carried out, but Invalid select expression "length\(Id\)": Invalid type: length\(\) .* The whole answer is shown instead\.$/,
    );
    expect(fake.sent.map((request) => request.method)).toEqual(['POST']);
  });

  it('keeps a read whose select fails on the answer an error (nothing changed)', async () => {
    const fake = fakeContext({ reply: () => upstreamResponse({ body: '{"Id":7}' }) });
    const result = await call(fake, endpointInspect, { id: 3, select: 'length(Id)' });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/^Invalid select expression "length\(Id\)": Invalid type/);
  });

  it('refuses a select that is not a string before sending anything', async () => {
    const fake = fakeContext();
    const result = await call(fake, endpointInspect, { id: 3, select: 5 });
    expect(result).toEqual({
      content: [{ type: 'text', text: 'Invalid arguments for endpoint_inspect: data/select must be string' }],
      isError: true,
    });
    expect(fake.sent).toEqual([]);
  });

  it('leaves upstream errors and empty answers as they are', async () => {
    const failing = fakeContext({
      reply: () =>
        upstreamResponse({ status: 404, statusText: 'Not Found', body: '{"message":"Environment not found"}' }),
    });
    const error = await call(failing, endpointInspect, { id: 9, select: 'Name' });
    expect(error.content[0]?.text).toBe('HTTP 404 Not Found from GET /api/endpoints/9: Environment not found');
    const empty = fakeContext({ reply: () => upstreamResponse({ status: 204, statusText: 'No Content' }) });
    expect((await call(empty, endpointDelete, { id: 9, select: 'Name' })).content[0]?.text).toBe(
      'OK (HTTP 204, no content)',
    );
  });

  it('uses _select when the upstream has its own select input, and sends that one upstream', async () => {
    const tool: OperationTool = {
      ...endpointList,
      name: 'endpoint_list_with_select',
      inputSchema: {
        ...endpointList.inputSchema,
        properties: { ...(endpointList.inputSchema.properties as object), select: { type: 'string' } },
      },
      args: [...endpointList.args, { arg: 'select', in: 'query', wire: 'select' }],
    };
    const fake = fakeContext({ reply: () => upstreamResponse({ body: '[{"Id":1,"Name":"local"}]' }) });
    const result = await call(fake, tool, { select: 'Name,Id', _select: '[].Name' });
    expect(result.content[0]?.text).toBe('["local"]');
    expect(fake.sent[0]?.url.searchParams.get('select')).toBe('Name,Id');
    expect(fake.sent[0]?.url.searchParams.has('_select')).toBe(false);
  });
});
