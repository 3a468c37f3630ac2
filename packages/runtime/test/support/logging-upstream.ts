import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHttpClient } from '../../src/http/send.js';
import type { CallContext } from '../../src/tools/context.js';

/** One request as the upstream received it: the raw request target (still percent-encoded), headers and body. */
export interface LoggedRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** How the fake answers one request: a JSON answer, or raw bytes written on the socket (a 101, a lone 1xx). */
export type Answer = { status?: number; body?: unknown; headers?: Record<string, string> } | { raw: string };

/**
 * A fake upstream on 127.0.0.1 (port 0) that logs every request it receives, so that a
 * test can assert exactly what was, and was not, sent. Open sockets are destroyed at close.
 */
export async function startLoggingUpstream(answer: (request: LoggedRequest) => Answer = () => ({ body: {} })) {
  const log: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => void respond({ req, res, log, answer }));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    log,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function respond(options: {
  req: IncomingMessage;
  res: ServerResponse;
  log: LoggedRequest[];
  answer: (request: LoggedRequest) => Answer;
}): Promise<void> {
  const { req, res } = options;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const request = {
    method: req.method ?? '',
    target: req.url ?? '',
    headers: req.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
  options.log.push(request);
  const answer = options.answer(request);
  if ('raw' in answer) {
    res.socket?.write(answer.raw);
    return;
  }
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
  res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers }).end(text);
}

/** A call context whose requests really go over HTTP to the fake upstream (base path kept from `context`). */
export function liveContext(options: { context: CallContext; upstreamUrl: string; timeoutMs?: number }): CallContext {
  const { context } = options;
  return {
    ...context,
    baseUrl: new URL(`${options.upstreamUrl}${context.baseUrl.pathname}`),
    send: createHttpClient({ timeoutMs: options.timeoutMs ?? 5000, tlsVerify: true, maxBodyBytes: 16 * 1024 * 1024 }),
  };
}
