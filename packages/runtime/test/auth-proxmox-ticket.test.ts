import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { proxmoxTicketAuth } from '../src/auth/proxmox-ticket.js';
import { PVE_AUTH } from './fixtures.js';
import type { UpstreamAuth } from '../src/auth/types.js';
import type { HttpMethod } from '../src/catalog/types.js';
import { createHttpClient } from '../src/http/send.js';
import { UpstreamUnreachableError } from '../src/http/types.js';

/**
 * A small Proxmox-like server on 127.0.0.1: `POST /api2/json/access/ticket` takes user name and password (or a
 * still valid ticket as the password, which renews it); every other path needs the `PVEAuthCookie` cookie, and
 * writes also the `CSRFPreventionToken` header, as pve-http-server checks them.
 */
interface Seen {
  method: string;
  path: string;
  contentType: string | undefined;
  cookie: string | undefined;
  csrf: string | undefined;
  body: string;
}

const USER = 'root@pam';
const PASSWORD = 'pa:ss@wörd';
const MIN = 60 * 1000;

const seen: Seen[] = [];
/** Tickets the server accepts, with their CSRF tokens. */
const valid = new Map<string, string>();
let issued = 0;
let loginDelayMs = 0;
let failNextLogins = 0;
let server: http.Server;
let baseUrl: URL;

function issue(res: http.ServerResponse): void {
  issued += 1;
  const ticket = `PVE:${USER}:6650A${issued}::c2lnbmF0dXJl+/=${issued}`;
  const csrf = `6650A${issued}:csrf${issued}`;
  valid.set(ticket, csrf);
  res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify({ data: { ticket, CSRFPreventionToken: csrf, username: USER, cap: {} } }));
}

function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
  const path = req.url ?? '';
  if (path === '/api2/json/access/ticket' && req.method === 'POST') {
    const { username, password } = JSON.parse(body) as { username?: string; password?: string };
    const ok = username === USER && (password === PASSWORD || (password !== undefined && valid.has(password)));
    if (failNextLogins > 0) {
      failNextLogins -= 1;
      res.writeHead(500, 'Internal Server Error', { 'content-type': 'application/json' });
      res.end('{"data":null}');
      return;
    }
    if (!ok) {
      res.writeHead(401, 'authentication failure', { 'content-type': 'application/json;charset=UTF-8' });
      res.end('{"data":null}');
      return;
    }
    setTimeout(() => issue(res), loginDelayMs);
    return;
  }
  const match = /(?:^|;\s*)PVEAuthCookie=([^;]*)/.exec(req.headers.cookie ?? '');
  const ticket = match ? decodeURIComponent(match[1]!) : undefined;
  if (!ticket || !valid.has(ticket)) {
    res.writeHead(401, 'No ticket', { 'content-type': 'application/json' });
    res.end('{"data":null}');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.headers.csrfpreventiontoken !== valid.get(ticket)) {
    res.writeHead(401, 'Permission denied - invalid csrf token', { 'content-type': 'application/json' });
    res.end('{"data":null}');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify({ data: { ok: true, ticket } }));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        cookie: req.headers.cookie,
        csrf: req.headers.csrfpreventiontoken as string | undefined,
        body,
      });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api2/json`);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen.length = 0;
  valid.clear();
  issued = 0;
  loginDelayMs = 0;
  failNextLogins = 0;
});

const send = createHttpClient({ timeoutMs: 5_000, tlsVerify: true, maxBodyBytes: 1024 * 1024 });

/** A clock the test moves by hand. */
function clock() {
  let time = 1_700_000_000_000;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

const TICKET = { format: PVE_AUTH.ticket, credentialHeaders: ['authorization', 'cookie', 'csrfpreventiontoken'] };

/** The ticket auth in the Proxmox VE format. */
function pveTicketAuth(options: Omit<Parameters<typeof proxmoxTicketAuth>[0], keyof typeof TICKET>) {
  return proxmoxTicketAuth({ ...options, ...TICKET });
}

function ticketAuth(options: { now?: () => number; password?: string; base?: URL } = {}): UpstreamAuth {
  return pveTicketAuth({
    username: USER,
    password: options.password ?? PASSWORD,
    baseUrl: options.base ?? baseUrl,
    send,
    ...(options.now ? { now: options.now } : {}),
  });
}

/** One request to the local server with the auth's headers, as the tools send it. */
async function request(auth: UpstreamAuth, method: HttpMethod, path = '/nodes') {
  const headers = await auth.headers({ method });
  const response = await send({
    method,
    url: new URL(`${baseUrl.href}${path}`),
    headers: { accept: 'application/json', ...headers },
  });
  return { status: response.status, statusText: response.statusText, headers };
}

const logins = () => seen.filter((entry) => entry.path === '/api2/json/access/ticket');

describe('proxmoxTicketAuth', () => {
  it('logs in with a JSON body holding user name and password, at <base>/access/ticket', async () => {
    await ticketAuth().headers({ method: 'GET' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      path: '/api2/json/access/ticket',
      contentType: 'application/json',
      cookie: undefined,
      csrf: undefined,
    });
    expect(JSON.parse(seen[0]!.body)).toEqual({ username: USER, password: PASSWORD });
  });

  it('logs in at the right place when the base URL ends with a slash', async () => {
    await ticketAuth({ base: new URL(`${baseUrl.href}/`) }).headers({ method: 'GET' });
    expect(seen.map((entry) => entry.path)).toEqual(['/api2/json/access/ticket']);
  });

  it('does not log in before the first call', () => {
    ticketAuth();
    expect(seen).toEqual([]);
  });

  it('sends the ticket as the PVEAuthCookie cookie on reads, without a CSRF token', async () => {
    const auth = ticketAuth();
    for (const method of ['GET', 'HEAD'] as const) {
      const { status, headers } = await request(auth, method);
      expect(status).toBe(200);
      expect(Object.keys(headers)).toEqual(['cookie']);
    }
    const reads = seen.filter((entry) => entry.path === '/api2/json/nodes');
    expect(reads.map((entry) => entry.method)).toEqual(['GET', 'HEAD']);
    expect(reads[0]?.cookie).toBe(`PVEAuthCookie=${encodeURIComponent('PVE:root@pam:6650A1::c2lnbmF0dXJl+/=1')}`);
    expect(reads.every((entry) => entry.csrf === undefined)).toBe(true);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'] as const)('adds the CSRFPreventionToken header on %s', async (method) => {
    const { status, headers } = await request(ticketAuth(), method, '/nodes/pve1/qemu/100/config');
    expect(status).toBe(200);
    expect(headers).toEqual({
      cookie: `PVEAuthCookie=${encodeURIComponent('PVE:root@pam:6650A1::c2lnbmF0dXJl+/=1')}`,
      csrfpreventiontoken: '6650A1:csrf1',
    });
    expect(seen.at(-1)?.csrf).toBe('6650A1:csrf1');
  });

  it('the server it talks to refuses a write without the CSRF token (so the test server is strict)', async () => {
    const auth = ticketAuth();
    const { cookie } = await auth.headers({ method: 'GET' });
    const response = await send({
      method: 'POST',
      url: new URL(`${baseUrl.href}/nodes`),
      headers: { cookie: cookie! },
    });
    expect(response.status).toBe(401);
  });

  it('logs in once and reuses the ticket until it is 90 minutes old', async () => {
    const time = clock();
    const auth = ticketAuth({ now: time.now });
    await request(auth, 'GET');
    time.advance(45 * MIN);
    await request(auth, 'POST');
    time.advance(45 * MIN - 1);
    await request(auth, 'GET');
    expect(logins()).toHaveLength(1);
  });

  it('renews after 90 minutes by posting the current ticket as the password, then uses the new ticket', async () => {
    const time = clock();
    const auth = ticketAuth({ now: time.now });
    const first = await request(auth, 'GET');
    time.advance(90 * MIN);
    const second = await request(auth, 'POST');
    expect(second.status).toBe(200);
    expect(logins()).toHaveLength(2);
    expect(JSON.parse(logins()[1]!.body)).toEqual({
      username: USER,
      password: 'PVE:root@pam:6650A1::c2lnbmF0dXJl+/=1',
    });
    expect(second.headers).toEqual({
      cookie: `PVEAuthCookie=${encodeURIComponent('PVE:root@pam:6650A2::c2lnbmF0dXJl+/=2')}`,
      csrfpreventiontoken: '6650A2:csrf2',
    });
    expect(second.headers.cookie).not.toBe(first.headers.cookie);
    // The renewed ticket counts from its own login: no further login for another 89 minutes.
    time.advance(89 * MIN);
    await request(auth, 'GET');
    expect(logins()).toHaveLength(2);
    time.advance(MIN);
    await request(auth, 'GET');
    expect(logins()).toHaveLength(3);
  });

  it('shares one login between concurrent calls', async () => {
    loginDelayMs = 50;
    const auth = ticketAuth();
    const all = await Promise.all(
      ['GET', 'POST', 'PUT', 'DELETE', 'GET'].map((method) => auth.headers({ method: method as HttpMethod })),
    );
    expect(logins()).toHaveLength(1);
    expect(new Set(all.map((headers) => headers.cookie)).size).toBe(1);
    expect(all.map((headers) => headers.csrfpreventiontoken)).toEqual([
      undefined,
      '6650A1:csrf1',
      '6650A1:csrf1',
      '6650A1:csrf1',
      undefined,
    ]);
  });

  it('shares one renewal between concurrent calls', async () => {
    const time = clock();
    const auth = ticketAuth({ now: time.now });
    await auth.headers({ method: 'GET' });
    time.advance(91 * MIN);
    loginDelayMs = 50;
    await Promise.all([
      auth.headers({ method: 'GET' }),
      auth.headers({ method: 'POST' }),
      auth.headers({ method: 'GET' }),
    ]);
    expect(logins()).toHaveLength(2);
  });

  it('fails with a message naming the user and the HTTP status when the password is wrong', async () => {
    const auth = ticketAuth({ password: 'wrong' });
    await expect(auth.headers({ method: 'GET' })).rejects.toThrow(
      new Error('login as root@pam failed: HTTP 401 authentication failure'),
    );
    expect(logins()).toHaveLength(1);
    expect(seen).toHaveLength(1);
  });

  it('tries again on the next call after a failed login', async () => {
    failNextLogins = 1;
    const auth = ticketAuth();
    await expect(auth.headers({ method: 'GET' })).rejects.toThrow(
      'login as root@pam failed: HTTP 500 Internal Server Error',
    );
    expect((await request(auth, 'GET')).status).toBe(200);
    expect(logins()).toHaveLength(2);
  });

  it('fails when a 200 answer carries no ticket', async () => {
    const auth = pveTicketAuth({
      username: USER,
      password: PASSWORD,
      baseUrl,
      send: async () => ({
        status: 200,
        statusText: 'OK',
        contentType: 'application/json',
        body: Buffer.from('{"data":{"ticket":"x"}}'),
        truncated: false,
      }),
    });
    await expect(auth.headers({ method: 'GET' })).rejects.toThrow('login as root@pam failed: HTTP 200 OK');
  });

  it('lets an unreachable server surface as the send error', async () => {
    const auth = pveTicketAuth({
      username: USER,
      password: PASSWORD,
      baseUrl,
      send: async () => {
        throw new UpstreamUnreachableError('connection refused (ECONNREFUSED)');
      },
    });
    await expect(auth.headers({ method: 'GET' })).rejects.toThrow(UpstreamUnreachableError);
  });

  it('blocks the headers that carry a PVE credential', () => {
    expect(ticketAuth().credentialHeaders).toEqual(['authorization', 'cookie', 'csrfpreventiontoken']);
  });

  // Fixed in 73229ee: renewal used to post the old ticket as the password and never fall back, so after more than
  // 2 h idle the server stayed broken until restarted. A ticket past its 2 h lifetime now goes straight to the
  // password; a renewal refused within the lifetime falls back to the password.
  it('logs in with the password again when the old ticket has expired (idle for more than 2 h)', async () => {
    const time = clock();
    const auth = ticketAuth({ now: time.now });
    await request(auth, 'GET');
    time.advance(3 * 60 * MIN);
    valid.clear(); // Proxmox no longer accepts the two-hour-old ticket, neither as cookie nor for renewal.
    const later = await request(auth, 'GET');
    expect(later.status).toBe(200);
    // No doomed renewal with the dead ticket: one login with the password.
    expect(logins().map((entry) => JSON.parse(entry.body))).toEqual([
      { username: USER, password: PASSWORD },
      { username: USER, password: PASSWORD },
    ]);
    expect(later.headers.cookie).toBe(`PVEAuthCookie=${encodeURIComponent('PVE:root@pam:6650A2::c2lnbmF0dXJl+/=2')}`);
  });

  it('falls back to the password when a renewal within the 2 h lifetime is refused (e.g. the server restarted)', async () => {
    const time = clock();
    const auth = ticketAuth({ now: time.now });
    await request(auth, 'GET');
    time.advance(100 * MIN);
    valid.clear();
    const later = await request(auth, 'POST');
    expect(later.status).toBe(200);
    expect(logins().map((entry) => JSON.parse(entry.body).password)).toEqual([
      PASSWORD,
      'PVE:root@pam:6650A1::c2lnbmF0dXJl+/=1',
      PASSWORD,
    ]);
  });
});
