import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the upstream received it, in a form two requests can be compared byte for byte. */
export interface LoggedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

export interface FakeUpstream {
  readonly url: string;
  readonly requests: readonly LoggedRequest[];
  stop(): Promise<void>;
}

/** A logging upstream on 127.0.0.1 that answers every request with 200 and the given JSON. */
export async function startFakeUpstream(options: { answer: unknown }): Promise<FakeUpstream> {
  const requests: LoggedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        // Raw header lines in arrival order: names, case and order are part of what is compared.
        headers: pairs(req.rawHeaders),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(options.answer));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function pairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let index = 0; index < raw.length; index += 2) out.push([raw[index]!, raw[index + 1]!]);
  return out;
}
