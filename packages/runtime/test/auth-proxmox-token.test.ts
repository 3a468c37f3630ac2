import { describe, expect, it } from 'vitest';
import { createUpstreamAuth } from '../src/auth/create.js';
import { headerKeyAuth } from '../src/auth/header-key.js';
import { proxmoxCredentialHeaders, proxmoxTokenAuth } from '../src/auth/proxmox-token.js';
import type { HttpMethod } from '../src/catalog/types.js';
import { API_KEY, PBS_AUTH, PVE_AUTH, PVE_TOKEN_ID, PVE_TOKEN_SECRET, recordingSend } from './fixtures.js';

const METHODS: HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const PVE_HEADERS = proxmoxCredentialHeaders({ token: PVE_AUTH.token, csrfHeader: PVE_AUTH.ticket.csrfHeader });

function pveTokenAuth(options: { tokenId: string; secret: string }) {
  return proxmoxTokenAuth({ ...options, format: PVE_AUTH.token, credentialHeaders: PVE_HEADERS });
}

describe('proxmoxTokenAuth in the Proxmox VE format', () => {
  it('sends Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET on every method, and nothing else', async () => {
    const auth = pveTokenAuth({ tokenId: PVE_TOKEN_ID, secret: PVE_TOKEN_SECRET });
    for (const method of METHODS) {
      expect(await auth.headers({ method })).toEqual({
        authorization: 'PVEAPIToken=root@pam!mcp=0b7b7f4e-1d4c-4a55-9c8e-5a1f3a2b9c00',
      });
    }
  });

  it('needs no CSRF token on writes (tokens are stateless)', async () => {
    const auth = pveTokenAuth({ tokenId: 'ci@pve!deploy', secret: 's' });
    const headers = await auth.headers({ method: 'POST' });
    expect(Object.keys(headers)).toEqual(['authorization']);
    expect(headers.authorization).toBe('PVEAPIToken=ci@pve!deploy=s');
  });

  it('blocks every header that could carry a PVE credential', () => {
    expect(pveTokenAuth({ tokenId: PVE_TOKEN_ID, secret: 'x' }).credentialHeaders).toEqual([
      'authorization',
      'cookie',
      'csrfpreventiontoken',
    ]);
  });

  it('returns a fresh object per call, so a caller cannot change the next request', async () => {
    const auth = pveTokenAuth({ tokenId: PVE_TOKEN_ID, secret: 'x' });
    const first = await auth.headers({ method: 'GET' });
    first.authorization = 'tampered';
    expect((await auth.headers({ method: 'GET' })).authorization).toBe(`PVEAPIToken=${PVE_TOKEN_ID}=x`);
  });
});

describe('proxmoxTokenAuth in the Backup Server format', () => {
  it('sends Authorization: PBSAPIToken=USER@REALM!TOKENID:SECRET (a colon, not =)', async () => {
    const headers = proxmoxCredentialHeaders({ token: PBS_AUTH.token, csrfHeader: PBS_AUTH.ticket.csrfHeader });
    const auth = proxmoxTokenAuth({
      tokenId: 'backup@pbs!mcp',
      secret: 'aa-bb',
      format: PBS_AUTH.token,
      credentialHeaders: headers,
    });
    expect(await auth.headers({ method: 'POST' })).toEqual({ authorization: 'PBSAPIToken=backup@pbs!mcp:aa-bb' });
    expect(auth.credentialHeaders).toEqual(['authorization', 'cookie', 'csrfpreventiontoken']);
  });

  it('uses the header the descriptor names', async () => {
    const format = { header: 'X-Api-Token', prefix: 'PDMAPIToken=', separator: ':' };
    const auth = proxmoxTokenAuth({
      tokenId: 'a@pdm!t',
      secret: 's',
      format,
      credentialHeaders: proxmoxCredentialHeaders({ token: format, csrfHeader: 'X-Csrf' }),
    });
    expect(await auth.headers({ method: 'GET' })).toEqual({ 'x-api-token': 'PDMAPIToken=a@pdm!t:s' });
    expect(auth.credentialHeaders).toEqual(['x-api-token', 'cookie', 'x-csrf']);
  });
});

describe('headerKeyAuth', () => {
  it('sends the key under the lower-cased header name on every method', async () => {
    const auth = headerKeyAuth({ header: 'X-API-Key', value: API_KEY });
    for (const method of METHODS) expect(await auth.headers({ method })).toEqual({ 'x-api-key': API_KEY });
    expect(auth.credentialHeaders).toEqual(['x-api-key']);
  });
});

describe('createUpstreamAuth', () => {
  const baseUrl = new URL('https://pve.example.com:8006/api2/json');

  it('builds the auth of each configured kind without sending anything up front', async () => {
    const { send, sent } = recordingSend();
    const key = createUpstreamAuth({ config: { kind: 'header-key', header: 'X-API-Key', value: 'k' }, baseUrl, send });
    expect(await key.headers({ method: 'GET' })).toEqual({ 'x-api-key': 'k' });
    const token = createUpstreamAuth({
      config: { kind: 'proxmox-token', tokenId: PVE_TOKEN_ID, secret: 's', spec: PVE_AUTH },
      baseUrl,
      send,
    });
    expect(await token.headers({ method: 'DELETE' })).toEqual({ authorization: `PVEAPIToken=${PVE_TOKEN_ID}=s` });
    const ticket = createUpstreamAuth({
      config: { kind: 'proxmox-ticket', username: 'root@pam', password: 'pw', spec: PVE_AUTH },
      baseUrl,
      send,
    });
    expect(ticket.credentialHeaders).toEqual(['authorization', 'cookie', 'csrfpreventiontoken']);
    expect(sent).toEqual([]);
  });

  it('logs a ticket auth in through the given send and base URL on first use', async () => {
    const { send, sent } = recordingSend(() => ({
      status: 200,
      statusText: 'OK',
      contentType: 'application/json',
      body: Buffer.from('{"data":{"ticket":"PVE:root@pam:1::s","CSRFPreventionToken":"1:c"}}'),
      truncated: false,
    }));
    const ticket = createUpstreamAuth({
      config: { kind: 'proxmox-ticket', username: 'root@pam', password: 'pw', spec: PVE_AUTH },
      baseUrl,
      send,
    });
    expect(await ticket.headers({ method: 'PUT' })).toEqual({
      cookie: 'PVEAuthCookie=PVE%3Aroot%40pam%3A1%3A%3As',
      csrfpreventiontoken: '1:c',
    });
    expect(sent.map((request) => `${request.method} ${request.url.href}`)).toEqual([
      'POST https://pve.example.com:8006/api2/json/access/ticket',
    ]);
    expect(JSON.parse(sent[0]!.body!.toString())).toEqual({ username: 'root@pam', password: 'pw' });
  });

  it('sends the Backup Server cookie after a PBS ticket login', async () => {
    const { send } = recordingSend(() => ({
      status: 200,
      statusText: 'OK',
      contentType: 'application/json',
      body: Buffer.from('{"data":{"ticket":"PBS:root@pam:1::s","CSRFPreventionToken":"1:c"}}'),
      truncated: false,
    }));
    const ticket = createUpstreamAuth({
      config: { kind: 'proxmox-ticket', username: 'root@pam', password: 'pw', spec: PBS_AUTH },
      baseUrl,
      send,
    });
    expect(await ticket.headers({ method: 'GET' })).toEqual({ cookie: 'PBSAuthCookie=PBS%3Aroot%40pam%3A1%3A%3As' });
  });
});
