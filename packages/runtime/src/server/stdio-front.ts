import type { Readable, Writable } from 'node:stream';
import { declaresFormElicitation } from './client-capabilities.js';
import { listingFor } from './listing-for-client.js';
import { identity, type Prepared } from './prepare.js';

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

export function serveStdioFront(options: {
  prepared: Prepared;
  input: Readable;
  output: Writable;
  handOver: (handover: Handover) => void;
}): void {
  const { input, output } = options;
  const session = openingSession(options.prepared);
  let pending: Buffer = Buffer.alloc(0);
  // Reading stops at the hand-over; what the client sends meanwhile waits in the paused stream.
  const handOver = (when: 'now' | 'next-turn') => {
    input.off('data', onData);
    input.pause();
    const give = () =>
      options.handOver({ replay: Buffer.concat([...session.recorded(), pending]), ...session.initializeId() });
    if (when === 'now') give();
    else setImmediate(give);
  };
  const onData = (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (let end = pending.indexOf(LF); end !== -1; end = pending.indexOf(LF)) {
      const step = session.answer(pending.subarray(0, end + 1));
      if (step === 'hand-over') return handOver('now');
      pending = pending.subarray(end + 1);
      if (step.reply) output.write(`${JSON.stringify(step.reply)}\n`);
      // The client has its tool list: load the SDK now, while it is idle, rather than on its first call.
      if (step.listed) return handOver('next-turn');
    }
  };
  input.on('data', onData);
}

interface Step {
  readonly reply?: object;
  readonly listed?: boolean;
}

/** The front's state: what was answered, and what the SDK must be replayed. */
function openingSession(prepared: Prepared): {
  answer: (line: Buffer) => Step | 'hand-over';
  recorded: () => Buffer[];
  initializeId: () => { answeredInitialize?: Id };
} {
  const recorded: Buffer[] = [];
  let initialized: { id: Id; capabilities: unknown } | undefined;
  const answer = (line: Buffer): Step | 'hand-over' => {
    const message = parseMessage(line);
    if (!message) return 'hand-over';
    if (!initialized) {
      const opening = initializeRequest(message);
      if (!opening) return 'hand-over';
      initialized = { id: opening.id, capabilities: opening.params.capabilities };
      recorded.push(line);
      return { reply: result({ id: opening.id, result: initializeResult({ prepared, requested: opening.version }) }) };
    }
    if (message.method === 'notifications/initialized' && message.id === undefined && noParams(message.params)) {
      recorded.push(line);
      return {};
    }
    const id = requestId(message);
    if (id === undefined) return 'hand-over';
    if (message.method === 'ping' && noParams(message.params)) return { reply: result({ id, result: {} }) };
    if (message.method === 'tools/list' && listParams(message.params)) {
      const tools = listingFor({
        listing: prepared.surface.listing,
        entries: prepared.registry.entries,
        canAsk: declaresFormElicitation(initialized.capabilities),
      });
      return { reply: result({ id, result: { tools } }), listed: true };
    }
    return 'hand-over';
  };
  return {
    answer,
    recorded: () => recorded,
    initializeId: () => (initialized ? { answeredInitialize: initialized.id } : {}),
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

function result(options: { id: Id; result: object }): object {
  return { result: options.result, jsonrpc: '2.0', id: options.id };
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
