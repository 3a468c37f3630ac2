import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The body every GET gets: small, and shaped so both Portainer- and PVE-style clients accept it. */
export const MOCK_BODY = JSON.stringify({
  data: { version: '9.2', release: '9.2', repoid: 'bench' },
  Id: 1,
  Name: 'bench',
  Status: 1,
});

export interface MockUpstream {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** GETs answered so far. */
  requests(): number;
  /** Path (with query) of the last request, to replay it directly. */
  lastPath(): string | undefined;
  close(): Promise<void>;
}

/**
 * A tiny upstream on 127.0.0.1: every GET gets 200 with MOCK_BODY, anything else 405.
 * No validation: it stands in for Portainer/PVE only to time the path through each server.
 */
export async function startMockUpstream(): Promise<MockUpstream> {
  let count = 0;
  let last: string | undefined;
  const server = createServer((request, response) => {
    request.resume();
    if (request.method !== 'GET') {
      response.writeHead(405, { 'content-type': 'application/json' }).end('{"message":"bench mock answers GET only"}');
      return;
    }
    count += 1;
    last = request.url;
    response
      .writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(MOCK_BODY) })
      .end(MOCK_BODY);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests: () => count,
    lastPath: () => last,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
