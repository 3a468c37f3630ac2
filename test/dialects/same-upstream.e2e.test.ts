/**
 * The same logical call in each dialect sends the upstream byte-identical requests. The generated
 * bins (out/, as pnpm generate built them) are started over stdio in each dialect against a
 * logging fake upstream on 127.0.0.1; each call is written as a client of that dialect writes it
 * (Gemini: mapped names, string enums; OpenAI strict: null for every unset property; both: maps as
 * key/value lists or key lists), directly and through call_operation in discovery mode.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetSpec } from '../../packages/runtime/src/index.js';
import { connectStdioClient, type ConnectedClient } from '../support/mcp-stdio-client.js';
import { type FakeUpstream, type LoggedRequest, startFakeUpstream } from './fake-upstream.js';
import { OUT_DIR } from './served-listing.js';
import { withStrictNulls } from './strict-nulls.js';

type Dialect = 'default' | 'openai-strict' | 'gemini';
type Args = Record<string, unknown>;

/** One logical call: its arguments as each dialect's client writes them (OpenAI strict nulls are added from the listing). */
interface LogicalCall {
  readonly tool: string;
  readonly args: Readonly<Record<Dialect, Args>>;
}

interface Case {
  readonly folder: string;
  readonly bin: string;
  /** The upstream's answer to every request. */
  readonly answer: unknown;
  readonly calls: readonly LogicalCall[];
}

const same = (args: Args): Record<Dialect, Args> => ({ default: args, 'openai-strict': args, gemini: args });

const CASES: readonly Case[] = [
  {
    folder: 'mcp-pve-9.2',
    bin: 'mcp-pve.js',
    answer: { data: null },
    calls: [
      {
        tool: 'create_storage',
        args: {
          default: { storage: 'b1', type: 'dir', path: '/mnt/b', 'create-base-path': true, 'saferemove-stepsize': 8 },
          'openai-strict': {
            storage: 'b1',
            type: 'dir',
            path: '/mnt/b',
            'create-base-path': true,
            'saferemove-stepsize': 8,
          },
          gemini: { storage: 'b1', type: 'dir', path: '/mnt/b', create_base_path: true, saferemove_stepsize: '8' },
        },
      },
      {
        tool: 'create_qemu',
        args: {
          default: { node: 'pve1', vmid: 101, name: 'web', net: { 0: 'virtio,bridge=vmbr0' }, 'allow-ksm': false },
          'openai-strict': {
            node: 'pve1',
            vmid: 101,
            name: 'web',
            net: [{ key: '0', value: 'virtio,bridge=vmbr0' }],
            'allow-ksm': false,
          },
          gemini: {
            node: 'pve1',
            vmid: 101,
            name: 'web',
            net: [{ key: '0', value: 'virtio,bridge=vmbr0' }],
            allow_ksm: false,
          },
        },
      },
      { tool: 'delete_qemu', args: same({ node: 'pve1', vmid: 101, purge: true, confirm: true }) },
      { tool: 'list_qemu', args: same({ node: 'pve1', full: true, select: '[].vmid' }) },
    ],
  },
  {
    folder: 'mcp-portainer-2.43',
    bin: 'mcp-portainer.js',
    answer: {},
    calls: [
      {
        tool: 'endpoint_list',
        args: {
          default: { types: [1, 2], limit: 5 },
          'openai-strict': { types: [1, 2], limit: 5 },
          gemini: { types: ['1', '2'], limit: 5 },
        },
      },
      {
        tool: 'docker_container_create',
        args: {
          default: {
            environment_id: 1,
            name: 'web',
            Image: 'nginx',
            Labels: { a: 'b' },
            ExposedPorts: { '80/tcp': {} },
          },
          'openai-strict': {
            environment_id: 1,
            name: 'web',
            Image: 'nginx',
            Labels: [{ key: 'a', value: 'b' }],
            ExposedPorts: ['80/tcp'],
          },
          gemini: {
            environment_id: 1,
            name: 'web',
            Image: 'nginx',
            Labels: [{ key: 'a', value: 'b' }],
            ExposedPorts: ['80/tcp'],
          },
        },
      },
    ],
  },
];

const DIALECTS: readonly Dialect[] = ['default', 'openai-strict', 'gemini'];
const present = CASES.filter((testCase) => existsSync(path.join(OUT_DIR, testCase.folder, 'dist', testCase.bin)));

describe.each(present)('$folder', (testCase) => {
  let upstream: FakeUpstream;
  let target: TargetSpec;
  const servers = new Map<string, ConnectedClient>();

  beforeAll(async () => {
    upstream = await startFakeUpstream({ answer: testCase.answer });
    ({ target } = (await import(path.join(OUT_DIR, testCase.folder, 'src', 'target.gen.ts'))) as {
      target: TargetSpec;
    });
  });

  afterAll(async () => {
    for (const server of servers.values()) await server.close();
    await upstream?.stop();
  });

  /** One server per dialect and tool mode, started once. */
  async function serverFor(options: { dialect: Dialect; mode: 'tools' | 'discovery' }): Promise<ConnectedClient> {
    const key = `${options.dialect} ${options.mode}`;
    let server = servers.get(key);
    if (!server) {
      server = await connectStdioClient({
        command: process.execPath,
        args: [path.join(OUT_DIR, testCase.folder, 'dist', testCase.bin)],
        env: environment({ target, upstream: upstream.url, ...options }),
      });
      servers.set(key, server);
    }
    return server;
  }

  async function listed(server: ConnectedClient, tool: string): Promise<Tool> {
    const { tools } = await server.client.listTools();
    const found = tools.find((entry) => entry.name === tool);
    expect(found, `${tool} listed`).toBeDefined();
    return found!;
  }

  /** What the upstream received for one call. */
  async function sent(options: { server: ConnectedClient; tool: string; args: Args }): Promise<LoggedRequest[]> {
    const mark = upstream.requests.length;
    const result = (await options.server.client.callTool({
      name: options.tool,
      arguments: options.args,
    })) as CallToolResult;
    expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false);
    return upstream.requests.slice(mark);
  }

  it.each(testCase.calls)('$tool: every dialect sends the default dialect’s request', async (call) => {
    const requests = new Map<Dialect, LoggedRequest[]>();
    for (const dialect of DIALECTS) {
      const server = await serverFor({ dialect, mode: 'tools' });
      const args =
        dialect === 'openai-strict'
          ? (withStrictNulls((await listed(server, call.tool)).inputSchema as never, call.args[dialect]) as Args)
          : call.args[dialect];
      requests.set(dialect, await sent({ server, tool: call.tool, args }));
    }
    expect(requests.get('default')!.length).toBeGreaterThan(0);
    expect(JSON.stringify(requests.get('openai-strict'))).toBe(JSON.stringify(requests.get('default')));
    expect(JSON.stringify(requests.get('gemini'))).toBe(JSON.stringify(requests.get('default')));
  });

  it.each(testCase.calls)('$tool: through call_operation in discovery mode, the same request again', async (call) => {
    const direct = await sent({
      server: await serverFor({ dialect: 'default', mode: 'tools' }),
      tool: call.tool,
      args: call.args.default,
    });
    for (const dialect of DIALECTS) {
      const server = await serverFor({ dialect, mode: 'discovery' });
      const inner =
        dialect === 'openai-strict'
          ? withStrictNulls(await describedSchema({ server, tool: call.tool }), call.args[dialect])
          : call.args[dialect];
      // Dialects take the operation's arguments as JSON text (an open object is no valid dialect schema).
      const args =
        dialect === 'default'
          ? { name: call.tool, arguments: inner }
          : { name: call.tool, arguments: JSON.stringify(inner) };
      expect(JSON.stringify(await sent({ server, tool: 'call_operation', args }))).toBe(JSON.stringify(direct));
    }
  });

  it('JSON text that does not parse is refused before anything is sent', async () => {
    const server = await serverFor({ dialect: 'openai-strict', mode: 'discovery' });
    const mark = upstream.requests.length;
    const result = (await server.client.callTool({
      name: 'call_operation',
      arguments: { name: testCase.calls[0]!.tool, arguments: '{"oops"' },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect((result.content[0] as { text: string }).text).toContain('Nothing was sent upstream');
    expect(upstream.requests.length).toBe(mark);
  });

  it('describe_operation gives the schema in the served dialect', async () => {
    const tool = testCase.calls[0]!.tool;
    const gemini = await describedSchema({ server: await serverFor({ dialect: 'gemini', mode: 'discovery' }), tool });
    const strict = await describedSchema({
      server: await serverFor({ dialect: 'openai-strict', mode: 'discovery' }),
      tool,
    });
    const names = Object.keys(gemini.properties as object);
    expect(names.every((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))).toBe(true);
    expect(strict.additionalProperties).toBe(false);
    expect(strict.required).toEqual(Object.keys(strict.properties as object));
  });
});

async function describedSchema(options: { server: ConnectedClient; tool: string }): Promise<Record<string, unknown>> {
  const result = (await options.server.client.callTool({
    name: 'describe_operation',
    arguments: { name: options.tool },
  })) as CallToolResult;
  const text = (result.content[0] as { text: string }).text;
  return (JSON.parse(text) as { inputSchema: Record<string, unknown> }).inputSchema;
}

/** The variables by the target file's names: full access, every profile, the given mode and dialect. */
function environment(options: { target: TargetSpec; upstream: string; dialect: Dialect; mode: 'tools' | 'discovery' }) {
  const { target } = options;
  const credentials =
    target.auth.kind === 'header-key'
      ? { [target.auth.env]: 'dialect-test-key' }
      : {
          [target.auth.tokenIdEnv]: 'root@pam!dialects',
          [target.auth.tokenSecretEnv]: '11111111-2222-3333-4444-555555555555',
        };
  return {
    [target.env.url]: options.upstream,
    ...credentials,
    [target.env.profiles]: 'ALL',
    [target.env.toolMode!]: options.mode,
    [target.env.schemaDialect!]: options.dialect,
    ...(target.tiers && target.env.tier ? { [target.env.tier]: target.tiers.at(-1)!.name } : {}),
  };
}
