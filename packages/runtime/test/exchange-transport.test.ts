import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { headerKeyAuth } from '../src/auth/header-key.js';
import { ExchangeTransport } from '../src/serve-http/exchange-transport.js';
import { createMcpServer } from '../src/server/create-server.js';
import { createRegistry } from '../src/server/registry.js';
import { endpointInspect, fakeContext, tools, upstreamResponse } from './fixtures.js';

/**
 * The HTTP hot path's one-server-per-process: many callers at once, each call's credential
 * and audit name taken from its own request, answers handed back under each caller's own
 * JSON-RPC id even when every caller used the same id.
 */
function sharedServer(options: { delayMs: (path: string) => number }) {
  const fake = fakeContext({
    reply: async (request) => {
      await new Promise((resolve) => setTimeout(resolve, options.delayMs(request.url.pathname)));
      return upstreamResponse({
        body: JSON.stringify({ path: request.url.pathname, key: request.headers['x-api-key'] }),
      });
    },
  });
  const registry = createRegistry({ all: tools, enabled: [endpointInspect] });
  const server = createMcpServer({
    identity: { name: 'mcp-portainer', version: '2.43.0' },
    registry,
    context: fake.context,
    user: 'nobody',
    callerOf: (ctx) => {
      const user = String(ctx.http?.authInfo?.extra?.user);
      return {
        context: { ...fake.context, auth: headerKeyAuth({ header: 'X-API-Key', value: `key-of-${user}` }) },
        user,
      };
    },
  });
  return { server, fake };
}

function call(options: { transport: ExchangeTransport; user: string; endpoint: number }): Promise<JSONRPCMessage> {
  return new Promise((answer) => {
    options.transport.deliver({
      request: {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'endpoint_inspect', arguments: { id: options.endpoint } },
      },
      authInfo: { token: 'gate', clientId: options.user, scopes: [], extra: { user: options.user } },
      answer,
    });
  });
}

describe('ExchangeTransport with one shared server', () => {
  it('answers concurrent callers that all use id 1 under their own id, each with its own credential and audit name', async () => {
    // Later endpoints answer sooner, so answers come back in a different order from the requests.
    const { server, fake } = sharedServer({ delayMs: (path) => 40 - Number(path.split('/').pop()) });
    const transport = new ExchangeTransport();
    await server.connect(transport);
    const callers = Array.from({ length: 30 }, (_, index) => ({
      user: index % 2 === 0 ? 'alice' : 'bob',
      endpoint: index + 1,
    }));
    const answers = await Promise.all(callers.map((caller) => call({ transport, ...caller })));
    answers.forEach((message, index) => {
      const { user, endpoint } = callers[index]!;
      expect(message).toMatchObject({ jsonrpc: '2.0', id: 1 });
      const text = (message as unknown as { result: { content: { text: string }[] } }).result.content[0]!.text;
      // The upstream's echo of the caller's own key is scrubbed from the answer (issue 10): the request shows which key went out.
      expect(JSON.parse(text)).toEqual({ path: `/api/endpoints/${endpoint}`, key: '[redacted]' });
      expect(
        fake.sent.find((request) => request.url.pathname === `/api/endpoints/${endpoint}`)?.headers['x-api-key'],
      ).toBe(`key-of-${user}`);
    });
    expect(fake.audits.map((audit) => audit.user).sort()).toEqual(callers.map((caller) => caller.user).sort());
    expect(transport.inFlight()).toBe(0);
    await server.close();
  });

  it('a cancelled delivery (the HTTP client went away) is never answered and leaves nothing pending', async () => {
    const { server } = sharedServer({ delayMs: () => 30 });
    const transport = new ExchangeTransport();
    await server.connect(transport);
    const answered: JSONRPCMessage[] = [];
    const cancel = transport.deliver({
      request: {
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'endpoint_inspect', arguments: { id: 1 } },
      },
      authInfo: { token: 'gate', clientId: 'alice', scopes: [], extra: { user: 'alice' } },
      answer: (message) => answered.push(message),
    });
    expect(transport.inFlight()).toBe(1);
    cancel();
    expect(transport.inFlight()).toBe(0);
    // A later call still works on the same server.
    await expect(call({ transport, user: 'bob', endpoint: 2 })).resolves.toMatchObject({ id: 1 });
    expect(answered).toEqual([]);
    await server.close();
  });
});
