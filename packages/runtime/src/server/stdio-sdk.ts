import './zod-config.js';
import { PassThrough, type Readable, Writable } from 'node:stream';
import { serveStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type { Server } from '@modelcontextprotocol/server';
import { createMcpServer } from './create-server.js';
import { identity, type Prepared } from './prepare.js';
import type { Behind } from './stdio-behind.js';
import type { Handover } from './stdio-front.js';
import { createStdioHotCall } from './stdio-hot-call.js';

/**
 * The stdio session from the hand-over on (see stdio-front.ts), served by the SDK:
 * loaded only then, so that a server answers its first `tools/list` without it. The
 * SDK reads the replayed opening and then the client's input; its answer to the
 * replayed `initialize` is dropped.
 */
export function serveStdioWithSdk(options: {
  prepared: Prepared;
  handover: Handover;
  input: Readable;
  output: Writable;
  onServed?: () => void;
}): void {
  const input = replayed({ input: options.input, replay: options.handover.replay });
  serveWithSdk({ ...options, input });
  // The front paused the input; the transport is listening now.
  input.resume();
}

/**
 * The SDK behind a front that keeps reading the client (a 2025-era session whose opening
 * the front answered): the front gives it, line by line, what it does not answer itself,
 * and answers the calls that cannot involve the client natively (stdio-hot-call.ts).
 */
export function openSdkBehindFront(options: {
  prepared: Prepared;
  handover: Handover;
  output: Writable;
  onServed?: () => void;
}): Behind {
  const { prepared } = options;
  const input = new PassThrough();
  input.write(options.handover.replay);
  // Calls are answered natively only once the SDK has served the replayed opening: its instance is then pinned.
  let opened = false;
  const server = serveWithSdk({ ...options, input, onOpened: () => (opened = true) });
  const hotCall = createStdioHotCall({
    server: () => (opened ? server() : undefined),
    registry: prepared.registry,
    discovery: prepared.surface.discovery,
    caller: { context: prepared.context, user: LOCAL_USER },
    ...(options.onServed ? { onCalled: options.onServed } : {}),
  });
  return { deliver: (line) => input.write(line), end: () => input.end(), hotCall };
}

/** Who a stdio call is audited as: the person at this machine. */
const LOCAL_USER = 'local';

/**
 * The SDK serving a session over `input` (the opening first) and the output less the
 * replayed initialize's answer; the server instance it serves with, once it has made one.
 */
function serveWithSdk(options: {
  prepared: Prepared;
  handover: Handover;
  input: Readable;
  output: Writable;
  onServed?: () => void;
  onOpened?: () => void;
}): () => Server | undefined {
  const { prepared, handover } = options;
  const output =
    handover.answeredInitialize === undefined
      ? options.output
      : withoutAnswerTo({
          id: handover.answeredInitialize,
          output: options.output,
          // The SDK has served the opening (a session the front answered has usually told the launcher already, at its listing).
          onDropped: (refused) => {
            if (refused) prepared.log.error(`the MCP SDK refused the replayed initialize: ${refused}`);
            else options.onOpened?.();
            options.onServed?.();
          },
        });
  // The factory may run more than once (a probe instance, then the one the era pins): the last one serves.
  let server: Server | undefined;
  serveStdio(
    () =>
      (server = createMcpServer({
        identity: identity(prepared),
        registry: prepared.registry,
        context: prepared.context,
        user: LOCAL_USER,
        surface: prepared.surface,
        ...(options.onServed ? { onServed: options.onServed } : {}),
      })),
    {
      transport: new StdioServerTransport(options.input, output),
      onerror: (error) => prepared.log.error(`transport: ${error.message}`),
    },
  );
  return () => server;
}

/**
 * The client's input with the replay in front of it. The replay is put back into the
 * input stream itself (unshift), so that the SDK reads the client's bytes directly,
 * without a stream in between for every later message; an input that has already
 * ended cannot take bytes back, so the replay then comes from a stream of its own.
 */
function replayed(options: { input: Readable; replay: Buffer }): Readable {
  const { input, replay } = options;
  if (!input.readableEnded) {
    if (replay.length > 0) input.unshift(replay);
    return input;
  }
  const ended = new PassThrough();
  ended.end(replay);
  return ended;
}

/** The output, less the first answer to `id` (the transport writes one message per write). */
function withoutAnswerTo(options: {
  id: string | number;
  output: Writable;
  onDropped: (refused: string | undefined) => void;
}): Writable {
  let dropped = false;
  const filter = new Writable({
    // The transport writes one string per message; passed on as it is, as if written to the output itself.
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      const answer = dropped ? undefined : answerTo({ chunk, id: options.id });
      if (!answer) return void options.output.write(chunk, callback);
      dropped = true;
      options.onDropped(answer.error);
      callback();
    },
  });
  // The SDK's transport watches its output for errors (a client gone): pass the real output's on.
  options.output.on('error', (error) => filter.destroy(error));
  return filter;
}

function answerTo(options: { chunk: string; id: string | number }): { error?: string } | undefined {
  try {
    const message = JSON.parse(options.chunk) as { id?: unknown; error?: { message?: string } };
    if (message.id !== options.id || 'method' in message) return undefined;
    return message.error ? { error: String(message.error.message) } : {};
  } catch {
    return undefined;
  }
}
