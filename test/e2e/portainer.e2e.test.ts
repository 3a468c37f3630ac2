/**
 * End-to-end test of the generated Portainer MCP server, as a user runs it:
 * `npm pack` + offline `npm install` of out/mcp-portainer-2.43, the installed bin started
 * over stdio by the MCP SDK client, and upstream Portainer replaced by
 * recorder (records every request) -> Prism mock of the real 2.43.0 spec (validates
 * path, parameters, body and API key presence). See test/support/* for the pieces.
 *
 * Overrides: E2E_PORTAINER_PACKAGE_DIR (a package folder; then nothing is generated),
 * E2E_PORTAINER_SPEC (the OpenAPI document given to Prism).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, promisify } from 'node:util';
import type { CallToolResult, Client, Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall } from '../support/install-package.js';
import { connectStdioClient, type ConnectedClient } from '../support/mcp-stdio-client.js';
import { startPrism, type PrismServer } from '../support/prism.js';
import { DEFAULT_CANNED_ROUTES, startRecorder, type RecordedRequest, type Recorder } from '../support/recorder.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE_DIR = process.env.E2E_PORTAINER_PACKAGE_DIR ?? join(REPO_ROOT, 'out', 'mcp-portainer-2.43');
const SPEC_PATH =
  process.env.E2E_PORTAINER_SPEC ?? join(REPO_ROOT, '..', 'shared', 'specs', 'portainer', '2.43.0.yaml');
const BIN_NAME = 'mcp-portainer';
// Random, so "the upstream saw our key" cannot pass by accident with a default value.
const API_KEY = `ptr_e2e_${randomUUID()}`;

/**
 * Operations exercised, from the 2.43.0 spec. All have the security requirement
 * "ApiKeyAuth OR jwt": 138 operations of 2.43.0 declare "ApiKeyAuth AND jwt" (e.g.
 * DELETE /endpoints/{id}), which Prism enforces literally, so an X-API-Key-only client
 * gets 401 from the mock there although real Portainer accepts the key alone.
 */
const OPS = {
  // operationId systemVersion: GET /system/version, no parameters.
  noParams: { tool: 'system_version', method: 'GET', pathname: '/api/system/version' },
  // operationId EndpointInspect: GET /endpoints/{id}, id integer.
  pathParam: { tool: 'endpoint_inspect', method: 'GET', pathname: '/api/endpoints/1', args: { id: 1 } },
  // operationId TagDelete: DELETE /tags/{id} -> 204.
  write: { tool: 'tag_delete', method: 'DELETE', pathname: '/api/tags/7', args: { id: 7 } },
  // operationId StackCreateDockerStandaloneString: POST /stacks/create/standalone/string
  // ?endpointId (required query) with JSON body, required Name + StackFileContent.
  jsonBody: {
    tool: 'stack_create_docker_standalone_string',
    method: 'POST',
    pathname: '/api/stacks/create/standalone/string',
    query: { endpointId: '1' },
    body: { Name: 'e2e-stack', StackFileContent: 'services:\n  web:\n    image: nginx:alpine\n' },
  },
} as const;

const ANNOTATION_HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

const HOOK_TIMEOUT_MS = 300_000; // covers `pnpm generate` when out/ is missing
const teardown: Array<() => Promise<void>> = [];
let prism: PrismServer;
let recorder: Recorder;
let binPath: string;
let installedDir: string;
let server: ConnectedClient;

beforeAll(async () => {
  await ensureGeneratedPackage();
  const installed = await packAndInstall({ packageDir: PACKAGE_DIR, binName: BIN_NAME });
  teardown.push(installed.cleanup);
  binPath = installed.binPath;
  installedDir = installed.installedDir;
  prism = await startPrism({ specPath: SPEC_PATH });
  teardown.push(prism.stop);
  recorder = await startRecorder({ upstreamUrl: prism.url });
  teardown.push(recorder.stop);
  server = await startServer({ binPath, extraEnv: {} });
  teardown.push(server.close);
}, HOOK_TIMEOUT_MS);

afterAll(async () => {
  // Reverse order; keep going on failure so no process or temp folder is left behind.
  for (const step of teardown.reverse()) await step().catch((error: unknown) => console.error('teardown:', error));
}, 30_000);

describe('mcp-portainer 2.43 over stdio against a Prism mock', { timeout: 30_000 }, () => {
  it('installs from its tarball as a dependency-free package with the mcp-portainer bin', async () => {
    const manifest = JSON.parse(await readFile(join(installedDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.name).toBe('mcp-portainer');
    expect(manifest.version).toMatch(/^2\.43\.\d+$/);
    expect(manifest.bin).toMatchObject({ 'mcp-portainer': expect.stringMatching(/^(\.\/)?dist\/mcp-portainer\.js$/) });
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it('keeps a V8 code cache in the user cache folder after its first tools/list, and starts from it', async () => {
    const cacheHome = await mkdtemp(join(tmpdir(), 'mcpgen-e2e-cache-'));
    try {
      const cacheFiles = async () =>
        (await readdir(join(cacheHome, 'mcpgen'))).filter((name) =>
          /^mcp-portainer-[0-9a-f]{24}-[0-9a-f]{24}\.v8cache$/.test(name),
        );
      const written: string[] = [];
      for (const run of ['writes', 'reads']) {
        const started = await startServer({ binPath, extraEnv: { XDG_CACHE_HOME: cacheHome } });
        try {
          expect((await listTools(started.client)).length, run).toBeGreaterThan(100);
          // A call after the listing: the server has changed V8's tier-up flag by then (server/tier-up.ts).
          await started.client.callTool({ name: 'endpoint_list', arguments: {} });
        } finally {
          await started.close();
        }
        const files = await cacheFiles();
        expect(files, run).toHaveLength(1);
        const info = await stat(join(cacheHome, 'mcpgen', files[0]!));
        written.push(`${info.ino} ${info.mtimeMs}`);
      }
      // V8 refuses a cache made under other flags, and the launcher then writes a new one: the second
      // start must have used the first one's cache as it was.
      expect(written[1]).toBe(written[0]);
    } finally {
      await rm(cacheHome, { recursive: true, force: true });
    }
  });

  it('lists many tools, each with a title and all four annotation hints', async () => {
    const tools = await listTools(server.client);
    const names = tools.map((tool) => tool.name);
    expect(tools.length).toBeGreaterThan(100);
    expect(names).toEqual(
      expect.arrayContaining([
        'endpoint_list',
        'docker_proxy',
        'kubernetes_proxy',
        ...Object.values(OPS).map((op) => op.tool),
      ]),
    );
    expect(toolsMissingMetadata(tools), 'tools without title or with a non-boolean hint').toEqual([]);
  });

  it('annotates GET tools as read-only and DELETE tools as destructive', async () => {
    const byName = new Map((await listTools(server.client)).map((tool) => [tool.name, tool]));
    expect(byName.get(OPS.noParams.tool)?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(byName.get(OPS.pathParam.tool)?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(byName.get(OPS.write.tool)?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.get(OPS.jsonBody.tool)?.annotations).toMatchObject({ readOnlyHint: false });
  });

  it('calls a tool without parameters and returns the upstream JSON', async () => {
    const { result, records } = await callTool(server, { name: OPS.noParams.tool, args: {} });
    expectSuccess(result, server);
    const record = expectSingleValidUpstreamCall(records, OPS.noParams);
    expect(containsValue(resultJson(result), JSON.parse(record.responseBody))).toBe(true);
  });

  it('calls a tool with a path parameter', async () => {
    const { result, records } = await callTool(server, { name: OPS.pathParam.tool, args: OPS.pathParam.args });
    expectSuccess(result, server);
    expectSingleValidUpstreamCall(records, OPS.pathParam);
  });

  it('calls a write tool', async () => {
    const { result, records } = await callTool(server, { name: OPS.write.tool, args: OPS.write.args });
    expect(result.isError, resultText(result)).not.toBe(true);
    expectSingleValidUpstreamCall(records, OPS.write);
  });

  it('calls a tool with a query parameter and a flattened JSON body', async () => {
    const op = OPS.jsonBody;
    const { result, records } = await callTool(server, {
      name: op.tool,
      args: { endpointId: Number(op.query.endpointId), ...op.body },
    });
    expectSuccess(result, server);
    const record = expectSingleValidUpstreamCall(records, op);
    expect(Object.fromEntries(record.query)).toEqual(op.query);
    expect(String(record.headers['content-type'])).toMatch(/^application\/json/);
    expect(JSON.parse(record.body)).toMatchObject(op.body);
  });

  it('calls docker_proxy and returns the Docker answer', async () => {
    const { result, records } = await callTool(server, {
      name: 'docker_proxy',
      args: { environment_id: 1, path: '/containers/json', query_params: { all: '1' } },
    });
    expectSuccess(result, server);
    const record = expectSingleValidUpstreamCall(records, {
      method: 'GET',
      pathname: '/api/endpoints/1/docker/containers/json',
      target: 'canned',
    });
    expect(Object.fromEntries(record.query)).toEqual({ all: '1' });
    expect(containsValue(resultJson(result), cannedBody('docker GET /containers/json'))).toBe(true);
  });

  it('calls kubernetes_proxy', async () => {
    const { result, records } = await callTool(server, {
      name: 'kubernetes_proxy',
      args: { environment_id: 2, path: '/api/v1/namespaces' },
    });
    expectSuccess(result, server);
    expectSingleValidUpstreamCall(records, {
      method: 'GET',
      pathname: '/api/endpoints/2/kubernetes/api/v1/namespaces',
      target: 'canned',
    });
  });

  it('rejects an argument of the wrong type without calling upstream', async () => {
    const { result, records } = await callTool(server, { name: OPS.pathParam.tool, args: { id: 'not-a-number' } });
    expect(result.isError).toBe(true);
    expect(records).toEqual([]);
  });

  it('rejects a missing required argument without calling upstream', async () => {
    const { result, records } = await callTool(server, { name: OPS.pathParam.tool, args: {} });
    expect(result.isError).toBe(true);
    expect(records).toEqual([]);
  });

  it('reports an upstream error with its HTTP status', async () => {
    // Prism answers with the spec's own 404 response for EndpointInspect.
    recorder.preferStatusOnNextRequest(404);
    const { result, records } = await callTool(server, { name: OPS.pathParam.tool, args: OPS.pathParam.args });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('404');
    expect(records.map((r) => [r.method, r.pathname, r.status])).toEqual([
      [OPS.pathParam.method, OPS.pathParam.pathname, 404],
    ]);
  });

  it('refuses a proxy path that escapes the platform prefix', async () => {
    const { result, records } = await callTool(server, {
      name: 'docker_proxy',
      args: { environment_id: 1, path: '/../../users' },
    });
    expect(result.isError).toBe(true);
    expect(records).toEqual([]);
  });

  it('never forwards caller-supplied credentials through a proxy tool', async () => {
    const { result, records } = await callTool(server, {
      name: 'docker_proxy',
      args: {
        environment_id: 1,
        path: '/containers/json',
        headers: { 'X-API-Key': 'stolen', Authorization: 'Bearer stolen' },
      },
    });
    // Either refused outright or sent with the configured key only; both are allowed.
    if (result.isError === true) {
      expect(records).toEqual([]);
    } else {
      const record = expectSingleValidUpstreamCall(records, {
        method: 'GET',
        pathname: '/api/endpoints/1/docker/containers/json',
        target: 'canned',
      });
      expect(record.headers.authorization).toBeUndefined();
    }
  });

  it('by default (auto tool mode) lists at most 100 tools of ALL, discovery included, and reaches an unlisted one through call_operation', async () => {
    // An empty value is the same as unset: the package's own default.
    const auto = await startServer({ binPath, extraEnv: { PORTAINER_TOOL_MODE: '' } });
    try {
      const tools = await listTools(auto.client);
      const names = tools.map((tool) => tool.name);
      expect(tools.length).toBe(100);
      expect(names.slice(-3)).toEqual(['search_operations', 'describe_operation', 'call_operation']);
      expect(names).toEqual(
        expect.arrayContaining(['docker_proxy', 'kubernetes_proxy', 'endpoint_list', 'system_version']),
      );
      expect(JSON.stringify(tools).length).toBeLessThanOrEqual(100_000);
      expect(names).not.toContain(OPS.write.tool);
      expect(auto.client.getInstructions()).toMatch(
        /optional `select`: a JMESPath expression.* \d+ operations are not listed as tools: find them with search_operations/,
      );
      const found = (await auto.client.callTool({
        name: 'search_operations',
        arguments: { query: 'delete tag' },
      })) as CallToolResult;
      expect((found.structuredContent as { matches: { name: string }[] }).matches.map((match) => match.name)).toContain(
        OPS.write.tool,
      );
      const mark = recorder.requests.length;
      const called = (await auto.client.callTool({
        name: 'call_operation',
        arguments: { name: OPS.write.tool, arguments: OPS.write.args },
      })) as CallToolResult;
      expect(called.isError, resultText(called)).toBeFalsy();
      expect(recorder.requests.slice(mark).map((request) => `${request.method} ${request.pathname}`)).toEqual([
        `${OPS.write.method} ${OPS.write.pathname}`,
      ]);
    } finally {
      await auto.close();
    }
  });

  describe('with PORTAINER_READ_ONLY=1', () => {
    let readOnly: ConnectedClient;

    beforeAll(async () => {
      readOnly = await startServer({ binPath, extraEnv: { PORTAINER_READ_ONLY: '1' } });
    }, 60_000);

    afterAll(async () => {
      await readOnly?.close();
    });

    it('lists read tools only', async () => {
      const tools = await listTools(readOnly.client);
      const names = tools.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining([OPS.noParams.tool, OPS.pathParam.tool, 'docker_proxy']));
      expect(names).not.toContain(OPS.write.tool);
      expect(names).not.toContain(OPS.jsonBody.tool);
      const notReadOnly = tools.filter(
        (tool) => !tool.name.endsWith('_proxy') && tool.annotations?.readOnlyHint !== true,
      );
      expect(notReadOnly.map((tool) => tool.name)).toEqual([]);
    });

    it('refuses the write tool without calling upstream', async () => {
      const { refused, records } = await callExpectingRefusal(readOnly, { name: OPS.write.tool, args: OPS.write.args });
      expect(refused).toBe(true);
      expect(records).toEqual([]);
    });

    it('refuses a non-GET docker_proxy call without calling upstream', async () => {
      const { result, records } = await callTool(readOnly, {
        name: 'docker_proxy',
        args: { environment_id: 1, path: '/containers/create', method: 'POST', body: { Image: 'nginx:alpine' } },
      });
      expect(result.isError).toBe(true);
      expect(records).toEqual([]);
    });

    it('still allows a GET docker_proxy call', async () => {
      const { result, records } = await callTool(readOnly, {
        name: 'docker_proxy',
        args: { environment_id: 1, path: '/containers/json' },
      });
      expectSuccess(result, readOnly);
      expectSingleValidUpstreamCall(records, {
        method: 'GET',
        pathname: '/api/endpoints/1/docker/containers/json',
        target: 'canned',
      });
    });
  });
});

async function ensureGeneratedPackage(): Promise<void> {
  const entry = join(PACKAGE_DIR, 'dist', `${BIN_NAME}.js`);
  if (existsSync(entry)) return;
  if (process.env.E2E_PORTAINER_PACKAGE_DIR !== undefined)
    throw new Error(`E2E_PORTAINER_PACKAGE_DIR is set but ${entry} does not exist`);
  const output = await runGenerate();
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing and \`pnpm generate\` did not create it. Its output:\n${output}`);
  }
}

async function runGenerate(): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)('pnpm', ['generate'], {
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

/**
 * PORTAINER_PROFILES=ALL and PORTAINER_TOOL_MODE=tools: which tags belong to the default profiles
 * and which tools auto mode lists are policy; this test is about the request path, so every
 * operation is made available and listed. One test below runs the default (auto) mode.
 */
function startServer(options: { binPath: string; extraEnv: Record<string, string> }): Promise<ConnectedClient> {
  return connectStdioClient({
    command: options.binPath,
    env: {
      PORTAINER_URL: recorder.url,
      PORTAINER_API_KEY: API_KEY,
      PORTAINER_PROFILES: 'ALL',
      PORTAINER_TOOL_MODE: 'tools',
      PORTAINER_TIMEOUT: '10',
      ...options.extraEnv,
    },
    clientName: `portainer-e2e${options.extraEnv.PORTAINER_READ_ONLY === '1' ? '-read-only' : ''}`,
  });
}

async function listTools(client: Client): Promise<Tool[]> {
  return (await client.listTools()).tools;
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
): Promise<{ result: CallToolResult; records: RecordedRequest[] }> {
  const mark = recorder.requests.length;
  const result = await target.client.callTool({ name: call.name, arguments: call.args });
  return { result, records: recorder.since(mark) };
}

/** A tool that is not registered may be refused as a protocol error (MCP: unknown tool) or with isError. */
async function callExpectingRefusal(
  target: ConnectedClient,
  call: { name: string; args: Record<string, unknown> },
): Promise<{ refused: boolean; records: RecordedRequest[] }> {
  const mark = recorder.requests.length;
  const refused = await target.client.callTool({ name: call.name, arguments: call.args }).then(
    (result) => result.isError === true,
    () => true,
  );
  return { refused, records: recorder.since(mark) };
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

/** Exactly one upstream request, the expected one, carrying our key, accepted by the mock. */
function expectSingleValidUpstreamCall(
  records: RecordedRequest[],
  expected: { method: string; pathname: string; target?: RecordedRequest['target'] },
): RecordedRequest {
  expect(records.map(describeRecord)).toHaveLength(1);
  const record = records[0] as RecordedRequest;
  expect({ method: record.method, pathname: record.pathname, target: record.target }).toEqual({
    method: expected.method,
    pathname: expected.pathname,
    target: expected.target ?? 'prism',
  });
  expect(record.headers['x-api-key']).toBe(API_KEY);
  expect(
    record.status,
    `mock rejected the request: ${describeRecord(record)}\n${prism.logs().slice(-2000)}`,
  ).toBeLessThan(400);
  return record;
}

function describeRecord(record: RecordedRequest): string {
  const findings = record.requestViolations.length > 0 ? ` [${record.requestViolations.join('; ')}]` : '';
  return `${record.method} ${record.url} -> ${record.status} (${record.target})${findings} ${record.responseBody.slice(0, 300)}`;
}

function resultText(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : JSON.stringify(result.content);
}

function resultJson(result: CallToolResult): unknown {
  return JSON.parse(resultText(result));
}

function cannedBody(key: string): unknown {
  const canned = DEFAULT_CANNED_ROUTES[key];
  if (!canned) throw new Error(`no canned route ${key}`);
  return canned.body;
}

/**
 * True when `needle` equals `haystack` or any value nested in it: the server may wrap the
 * upstream JSON (e.g. arrays inside an object), but must not alter it.
 */
function containsValue(haystack: unknown, needle: unknown): boolean {
  if (isDeepStrictEqual(haystack, needle)) return true;
  if (typeof haystack !== 'object' || haystack === null) return false;
  return Object.values(haystack).some((value) => containsValue(value, needle));
}
