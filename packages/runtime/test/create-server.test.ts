import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpServer } from '../src/server/create-server.js';
import { createRegistry } from '../src/server/registry.js';
import type { UpstreamRequest, UpstreamResponse } from '../src/http/types.js';
import {
  dockerProxy,
  endpointDelete,
  endpointInspect,
  fakeContext,
  pveContext,
  pveResponse,
  pveTools,
  pveVmStart,
  pveVmStop,
  SELECT_PROPERTY,
  settingsInspect,
  tools,
  upid,
  upstreamResponse,
} from './fixtures.js';
import { connectInMemory } from './in-memory.js';

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function connect(options: { readOnly?: boolean; instructions?: string; onServed?: () => void } = {}) {
  const fake = fakeContext({
    readOnly: options.readOnly ?? false,
    reply: (request) => upstreamResponse({ body: JSON.stringify({ path: request.url.pathname }) }),
  });
  const registry = createRegistry({
    all: tools,
    enabled: [endpointInspect, endpointDelete, settingsInspect, dockerProxy],
  });
  const server = createMcpServer({
    identity: {
      name: 'mcp-portainer',
      version: '2.43.0',
      ...(options.instructions ? { instructions: options.instructions } : {}),
    },
    registry,
    context: fake.context,
    user: 'local',
    ...(options.onServed ? { onServed: options.onServed } : {}),
  });
  const { client, close } = await connectInMemory(server);
  closers.push(close);
  return { client, fake };
}

describe('createMcpServer', () => {
  it('reports each served tools/list and tools/call (the launcher saves its code cache at the first), not initialize', async () => {
    const served: string[] = [];
    const { client } = await connect({ onServed: () => served.push('served') });
    expect(served).toEqual([]);
    await client.callTool({ name: 'settings_inspect', arguments: {} });
    expect(served).toEqual(['served']);
    await client.listTools();
    expect(served).toEqual(['served', 'served']);
  });

  it('identifies itself and announces tools', async () => {
    const { client } = await connect({ instructions: 'Manage Portainer.' });
    expect(client.getServerVersion()).toMatchObject({ name: 'mcp-portainer', version: '2.43.0' });
    expect(client.getServerCapabilities()?.tools).toBeDefined();
    expect(client.getInstructions()).toBe('Manage Portainer.');
  });

  it('lists the enabled tools with their schemas (plus select) and annotations (title once, at the top)', async () => {
    const { client } = await connect();
    const { tools: listed } = await client.listTools();
    expect(listed.map((tool) => tool.name)).toEqual([
      'endpoint_inspect',
      'endpoint_delete',
      'settings_inspect',
      'docker_proxy',
    ]);
    const inspect = listed.find((tool) => tool.name === 'endpoint_inspect');
    expect(inspect?.title).toBe('Inspect an environment(endpoint)');
    expect(inspect?.inputSchema).toEqual({
      ...endpointInspect.inputSchema,
      properties: { ...(endpointInspect.inputSchema.properties as object), select: SELECT_PROPERTY },
    });
    const { title: _title, ...hints } = endpointInspect.annotations;
    expect(inspect?.annotations).toEqual(hints);
    const proxy = listed.find((tool) => tool.name === 'docker_proxy');
    expect(proxy?.inputSchema.required).toEqual(['environment_id', 'path']);
  });

  it('routes tools/call to the upstream and returns text and structured content', async () => {
    const { client, fake } = await connect();
    const result = await client.callTool({ name: 'endpoint_inspect', arguments: { id: 5 } });
    expect(result.isError).toBeFalsy();
    expect(result.content).toEqual([{ type: 'text', text: '{"path":"/api/endpoints/5"}' }]);
    expect(result.structuredContent).toEqual({ path: '/api/endpoints/5' });
    expect(fake.sent).toHaveLength(1);
  });

  it('applies select end to end over MCP and does not send it upstream', async () => {
    const { client, fake } = await connect();
    const result = await client.callTool({ name: 'endpoint_inspect', arguments: { id: 5, select: '{where: path}' } });
    expect(result.content).toEqual([{ type: 'text', text: '{"where":"/api/endpoints/5"}' }]);
    expect(result.structuredContent).toEqual({ where: '/api/endpoints/5' });
    expect(fake.sent.map((request) => request.url.href)).toEqual([
      'https://portainer.example.com:9443/api/endpoints/5',
    ]);
    const bad = await client.callTool({ name: 'endpoint_inspect', arguments: { id: 5, select: '{' } });
    expect(bad.isError).toBe(true);
    expect((bad.content as { text: string }[])[0]?.text).toMatch(
      /^Invalid arguments for endpoint_inspect: Invalid select expression "\{": /,
    );
    // The expression is compiled before anything is sent: the upstream was not called for this call.
    expect(fake.sent).toHaveLength(1);
  });

  it('answers a tool name it does not know with JSON-RPC error -32602, as the MCP spec asks', async () => {
    const { client, fake } = await connect({ readOnly: true });
    const error = await client.callTool({ name: 'endpoint_nuke', arguments: {} }).then(
      () => undefined,
      (thrown: unknown) => thrown as { code?: number; message?: string },
    );
    expect(error?.code).toBe(-32602);
    expect(error?.message).toMatch(/Unknown tool: endpoint_nuke\. Call tools\/list/);
    expect(fake.sent).toEqual([]);
  });

  it('answers failures as error results, not protocol errors', async () => {
    const { client, fake } = await connect({ readOnly: true });
    const refused = await client.callTool({ name: 'endpoint_delete', arguments: { id: 1 } });
    expect(refused.isError).toBe(true);
    expect((refused.content as { text: string }[])[0]?.text).toMatch(/^Refused: endpoint_delete \(destructive\)/);
    const hidden = await client.callTool({ name: 'user_create', arguments: { Username: 'a', Password: 'b', Role: 1 } });
    expect(hidden.isError).toBe(true);
    const invalid = await client.callTool({ name: 'endpoint_inspect', arguments: { id: 'x' } });
    expect((invalid.content as { text: string }[])[0]?.text).toBe(
      'Invalid arguments for endpoint_inspect: data/id must be integer',
    );
    expect(fake.sent).toEqual([]);
  });

  it('calls a tool without arguments', async () => {
    const { client, fake } = await connect();
    const result = await client.callTool({ name: 'settings_inspect' });
    expect(result.isError).toBeFalsy();
    expect(fake.sent[0]?.url.pathname).toBe('/api/settings');
  });
});

describe('createMcpServer: audit records', () => {
  it('writes one record per call with the user, the tool and the outcome', async () => {
    const { client, fake } = await connect({ readOnly: true });
    await client.callTool({ name: 'endpoint_inspect', arguments: { id: 5 } });
    await client.callTool({ name: 'endpoint_delete', arguments: { id: 1 } });
    await client.callTool({ name: 'endpoint_inspect', arguments: { id: 'x' } });
    expect(fake.audits.map(({ user, tool, outcome }) => ({ user, tool, outcome }))).toEqual([
      { user: 'local', tool: 'endpoint_inspect', outcome: 'ok' },
      { user: 'local', tool: 'endpoint_delete', outcome: 'refused' },
      { user: 'local', tool: 'endpoint_inspect', outcome: 'refused' },
    ]);
    expect(fake.audits.every((record) => Number.isInteger(record.durationMs) && record.durationMs >= 0)).toBe(true);
  });

  it('records a call to a tool that selection left out as refused, whatever its message says', async () => {
    const fake = fakeContext({ reply: () => upstreamResponse({ body: '{}' }) });
    const registry = createRegistry({ all: tools, enabled: [endpointInspect] });
    const server = createMcpServer({
      identity: { name: 'mcp-portainer', version: '2.43.0' },
      registry,
      context: fake.context,
      user: 'carol',
    });
    const { client, close } = await connectInMemory(server);
    closers.push(close);
    const result = await client.callTool({ name: 'settings_inspect', arguments: {} });
    // An unknown tool is a protocol error (-32602), audited as refused all the same.
    await expect(client.callTool({ name: 'endpoint_nuke', arguments: {} })).rejects.toThrow();
    expect((result.content as { text: string }[])[0]?.text).toMatch(
      /^Tool 'settings_inspect' is not enabled on this server/,
    );
    expect(fake.audits.map(({ tool, outcome }) => ({ tool, outcome }))).toEqual([
      { tool: 'settings_inspect', outcome: 'refused' },
      { tool: 'endpoint_nuke', outcome: 'refused' },
    ]);
    expect(fake.sent).toEqual([]);
  });

  it('records an upstream failure as an error', async () => {
    const fake = fakeContext({
      reply: () => upstreamResponse({ status: 500, statusText: 'Internal Server Error', body: '{"message":"boom"}' }),
    });
    const registry = createRegistry({ all: tools, enabled: [endpointInspect] });
    const server = createMcpServer({
      identity: { name: 'mcp-portainer', version: '2.43.0' },
      registry,
      context: fake.context,
      user: 'bob',
    });
    const { client, close } = await connectInMemory(server);
    closers.push(close);
    await client.callTool({ name: 'endpoint_inspect', arguments: { id: 5 } });
    expect(fake.audits.map(({ user, outcome }) => ({ user, outcome }))).toEqual([{ user: 'bob', outcome: 'error' }]);
  });
});

/** A PVE server with stop_qemu (destructive, confirm) and start_qemu (task), and a client that may answer elicitation. */
async function connectPve(
  options: {
    elicit?: (params: unknown) => Promise<{
      action: 'accept' | 'decline' | 'cancel';
      content?: Record<string, string | number | boolean | string[]>;
    }>;
    reply?: (request: UpstreamRequest) => UpstreamResponse;
  } = {},
) {
  const fake = pveContext({ reply: options.reply ?? (() => pveResponse(upid())) });
  const registry = createRegistry({ all: pveTools, enabled: [pveVmStop, pveVmStart] });
  const server = createMcpServer({
    identity: { name: 'mcp-pve', version: '9.2.0' },
    registry,
    context: fake.context,
    user: 'alice',
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client(
    { name: 'runtime-unit-test', version: '0.0.0' },
    options.elicit ? { capabilities: { elicitation: { form: {} } } } : {},
  );
  const asked: unknown[] = [];
  if (options.elicit) {
    const answer = options.elicit;
    client.setRequestHandler('elicitation/create', async (request) => {
      asked.push(request.params);
      return answer(request.params);
    });
  }
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  closers.push(async () => {
    await client.close();
    await server.close();
  });
  return { client, fake, asked };
}

const stop = { name: 'stop_qemu', arguments: { node: 'pve1', vmid: 100 } };
const text = (result: { content: unknown }) => (result.content as { text: string }[])[0]?.text;

describe('createMcpServer: confirmation through elicitation', () => {
  const PROMPT = 'Run stop_qemu: POST /nodes/pve1/qemu/100/status/stop? It is destructive and cannot be undone.';

  it('asks a client that supports elicitation, naming operation, method and filled path, and sends when the user confirms', async () => {
    const { client, fake, asked } = await connectPve({
      elicit: async () => ({ action: 'accept', content: { confirm: true } }),
    });
    const result = await client.callTool(stop);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ result: upid() });
    expect(asked).toMatchObject([
      {
        mode: 'form',
        message: PROMPT,
        requestedSchema: {
          type: 'object',
          properties: {
            confirm: { type: 'boolean', title: 'Run it', description: 'Check to run this destructive operation' },
          },
          required: ['confirm'],
        },
      },
    ]);
    expect(fake.sent.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      'POST /api2/json/nodes/pve1/qemu/100/status/stop',
    ]);
  });

  it.each([
    [
      'declines',
      { action: 'decline' as const },
      'Declined: the user declined stop_qemu: POST /nodes/pve1/qemu/100/status/stop. Nothing was sent upstream.',
    ],
    [
      'accepts with confirm false',
      { action: 'accept' as const, content: { confirm: false } },
      'Declined: the user declined stop_qemu: POST /nodes/pve1/qemu/100/status/stop. Nothing was sent upstream.',
    ],
    [
      'cancels',
      { action: 'cancel' as const },
      'Cancelled: the user dismissed the question about stop_qemu: POST /nodes/pve1/qemu/100/status/stop without answering. Nothing was sent upstream.',
    ],
  ])('sends nothing when the user %s, and says which', async (_case, answer, expected) => {
    const { client, fake, asked } = await connectPve({ elicit: async () => answer });
    const result = await client.callTool(stop);
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(expected);
    expect(asked).toHaveLength(1);
    expect(fake.sent).toEqual([]);
  });

  it('sends nothing when the elicitation fails', async () => {
    const { client, fake, asked } = await connectPve({
      elicit: async () => {
        throw new Error('the user closed the dialog');
      },
    });
    const outcome = await client.callTool(stop).then(
      (result) => text(result),
      (error: unknown) => String(error),
    );
    expect(outcome).not.toMatch(/^\{/);
    expect(asked).toHaveLength(1);
    expect(fake.sent).toEqual([]);
  });

  it('does not ask a client without elicitation, and needs confirm: true there', async () => {
    const { client, fake } = await connectPve();
    expect(text(await client.callTool(stop))).toBe(
      'Refused: stop_qemu is destructive. Ask the user, then call again with confirm: true. Nothing was sent upstream.',
    );
    expect(fake.sent).toEqual([]);
    const confirmed = await client.callTool({
      name: 'stop_qemu',
      arguments: { node: 'pve1', vmid: 100, confirm: true },
    });
    expect(confirmed.isError).toBeFalsy();
    expect(fake.sent).toHaveLength(1);
  });

  it('asks even when confirm: true is given: a model cannot answer for the person', async () => {
    const { client, fake, asked } = await connectPve({ elicit: async () => ({ action: 'decline' }) });
    const result = await client.callTool({ name: 'stop_qemu', arguments: { node: 'pve1', vmid: 100, confirm: true } });
    expect(result.isError).toBe(true);
    expect(asked).toHaveLength(1);
    expect(fake.sent).toEqual([]);
  });

  it('does not offer confirm to a client that can be asked, and offers it to one that cannot', async () => {
    const asking = await connectPve({ elicit: async () => ({ action: 'decline' }) });
    const listed = (await asking.client.listTools()).tools.find((tool) => tool.name === 'stop_qemu');
    expect(Object.keys(listed?.inputSchema.properties ?? {})).not.toContain('confirm');
    const plain = await connectPve();
    const offered = (await plain.client.listTools()).tools.find((tool) => tool.name === 'stop_qemu');
    expect(Object.keys(offered?.inputSchema.properties ?? {})).toContain('confirm');
  });
});

describe('createMcpServer: progress while following a task', () => {
  const task = upid('pve1', 'qmstart', '100');
  const reply = (() => {
    let polls = 0;
    return (request: UpstreamRequest) => {
      if (request.url.pathname.endsWith('/status/start')) return pveResponse(task);
      polls += 1;
      return pveResponse({
        upid: task,
        status: polls === 1 ? 'running' : 'stopped',
        ...(polls === 1 ? {} : { exitstatus: 'OK' }),
      });
    };
  })();

  it('sends progress notifications to a client that asked for them, and returns the final status', async () => {
    const { client, fake } = await connectPve({ reply });
    const progress: unknown[] = [];
    const result = await client.callTool(
      { name: 'start_qemu', arguments: { node: 'pve1', vmid: 100, wait: 10 } },
      { onprogress: (update) => void progress.push(update) },
    );
    expect(result.structuredContent).toEqual({ upid: task, status: 'stopped', exitstatus: 'OK' });
    expect(progress).toEqual([{ progress: 1, message: 'task running' }]);
    expect(fake.sent).toHaveLength(3);
  });
});
