import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { UpstreamRequest, UpstreamResponse } from '../src/http/types.js';
import { prepare, type Prepared } from '../src/server/prepare.js';
import type { Behind } from '../src/server/stdio-behind.js';
import { serveStdioFront } from '../src/server/stdio-front.js';
import { openSdkBehindFront, serveStdioWithSdk } from '../src/server/stdio-sdk.js';
import {
  portainerEnv,
  pveEnv,
  pveTarget,
  pveTools,
  recordingSend,
  target,
  tools,
  upstreamResponse,
} from './fixtures.js';
import { clientEnd, type Message } from './support/stdio-pipes.js';

/**
 * The stdio hot call (stdio-hot-call.ts): after the opening, the front answers the calls
 * that cannot involve the client itself, and gives every other message to the SDK behind
 * it. Each test runs the same messages through a front and through the SDK alone, over
 * in-memory pipes, with a recording fake upstream (nothing leaves the process).
 */

const initialize = (capabilities: object = {}): Message => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities, clientInfo: { name: 'test', version: '1' } },
});
const initialized: Message = { jsonrpc: '2.0', method: 'notifications/initialized' };
const toolsList: Message = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
const call = (id: number, params: object): Message => ({ jsonrpc: '2.0', id, method: 'tools/call', params });

type Reply = (request: UpstreamRequest) => UpstreamResponse | Promise<UpstreamResponse>;

function portainer(reply: Reply): Prepared & { sent: UpstreamRequest[] } {
  return withSend({ prepared: prepare({ definition: { target, tools }, env: portainerEnv() }), reply });
}

function pve(reply: Reply): Prepared & { sent: UpstreamRequest[] } {
  return withSend({
    prepared: prepare({ definition: { target: pveTarget, tools: pveTools }, env: pveEnv({ PVE_ACCESS_TIER: 'full' }) }),
    reply,
  });
}

/** The prepared server with a recording fake upstream in place of HTTP. */
function withSend(options: { prepared: Prepared; reply: Reply }): Prepared & { sent: UpstreamRequest[] } {
  const { send, sent } = recordingSend(options.reply);
  return { ...options.prepared, context: { ...options.prepared.context, send }, sent };
}

/** A session over in-memory pipes: the front (counting the calls it answers itself) or the SDK alone. */
function session(options: { prepared: Prepared; front: boolean }) {
  const { prepared } = options;
  const input = new PassThrough();
  const output = new PassThrough();
  let opened = false;
  const native: unknown[] = [];
  if (options.front)
    serveStdioFront({
      prepared,
      input,
      output,
      handOver: () => {
        throw new Error('a 2025-era opening is answered by the front: no hand-over expected');
      },
      openBehind: (handover) => {
        const behind = openSdkBehindFront({ prepared, handover, output, onServed: () => (opened = true) });
        return Promise.resolve(counting({ behind, native }));
      },
    });
  else {
    serveStdioWithSdk({ prepared, handover: { replay: Buffer.alloc(0) }, input, output });
    opened = true;
  }
  const { lines, send, until } = clientEnd({ input, output });
  /** The opening, then (once the SDK has served it) the messages; the answers to the messages with an id. */
  const run = async (messages: Message[], answered?: readonly number[]): Promise<Message[]> => {
    send(initialize(), initialized, toolsList);
    expect(await until(() => lines.length >= 2 && opened)).toBe(true);
    send(...messages);
    const ids = new Set(answered ?? messages.map((message) => message.id).filter((id) => id !== undefined));
    await until(() => lines.filter((line) => ids.has(line.id as number)).length >= ids.size);
    return lines.slice(2);
  };
  return { run, send, until, lines, native };
}

/** The behind, with each call it answers itself counted. */
function counting(options: { behind: Behind; native: unknown[] }): Behind {
  const { behind } = options;
  return {
    ...behind,
    hotCall: (message) => {
      const answer = behind.hotCall(message);
      if (answer) options.native.push(message.id);
      return answer;
    },
  };
}

/** The same messages through the front and through the SDK alone. */
async function bothWays(options: { prepared: () => Prepared; messages: Message[]; capabilities?: object }) {
  const front = session({ prepared: options.prepared(), front: true });
  const sdk = session({ prepared: options.prepared(), front: false });
  return { front, answers: await front.run(options.messages), sdkAnswers: await sdk.run(options.messages) };
}

const JSON_ANSWER = () => upstreamResponse({ body: '{"Id":1,"Name":"local","Status":1}' });

describe('the stdio hot call (answered by the front, without the SDK)', () => {
  it('answers a read call itself, with exactly the answer the SDK gives, after one upstream request', async () => {
    const prepared = () => portainer(JSON_ANSWER);
    const messages = [call(3, { name: 'endpoint_inspect', arguments: { id: 1 } })];
    const { front, answers, sdkAnswers } = await bothWays({ prepared, messages });
    expect(front.native).toEqual([3]);
    expect(answers).toEqual(sdkAnswers);
    expect(answers[0]).toMatchObject({ id: 3, result: { structuredContent: { Id: 1 } } });
  });

  it('answers refusals and upstream errors itself as the SDK does', async () => {
    const prepared = () => portainer(() => upstreamResponse({ status: 404, body: '{"message":"not found"}' }));
    const messages = [
      call(3, { name: 'endpoint_inspect', arguments: { id: 'one' } }),
      call(4, { name: 'endpoint_inspect', arguments: { id: 2 } }),
    ];
    const { front, answers, sdkAnswers } = await bothWays({ prepared, messages });
    expect(front.native).toEqual([3, 4]);
    expect(answers).toEqual(sdkAnswers);
    expect(answers.map((answer) => (answer.result as { isError?: boolean }).isError)).toEqual([true, true]);
  });

  it('gives the SDK what may involve the client: a progress token, an unknown tool, call_operation, a task', async () => {
    const prepared = () => portainer(JSON_ANSWER);
    const messages = [
      call(3, { name: 'endpoint_inspect', arguments: { id: 1 }, _meta: { progressToken: 'p' } }),
      call(4, { name: 'no_such_tool', arguments: {} }),
      call(5, { name: 'call_operation', arguments: { name: 'endpoint_inspect', arguments: { id: 1 } } }),
      call(6, { name: 'endpoint_inspect', arguments: { id: 1 }, task: {} }),
    ];
    const { front, answers, sdkAnswers } = await bothWays({ prepared, messages });
    expect(front.native).toEqual([]);
    expect(answers).toEqual(sdkAnswers);
    expect(answers.find((answer) => answer.id === 4)).toMatchObject({ error: { code: -32602 } });
  });

  it('gives the SDK a call that may ask the person, and the SDK asks a client that can be asked', async () => {
    const prepared = () => pve(() => upstreamResponse({ body: '{"data":"UPID:pve1:0:0:0:qmstop:100:root@pam:"}' }));
    const front = session({ prepared: prepared(), front: true });
    front.send(initialize({ elicitation: { form: {} } }), initialized, toolsList);
    await front.until(() => front.lines.length >= 2);
    await front.until(() => false, 20);
    front.send(call(3, { name: 'stop_qemu', arguments: { node: 'pve1', vmid: 100 } }));
    expect(await front.until(() => front.lines.some((line) => line.method === 'elicitation/create'))).toBe(true);
    expect(front.native).toEqual([]);
  });

  it('sends no answer to a call the client cancelled, as the SDK does, and goes on serving', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const prepared = portainer(async (request) => {
      if (request.url.pathname.endsWith('/2')) await slow;
      return JSON_ANSWER();
    });
    const front = session({ prepared, front: true });
    await front.run(
      [
        call(3, { name: 'endpoint_inspect', arguments: { id: 2 } }),
        { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 3, reason: 'user' } },
        call(4, { name: 'endpoint_inspect', arguments: { id: 1 } }),
      ],
      [4],
    );
    expect(front.lines.some((line) => line.id === 4)).toBe(true);
    release();
    // The cancelled call finishes upstream (it was sent); its answer is dropped, not written late.
    await front.until(() => false, 20);
    expect(prepared.sent.map((request) => request.url.pathname)).toEqual(['/api/endpoints/2', '/api/endpoints/1']);
    expect(front.native).toEqual([3, 4]);
    expect(front.lines.filter((line) => line.id === 3)).toEqual([]);
  });
});
