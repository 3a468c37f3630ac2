import type { Readable, Writable } from 'node:stream';

/** A JSON-RPC message as a test sends or reads it. */
export type Message = Record<string, unknown>;

/**
 * Both ends of an in-memory stdio session, as a client sees them: `send` writes messages a
 * line each, `lines` fills with every message the server writes, `until` waits (bounded).
 */
export function clientEnd(options: { input: Writable; output: Readable }) {
  const lines: Message[] = [];
  let text = '';
  options.output.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    const parts = text.split('\n');
    text = parts.pop()!;
    lines.push(...parts.map((part) => JSON.parse(part) as Message));
  });
  const send = (...messages: Message[]) =>
    options.input.write(messages.map((message) => `${JSON.stringify(message)}\n`).join(''));
  /** Waits (at most `turns` x 5 ms) until the condition holds; false if it never did. */
  const until = async (condition: () => boolean, turns = 400): Promise<boolean> => {
    for (let turn = 0; turn < turns && !condition(); turn += 1) await new Promise((r) => setTimeout(r, 5));
    return condition();
  };
  return { lines, send, until };
}
