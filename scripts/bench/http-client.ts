import { Agent, type ClientRequest, request as httpRequest } from 'node:http';

type JsonRpcMessage = { id?: unknown; result?: Record<string, unknown>; error?: { code: number; message: string } };

/** The answer to one JSON-RPC request over Streamable HTTP. */
export interface HttpExchange {
  /** HTTP status of the POST. */
  readonly status: number;
  readonly sessionId?: string;
  /** The JSON-RPC response: from the POST body (JSON or SSE), or from the GET event stream. */
  readonly message?: JsonRpcMessage;
}

export interface McpHttpTarget {
  /** e.g. http://127.0.0.1:17717/mcp (loopback only). */
  readonly url: string;
  readonly headers: Record<string, string>;
}

const PROTOCOL_VERSION = '2025-06-18';

/**
 * A minimal Streamable HTTP MCP client on node:http with a keep-alive agent. Handles
 * stateless servers (answer in the POST), stateful ones (Mcp-Session-Id) and servers that
 * answer 202 and deliver the response on the session's GET event stream.
 */
export class McpHttpClient {
  private readonly agent: Agent;
  private readonly streamAgent = new Agent({ keepAlive: false });
  private sessionId: string | undefined;
  private nextId = 1;
  private stream: ClientRequest | undefined;
  private streamOpen = false;
  private readonly waiters = new Map<unknown, (message: JsonRpcMessage) => void>();

  constructor(
    private readonly target: McpHttpTarget,
    maxSockets = 64,
  ) {
    const url = new URL(target.url);
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')
      throw new Error(`bench talks to loopback only, not ${url.hostname}`);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  get session(): string | undefined {
    return this.sessionId;
  }

  get usesEventStream(): boolean {
    return this.streamOpen;
  }

  async initialize(timeoutMs = 10_000): Promise<void> {
    const answer = await this.post(
      {
        jsonrpc: '2.0',
        id: this.nextId++,
        method: 'initialize',
        params: { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
      },
      timeoutMs,
    );
    if (answer.status !== 200 || !answer.message?.result)
      throw new Error(`initialize over HTTP: HTTP ${answer.status} ${JSON.stringify(answer.message?.error ?? '')}`);
    this.sessionId = answer.sessionId;
    let initialized: HttpExchange;
    try {
      initialized = await this.post({ jsonrpc: '2.0', method: 'notifications/initialized' }, timeoutMs);
    } catch (error) {
      throw new Error(`initialize answered, then notifications/initialized failed: ${(error as Error).message}`);
    }
    if (initialized.status >= 300)
      throw new Error(`initialize answered, then notifications/initialized got HTTP ${initialized.status}`);
  }

  /**
   * Opens the session's GET event stream (for servers that answer requests there).
   * Resolves false when the server offers none (stateless, or an error status). Some
   * servers hold the response headers back until the first event: a GET still pending
   * after `settleMs` counts as open, and is closed down if it later answers otherwise.
   */
  openEventStream(settleMs = 300): Promise<boolean> {
    if (!this.sessionId) return Promise.resolve(false);
    const headers: Record<string, string> = {
      accept: 'text/event-stream',
      'mcp-session-id': this.sessionId,
      'mcp-protocol-version': PROTOCOL_VERSION,
      ...this.target.headers,
    };
    return new Promise<boolean>((resolve) => {
      let settled = false;
      const settle = (open: boolean) => {
        this.streamOpen = open;
        if (!settled) {
          settled = true;
          resolve(open);
        }
        if (!open) this.failWaiters();
      };
      const timer = setTimeout(() => settle(true), settleMs);
      const req = httpRequest(this.target.url, { method: 'GET', headers, agent: this.streamAgent }, (res) => {
        clearTimeout(timer);
        if (res.statusCode !== 200 || !String(res.headers['content-type'] ?? '').includes('text/event-stream')) {
          res.resume();
          settle(false);
          return;
        }
        settle(true);
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let end = buffered.search(/\r?\n\r?\n/);
          while (end >= 0) {
            const event = buffered.slice(0, end);
            buffered = buffered.slice(end).replace(/^\r?\n\r?\n/, '');
            this.onStreamEvent(event);
            end = buffered.search(/\r?\n\r?\n/);
          }
        });
        res.on('close', () => settle(false));
      });
      req.on('error', () => {
        clearTimeout(timer);
        settle(false);
      });
      req.end();
      this.stream = req;
    });
  }

  /** The stream is gone: whoever waits on it gets no message (and reports that). */
  private failWaiters(): void {
    for (const waiter of this.waiters.values()) waiter({});
    this.waiters.clear();
  }

  private onStreamEvent(event: string): void {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data.trim() === '') return;
    try {
      const message = JSON.parse(data) as JsonRpcMessage;
      const waiter = this.waiters.get(message.id);
      if (waiter) {
        this.waiters.delete(message.id);
        waiter(message);
      }
    } catch {
      // not JSON: ignored
    }
  }

  async request(method: string, params: Record<string, unknown>, timeoutMs = 30_000): Promise<HttpExchange> {
    const id = this.nextId++;
    // Registered before sending: the stream may deliver the answer before the POST returns.
    let streamed: Promise<JsonRpcMessage> | undefined;
    if (this.streamOpen) streamed = new Promise<JsonRpcMessage>((resolve) => this.waiters.set(id, resolve));
    const answer = await this.post({ jsonrpc: '2.0', id, method, params }, timeoutMs);
    if (answer.message?.id === id || !streamed || answer.status !== 202) {
      this.waiters.delete(id);
      return answer;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    const message = await Promise.race([streamed, timeout]);
    clearTimeout(timer);
    this.waiters.delete(id);
    return { ...answer, message };
  }

  close(): void {
    this.stream?.destroy();
    this.agent.destroy();
    this.streamAgent.destroy();
  }

  private post(body: Record<string, unknown>, timeoutMs: number): Promise<HttpExchange> {
    const payload = JSON.stringify(body);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'content-length': String(Buffer.byteLength(payload)),
      'mcp-protocol-version': PROTOCOL_VERSION,
      ...this.target.headers,
    };
    if (this.sessionId) headers['mcp-session-id'] = this.sessionId;
    return new Promise<HttpExchange>((resolve, reject) => {
      const req = httpRequest(this.target.url, { method: 'POST', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          const sessionHeader = res.headers['mcp-session-id'];
          const message = parseAnswer(
            Buffer.concat(chunks).toString('utf8'),
            String(res.headers['content-type'] ?? ''),
            body.id,
          );
          resolve({
            status: res.statusCode ?? 0,
            ...(typeof sessionHeader === 'string' ? { sessionId: sessionHeader } : {}),
            ...(message ? { message } : {}),
          });
        });
        res.on('error', reject);
      });
      const timer = setTimeout(() => req.destroy(new Error(`no HTTP answer within ${timeoutMs} ms`)), timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end(payload);
    });
  }
}

function parseAnswer(text: string, contentType: string, id: unknown): JsonRpcMessage | undefined {
  if (text.trim() === '') return undefined;
  const messages: JsonRpcMessage[] = [];
  try {
    if (contentType.includes('text/event-stream')) {
      for (const line of text.split(/\r?\n/))
        if (line.startsWith('data:') && line.slice(5).trim() !== '')
          messages.push(JSON.parse(line.slice(5)) as JsonRpcMessage);
    } else {
      const parsed = JSON.parse(text) as JsonRpcMessage | JsonRpcMessage[];
      messages.push(...(Array.isArray(parsed) ? parsed : [parsed]));
    }
  } catch {
    return undefined;
  }
  return messages.find((message) => message.id === id) ?? messages[0];
}
