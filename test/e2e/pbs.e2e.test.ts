/**
 * End-to-end test of the generated Proxmox Backup Server MCP server, as a user runs it:
 * `npm pack` + offline `npm install` of out/mcp-pbs-4.2, the installed bin started over stdio
 * by the MCP SDK client, and PBS replaced by test/support/pve-mock.ts in its PBS form
 * (PBS_PRODUCT: `Authorization: PBSAPIToken=ID:SECRET`, `PBSAuthCookie`, JSON booleans, PBS UPIDs),
 * built from the package's own `openapi.json` (checks path, method, parameters, credentials).
 *
 * Overrides: E2E_PBS_PACKAGE_DIR (a package folder; then nothing is generated).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CallToolResult, Client, Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall } from '../support/install-package.js';
import { connectStdioClient, type ConnectedClient } from '../support/mcp-stdio-client.js';
import { PBS_PRODUCT, startPveMock, type PveMock, type PveRecordedRequest } from '../support/pve-mock.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE_DIR = process.env.E2E_PBS_PACKAGE_DIR ?? join(REPO_ROOT, 'out', 'mcp-pbs-4.2');
const OPENAPI_PATH = join(PACKAGE_DIR, 'openapi.json');
const BIN_NAME = 'mcp-pbs';
const API = '/api2/json';
// Random, so "the upstream saw our credential" cannot pass by accident with a default value.
const TOKEN = { tokenId: 'backup@pbs!mcp', secret: randomUUID() };
const LOGIN = { username: 'e2e@pbs', password: `pw-${randomUUID()}` };
const NODE = 'localhost';
const SNAPSHOTS = [
  {
    'backup-type': 'vm',
    'backup-id': '100',
    'backup-time': 1764460800,
    files: ['index.json.blob'],
    protected: false,
    size: 1024,
  },
];
const TIERS = ['read-only', 'read-execute', 'full'] as const;
type Tier = (typeof TIERS)[number];

const HOOK_TIMEOUT_MS = 300_000; // covers `pnpm generate` when out/ is missing
const teardown: Array<() => Promise<void>> = [];
let mock: PveMock;
let binPath: string;
let installedDir: string;
const servers = {} as Record<Tier, ConnectedClient>;
const toolsByTier = {} as Record<Tier, Tool[]>;

beforeAll(async () => {
  await ensureGeneratedPackage();
  const installed = await packAndInstall({ packageDir: PACKAGE_DIR, binName: BIN_NAME });
  teardown.push(installed.cleanup);
  binPath = installed.binPath;
  installedDir = installed.installedDir;
  mock = await startPveMock({
    openapiPath: OPENAPI_PATH,
    product: PBS_PRODUCT,
    token: TOKEN,
    login: LOGIN,
    clusterNode: NODE,
    handlers: { 'GET /admin/datastore/{store}/snapshots': () => SNAPSHOTS },
  });
  teardown.push(mock.stop);
  // PBS_ACCESS_TIER unset for read-only: that is the documented default.
  const started = await Promise.all(
    TIERS.map((tier) => startServer({ name: tier, env: tier === 'read-only' ? {} : { PBS_ACCESS_TIER: tier } })),
  );
  TIERS.forEach((tier, index) => {
    servers[tier] = started[index] as ConnectedClient;
    teardown.push(servers[tier].close);
  });
  for (const tier of TIERS) toolsByTier[tier] = await listTools(servers[tier].client);
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  for (const step of teardown.reverse()) await step().catch((error: unknown) => console.error('teardown:', error));
}, 30_000);

describe('the mock in its PBS form, on its own', () => {
  it('takes PBSAPIToken=ID:SECRET and refuses the PVE form of the same token', async () => {
    const path = '/admin/datastore/store1/snapshots';
    expect((await raw('GET', path, { authorization: `PBSAPIToken=${TOKEN.tokenId}:${TOKEN.secret}` })).status).toBe(
      200,
    );
    expect((await raw('GET', path, { authorization: `PVEAPIToken=${TOKEN.tokenId}=${TOKEN.secret}` })).status).toBe(
      401,
    );
    expect(
      (
        await raw('GET', '/admin/datastore/bad%20name/snapshots', {
          authorization: `PBSAPIToken=${TOKEN.tokenId}:${TOKEN.secret}`,
        })
      ).status,
    ).toBe(400);
  });
});

describe('mcp-pbs 4.2 over stdio against the PBS mock', { timeout: 30_000 }, () => {
  it('installs from its tarball as a dependency-free package with the mcp-pbs bin', async () => {
    const manifest = JSON.parse(await readFile(join(installedDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'mcp-pbs', version: '4.2.0' });
    expect(manifest.bin).toMatchObject({ 'mcp-pbs': expect.stringMatching(/^(\.\/)?dist\/mcp-pbs\.js$/) });
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it('grows from read-only to read-execute to full; read-only lists reads only, full has the destructive tools', async () => {
    const names = (tier: Tier) => toolsByTier[tier].map((tool) => tool.name);
    expect(names('read-execute').length).toBeGreaterThan(names('read-only').length);
    expect(names('full').length).toBeGreaterThan(names('read-execute').length);
    expect(names('read-execute')).toEqual(expect.arrayContaining(names('read-only')));
    expect(names('full')).toEqual(expect.arrayContaining(names('read-execute')));
    expect(
      toolsByTier['read-only'].filter(
        (tool) =>
          tool.annotations?.readOnlyHint !== true &&
          !['search_operations', 'describe_operation', 'call_operation'].includes(tool.name),
      ),
    ).toEqual([]);
    expect(names('read-only')).not.toContain('admin_datastore_gc');
    expect(names('read-execute')).toContain('admin_datastore_gc');
    const forget = toolsByTier.full.find((tool) => tool.name === 'delete_admin_datastore_snapshots');
    expect(forget?.annotations?.destructiveHint).toBe(true);
    const manifest = JSON.parse(await readFile(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { description: string };
    expect(manifest.description).toContain(`${names('full').length} tools`);
  });

  it('reads snapshots: path, method, the PBSAPIToken header and the query reach PBS as it expects', async () => {
    const { result, records } = await callTool(servers['read-only'], {
      name: 'get_admin_datastore_snapshots',
      args: { store: 'store1', 'backup-type': 'vm', ns: 'prod/vm' },
    });
    expect(result.isError, resultText(result)).not.toBe(true);
    expect(JSON.parse(resultText(result))).toEqual(SNAPSHOTS);
    const record = single(records);
    expect({ method: record.method, path: record.rawPath, status: record.status }).toEqual({
      method: 'GET',
      path: `${API}/admin/datastore/store1/snapshots`,
      status: 200,
    });
    expect(Object.fromEntries(record.query)).toEqual({ 'backup-type': 'vm', ns: 'prod/vm' });
    expect(record.headers.authorization).toBe(`PBSAPIToken=${TOKEN.tokenId}:${TOKEN.secret}`);
  });

  it('refuses a datastore name PBS would refuse, before anything is sent', async () => {
    const { result, records } = await callTool(servers['read-only'], {
      name: 'get_admin_datastore_snapshots',
      args: { store: 'no spaces' },
    });
    expect(result.isError).toBe(true);
    expect(records).toEqual([]);
  });

  it('refuses an execute tool at the default tier without sending anything', async () => {
    const { text, records } = await callExpectingRefusal(servers['read-only'], {
      name: 'admin_datastore_gc',
      args: { store: 'store1' },
    });
    expect(text).toMatch(/PBS_ACCESS_TIER|not (available|enabled|listed)|unknown tool/i);
    expect(records).toEqual([]);
  });

  it('starts garbage collection with wait and polls the task to completion', async () => {
    const { result, records } = await callTool(servers['read-execute'], {
      name: 'admin_datastore_gc',
      args: { store: 'store1', wait: 10 },
    });
    expect(result.isError, resultText(result)).not.toBe(true);
    const upid = (result.structuredContent as { upid?: string }).upid ?? '';
    expect(upid).toMatch(/^UPID:localhost:[0-9A-F]{8}:0001E240:00000001:6500AAAA:/);
    expect(result.structuredContent).toMatchObject({ status: 'stopped', exitstatus: 'OK' });
    const status = `${API}/nodes/${NODE}/tasks/${encodeURIComponent(upid)}/status`;
    expect(records.map((record) => `${record.method} ${record.rawPath} ${record.status}`)).toEqual([
      `POST ${API}/admin/datastore/store1/gc 200`,
      `GET ${status} 200`,
      `GET ${status} 200`,
    ]);
    expect(
      records.every((record) => record.headers.authorization === `PBSAPIToken=${TOKEN.tokenId}:${TOKEN.secret}`),
    ).toBe(true);
  });

  it('sends booleans as JSON true/false (PBS refuses 1/0 in a JSON body) after confirmation of a prune', async () => {
    const args = { store: 'store1', 'backup-type': 'vm', 'backup-id': '100', 'dry-run': true, 'keep-last': 3 };
    const refused = await callExpectingRefusal(servers.full, { name: 'admin_datastore_prune', args });
    expect(refused.records).toEqual([]);
    const { result, records } = await callTool(servers.full, {
      name: 'admin_datastore_prune',
      args: { ...args, confirm: true },
    });
    expect(result.isError, resultText(result)).not.toBe(true);
    const record = single(records);
    expect(record.body).toEqual({ 'backup-type': 'vm', 'backup-id': '100', 'dry-run': true, 'keep-last': 3 });
  });

  it('forgets a snapshot only with confirmation, with its parameters in the query', async () => {
    const args = { store: 'store1', 'backup-type': 'vm', 'backup-id': '100', 'backup-time': 1764460800 };
    expect(
      (await callExpectingRefusal(servers.full, { name: 'delete_admin_datastore_snapshots', args })).records,
    ).toEqual([]);
    const { records } = await callTool(servers.full, {
      name: 'delete_admin_datastore_snapshots',
      args: { ...args, confirm: true },
    });
    const record = single(records);
    expect(record.method).toBe('DELETE');
    expect(Object.fromEntries(record.query)).toEqual({
      'backup-type': 'vm',
      'backup-id': '100',
      'backup-time': '1764460800',
    });
  });

  it('logs in with user and password and sends the PBSAuthCookie ticket', async () => {
    const ticket = await startServer({ name: 'ticket', env: {}, auth: 'ticket' });
    try {
      const { result, records } = await callTool(ticket, {
        name: 'get_admin_datastore_snapshots',
        args: { store: 'store1' },
      });
      expect(result.isError, resultText(result)).not.toBe(true);
      expect(records.map((record) => `${record.method} ${record.rawPath} ${record.status}`)).toEqual([
        `POST ${API}/access/ticket 200`,
        `GET ${API}/admin/datastore/store1/snapshots 200`,
      ]);
      expect(records[1]?.headers.cookie).toBe(`PBSAuthCookie=${encodeURIComponent(mock.ticket.ticket)}`);
    } finally {
      await ticket.close();
    }
  });
});

describe('the README of mcp-pbs', () => {
  it('documents every tier and every category with its tools, and the PBS token form', async () => {
    const readme = await readFile(join(PACKAGE_DIR, 'README.md'), 'utf8');
    // One row per tier, with the number of tools that tier serves (as listed by the running server).
    for (const tier of TIERS) {
      const label =
        tier === 'read-only' ? '| default (ALL, tier read-only) | every tag |' : `| tier ${tier} | default selection |`;
      expect(readme).toContain(`${label} ${toolsByTier[tier].length} |`);
    }
    for (const category of [
      'datastore',
      'content',
      'jobs',
      'sync',
      'remotes',
      'tape',
      'access',
      'notifications',
      'tasks',
      'nodes',
      'system',
    ]) {
      expect(readme).toMatch(new RegExp(`\\| ${category} \\| ${category} \\| \\d+ \\|`));
    }
    expect(readme).toContain('USER@REALM!TOKENID:SECRET');
    expect(readme).toContain('PBS_ACCESS_TIER');
    expect(readme).not.toMatch(/PVE_|Proxmox VE/);
  });
});

// ---------------------------------------------------------------- helpers

async function ensureGeneratedPackage(): Promise<void> {
  const entry = join(PACKAGE_DIR, 'dist', `${BIN_NAME}.js`);
  if (existsSync(entry) && existsSync(OPENAPI_PATH)) return;
  if (process.env.E2E_PBS_PACKAGE_DIR !== undefined)
    throw new Error(`E2E_PBS_PACKAGE_DIR is set but ${entry} does not exist`);
  await promisify(execFile)('pnpm', ['generate', '--target', 'pbs'], {
    cwd: REPO_ROOT,
    timeout: 240_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

function startServer(options: {
  name: string;
  env: Record<string, string>;
  auth?: 'token' | 'ticket';
}): Promise<ConnectedClient> {
  const credentials: Record<string, string> =
    options.auth === 'ticket'
      ? { PBS_USERNAME: LOGIN.username, PBS_PASSWORD: LOGIN.password }
      : { PBS_TOKEN_ID: TOKEN.tokenId, PBS_TOKEN_SECRET: TOKEN.secret };
  return connectStdioClient({
    command: binPath,
    env: { PBS_BASE_URL: mock.url, PBS_TIMEOUT: '10', PBS_TOOL_MODE: 'tools', ...credentials, ...options.env },
    clientName: `pbs-e2e-${options.name}`,
  });
}

async function listTools(client: Client): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? undefined : { cursor });
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

async function callTool(
  target: ConnectedClient,
  call: { name: string; args: Record<string, unknown> },
): Promise<{ result: CallToolResult; records: PveRecordedRequest[] }> {
  const mark = mock.requests.length;
  const result = await target.client.callTool({ name: call.name, arguments: call.args });
  return { result, records: mock.since(mark) };
}

/** A refused call: a protocol error (unknown tool) or an isError result; either way nothing reached PBS. */
async function callExpectingRefusal(
  target: ConnectedClient,
  call: { name: string; args: Record<string, unknown> },
): Promise<{ text: string; records: PveRecordedRequest[] }> {
  const mark = mock.requests.length;
  const text = await target.client.callTool({ name: call.name, arguments: call.args }).then(
    (result) => {
      expect(result.isError, `expected a refusal, got ${resultText(result)}`).toBe(true);
      return resultText(result);
    },
    (error: unknown) => (error as Error).message,
  );
  return { text, records: mock.since(mark) };
}

function single(records: PveRecordedRequest[]): PveRecordedRequest {
  expect(
    records.map((record) => `${record.method} ${record.url} -> ${record.status} ${JSON.stringify(record.errors)}`),
  ).toHaveLength(1);
  return records[0] as PveRecordedRequest;
}

function resultText(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : JSON.stringify(result.content);
}

async function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${mock.url}${API}${path}`, { method, headers });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}
