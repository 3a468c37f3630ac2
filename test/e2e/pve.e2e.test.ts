/**
 * End-to-end test of the generated Proxmox VE MCP server, as a user runs it:
 * `npm pack` + offline `npm install` of out/mcp-pve-9.2, the installed bin started over
 * stdio by the MCP SDK client, and Proxmox replaced by test/support/pve-mock.ts, a strict
 * mock built from the package's own `openapi.json` (checks path, method, parameters,
 * credentials and wire conventions; records every request).
 *
 * Overrides: E2E_PVE_PACKAGE_DIR (a package folder; then nothing is generated).
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
import { MockAnswer, startPveMock, type PveMock, type PveRecordedRequest } from '../support/pve-mock.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE_DIR = process.env.E2E_PVE_PACKAGE_DIR ?? join(REPO_ROOT, 'out', 'mcp-pve-9.2');
const OPENAPI_PATH = join(PACKAGE_DIR, 'openapi.json');
const BIN_NAME = 'mcp-pve';
const API = '/api2/json';

// Random, so "the upstream saw our credential" cannot pass by accident with a default value.
const TOKEN = { tokenId: 'root@pam!mcp', secret: randomUUID() };
const LOGIN = { username: 'e2e@pve', password: `pw-${randomUUID()}` };
const NODE = 'pve1';
/** Node that runs cluster-level tasks in the mock: differs from NODE on purpose. */
const CLUSTER_NODE = 'pve3';
const OFFLINE_NODE = 'pve-offline';
/** A VM whose start task never finishes in the mock. */
const SLOW_VMID = 777;
const VMS = [
  { vmid: 100, name: 'web-01', status: 'running', cpus: 2, maxmem: 4294967296 },
  { vmid: 101, name: 'db-01', status: 'stopped', cpus: 4, maxmem: 8589934592 },
];
const ANNOTATION_HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;
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
    token: TOKEN,
    login: LOGIN,
    clusterNode: CLUSTER_NODE,
    runningPolls: (task) => (task.id === String(SLOW_VMID) ? Number.POSITIVE_INFINITY : 1),
    handlers: {
      // 595 is what pveproxy answers when the node a request is proxied to is down.
      'GET /nodes/{node}/qemu': ({ pathParams }) =>
        pathParams.node === OFFLINE_NODE ? new MockAnswer(595, { data: null }, 'No route to host') : VMS,
    },
  });
  teardown.push(mock.stop);
  // PVE_ACCESS_TIER unset for read-only: that is the documented default.
  const started = await Promise.all(
    TIERS.map((tier) => startServer({ name: tier, env: tier === 'read-only' ? {} : { PVE_ACCESS_TIER: tier } })),
  );
  TIERS.forEach((tier, index) => {
    const server = started[index] as ConnectedClient;
    servers[tier] = server;
    teardown.push(server.close);
  });
  for (const tier of TIERS) toolsByTier[tier] = await listTools(servers[tier].client);
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  // Reverse order; keep going on failure so no process or temp folder is left behind.
  for (const step of teardown.reverse()) await step().catch((error: unknown) => console.error('teardown:', error));
}, 30_000);

describe('pve mock (test/support/pve-mock.ts) on its own', () => {
  const auth = (): Record<string, string> => ({ authorization: `PVEAPIToken=${TOKEN.tokenId}=${TOKEN.secret}` });

  it('answers a valid request and rejects unknown paths, methods and credentials', async () => {
    const ok = await raw('GET', `/nodes/${NODE}/qemu?full=1`, { headers: auth() });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ data: VMS });
    expect((await raw('GET', `/nodes/${NODE}/nothing-here`, { headers: auth() })).status).toBe(501);
    expect((await raw('PATCH', `/nodes/${NODE}/qemu`, { headers: auth() })).status).toBe(501);
    expect((await raw('GET', `/nodes/${NODE}/qemu`)).status).toBe(401);
    expect(
      (await raw('GET', `/nodes/${NODE}/qemu`, { headers: { authorization: `PVEAPIToken=${TOKEN.tokenId}=wrong` } }))
        .status,
    ).toBe(401);
  });

  it('validates parameter names, types, enums and required ones like Proxmox', async () => {
    const unknown = await raw('GET', `/nodes/${NODE}/qemu?x=1`, { headers: auth() });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({
      data: null,
      errors: { x: 'property is not defined in schema and the schema does not allow additional properties' },
    });
    expect((await raw('GET', `/nodes/${NODE}/qemu?full=true`, { headers: auth() })).json).toMatchObject({
      errors: { full: expect.stringContaining('boolean') },
    });
    expect((await raw('GET', `/nodes/${NODE}/qemu/abc/config`, { headers: auth() })).json).toMatchObject({
      errors: { vmid: expect.stringContaining('integer') },
    });
    expect((await raw('GET', '/cluster/resources?type=bogus', { headers: auth() })).json).toMatchObject({
      errors: { type: expect.stringContaining('enumeration') },
    });
    const missing = await raw('POST', `/nodes/${NODE}/qemu`, { headers: auth(), json: { name: 'x' } });
    expect(missing.json).toMatchObject({ errors: { vmid: 'property is missing and it is not optional' } });
  });

  it('accepts indexed families (net0) but not the bare family name, and numeric booleans only', async () => {
    const path = `/nodes/${NODE}/qemu/100/config`;
    expect(
      (
        await raw('PUT', path, {
          headers: auth(),
          json: { net0: 'virtio,bridge=vmbr0', net12: 'e1000', onboot: 1, numa: '0' },
        })
      ).status,
    ).toBe(200);
    expect((await raw('PUT', path, { headers: auth(), json: { net: 'virtio' } })).json).toMatchObject({
      errors: { net: expect.stringContaining('not defined') },
    });
    expect((await raw('PUT', path, { headers: auth(), json: { netx: 'virtio' } })).status).toBe(400);
    expect((await raw('PUT', path, { headers: auth(), json: { onboot: true } })).json).toMatchObject({
      errors: { onboot: expect.stringContaining('boolean') },
    });
    expect((await raw('PUT', path, { headers: auth(), json: { net: { 0: 'virtio' } } })).status).toBe(400);
  });

  it('refuses a DELETE with a body and a POST body that is not JSON', async () => {
    const withBody = await raw('DELETE', `/nodes/${NODE}/qemu/101`, { headers: auth(), json: { purge: 1 } });
    expect(withBody.status).toBe(501);
    expect(withBody.statusText).toBe('Unexpected content');
    const form = await raw('POST', `/nodes/${NODE}/qemu/100/status/start`, {
      headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'timeout=5',
    });
    expect(form.status).toBe(415);
  });

  it('runs tasks: running, then stopped with OK or with the failure and log', async () => {
    const started = await raw('POST', `/nodes/${NODE}/qemu/666/status/stop`, { headers: auth() });
    const upid = (started.json as { data: string }).data;
    expect(upid).toMatch(new RegExp(`^UPID:${NODE}:[0-9A-F]{8}:0001E240:6500AAAA:qmstop:666:root@pam!mcp:$`));
    const status = `/nodes/${NODE}/tasks/${encodeURIComponent(upid)}/status`;
    expect((await raw('GET', status, { headers: auth() })).json).toMatchObject({ data: { status: 'running' } });
    expect((await raw('GET', status, { headers: auth() })).json).toMatchObject({
      data: { status: 'stopped', exitstatus: "command 'qm stop' failed: got timeout" },
    });
    const log = await raw('GET', `/nodes/${NODE}/tasks/${encodeURIComponent(upid)}/log?start=0&limit=5000`, {
      headers: auth(),
    });
    expect(log.json).toMatchObject({
      total: 3,
      data: [{ n: 1 }, { n: 2 }, { n: 3, t: expect.stringContaining('TASK ERROR') }],
    });
    // A task polled on another node than the one in its UPID does not exist there.
    expect((await raw('GET', `/nodes/pve2/tasks/${encodeURIComponent(upid)}/status`, { headers: auth() })).status).toBe(
      500,
    );
  });
});

describe('mcp-pve 9.2 over stdio against the PVE mock', { timeout: 30_000 }, () => {
  it('installs from its tarball as a dependency-free package with the mcp-pve bin', async () => {
    const manifest = JSON.parse(await readFile(join(installedDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.name).toBe('mcp-pve');
    expect(manifest.version).toBe('9.2.0');
    expect(manifest.bin).toMatchObject({ 'mcp-pve': expect.stringMatching(/^(\.\/)?dist\/mcp-pve\.js$/) });
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it('by default (auto tool mode, tier full) lists 100 tools, core categories first, and starts a VM through call_operation', async () => {
    const auto = await startServer({ name: 'auto', env: { PVE_TOOL_MODE: '', PVE_ACCESS_TIER: 'full' } });
    try {
      const tools = await listTools(auto.client);
      const names = tools.map((tool) => tool.name);
      expect(tools.length).toBe(100);
      expect(names.slice(-3)).toEqual(['search_operations', 'describe_operation', 'call_operation']);
      expect(names).toEqual(expect.arrayContaining(['list_qemu', 'get_qemu_config', 'list_lxc']));
      expect(JSON.stringify(tools).length).toBeLessThanOrEqual(100_000);
      expect(tools[names.indexOf('search_operations')]?.description).toMatch(
        /^Find Proxmox VE API operations by words .* (\d+) operations are not listed as tools and are reached this way \(/,
      );
      const { result, records } = await callTool(auto, {
        name: 'call_operation',
        args: { name: 'qemu_status_start', arguments: { node: NODE, vmid: 100, wait: 10 } },
      });
      expectSuccess(result, auto);
      expect(records[0] && describeRecord(records[0])).toBe(`POST ${API}/nodes/${NODE}/qemu/100/status/start -> 200`);
    } finally {
      await auto.close();
    }
  });

  describe('tools/list per access tier', () => {
    it('grows from read-only to read-execute to full, with metadata on every tool', async () => {
      const stats = TIERS.map((tier) => ({
        tier,
        tools: toolsByTier[tier].length,
        bytes: Buffer.byteLength(JSON.stringify({ tools: toolsByTier[tier] })),
      }));
      console.log(
        `mcp-pve 9.2 tools/list per tier:\n${stats.map((s) => `  ${s.tier.padEnd(12)} ${String(s.tools).padStart(4)} tools ${String(s.bytes).padStart(9)} bytes`).join('\n')}`,
      );
      const [readOnly, readExecute, full] = stats as [(typeof stats)[0], (typeof stats)[0], (typeof stats)[0]];
      expect(readOnly.tools).toBeGreaterThan(0);
      expect(readOnly.bytes).toBeGreaterThan(0);
      expect(readExecute.tools).toBeGreaterThan(readOnly.tools);
      expect(readExecute.bytes).toBeGreaterThan(readOnly.bytes);
      expect(full.tools).toBeGreaterThan(readExecute.tools);
      expect(full.bytes).toBeGreaterThan(readExecute.bytes);
      // Each tier is a superset of the one below.
      const names = (tier: Tier) => toolsByTier[tier].map((tool) => tool.name);
      expect(names('read-execute')).toEqual(expect.arrayContaining(names('read-only')));
      expect(names('full')).toEqual(expect.arrayContaining(names('read-execute')));
      // The full tier serves every tool of the package (its description states the count).
      const manifest = JSON.parse(await readFile(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { description: string };
      expect(manifest.description).toContain(`${full.tools} tools`);
      for (const tier of TIERS)
        expect(
          toolsMissingMetadata(toolsByTier[tier]),
          `${tier}: tools without title or with a non-boolean hint`,
        ).toEqual([]);
      expect(new Set(names('full')).size, 'duplicate tool names').toBe(full.tools);
    });

    it('read-only (the default) lists read tools only', () => {
      const tools = toolsByTier['read-only'];
      const names = tools.map((tool) => tool.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'list_qemu',
          'get_qemu_config',
          'get_tasks_status',
          'get_tasks_log',
          'get_cluster_resources',
        ]),
      );
      expect(tools.filter((tool) => tool.annotations?.readOnlyHint !== true).map((tool) => tool.name)).toEqual([]);
      for (const name of ['qemu_status_start', 'update_qemu_config', 'delete_qemu', 'qemu_status_stop', 'api_request'])
        expect(names).not.toContain(name);
    });

    it('read-execute adds execute tools but no write or destructive ones', () => {
      const names = toolsByTier['read-execute'].map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(['qemu_status_start', 'cluster_bulk_action_guest_start', 'vzdump']));
      for (const name of ['update_qemu_config', 'delete_qemu', 'qemu_status_stop']) expect(names).not.toContain(name);
      const destructive = toolsByTier['read-execute'].filter((tool) => tool.annotations?.destructiveHint === true);
      expect(destructive.map((tool) => tool.name)).toEqual([]);
    });

    it('full lists write and destructive tools; destructive ones take confirm, task starters take wait', () => {
      const byName = new Map(toolsByTier.full.map((tool) => [tool.name, tool]));
      for (const name of ['qemu_status_start', 'update_qemu_config', 'delete_qemu', 'qemu_status_stop'])
        expect(byName.has(name), name).toBe(true);
      expect(byName.get('delete_qemu')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
      expect(byName.get('qemu_status_stop')?.annotations).toMatchObject({ destructiveHint: true });
      expect(byName.get('update_qemu_config')?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: false,
      });
      expect(byName.get('list_qemu')?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
      expect(Object.keys(byName.get('delete_qemu')?.inputSchema.properties ?? {})).toEqual(
        expect.arrayContaining(['confirm', 'wait', 'purge']),
      );
      expect(Object.keys(byName.get('qemu_status_stop')?.inputSchema.properties ?? {})).toEqual(
        expect.arrayContaining(['confirm', 'wait']),
      );
      expect(Object.keys(byName.get('qemu_status_start')?.inputSchema.properties ?? {})).toContain('wait');
      expect(Object.keys(byName.get('qemu_status_start')?.inputSchema.properties ?? {})).not.toContain('confirm');
    });
  });

  it('list_qemu sends GET /nodes/pve1/qemu with the API token and returns the VMs', async () => {
    const { result, records } = await callTool(servers['read-only'], { name: 'list_qemu', args: { node: NODE } });
    expectSuccess(result, servers['read-only']);
    const record = expectSingleAccepted(records, { method: 'GET', rawPath: `${API}/nodes/${NODE}/qemu` });
    expect(record.headers.authorization).toBe(`PVEAPIToken=${TOKEN.tokenId}=${TOKEN.secret}`);
    expect(record.headers.cookie).toBeUndefined();
    expect(record.query.toString()).toBe('');
    expect(record.rawBody).toBe('');
    // The {data: ...} envelope is removed.
    expect(resultJson(result)).toEqual(VMS);
  });

  it('sends a boolean query parameter as 1', async () => {
    const { result, records } = await callTool(servers['read-only'], {
      name: 'list_qemu',
      args: { node: NODE, full: true },
    });
    expectSuccess(result, servers['read-only']);
    const record = expectSingleAccepted(records, { method: 'GET', rawPath: `${API}/nodes/${NODE}/qemu` });
    expect(record.query.toString()).toBe('full=1');
  });

  it('get_qemu_config returns the config object', async () => {
    const { result, records } = await callTool(servers['read-only'], {
      name: 'get_qemu_config',
      args: { node: NODE, vmid: 100 },
    });
    expectSuccess(result, servers['read-only']);
    expectSingleAccepted(records, { method: 'GET', rawPath: `${API}/nodes/${NODE}/qemu/100/config` });
    expect(resultJson(result)).toMatchObject({ name: 'web-01', net0: expect.stringContaining('bridge=vmbr0') });
    expect(result.structuredContent).toMatchObject({ name: 'web-01' });
  });

  it('percent-encodes a UPID path parameter as one segment', async () => {
    const upid = 'UPID:pve2:00001234:0001E240:6500AAAA:qmstart:100:root@pam!mcp:';
    const { result, records } = await callTool(servers['read-only'], {
      name: 'get_tasks_status',
      args: { node: 'pve2', upid },
    });
    expectSuccess(result, servers['read-only']);
    const record = expectSingleAccepted(records, {
      method: 'GET',
      rawPath: `${API}/nodes/pve2/tasks/${encodeURIComponent(upid)}/status`,
    });
    const segment = record.rawPath.split('/')[5] ?? '';
    expect(segment).not.toMatch(/[:@/]/);
    expect(record.template).toBe('/nodes/{node}/tasks/{upid}/status');
    expect(record.pathParams).toEqual({ node: 'pve2', upid });
    expect(resultJson(result)).toMatchObject({ upid, status: 'stopped', exitstatus: 'OK' });
  });

  it('update_qemu_config sends indexed families, property strings and booleans as a JSON body', async () => {
    const args = { node: NODE, vmid: 100, net: { '0': 'virtio,bridge=vmbr0' }, agent: 'enabled=1', onboot: true };
    const { result, records } = await callTool(servers.full, { name: 'update_qemu_config', args });
    expect(result.isError, resultText(result)).not.toBe(true);
    const record = expectSingleAccepted(records, { method: 'PUT', rawPath: `${API}/nodes/${NODE}/qemu/100/config` });
    expect(String(record.headers['content-type'])).toMatch(/^application\/json/);
    expect(record.body).toEqual({ net0: 'virtio,bridge=vmbr0', agent: 'enabled=1', onboot: 1 });
    expect(record.query.toString(), 'POST/PUT parameters belong in the body').toBe('');
    expect(record.notes).toEqual([]);
  });

  it('keeps a flag and its numbered family apart when they share a name (numa / numa0)', async () => {
    const args = {
      node: NODE,
      vmid: 100,
      numa: true,
      numa_slots: { '1': 'cpus=2-3,memory=2048', '0': 'cpus=0-1,memory=2048' },
    };
    const { result, records } = await callTool(servers.full, { name: 'update_qemu_config', args });
    expect(result.isError, resultText(result)).not.toBe(true);
    const record = expectSingleAccepted(records, { method: 'PUT', rawPath: `${API}/nodes/${NODE}/qemu/100/config` });
    expect(record.body).toEqual({ numa: 1, numa0: 'cpus=0-1,memory=2048', numa1: 'cpus=2-3,memory=2048' });
  });

  it('qemu_status_start with wait follows the task to stopped/OK on the node from the UPID', async () => {
    const server = servers['read-execute'];
    const { result, records } = await callTool(server, {
      name: 'qemu_status_start',
      args: { node: NODE, vmid: 100, wait: 10 },
    });
    expectSuccess(result, server);
    const [start, ...polls] = records;
    expect(start && describeRecord(start)).toBe(`POST ${API}/nodes/${NODE}/qemu/100/status/start -> 200`);
    expect(start?.rawBody, 'wait is the server’s own argument and must not go upstream').toBe('');
    const upid = (start?.response as { data: string }).data;
    expect(upid).toMatch(/^UPID:pve1:/);
    const statusPath = `${API}/nodes/${NODE}/tasks/${encodeURIComponent(upid)}/status`;
    expect(polls.length).toBeGreaterThanOrEqual(2); // running, then stopped
    expect(polls.map(describeRecord)).toEqual(polls.map(() => `GET ${statusPath} -> 200`));
    expect(resultJson(result)).toMatchObject({ upid, status: 'stopped', exitstatus: 'OK' });
  });

  it('follows a cluster-level task on the node named inside its UPID, and sends arrays in the body', async () => {
    const server = servers['read-execute'];
    const { result, records } = await callTool(server, {
      name: 'cluster_bulk_action_guest_start',
      args: { vms: [100, 101], wait: 10 },
    });
    expectSuccess(result, server);
    const [start, ...polls] = records;
    expect(start && describeRecord(start)).toBe(`POST ${API}/cluster/bulk-action/guest/start -> 200`);
    expect(start?.body).toEqual({ vms: [100, 101] });
    const upid = (start?.response as { data: string }).data;
    expect(upid).toMatch(new RegExp(`^UPID:${CLUSTER_NODE}:`));
    expect(polls.length).toBeGreaterThanOrEqual(1);
    for (const poll of polls)
      expect(describeRecord(poll)).toBe(
        `GET ${API}/nodes/${CLUSTER_NODE}/tasks/${encodeURIComponent(upid)}/status -> 200`,
      );
    expect(resultJson(result)).toMatchObject({ upid, status: 'stopped', exitstatus: 'OK' });
  });

  it('returns the status so far when a task outlives wait', async () => {
    const server = servers['read-execute'];
    const { result, records } = await callTool(server, {
      name: 'qemu_status_start',
      args: { node: NODE, vmid: SLOW_VMID, wait: 1 },
    });
    expectSuccess(result, server);
    const [start, ...polls] = records;
    const upid = (start?.response as { data: string }).data;
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(
      polls.every((poll) => poll.rawPath === `${API}/nodes/${NODE}/tasks/${encodeURIComponent(upid)}/status`),
    ).toBe(true);
    expect(resultJson(result)).toMatchObject({ upid, status: 'running' });
    expect(resultText(result)).toMatch(/still running/);
  });

  it('reports a failed task with its exit status and the end of its log', async () => {
    const { result, records } = await callTool(servers.full, {
      name: 'qemu_status_stop',
      args: { node: NODE, vmid: 666, confirm: true, wait: 10 },
    });
    expect(result.isError, resultText(result)).toBe(true);
    const [stop, ...rest] = records;
    expect(stop && describeRecord(stop)).toBe(`POST ${API}/nodes/${NODE}/qemu/666/status/stop -> 200`);
    expect(stop?.rawBody, 'confirm and wait must not go upstream').toBe('');
    const upid = (stop?.response as { data: string }).data;
    const task = mock.tasks.get(upid);
    expect(task?.failing).toBe(true);
    const encoded = encodeURIComponent(upid);
    const logs = rest.filter((record) => record.rawPath.endsWith('/log'));
    expect(logs.map(describeRecord)).toEqual([`GET ${API}/nodes/${NODE}/tasks/${encoded}/log?start=0&limit=20 -> 200`]);
    expect(rest.filter((record) => record.rawPath.endsWith('/status')).length).toBeGreaterThanOrEqual(2);
    const text = resultText(result);
    expect(text).toContain("command 'qm stop' failed: got timeout");
    expect(text).toContain(upid);
    for (const line of mock.failureLog(task!)) expect(text).toContain(line);
  });

  it('delete_qemu sends its parameters in the query string and no body', async () => {
    const { result, records } = await callTool(servers.full, {
      name: 'delete_qemu',
      args: { node: NODE, vmid: 101, purge: true, confirm: true },
    });
    expect(result.isError, resultText(result)).not.toBe(true);
    const record = expectSingleAccepted(records, { method: 'DELETE', rawPath: `${API}/nodes/${NODE}/qemu/101` });
    expect(record.query.toString()).toBe('purge=1');
    expect(record.rawBody).toBe('');
    expect(record.headers['content-length'] ?? '0').toBe('0');
    expect(record.headers['content-type']).toBeUndefined();
    expect(resultText(result)).toMatch(/UPID:pve1:[0-9A-F]{8}:0001E240:6500AAAA:qmdestroy:101:root@pam!mcp:/);
  });

  it('explains a 595 from an unreachable node', async () => {
    const { result, records } = await callTool(servers['read-only'], {
      name: 'list_qemu',
      args: { node: OFFLINE_NODE },
    });
    expect(result.isError).toBe(true);
    expect(records.map(describeRecord)).toEqual([`GET ${API}/nodes/${OFFLINE_NODE}/qemu -> 595`]);
    expect(resultText(result)).toContain('595');
    expect(resultText(result)).toContain('No route to host');
    expect(resultText(result)).toMatch(/could not be reached/);
  });

  describe('refusals send nothing upstream', () => {
    it('read-only refuses an execute tool with isError', async () => {
      const { result, records } = await callTool(servers['read-only'], {
        name: 'qemu_status_start',
        args: { node: NODE, vmid: 100 },
      });
      expect(result.isError).toBe(true);
      expect(resultText(result)).toMatch(/PVE_ACCESS_TIER=read-only/);
      expect(records).toEqual([]);
    });

    it('read-only refuses a write tool, read-execute a destructive one', async () => {
      const write = await callExpectingRefusal(servers['read-only'], {
        name: 'update_qemu_config',
        args: { node: NODE, vmid: 100, onboot: true },
      });
      expect(write.refused.refused).toBe(true);
      expect(write.records).toEqual([]);
      const destructive = await callExpectingRefusal(servers['read-execute'], {
        name: 'delete_qemu',
        args: { node: NODE, vmid: 101, confirm: true },
      });
      expect(destructive.refused.refused).toBe(true);
      expect(destructive.records).toEqual([]);
    });

    it('full refuses destructive tools without confirm: true', async () => {
      for (const args of [
        { node: NODE, vmid: 101 },
        { node: NODE, vmid: 101, confirm: false },
      ]) {
        const { result, records } = await callTool(servers.full, { name: 'delete_qemu', args });
        expect(result.isError).toBe(true);
        expect(resultText(result)).toMatch(/confirm/);
        expect(records).toEqual([]);
      }
      const stop = await callTool(servers.full, { name: 'qemu_status_stop', args: { node: NODE, vmid: 100 } });
      expect(stop.result.isError).toBe(true);
      expect(stop.records).toEqual([]);
    });

    it('rejects invalid arguments before calling upstream', async () => {
      const cases = [
        { name: 'list_qemu', args: {} },
        { name: 'get_qemu_config', args: { node: NODE, vmid: 'abc' } },
        { name: 'update_qemu_config', args: { node: NODE, vmid: 100, net: { x: 'virtio' } } },
        { name: 'update_qemu_config', args: { node: NODE, vmid: 100, bogus: 1 } },
        { name: 'get_tasks_status', args: { node: NODE, upid: '..' } },
      ];
      for (const call of cases) {
        const { result, records } = await callTool(servers.full, call);
        expect(result.isError, `${call.name} ${JSON.stringify(call.args)}`).toBe(true);
        expect(records, `${call.name} ${JSON.stringify(call.args)}`).toEqual([]);
      }
    });
  });

  it('reports a rejected API token as HTTP 401', async () => {
    const wrong = await startServer({ name: 'token-wrong', env: {}, secret: 'not-the-secret' });
    try {
      const { result, records } = await callTool(wrong, { name: 'list_qemu', args: { node: NODE } });
      expect(result.isError).toBe(true);
      expect(resultText(result)).toContain('401');
      expect(records.map(describeRecord)).toEqual([`GET ${API}/nodes/${NODE}/qemu -> 401`]);
      expect(records[0]?.headers.authorization).toBe(`PVEAPIToken=${TOKEN.tokenId}=not-the-secret`);
    } finally {
      await wrong.close();
    }
  });

  describe('ticket login (PVE_USERNAME / PVE_PASSWORD)', () => {
    let ticketServer: ConnectedClient;

    beforeAll(async () => {
      ticketServer = await startServer({ name: 'ticket', env: { PVE_ACCESS_TIER: 'read-execute' }, auth: 'ticket' });
    }, 60_000);

    afterAll(async () => {
      await ticketServer?.close();
    });

    it('logs in once, then sends the cookie on GET and the CSRF token on POST', async () => {
      const first = await callTool(ticketServer, { name: 'list_qemu', args: { node: NODE } });
      expectSuccess(first.result, ticketServer);
      expect(first.records.map(describeRecord)).toEqual([
        `POST ${API}/access/ticket -> 200`,
        `GET ${API}/nodes/${NODE}/qemu -> 200`,
      ]);
      const [login, get] = first.records as [PveRecordedRequest, PveRecordedRequest];
      expect(login.body).toEqual({ username: LOGIN.username, password: LOGIN.password });
      expect(String(login.headers['content-type'])).toMatch(/^application\/json/);
      expect(login.headers.authorization).toBeUndefined();
      expect(login.headers.cookie).toBeUndefined();
      expect(get.headers.cookie).toBe(`PVEAuthCookie=${encodeURIComponent(mock.ticket.ticket)}`);
      expect(get.headers.authorization).toBeUndefined();
      expect(get.headers.csrfpreventiontoken).toBeUndefined();
      expect(resultJson(first.result)).toEqual(VMS);

      const second = await callTool(ticketServer, { name: 'qemu_status_start', args: { node: NODE, vmid: 100 } });
      expectSuccess(second.result, ticketServer);
      const post = expectSingleAccepted(second.records, {
        method: 'POST',
        rawPath: `${API}/nodes/${NODE}/qemu/100/status/start`,
      });
      expect(post.headers.cookie).toBe(`PVEAuthCookie=${encodeURIComponent(mock.ticket.ticket)}`);
      expect(post.headers.csrfpreventiontoken).toBe(mock.ticket.csrf);
      expect(post.headers.authorization).toBeUndefined();
    });

    it('reports a failed login as a tool error', async () => {
      const wrong = await startServer({ name: 'ticket-wrong', env: {}, auth: 'ticket', password: 'not-the-password' });
      try {
        const { result, records } = await callTool(wrong, { name: 'list_qemu', args: { node: NODE } });
        expect(result.isError).toBe(true);
        expect(resultText(result)).toMatch(/login|401|authentication/i);
        expect(records.map(describeRecord)).toEqual([`POST ${API}/access/ticket -> 401`]);
      } finally {
        await wrong.close();
      }
    });
  });

  describe('raw API tool (PVE_ENABLE_RAW_API=1, read-only tier)', () => {
    let rawServer: ConnectedClient;

    beforeAll(async () => {
      rawServer = await startServer({ name: 'raw', env: { PVE_ENABLE_RAW_API: '1' } });
    }, 60_000);

    afterAll(async () => {
      await rawServer?.close();
    });

    it('is listed only when enabled', async () => {
      expect((await listTools(rawServer.client)).map((tool) => tool.name)).toContain('api_request');
      expect(toolsByTier.full.map((tool) => tool.name)).not.toContain('api_request');
    });

    it('GET /cluster/resources with params in the query', async () => {
      const { result, records } = await callTool(rawServer, {
        name: 'api_request',
        args: { method: 'GET', path: '/cluster/resources', params: { type: 'vm' } },
      });
      expectSuccess(result, rawServer);
      const record = expectSingleAccepted(records, { method: 'GET', rawPath: `${API}/cluster/resources` });
      expect(record.query.toString()).toBe('type=vm');
      expect(record.headers.authorization).toBe(`PVEAPIToken=${TOKEN.tokenId}=${TOKEN.secret}`);
      expect(resultJson(result)).toEqual([expect.objectContaining({ id: 'qemu/100', type: 'qemu' })]);
    });

    it('reports Proxmox parameter errors from the upstream', async () => {
      const { result, records } = await callTool(rawServer, {
        name: 'api_request',
        args: { method: 'GET', path: `/nodes/${NODE}/qemu`, params: { bogus: 1 } },
      });
      expect(result.isError).toBe(true);
      expect(records.map(describeRecord)).toEqual([`GET ${API}/nodes/${NODE}/qemu?bogus=1 -> 400`]);
      const text = resultText(result);
      expect(text).toContain('400');
      expect(text).toContain('Parameter verification failed');
      expect(text).toContain('bogus');
    });

    it('refuses paths that escape the API root', async () => {
      for (const path of [
        '/../x',
        'https://x',
        '//x/api2/json/nodes',
        '/nodes/%2e%2e/x',
        '/cluster/resources?type=vm',
      ]) {
        const { result, records } = await callTool(rawServer, { name: 'api_request', args: { method: 'GET', path } });
        expect(result.isError, path).toBe(true);
        expect(records, path).toEqual([]);
      }
    });

    it('obeys the tier: an execute operation is refused on read-only', async () => {
      const { result, records } = await callTool(rawServer, {
        name: 'api_request',
        args: { method: 'POST', path: `/nodes/${NODE}/qemu/100/status/start` },
      });
      expect(result.isError).toBe(true);
      expect(records).toEqual([]);
    });

    it('reports an unknown path as the upstream 501', async () => {
      const { result, records } = await callTool(rawServer, {
        name: 'api_request',
        args: { method: 'GET', path: `/nodes/${NODE}/nothing-here` },
      });
      expect(result.isError).toBe(true);
      expect(records.map(describeRecord)).toEqual([`GET ${API}/nodes/${NODE}/nothing-here -> 501`]);
      expect(resultText(result)).toContain('501');
      expect(resultText(result)).toContain('not implemented');
    });
  });

  describe('raw API tool on the full tier', () => {
    let rawFull: ConnectedClient;

    beforeAll(async () => {
      rawFull = await startServer({ name: 'raw-full', env: { PVE_ENABLE_RAW_API: '1', PVE_ACCESS_TIER: 'full' } });
    }, 60_000);

    afterAll(async () => {
      await rawFull?.close();
    });

    it('sends PUT params as a JSON body with numeric booleans', async () => {
      const { result, records } = await callTool(rawFull, {
        name: 'api_request',
        args: {
          method: 'PUT',
          path: `/nodes/${NODE}/qemu/100/config`,
          params: { onboot: true, net1: 'e1000,bridge=vmbr1' },
        },
      });
      expect(result.isError, resultText(result)).not.toBe(true);
      const record = expectSingleAccepted(records, { method: 'PUT', rawPath: `${API}/nodes/${NODE}/qemu/100/config` });
      expect(String(record.headers['content-type'])).toMatch(/^application\/json/);
      expect(record.body).toEqual({ onboot: 1, net1: 'e1000,bridge=vmbr1' });
      expect(record.query.toString()).toBe('');
    });

    it('needs confirm for a destructive DELETE, then sends params in the query and no body', async () => {
      const args = { method: 'DELETE', path: `/nodes/${NODE}/qemu/101`, params: { purge: true } };
      const refused = await callTool(rawFull, { name: 'api_request', args });
      expect(refused.result.isError).toBe(true);
      expect(refused.records).toEqual([]);
      const { result, records } = await callTool(rawFull, { name: 'api_request', args: { ...args, confirm: true } });
      expect(result.isError, resultText(result)).not.toBe(true);
      const record = expectSingleAccepted(records, { method: 'DELETE', rawPath: `${API}/nodes/${NODE}/qemu/101` });
      expect(record.query.toString()).toBe('purge=1');
      expect(record.rawBody).toBe('');
    });
  });
});

// ---------------------------------------------------------------- helpers

async function ensureGeneratedPackage(): Promise<void> {
  const entry = join(PACKAGE_DIR, 'dist', `${BIN_NAME}.js`);
  if (existsSync(entry) && existsSync(OPENAPI_PATH)) return;
  if (process.env.E2E_PVE_PACKAGE_DIR !== undefined)
    throw new Error(`E2E_PVE_PACKAGE_DIR is set but ${entry} or ${OPENAPI_PATH} does not exist`);
  const output = await runGenerate();
  if (!existsSync(entry) || !existsSync(OPENAPI_PATH)) {
    throw new Error(
      `${entry} or ${OPENAPI_PATH} is missing and \`pnpm generate --target pve\` did not create it. Its output:\n${output}`,
    );
  }
}

async function runGenerate(): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)('pnpm', ['generate', '--target', 'pve'], {
      cwd: REPO_ROOT,
      timeout: 240_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return `${stdout}${stderr}`.slice(-4000);
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string };
    return `${failure.message}\n${failure.stdout ?? ''}${failure.stderr ?? ''}`.slice(-4000);
  }
}

function startServer(options: {
  name: string;
  env: Record<string, string>;
  auth?: 'token' | 'ticket';
  password?: string;
  secret?: string;
}): Promise<ConnectedClient> {
  const credentials: Record<string, string> =
    options.auth === 'ticket'
      ? { PVE_USERNAME: LOGIN.username, PVE_PASSWORD: options.password ?? LOGIN.password }
      : { PVE_TOKEN_ID: TOKEN.tokenId, PVE_TOKEN_SECRET: options.secret ?? TOKEN.secret };
  return connectStdioClient({
    command: binPath,
    // Every selected tool listed unless a test says otherwise: the tier tests compare whole listings.
    env: { PVE_BASE_URL: mock.url, PVE_TIMEOUT: '10', PVE_TOOL_MODE: 'tools', ...credentials, ...options.env },
    clientName: `pve-e2e-${options.name}`,
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

function toolsMissingMetadata(tools: Tool[]): string[] {
  return tools
    .filter((tool) => {
      const title = tool.title ?? tool.annotations?.title;
      const hints = tool.annotations as Record<string, unknown> | undefined;
      return !title || ANNOTATION_HINTS.some((hint) => typeof hints?.[hint] !== 'boolean');
    })
    .map((tool) => tool.name);
}

async function callTool(
  target: ConnectedClient,
  call: { name: string; args: Record<string, unknown> },
): Promise<{ result: CallToolResult; records: PveRecordedRequest[] }> {
  const mark = mock.requests.length;
  const result = await target.client.callTool({ name: call.name, arguments: call.args });
  return { result, records: mock.since(mark) };
}

/** A tool that is not listed may be refused as a protocol error (unknown tool) or with isError. */
async function callExpectingRefusal(
  target: ConnectedClient,
  call: { name: string; args: Record<string, unknown> },
): Promise<{ refused: { refused: boolean; text: string }; records: PveRecordedRequest[] }> {
  const mark = mock.requests.length;
  const refused = await target.client.callTool({ name: call.name, arguments: call.args }).then(
    (result) => ({ refused: result.isError === true, text: resultText(result) }),
    (error: unknown) => ({ refused: true, text: (error as Error).message }),
  );
  return { refused, records: mock.since(mark) };
}

function expectSuccess(result: CallToolResult, target: ConnectedClient): void {
  expect(
    result.isError,
    `tool error: ${resultText(result)}\n--- server stderr ---\n${target.stderr().slice(-2000)}`,
  ).not.toBe(true);
  expect(() => JSON.parse(resultText(result)), 'content[0].text must be JSON').not.toThrow();
  const structured = result.structuredContent;
  expect(
    typeof structured === 'object' && structured !== null && !Array.isArray(structured),
    'structuredContent must be an object',
  ).toBe(true);
}

/** Exactly one upstream request, the expected one, accepted by the mock. */
function expectSingleAccepted(
  records: PveRecordedRequest[],
  expected: { method: string; rawPath: string },
): PveRecordedRequest {
  expect(records.map(describeRecord)).toHaveLength(1);
  const record = records[0] as PveRecordedRequest;
  expect({ method: record.method, rawPath: record.rawPath }).toEqual(expected);
  expect(record.status, `mock rejected the request: ${describeRecord(record)} ${JSON.stringify(record.errors)}`).toBe(
    200,
  );
  return record;
}

function describeRecord(record: PveRecordedRequest): string {
  return `${record.method} ${record.url} -> ${record.status}`;
}

function resultText(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : JSON.stringify(result.content);
}

function resultJson(result: CallToolResult): unknown {
  return JSON.parse(resultText(result));
}

/** One request straight to the mock, for its own tests. */
async function raw(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; json?: unknown; body?: string } = {},
): Promise<{ status: number; statusText: string; json: unknown }> {
  const headers = { ...options.headers };
  let body: string | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${mock.url}${API}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    statusText: response.statusText,
    json: text ? (JSON.parse(text) as unknown) : undefined,
  };
}
