import type { Readable, Writable } from 'node:stream';
import { declaresFormElicitation } from './client-capabilities.js';
import { resultAnswer } from './call-frame.js';
import { listingFor } from './listing-for-client.js';
import { identity, type Prepared } from './prepare.js';
import { type Behind, type HotMessage, hotAnswers, sdkBehind } from './stdio-behind.js';
import { tierUpSooner } from './tier-up.js';

/**
 * The opening of a stdio session, answered before the MCP SDK is loaded. Loading the
 * SDK (hundreds of zod schemas built at module load, its request validation) cost
 * about as much as the rest of start-up together, and a client's first exchange is
 * always the same: `initialize`, `notifications/initialized`, `tools/list`. The front
 * answers exactly those (and `ping`) from the prepared server, the way the SDK's
 * 2025-era server answers them; then, or at the first message it does not answer
 * (any other request, a 2026-era opening, anything malformed), it hands the session
 * over to the SDK: the SDK is given the recorded opening first, so that it is in the
 * state it would have reached had it served from the start, and its answer to the
 * replayed `initialize` is dropped (the client already has one).
 */

/**
 * The 2025-era protocol versions the SDK's server negotiates at `initialize`, newest
 * first; a request for another version gets the newest. Written here because reading
 * them from the SDK would load it; a test keeps the two lists equal.
 */
export const LEGACY_PROTOCOL_VERSIONS: readonly string[] = [
  '2025-11-25',
  '2025-06-18',
  '2025-03-26',
  '2024-11-05',
  '2024-10-07',
];

/** What the SDK is handed: the bytes to read first (the opening, then whatever was read past it). */
export interface Handover {
  readonly replay: Buffer;
  /** The id of the replayed `initialize`, whose answer the client already has; undefined when nothing was answered. */
  readonly answeredInitialize?: string | number;
}

type Id = string | number;
interface Message {
  readonly jsonrpc?: unknown;
  readonly id?: unknown;
  readonly method?: unknown;
  readonly params?: unknown;
}

const LF = 0x0a;

/**
 * Serves stdio from the first byte. Before the opening is answered, anything the front
 * is not sure of hands the whole session over to the SDK (`handOver`: it reads the input
 * from then on). Once the front has answered a 2025-era `initialize`, it keeps reading:
 * the SDK is opened behind it (`openBehind`, after the listing or at the first line the
 * front does not answer) and given those lines, while the calls that cannot involve the
 * client are answered natively (stdio-hot-call.ts).
 */
export function serveStdioFront(options: {
  prepared: Prepared;
  input: Readable;
  output: Writable;
  handOver: (handover: Handover) => void;
  openBehind: (handover: Handover) => Promise<Behind>;
  /** The front has answered a `tools/list` (the launcher then saves its code cache, before the SDK loads). */
  onListed?: () => void;
}): void {
  const { input, output, onListed } = options;
  const session = openingSession(options.prepared);
  const behind = sdkBehind({ open: () => options.openBehind(session.handover()) });
  const answers = hotAnswers(output);
  let pending: Buffer = Buffer.alloc(0);
  const onEnd = () => behind.end();
  const onData = (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (let end = pending.indexOf(LF); end !== -1; end = pending.indexOf(LF)) {
      const line = pending.subarray(0, end + 1);
      const message = parseMessage(line);
      const step = session.answer({ line, message, opened: behind.opened() });
      if (step === 'hand-over') return handOver();
      pending = pending.subarray(end + 1);
      if (step === 'forward') route({ line, message });
      else if (step.reply || step.text)
        write({ text: `${step.text ?? JSON.stringify(step.reply)}\n`, listed: step.listed === true });
    }
  };
  /**
   * The client has its tool list: the SDK is loaded now, while the client is idle, rather than at its
   * first call; but only once the listing is written out. A long listing (every tool listed) takes
   * many pipe writes, and loading the SDK in between held the rest of it back.
   */
  const write = (options: { text: string; listed: boolean }) => {
    if (!options.listed) return void output.write(options.text);
    output.write(options.text, () => {
      // The launcher saves its code cache on the next turn; V8 refuses a cache made under other flags,
      // so the tier-up flag is set after it, on the turn after.
      onListed?.();
      setImmediate(() => {
        tierUpSooner();
        behind.open();
      });
    });
  };
  // Reading stops at a hand-over; what the client sends meanwhile waits in the paused stream.
  const handOver = () => {
    input.off('data', onData);
    input.off('end', onEnd);
    input.pause();
    const handover = session.handover();
    options.handOver({ ...handover, replay: Buffer.concat([handover.replay, pending]) });
  };
  const route = (options: { line: Buffer; message: Message | undefined }) => {
    const { message } = options;
    const answer = message?.method === 'tools/call' ? behind.hotCall(message as HotMessage) : undefined;
    if (answer) return answers.send({ id: (message as HotMessage).id, answer });
    if (message?.method === 'notifications/cancelled') answers.cancel(message.params);
    behind.deliver(options.line);
  };
  input.on('data', onData);
  input.on('end', onEnd);
}

interface Step {
  readonly reply?: object;
  /** The reply already serialized. */
  readonly text?: string;
  readonly listed?: boolean;
}

/** The front's state: what was answered, and what the SDK must be replayed. */
function openingSession(prepared: Prepared): {
  answer: (options: { line: Buffer; message: Message | undefined; opened: boolean }) => Step | 'hand-over' | 'forward';
  handover: () => Handover;
} {
  const recorded: Buffer[] = [];
  let initialized: { id: Id; capabilities: unknown } | undefined;
  const answer = (options: { line: Buffer; message: Message | undefined; opened: boolean }) => {
    const { message } = options;
    if (!initialized) {
      const opening = message && initializeRequest(message);
      if (!opening) return 'hand-over';
      initialized = { id: opening.id, capabilities: opening.params.capabilities };
      recorded.push(options.line);
      return {
        reply: resultAnswer({ id: opening.id, result: initializeResult({ prepared, requested: opening.version }) }),
      };
    }
    if (!message) return 'forward';
    if (message.method === 'notifications/initialized' && message.id === undefined && noParams(message.params)) {
      // Part of the opening the SDK is replayed, until it has been opened.
      if (options.opened) return 'forward';
      recorded.push(options.line);
      return {};
    }
    const id = requestId(message);
    if (id === undefined) return 'forward';
    if (message.method === 'ping' && noParams(message.params)) return { reply: resultAnswer({ id, result: {} }) };
    if (message.method === 'tools/list' && listParams(message.params)) {
      const { surface } = prepared;
      const canAsk = declaresFormElicitation(initialized.capabilities);
      // The listing as it was generated, without parsing it only to serialize it again; the same bytes.
      if (!canAsk && surface.listingJson)
        return {
          text: `{"result":{"tools":${surface.listingJson()}},"jsonrpc":"2.0","id":${JSON.stringify(id)}}`,
          listed: true,
        };
      const tools = listingFor({ listing: surface.listing, entries: prepared.registry.entries, canAsk });
      return { reply: resultAnswer({ id, result: { tools } }), listed: true };
    }
    return 'forward';
  };
  return {
    answer,
    handover: () => ({
      replay: Buffer.concat(recorded),
      ...(initialized ? { answeredInitialize: initialized.id } : {}),
    }),
  };
}

/** What the SDK's 2025-era server answers to `initialize` (Server._oninitialize). */
function initializeResult(options: { prepared: Prepared; requested: string }): object {
  const { name, version, instructions } = identity(options.prepared);
  const protocolVersion = LEGACY_PROTOCOL_VERSIONS.includes(options.requested)
    ? options.requested
    : LEGACY_PROTOCOL_VERSIONS[0]!;
  return {
    protocolVersion,
    capabilities: { tools: {} },
    serverInfo: { name, version },
    ...(instructions ? { instructions } : {}),
  };
}

function parseMessage(line: Buffer): Message | undefined {
  try {
    const message = JSON.parse(line.toString('utf8')) as unknown;
    if (message === null || typeof message !== 'object' || Array.isArray(message)) return undefined;
    return (message as Message).jsonrpc === '2.0' ? (message as Message) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A 2025-era `initialize` the SDK would accept as it is: the front answers nothing it
 * is not sure of. A `_meta` anywhere in the opening may be a 2026-era claim; the SDK decides.
 */
function initializeRequest(
  message: Message,
): { id: Id; version: string; params: { capabilities: object } } | undefined {
  const id = requestId(message);
  const params = message.params as Record<string, unknown> | undefined;
  if (message.method !== 'initialize' || id === undefined || !isObject(params) || '_meta' in params) return undefined;
  const client = params.clientInfo as Record<string, unknown> | undefined;
  if (typeof params.protocolVersion !== 'string' || !isObject(params.capabilities) || !isObject(client))
    return undefined;
  if (typeof client.name !== 'string' || typeof client.version !== 'string') return undefined;
  return { id, version: params.protocolVersion, params: { capabilities: params.capabilities } };
}

function requestId(message: Message): Id | undefined {
  const { id } = message;
  return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)) ? id : undefined;
}

function noParams(params: unknown): boolean {
  return params === undefined || (isObject(params) && Object.keys(params).length === 0);
}

/** `tools/list` as the front answers it: no `_meta` (progress, a 2026-era envelope), at most a cursor. */
function listParams(params: unknown): boolean {
  if (params === undefined) return true;
  if (!isObject(params)) return false;
  const keys = Object.keys(params);
  return keys.every((key) => key === 'cursor') && (keys.length === 0 || typeof params.cursor === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
