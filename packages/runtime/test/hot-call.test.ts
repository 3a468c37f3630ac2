import { describe, expect, it } from 'vitest';
import { createMcpServer } from '../src/server/create-server.js';
import { identity, prepare } from '../src/server/prepare.js';
import { createHotCall } from '../src/serve-http/hot-call.js';
import { fakeContext, portainerEnv, target, tools, upstreamResponse } from './fixtures.js';

function hotCall() {
  const prepared = prepare({ definition: { target, tools }, env: portainerEnv() });
  const fake = fakeContext({ reply: () => upstreamResponse({ body: '{"Id":7}' }) });
  const caller = { context: { ...fake.context, log: prepared.log }, user: 'alice' };
  const shared = createMcpServer({
    identity: identity(prepared),
    registry: prepared.registry,
    context: caller.context,
    user: 'unknown',
  });
  const call = createHotCall({ shared, registry: prepared.registry, discovery: false, callerOf: () => caller });
  const request = (params: unknown) => ({ jsonrpc: '2.0' as const, id: 9, method: 'tools/call', params }) as never;
  return { call, request, fake };
}

describe('the hot tools/call (HTTP, without the SDK request machinery)', () => {
  it('runs the call with the caller it is given and frames the answer under the request id', async () => {
    const { call, request, fake } = hotCall();
    const answer = (await call({
      request: request({ name: 'endpoint_inspect', arguments: { id: 7 } }),
      authInfo: undefined,
    }))!;
    expect(answer).toMatchObject({ jsonrpc: '2.0', id: 9, result: { content: [{ type: 'text' }] } });
    expect(fake.sent.map((sent) => new URL(sent.url).pathname)).toEqual(['/api/endpoints/7']);
  });

  it('answers an unknown tool with JSON-RPC -32602 and sends nothing', async () => {
    const { call, request, fake } = hotCall();
    const answer = await call({ request: request({ name: 'no_such_tool', arguments: {} }), authInfo: undefined });
    expect(answer).toMatchObject({ jsonrpc: '2.0', id: 9, error: { code: -32602 } });
    expect(fake.sent).toEqual([]);
  });

  it('leaves params of any other shape to the SDK (it returns nothing, sends nothing)', () => {
    const { call, request, fake } = hotCall();
    for (const params of [
      { name: 'endpoint_inspect', arguments: [] },
      { name: 'endpoint_inspect', arguments: { id: 7 }, task: {} },
      { name: 7 },
      undefined,
    ])
      expect(call({ request: request(params), authInfo: undefined }), JSON.stringify(params)).toBeUndefined();
    expect(fake.sent).toEqual([]);
  });
});
