import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** A static server on 127.0.0.1 (port 0) for mirror and release-feed tests; it records every path asked for. */
export interface FileServer {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

export type Routes = Record<string, string | Buffer | { status: number; body?: string }>;

/** Serves `routes` first, then files under `root` (if given); anything else is a 404. */
export async function startFileServer(options: { routes?: Routes; root?: string }): Promise<FileServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push(pathname);
    void answer({ pathname, options }).then(({ status, body }) => {
      response.writeHead(status, { 'content-type': 'application/octet-stream' });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function answer(options: {
  pathname: string;
  options: { routes?: Routes; root?: string };
}): Promise<{ status: number; body: string | Buffer }> {
  const route = options.options.routes?.[options.pathname];
  if (typeof route === 'string' || Buffer.isBuffer(route)) return { status: 200, body: route };
  if (route) return { status: route.status, body: route.body ?? '' };
  const root = options.options.root;
  if (!root) return { status: 404, body: 'not found' };
  const file = path.resolve(root, `.${options.pathname}`);
  if (!file.startsWith(path.resolve(root) + path.sep)) return { status: 404, body: 'not found' };
  return readFile(file).then(
    (body) => ({ status: 200, body }),
    () => ({ status: 404, body: 'not found' }),
  );
}
