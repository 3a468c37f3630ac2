import type { AuthInfo, JSONRPCMessage, JSONRPCRequest, Transport } from '@modelcontextprotocol/server';

type RequestId = string | number;

/** Where the answer to one delivered request goes, with the id its caller used. */
interface Exchange {
  readonly callerId: RequestId;
  readonly answer: (message: JSONRPCMessage) => void;
}

/**
 * A transport for one long-lived server that serves many HTTP requests at once: each
 * request is delivered under an id of its own (callers' ids may collide: every client
 * counts from 1), and its answer is handed back under the caller's id. Notifications a
 * handler sends mid-call are dropped: only requests that cannot produce any (no progress
 * token, no server-to-client request; see hot-path.ts) are delivered here.
 */
export class ExchangeTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];
  private readonly pending = new Map<RequestId, Exchange>();
  private nextId = 0;

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    if (!('id' in message) || 'method' in message || message.id === undefined) return;
    const exchange = this.pending.get(message.id);
    if (!exchange) return;
    this.pending.delete(message.id);
    exchange.answer({ ...message, id: exchange.callerId } as JSONRPCMessage);
  }

  async close(): Promise<void> {
    this.pending.clear();
    this.onclose?.();
  }

  /** Delivers one request; `answer` gets its response. Returns a function that cancels it (the caller went away). */
  deliver(options: {
    request: JSONRPCRequest;
    authInfo: AuthInfo | undefined;
    answer: (message: JSONRPCMessage) => void;
  }): () => void {
    const id = `x${(this.nextId += 1)}`;
    this.pending.set(id, { callerId: options.request.id, answer: options.answer });
    this.onmessage?.({ ...options.request, id }, options.authInfo ? { authInfo: options.authInfo } : undefined);
    return () => {
      if (!this.pending.delete(id)) return;
      this.onmessage?.({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: id, reason: 'the HTTP client went away' },
      });
    };
  }

  /** Requests delivered and not yet answered. */
  inFlight(): number {
    return this.pending.size;
  }
}
