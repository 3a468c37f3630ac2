/**
 * A Portainer-like front for the Docker Engine API in end-to-end tests: it answers
 * `/api/endpoints/<n>/docker/<path>` by forwarding `<path>` (method, query, body) to a Prism
 * mock of Docker's own description, the way Portainer forwards to the daemon, and refuses
 * anything else with 404 and a request without the API key with 401, as Portainer does.
 *
 * Prism cannot produce Docker's binary stream framing, so for paths listed in `binaryBodies`
 * a 2xx answer from Prism (the request was valid for the spec) has its body replaced by the
 * given bytes and content type. Every request is recorded with Prism's request findings.
 * Listens on 127.0.0.1 only.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FrontRecord {
  readonly method: string;
  /** The path Portainer would receive, with `/api` and the query. */
  readonly url: string;
  /** The path forwarded to the Docker mock, with the query. */
  readonly forwarded: string | undefined;
  readonly status: number;
  readonly body: string;
  readonly violations: string;
}

export interface DockerFront {
  /** Use as PORTAINER_URL (the server appends `/api`). */
  readonly url: string;
  readonly records: readonly FrontRecord[];
  stop(): Promise<void>;
}

export interface BinaryBody {
  readonly contentType: string;
  readonly body: Buffer;
}

const ROUTE = /^\/api\/endpoints\/\d+\/docker(\/.*)$/;

export async function startDockerFront(options: {
  prismUrl: string;
  apiKeyHeader: string;
  binaryBodies: Readonly<Record<string, BinaryBody>>;
}): Promise<DockerFront> {
  const records: FrontRecord[] = [];
  const server = createServer((request, response) => {
    answer({ request, response, options, records }).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: `front: ${(error as Error).message}` }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    records,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

async function answer(context: {
  request: IncomingMessage;
  response: ServerResponse;
  options: Parameters<typeof startDockerFront>[0];
  records: FrontRecord[];
}): Promise<void> {
  const { request, response, options } = context;
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const url = new URL(request.url ?? '/', 'http://front.invalid');
  const method = request.method ?? 'GET';
  const match = ROUTE.exec(url.pathname);
  const record = (status: number, text: string, forwarded?: string, violations = '') =>
    context.records.push({ method, url: request.url ?? '/', forwarded, status, body: text, violations });
  if (!match) {
    record(404, 'not a Docker route');
    return void response.writeHead(404).end();
  }
  if (!request.headers[options.apiKeyHeader.toLowerCase()]) {
    record(401, 'no API key');
    return void response.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Unauthorized"}');
  }
  const forwarded = `${match[1]}${url.search}`;
  const upstream = await fetch(`${options.prismUrl}${forwarded}`, {
    method,
    headers: {
      ...(request.headers['content-type'] ? { 'content-type': String(request.headers['content-type']) } : {}),
      accept: String(request.headers.accept ?? '*/*'),
    },
    ...(body.length > 0 ? { body } : {}),
  });
  const violations = upstream.headers.get('sl-violations') ?? '';
  const binary = upstream.ok ? options.binaryBodies[`${method} ${match[1]}`] : undefined;
  const payload = binary ? binary.body : Buffer.from(await upstream.arrayBuffer());
  record(upstream.status, payload.toString('latin1'), forwarded, violations);
  const contentType = binary
    ? binary.contentType
    : (upstream.headers.get('content-type') ?? 'application/octet-stream');
  response.writeHead(upstream.status, { 'content-type': contentType });
  response.end(payload);
}
