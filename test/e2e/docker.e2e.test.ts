/**
 * Typed Docker tools of mcp-portainer, end to end: `npm pack` + offline install of
 * out/mcp-portainer-2.43, the installed bin over stdio, and upstream Portainer replaced by a
 * small front that forwards `/api/endpoints/<n>/docker/*` (path rewritten, as Portainer does)
 * to Prism mocking Docker's own description (../shared/specs/docker/1.55.yaml), which
 * validates every request (path, query types, body). Prism cannot frame Docker's binary log
 * stream, so the front swaps a valid logs answer for a multiplexed fixture.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDockerFront, type DockerFront, type FrontRecord } from '../support/docker-front.js';
import { packAndInstall } from '../support/install-package.js';
import { connectStdioClient, type ConnectedClient } from '../support/mcp-stdio-client.js';
import { startPrism, type PrismServer } from '../support/prism.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE_DIR = join(REPO_ROOT, 'out', 'mcp-portainer-2.43');
const DOCKER_SPEC = join(REPO_ROOT, '..', 'shared', 'specs', 'docker', '1.55.yaml');
const API_KEY = `ptr_docker_${randomUUID()}`;

/** Docker's stream framing: 8-byte header (stream 1 stdout / 2 stderr, 0, 0, 0, size big endian), then the bytes. */
function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

const LOGS = Buffer.concat([
  frame(1, 'nginx: ready\n'),
  frame(2, 'warn: cache '),
  frame(1, 'GET / 200\n'),
  frame(2, 'miss\n'),
]);

const teardown: (() => Promise<void>)[] = [];
let front: DockerFront;
let binPath: string;
let server: ConnectedClient;
let readOnly: ConnectedClient;
let defaults: ConnectedClient;

beforeAll(async () => {
  const installed = await packAndInstall({ packageDir: PACKAGE_DIR, binName: 'mcp-portainer' });
  teardown.push(installed.cleanup);
  binPath = installed.binPath;
  const prism: PrismServer = await startPrism({ specPath: DOCKER_SPEC });
  teardown.push(prism.stop);
  front = await startDockerFront({
    prismUrl: prism.url,
    apiKeyHeader: 'X-API-Key',
    binaryBodies: {
      'GET /containers/web/logs': { contentType: 'application/vnd.docker.multiplexed-stream', body: LOGS },
    },
  });
  teardown.push(front.stop);
  server = await start({});
  teardown.push(server.close);
  readOnly = await start({ PORTAINER_READ_ONLY: '1' });
  teardown.push(readOnly.close);
  // As users start it: default profiles, auto tool mode.
  defaults = await connectStdioClient({
    command: binPath,
    env: { PORTAINER_URL: front.url, PORTAINER_API_KEY: API_KEY },
    clientName: 'docker-e2e-defaults',
  });
  teardown.push(defaults.close);
});

afterAll(async () => {
  for (const step of teardown.reverse()) await step().catch((error: unknown) => console.error('teardown:', error));
}, 30_000);

function start(extra: Record<string, string>): Promise<ConnectedClient> {
  return connectStdioClient({
    command: binPath,
    env: {
      PORTAINER_URL: front.url,
      PORTAINER_API_KEY: API_KEY,
      PORTAINER_PROFILES: 'DOCKER',
      PORTAINER_TOOL_MODE: 'tools',
      PORTAINER_TIMEOUT: '20',
      ...extra,
    },
    clientName: `docker-e2e${extra.PORTAINER_READ_ONLY ? '-read-only' : ''}`,
  });
}

async function call(
  client: ConnectedClient,
  name: string,
  args: Record<string, unknown>,
): Promise<{ result: CallToolResult; records: FrontRecord[] }> {
  const mark = front.records.length;
  const result = (await client.client.callTool({ name, arguments: args })) as CallToolResult;
  return { result, records: front.records.slice(mark) };
}

function text(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

/** One request, forwarded to the Docker mock at the expected path, accepted by it. */
function expectOneValidRequest(records: FrontRecord[], expected: { method: string; forwarded: string }): void {
  expect(records, JSON.stringify(records)).toHaveLength(1);
  const [record] = records;
  expect(record!.method).toBe(expected.method);
  expect(record!.forwarded).toBe(expected.forwarded);
  expect(record!.status, `Prism refused the request: ${record!.violations}`).toBeLessThan(400);
  expect(record!.violations).not.toMatch(/"request"/);
}

describe('typed Docker tools through Portainer, against Prism on Docker API 1.55', { timeout: 60_000 }, () => {
  it("lists docker_* tools with the environment id and Docker's own parameters, hints set", async () => {
    const tools: Tool[] = (await server.client.listTools()).tools;
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    for (const name of [
      'docker_container_list',
      'docker_container_inspect',
      'docker_container_restart',
      'docker_container_logs',
      'docker_image_delete',
      'docker_proxy',
    ])
      expect(byName.has(name), name).toBe(true);
    const list = byName.get('docker_container_list')!;
    expect(list.inputSchema.required).toEqual(['environment_id']);
    expect(Object.keys(list.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['environment_id', 'all', 'limit', 'size', 'filters']),
    );
    expect(list.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(byName.get('docker_image_delete')!.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
    expect(byName.get('docker_container_prune')!.annotations).toMatchObject({ destructiveHint: true });
    expect(Object.keys(byName.get('docker_container_logs')!.inputSchema.properties ?? {})).not.toContain('follow');
  });

  it('lists containers', async () => {
    const { result, records } = await call(server, 'docker_container_list', { environment_id: 1, all: true, limit: 5 });
    expect(result.isError, text(result)).not.toBe(true);
    expectOneValidRequest(records, { method: 'GET', forwarded: '/containers/json?all=true&limit=5' });
    expect(records[0]!.url).toBe('/api/endpoints/1/docker/containers/json?all=true&limit=5');
    expect(text(result)).toContain('"Names"');
  });

  it('inspects a container', async () => {
    const { result, records } = await call(server, 'docker_container_inspect', {
      environment_id: 2,
      id: 'web',
      size: true,
    });
    expect(result.isError, text(result)).not.toBe(true);
    expectOneValidRequest(records, { method: 'GET', forwarded: '/containers/web/json?size=true' });
    expect(result.structuredContent).toHaveProperty('Id');
  });

  it('restarts a container', async () => {
    const { result, records } = await call(server, 'docker_container_restart', { environment_id: 1, id: 'web', t: 5 });
    expect(result.isError, text(result)).not.toBe(true);
    expectOneValidRequest(records, { method: 'POST', forwarded: '/containers/web/restart?t=5' });
    expect(text(result)).toMatch(/HTTP 204/);
  });

  it('reads logs as labelled text: defaults and tail sent, follow fixed off, frames joined per stream', async () => {
    const { result, records } = await call(server, 'docker_container_logs', {
      environment_id: 1,
      id: 'web',
      tail: '20',
      since: 1700000000,
    });
    expect(result.isError, text(result)).not.toBe(true);
    expectOneValidRequest(records, {
      method: 'GET',
      forwarded: '/containers/web/logs?stdout=true&stderr=true&since=1700000000&tail=20&follow=false',
    });
    expect(text(result)).toBe('[stdout] nginx: ready\n[stdout] GET / 200\n[stderr] warn: cache miss');
  });

  it('takes a stats sample once (stream=false)', async () => {
    const { result, records } = await call(server, 'docker_container_stats', { environment_id: 1, id: 'web' });
    expect(result.isError, text(result)).not.toBe(true);
    expectOneValidRequest(records, { method: 'GET', forwarded: '/containers/web/stats?stream=false' });
  });

  it('a destructive call carries its hint and reaches the daemon when allowed', async () => {
    const tools = (await server.client.listTools()).tools;
    expect(tools.find((tool) => tool.name === 'docker_image_delete')!.annotations?.destructiveHint).toBe(true);
    const { result, records } = await call(server, 'docker_image_delete', {
      environment_id: 1,
      name: 'nginx',
      force: true,
    });
    expect(result.isError, text(result)).not.toBe(true);
    expectOneValidRequest(records, { method: 'DELETE', forwarded: '/images/nginx?force=true' });
  });

  it('read-only mode serves Docker reads and refuses restart, image delete, prune and exec without a request', async () => {
    const { result, records } = await call(readOnly, 'docker_container_inspect', { environment_id: 1, id: 'web' });
    expect(result.isError, text(result)).not.toBe(true);
    expect(records).toHaveLength(1);
    const refusals: [string, Record<string, unknown>][] = [
      ['docker_container_restart', { environment_id: 1, id: 'web' }],
      ['docker_image_delete', { environment_id: 1, name: 'nginx' }],
      ['docker_container_prune', { environment_id: 1 }],
      ['docker_container_exec', { environment_id: 1, id: 'web', Cmd: ['sh'] }],
      ['docker_exec_start', { environment_id: 1, id: 'abc' }],
    ];
    for (const [name, args] of refusals) {
      const mark = front.records.length;
      const refused = await readOnly.client.callTool({ name, arguments: args }).then(
        (answer) => (answer.isError === true ? text(answer as CallToolResult) : 'not refused'),
        (error: Error) => error.message,
      );
      expect(refused, name).toMatch(/Refused|not enabled|not allowed|Unknown tool/i);
      expect(front.records.slice(mark), `${name} reached the upstream`).toEqual([]);
    }
  });

  it('auto mode stays within its budget and search ranks the typed tools for container tasks in the top 3', async () => {
    const listed = (await defaults.client.listTools()).tools;
    expect(listed.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(listed).length).toBeLessThanOrEqual(100_000);
    const tasks: [string, string][] = [
      ['restart a container', 'docker_container_restart'],
      ['show the logs of a container', 'docker_container_logs'],
      ['list containers on a docker host', 'docker_container_list'],
      ['remove a docker image', 'docker_image_delete'],
    ];
    for (const [query, expected] of tasks) {
      const answer = (await defaults.client.callTool({
        name: 'search_operations',
        arguments: { query },
      })) as CallToolResult;
      const names = (JSON.parse(text(answer)) as { matches: { name: string }[] }).matches.map((match) => match.name);
      expect(names.slice(0, 3), query).toContain(expected);
    }
  });
});
