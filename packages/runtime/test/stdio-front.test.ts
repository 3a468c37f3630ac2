import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';
import { describe, expect, it, vi } from 'vitest';
import { prepare } from '../src/server/prepare.js';
import { type Handover, LEGACY_PROTOCOL_VERSIONS, serveStdioFront } from '../src/server/stdio-front.js';
import { openSdkBehindFront, serveStdioWithSdk } from '../src/server/stdio-sdk.js';
import { portainerEnv, target, tools } from './fixtures.js';
import { clientEnd, type Message } from './support/stdio-pipes.js';

const initialize = (options: { id?: number; version?: string; capabilities?: object } = {}): Message => ({
  jsonrpc: '2.0',
  id: options.id ?? 1,
  method: 'initialize',
  params: {
    protocolVersion: options.version ?? '2025-11-25',
    capabilities: options.capabilities ?? {},
    clientInfo: { name: 'test', version: '1' },
  },
});
const initialized: Message = { jsonrpc: '2.0', method: 'notifications/initialized' };
const toolsList = (id: number, params?: object): Message => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/list',
  ...(params ? { params } : {}),
});
const ping = (id: number): Message => ({ jsonrpc: '2.0', id, method: 'ping' });

function prepared() {
  return prepare({ definition: { target, tools }, env: portainerEnv({ PORTAINER_LOG_LEVEL: 'error' }) });
}

/** A session over in-memory pipes: the front first (with the SDK behind it), or the SDK alone. */
function session(options: { front: boolean }) {
  const input = new PassThrough();
  const output = new PassThrough();
  const server = prepared();
  const handovers: Handover[] = [];
  const opened: Handover[] = [];
  const onServed = vi.fn();
  const onListed = vi.fn(() => listedBeforeOpen.push(opened.length === 0));
  const listedBeforeOpen: boolean[] = [];
  const sdk = (handover: Handover) => serveStdioWithSdk({ prepared: server, handover, input, output, onServed });
  if (options.front)
    serveStdioFront({
      prepared: server,
      input,
      output,
      handOver: (handover) => {
        handovers.push(handover);
        sdk(handover);
      },
      onListed,
      openBehind: (handover) => {
        opened.push(handover);
        return Promise.resolve(openSdkBehindFront({ prepared: server, handover, output, onServed }));
      },
    });
  else sdk({ replay: Buffer.alloc(0) });
  const { lines, send, until } = clientEnd({ input, output });
  /** Waits (bounded) until `count` answers have come. */
  const answers = async (count: number): Promise<Message[]> => {
    for (let turn = 0; turn < 400 && lines.length < count; turn += 1) await new Promise((r) => setTimeout(r, 5));
    return lines;
  };
  return { send, answers, until, handovers, opened, onServed, onListed, listedBeforeOpen, input };
}

/** Runs the same messages through the front and through the SDK alone and returns both transcripts. */
async function bothWays(messages: Message[], count: number): Promise<{ front: Message[]; sdk: Message[] }> {
  const front = session({ front: true });
  const sdk = session({ front: false });
  front.send(...messages);
  sdk.send(...messages);
  return { front: await front.answers(count), sdk: await sdk.answers(count) };
}

describe('the stdio front (the opening answered before the SDK is loaded)', () => {
  it('answers initialize, tools/list and ping exactly as the SDK does', async () => {
    const { front, sdk } = await bothWays([initialize(), initialized, toolsList(2), ping(3)], 3);
    expect(front).toHaveLength(3);
    expect(front).toEqual(sdk);
  });

  it('negotiates the protocol version as the SDK does: a 2025-era version it knows, else the newest', async () => {
    for (const version of ['2024-11-05', '2025-06-18', '1999-01-01', '2026-07-28']) {
      const { front, sdk } = await bothWays([initialize({ version })], 1);
      expect(front[0]).toEqual(sdk[0]);
    }
  });

  it('drops the confirm argument for a client that can be asked, as the SDK-served listing does', async () => {
    const capabilities = { elicitation: { form: {} } };
    const { front, sdk } = await bothWays([initialize({ capabilities }), initialized, toolsList(2, {})], 2);
    expect(front).toEqual(sdk);
    const listed = (front[1]!.result as { tools: { inputSchema: { properties: object } }[] }).tools;
    expect(listed.some((tool) => 'confirm' in tool.inputSchema.properties)).toBe(false);
  });

  it('keeps the 2025-era version list equal to the SDK it stands in for', () => {
    expect(LEGACY_PROTOCOL_VERSIONS).toEqual(SUPPORTED_PROTOCOL_VERSIONS);
  });

  it('opens the SDK behind it after the listing, replaying the opening; the SDK answers what the front does not, without a second initialize answer', async () => {
    const front = session({ front: true });
    front.send(initialize(), initialized, toolsList(2));
    await front.answers(2);
    expect(await front.until(() => front.opened.length === 1)).toBe(true);
    expect(front.handovers).toHaveLength(0);
    expect(front.opened[0]!.answeredInitialize).toBe(1);
    expect(
      front.opened[0]!.replay.toString('utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as Message).method),
    ).toEqual(['initialize', 'notifications/initialized']);
    front.send(toolsList(3), { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'nope', arguments: {} } });
    const answers = await front.answers(4);
    expect(answers.map((answer) => answer.id)).toEqual([1, 2, 3, 4]);
    expect(answers[2]).toEqual({ ...answers[1], id: 3 });
    expect(answers[3]).toMatchObject({ error: { code: -32602 } });
    expect(front.onServed).toHaveBeenCalled();
  });

  it('says when the listing is written out, and only then opens the SDK behind it (the launcher saves its code cache first)', async () => {
    const front = session({ front: true });
    front.send(initialize(), initialized, toolsList(2));
    expect(await front.until(() => front.opened.length === 1)).toBe(true);
    expect(front.onListed).toHaveBeenCalledTimes(1);
    expect(front.listedBeforeOpen).toEqual([true]);
  });

  it('does not load the SDK while the listing is still being written: a long listing is not held back', async () => {
    const input = new PassThrough();
    // A client that has not read the listing yet: the pipe is full after a few bytes.
    const output = new PassThrough({ highWaterMark: 64 });
    const opened: Handover[] = [];
    const server = prepared();
    serveStdioFront({
      prepared: server,
      input,
      output,
      handOver: () => undefined,
      openBehind: (handover) => {
        opened.push(handover);
        return Promise.resolve(openSdkBehindFront({ prepared: server, handover, output }));
      },
    });
    input.write([initialize(), initialized, toolsList(2)].map((message) => `${JSON.stringify(message)}\n`).join(''));
    for (let turn = 0; turn < 20; turn += 1) await nextTurn();
    expect(opened).toHaveLength(0);
    output.resume();
    for (let turn = 0; turn < 400 && opened.length === 0; turn += 1) await new Promise((r) => setTimeout(r, 5));
    expect(opened).toHaveLength(1);
  });

  it('gives a message it does not answer to the SDK at once, with the opening before it', async () => {
    const front = session({ front: true });
    const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'nope', arguments: {} } };
    front.send(initialize(), initialized, call);
    const answers = await front.answers(2);
    expect(front.handovers).toHaveLength(0);
    expect(front.opened).toHaveLength(1);
    expect(answers.map((answer) => answer.id)).toEqual([1, 2]);
    expect(answers[1]).toMatchObject({ error: { code: -32602 } });
  });

  it('gives bad JSON after the opening to the SDK, which treats it as when serving alone', async () => {
    const both = [session({ front: true }), session({ front: false })];
    for (const one of both) {
      one.send(initialize(), initialized);
      one.input.write('{not json\n');
      one.send(ping(2));
    }
    const [front, sdk] = await Promise.all(both.map((one) => one.answers(2)));
    expect(both[0]!.handovers).toHaveLength(0);
    expect(front).toEqual(sdk);
  });

  it('leaves anything it is not sure of to the SDK from the first byte: a 2026-era opening, _meta, bad JSON', async () => {
    for (const opening of [
      { jsonrpc: '2.0', id: 1, method: 'server/discover', params: {} },
      { ...initialize(), params: { ...(initialize().params as object), _meta: {} } },
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: 1 } },
    ]) {
      const front = session({ front: true });
      front.send(opening);
      await front.answers(1);
      expect(front.handovers[0]).toEqual({ replay: Buffer.from(`${JSON.stringify(opening)}\n`) });
    }
    const garbled = session({ front: true });
    garbled.input.write('{not json\n');
    await nextTurn();
    expect(garbled.handovers[0]).toEqual({ replay: Buffer.from('{not json\n') });
  });
});
