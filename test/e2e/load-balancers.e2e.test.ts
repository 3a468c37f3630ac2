/**
 * Replicas of the generated Portainer server behind the balancers teams run: nginx and
 * HAProxy from Debian's packages, started on 127.0.0.1 by this test, with two and with
 * four replicas, round-robin and least-connections. Three users call at once, each with
 * their own Portainer key; one replica is killed (SIGKILL, the worst case: no goodbye)
 * a third of the way through.
 *
 * Asserted for every combination: no wrong answer (each result names the endpoint the
 * caller asked for, under the caller's JSON-RPC id), no crossed user (each result was
 * fetched upstream with the caller's own key), every call accounted for (answered or
 * failed), and every failed call explained: it had been sent before the kill (it was in
 * flight on the replica that died; a balancer does not resend a POST that may have run),
 * and there are at most as many as were in flight at the kill plus those sent while the
 * replica was dying (between the signal and its reaping). "Sent before the replica was dead" is
 * measured: dead is when the killed process was reaped (its sockets closed by the kernel),
 * tens of ms after the signal on a busy machine; a call routed to it in that moment fails
 * too. Calls sent after that all succeed: the balancer moves on to the live replicas
 * (nginx on the refused connection, HAProxy by redispatch and then its health check).
 * How a failure shows: nginx answers 502; HAProxy closes the client connection (the client
 * sees ECONNRESET), as it does when a server connection dies mid-request. Neither resends
 * the POST, which is right: a tools/call may have run.
 *
 * Kept short for CI: 240 calls at concurrency 12 per combination, against a tiny upstream
 * that answers each call after 5-15 ms (so calls are in flight when the replica dies).
 */
import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Algorithm, type BalancerKind, balancerBinary, startBalancer } from '../support/balancers.js';
import { startHttpServer, type RunningServer } from '../support/http-server.js';
import { findFreePort } from '../support/prism.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const PORTAINER_BIN = process.env.E2E_PORTAINER_PACKAGE_DIR
  ? path.join(process.env.E2E_PORTAINER_PACKAGE_DIR, 'dist', 'mcp-portainer.js')
  : path.join(REPO, 'out', 'mcp-portainer-2.43', 'dist', 'mcp-portainer.js');
const GATE = 'lb-test-gate-token-0123456789abcdefghijkl';
const USERS = ['alice', 'bob', 'carol'] as const;
const CALLS = 240;
const CONCURRENCY = 12;
const KILL_AFTER = CALLS / 3;

/**
 * A tiny Portainer: accepts `key-<user>`, answers GET /api/endpoints/<n> with the id and the user whose key it
 * saw, after 5-15 ms (the user, not the key: the server scrubs its callers' credentials from every answer).
 */
async function startUpstream(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const key = String(req.headers['x-api-key'] ?? '');
    if (!/^key-[a-z]+$/.test(key))
      return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Unauthorized"}');
    const url = new URL(req.url ?? '/', 'http://upstream.invalid');
    if (url.pathname === '/api/users/me')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"Id":1}');
    const match = /^\/api\/endpoints\/(\d+)$/.exec(url.pathname);
    if (!match) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
    const body = JSON.stringify({ Id: Number(match[1]), User: key.slice('key-'.length) });
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(body), 5 + (Number(match[1]) % 11));
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface CallOutcome {
  readonly n: number;
  readonly user: string;
  readonly sentAt: number;
  /** 'ok', 'wrong answer: ...', 'crossed user: ...', or the failure (HTTP status, socket error). */
  readonly outcome: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** One stateless 2025-11-25 tools/call through the balancer; the JSON-RPC id is n. */
function callOnce(options: { origin: string; user: string; n: number }): Promise<string> {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: options.n,
    method: 'tools/call',
    params: { name: 'endpoint_inspect', arguments: { id: options.n } },
  });
  return new Promise((resolve) => {
    const req = http.request(
      `${options.origin}/mcp`,
      {
        method: 'POST',
        agent,
        timeout: 20_000,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2025-11-25',
          authorization: `Bearer ${GATE}`,
          'x-portainer-api-key': `key-${options.user}`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(res.statusCode === 200 ? judge({ text, ...options }) : `HTTP ${res.statusCode}`));
        res.on('error', (error) => resolve(`response error: ${error.message}`));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve(`request error: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
    req.end(body);
  });
}

/** 'ok' when the answer is this caller's: its id, its endpoint, fetched with its key. */
function judge(options: { text: string; user: string; n: number }): string {
  const data = options.text.split('\n').find((line) => line.startsWith('data: '));
  if (!data) return `wrong answer: no SSE data line in ${options.text.slice(0, 120)}`;
  const message = JSON.parse(data.slice(6)) as {
    id?: unknown;
    result?: { isError?: boolean; content?: { text?: string }[] };
  };
  if (message.id !== options.n) return `wrong answer: id ${String(message.id)} for call ${options.n}`;
  if (!message.result || message.result.isError) return `wrong answer: ${data.slice(0, 200)}`;
  const seen = JSON.parse(message.result.content?.[0]?.text ?? '{}') as { Id?: number; User?: string };
  if (seen.Id !== options.n) return `wrong answer: endpoint ${seen.Id} for call ${options.n}`;
  if (seen.User !== options.user)
    return `crossed user: ${options.user}'s call was made upstream with ${String(seen.User)}'s key`;
  return 'ok';
}

/** CALLS calls, CONCURRENCY in flight, users in turn; `onProgress` sees each completed count. */
async function runLoad(options: { origin: string; onProgress: (completed: number) => void }): Promise<CallOutcome[]> {
  const outcomes: CallOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < CALLS) {
      next += 1;
      const n = next;
      const user = USERS[n % USERS.length]!;
      const sentAt = performance.now();
      const outcome = await callOnce({ origin: options.origin, user, n });
      outcomes.push({ n, user, sentAt, outcome });
      options.onProgress(outcomes.length);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return outcomes;
}

let upstream: Awaited<ReturnType<typeof startUpstream>>;

beforeAll(async () => {
  for (const kind of ['nginx', 'haproxy'] as const) balancerBinary(kind);
  upstream = await startUpstream();
});

afterAll(async () => {
  agent.destroy();
  await upstream?.close();
});

async function startReplicas(count: number): Promise<RunningServer[]> {
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      startHttpServer({
        command: PORTAINER_BIN,
        envPrefix: 'PORTAINER_MCP_',
        transportEnv: 'PORTAINER_MCP_TRANSPORT',
        name: `replica ${index + 1}`,
        env: { PORTAINER_URL: upstream.url, PORTAINER_MCP_AUTH_TOKEN: GATE, PORTAINER_MCP_LOG_LEVEL: 'warn' },
      }),
    ),
  );
}

/** Killed by a signal: exitCode stays null, so look at the process itself. */
function victimSignalled(server: RunningServer): boolean {
  try {
    process.kill(server.pid!, 0);
    return false;
  } catch {
    return true;
  }
}

const COMBINATIONS: { kind: BalancerKind; replicas: number; algorithm: Algorithm }[] = [];
/** LB_ONLY=nginx or haproxy: one balancer only (for iterating). */
const ONLY = process.env.LB_ONLY;
for (const kind of ['nginx', 'haproxy'] as const)
  for (const replicas of [2, 4])
    for (const algorithm of ['round-robin', 'least-connections'] as const)
      if (!ONLY || ONLY === kind) COMBINATIONS.push({ kind, replicas, algorithm });

describe.each(COMBINATIONS)('$kind, $replicas replicas, $algorithm', ({ kind, replicas, algorithm }) => {
  it(
    'a replica killed mid-load: no wrong answer, no crossed user, every failure in flight at the kill',
    { timeout: 120_000 },
    async () => {
      const servers = await startReplicas(replicas);
      const balancer = await startBalancer({
        kind,
        port: await findFreePort('127.0.0.1'),
        replicas: servers.map((server) => server.port),
        algorithm,
      });
      const victim = servers[1]!;
      let killedAt = Number.POSITIVE_INFINITY;
      let deadAt = Number.POSITIVE_INFINITY;
      let watch: NodeJS.Timeout | undefined;
      try {
        const outcomes = await runLoad({
          origin: balancer.origin,
          onProgress: (completed) => {
            if (completed !== KILL_AFTER || victim.pid === undefined) return;
            killedAt = performance.now();
            process.kill(-victim.pid, 'SIGKILL');
            // Dead = reaped: the kernel has closed its sockets by then. Until that moment it may still take requests.
            watch = setInterval(() => {
              if (victim.exitCode() === null && !victimSignalled(victim)) return;
              deadAt = performance.now();
              clearInterval(watch);
            }, 1);
          },
        });
        const failed = outcomes.filter((call) => call.outcome !== 'ok');
        const report =
          `${kind} ${algorithm} x${replicas}: ${outcomes.length - failed.length}/${CALLS} ok; replica 2 killed after ${KILL_AFTER} answers, dead ${(deadAt - killedAt).toFixed(0)} ms later; ` +
          `${failed.length} failed: ${failed.map((call) => `#${call.n} ${call.outcome} (sent ${(call.sentAt - killedAt).toFixed(0)} ms after the kill)`).join('; ')}`;
        console.log(report);
        expect(outcomes).toHaveLength(CALLS);
        expect(killedAt, 'the replica was killed mid-load').toBeLessThan(Number.POSITIVE_INFINITY);
        expect(
          failed.filter((call) => call.outcome.startsWith('wrong answer')),
          report,
        ).toEqual([]);
        expect(
          failed.filter((call) => call.outcome.startsWith('crossed user')),
          report,
        ).toEqual([]);
        // Explained: every failed call was sent before the replica was dead (in flight on it, or routed to it in the moment it was dying).
        expect(deadAt, report).toBeLessThan(Number.POSITIVE_INFINITY);
        expect(
          failed.filter((call) => call.sentAt >= deadAt),
          report,
        ).toEqual([]);
        // At most the calls in flight at the kill, plus those routed to the replica while it was dying.
        const sentWhileDying = outcomes.filter((call) => call.sentAt >= killedAt && call.sentAt < deadAt).length;
        expect(failed.length, report).toBeLessThanOrEqual(CONCURRENCY + sentWhileDying);
      } finally {
        clearInterval(watch);
        await balancer.stop();
        await Promise.all(servers.map((server) => server.stop()));
      }
    },
  );
});
