import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../src/config/errors.js';
import { runServer } from '../src/server/start.js';
import { prepare } from '../src/server/prepare.js';
import { dispatchCall } from '../src/tools/dispatch.js';
import {
  API_KEY,
  DISABLED_HINT,
  PVE_STATUS_NOTES,
  PVE_TASKS,
  PVE_TOKEN_ID,
  PVE_TOKEN_SECRET,
  portainerEnv,
  pveEnv,
  pveTarget,
  pveTools,
  target,
  tools,
  upid,
} from './fixtures.js';

const definition = { target, tools };

/** Captures what the server writes to stderr (its logger) without printing it. */
function captureStderr(): { text: () => string } {
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  return { text: () => spy.mock.calls.map((args) => String(args[0])).join('') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

function enabledNames(env: Record<string, string | undefined>): string[] {
  return [...prepare({ definition, env: portainerEnv(env) }).registry.enabled];
}

describe('prepare', () => {
  it('serves the tools of the default profiles and knows all of them', () => {
    const { registry } = prepare({ definition, env: portainerEnv() });
    expect([...registry.known.keys()]).toEqual(tools.map((tool) => tool.name));
    expect([...registry.enabled]).toEqual([
      'endpoint_list',
      'endpoint_inspect',
      'endpoint_delete',
      'container_image_status',
      'settings_inspect',
      'stack_create_docker_standalone_string',
      'docker_proxy',
      'kubernetes_proxy',
    ]);
    expect(registry.listed.map((tool) => tool.name)).toEqual([...registry.enabled]);
  });

  it('serves the tools of the requested profiles only', () => {
    expect(enabledNames({ PORTAINER_PROFILES: 'ADMIN' })).toEqual(['tag_create', 'restore', 'user_create']);
    expect(enabledNames({ PORTAINER_PROFILES: 'edge' })).toEqual(['edge_config_update']);
    expect(enabledNames({ PORTAINER_PROFILES: 'BASE' })).toEqual(['settings_inspect']);
    expect(enabledNames({ PORTAINER_PROFILES: 'KUBERNETES' })).toEqual([
      'endpoint_list',
      'endpoint_inspect',
      'endpoint_delete',
      'stack_create_docker_standalone_string',
      'kubernetes_proxy',
    ]);
  });

  it('serves every tool with ALL', () => {
    expect(enabledNames({ PORTAINER_PROFILES: 'ALL' })).toEqual(tools.map((tool) => tool.name));
    expect(enabledNames({ PORTAINER_PROFILES: 'base, all' })).toEqual(tools.map((tool) => tool.name));
  });

  it('adds the tools of extra tags', () => {
    expect(enabledNames({ PORTAINER_PROFILES: 'BASE', PORTAINER_TAGS_EXTRA: 'users,edge_configs' })).toEqual([
      'settings_inspect',
      'edge_config_update',
      'user_create',
    ]);
  });

  it('throws a ConfigError naming PORTAINER_PROFILES for an unknown profile', () => {
    expect(() => prepare({ definition, env: portainerEnv({ PORTAINER_PROFILES: 'DOCKER,SWARM' }) })).toThrow(
      ConfigError,
    );
    expect(() => prepare({ definition, env: portainerEnv({ PORTAINER_PROFILES: 'DOCKER,SWARM' }) })).toThrow(
      "PORTAINER_PROFILES: unknown profile 'SWARM' (known: BASE, DOCKER, KUBERNETES, GITOPS, EDGE, ADMIN, ALL)",
    );
  });

  it('throws a ConfigError for other bad settings before serving', () => {
    expect(() => prepare({ definition, env: { PORTAINER_URL: 'https://portainer.example.com' } })).toThrow(
      'PORTAINER_API_KEY: is required but not set',
    );
    expect(() => prepare({ definition, env: portainerEnv({ PORTAINER_READ_ONLY: 'maybe' }) })).toThrow(
      /^PORTAINER_READ_ONLY: /,
    );
  });

  describe('read-only', () => {
    it('serves read operations and proxy tools only, and keeps the rest known', () => {
      const { registry } = prepare({
        definition,
        env: portainerEnv({ PORTAINER_READ_ONLY: '1', PORTAINER_PROFILES: 'ALL' }),
      });
      expect([...registry.enabled]).toEqual([
        'endpoint_list',
        'endpoint_inspect',
        'container_image_status',
        'settings_inspect',
        'docker_proxy',
        'kubernetes_proxy',
      ]);
      expect(registry.known.has('endpoint_delete')).toBe(true);
      expect(registry.known.has('user_create')).toBe(true);
    });

    it('arms the call guard with the read-only variable', () => {
      const { context } = prepare({ definition, env: portainerEnv({ PORTAINER_READ_ONLY: 'true' }) });
      expect(context.guard).toEqual({ allowedSafety: ['read'], setting: 'PORTAINER_READ_ONLY=1' });
    });

    it('leaves the guard open when read-only is off', () => {
      const { context } = prepare({ definition, env: portainerEnv() });
      expect(context.guard).toEqual({ allowedSafety: undefined, setting: 'PORTAINER_READ_ONLY=1' });
    });

    it('refuses a hidden write tool by the read-only rule, not as unknown', async () => {
      const { registry, context } = prepare({ definition, env: portainerEnv({ PORTAINER_READ_ONLY: '1' }) });
      const result = await dispatchCall({
        tool: registry.known.get('endpoint_delete'),
        enabled: registry.enabled.has('endpoint_delete'),
        name: 'endpoint_delete',
        args: { id: 1 },
        context,
      });
      expect(result.content[0]?.text).toBe(
        'Refused: endpoint_delete (destructive) is not allowed with PORTAINER_READ_ONLY=1. Nothing was sent upstream.',
      );
    });
  });

  it('drops proxy tools with PORTAINER_NO_PROXY but keeps them known', () => {
    const { registry, context } = prepare({
      definition,
      env: portainerEnv({ PORTAINER_NO_PROXY: '1', PORTAINER_PROFILES: 'ALL' }),
    });
    expect([...registry.enabled]).not.toContain('docker_proxy');
    expect([...registry.enabled]).not.toContain('kubernetes_proxy');
    expect(registry.enabled.size).toBe(tools.length - 2);
    expect(registry.known.has('docker_proxy')).toBe(true);
    expect(context.disabledHint).toContain('PORTAINER_NO_PROXY');
  });

  it('builds the call context from the configuration', async () => {
    const { context, config } = prepare({
      definition,
      env: portainerEnv({ PORTAINER_URL: 'http://10.0.0.5:9000/portainer/' }),
    });
    expect(context.baseUrl.href).toBe('http://10.0.0.5:9000/portainer/api');
    expect(await context.auth.headers({ method: 'GET' })).toEqual({ 'x-api-key': API_KEY });
    expect(await context.auth.headers({ method: 'DELETE' })).toEqual({ 'x-api-key': API_KEY });
    expect(context.auth.credentialHeaders).toEqual(['x-api-key']);
    expect(context.shape).toEqual({ maxChars: 80_000, redact: true, redactor: expect.any(Object) });
    expect(context.wire).toEqual({});
    expect(context.tasks).toBeUndefined();
    expect(config.auth).toEqual({ kind: 'header-key', header: 'X-API-Key', value: API_KEY });
    expect(context.allowLocalFiles).toBe(true);
    expect(context.disabledHint).toBe(DISABLED_HINT);
    expect(typeof context.send).toBe('function');
  });

  it('never lets file parts name a local path over HTTP, and needs no server-wide credential there', () => {
    const { context, config } = prepare({
      definition,
      env: portainerEnv({ PORTAINER_API_KEY: '' }),
      transport: 'http',
    });
    expect(context.allowLocalFiles).toBe(false);
    expect(config.auth).toBeUndefined();
  });

  it('takes the answer size cap and the redaction switch from the environment', () => {
    const { context } = prepare({
      definition,
      env: portainerEnv({ PORTAINER_MAX_RESPONSE_CHARS: '12000', PORTAINER_EXPOSE_ENV_VALUES: '1' }),
    });
    expect(context.shape).toEqual({ maxChars: 12_000, redact: false, redactor: expect.any(Object) });
  });

  it('serves one tool per operation by default (all fit the budget) and the three discovery tools with PORTAINER_TOOL_MODE=discovery', () => {
    const auto = prepare({ definition, env: portainerEnv() });
    expect(auto.surface).toMatchObject({ listing: auto.registry.listed, discovery: false, unlisted: 0 });
    const prepared = prepare({ definition, env: portainerEnv({ PORTAINER_TOOL_MODE: 'discovery' }) });
    expect(prepared.surface.listing.map((tool) => tool.name)).toEqual([
      'search_operations',
      'describe_operation',
      'call_operation',
    ]);
    expect(prepared.surface.listing[0]?.title).toBe('Search Portainer operations');
    // The registry behind them is the same selection as in tool mode.
    expect([...prepared.registry.enabled]).toEqual(enabledNames({}));
  });

  it('lists proxy tools with their generated schema', () => {
    const { registry } = prepare({ definition, env: portainerEnv() });
    const listed = registry.listed.find((tool) => tool.name === 'docker_proxy');
    expect(listed?.title).toBe('Docker Engine API through Portainer');
    expect((listed?.inputSchema as { required?: unknown }).required).toEqual(['environment_id', 'path']);
  });

  describe('logging', () => {
    it('refuses extra tags that match no tool, naming the variable, whatever the log level', () => {
      for (const level of ['info', 'error']) {
        const start = () =>
          prepare({
            definition,
            env: portainerEnv({ PORTAINER_TAGS_EXTRA: 'users,webhookz', PORTAINER_MCP_LOG_LEVEL: level }),
          });
        expect(start).toThrow(ConfigError);
        expect(start).toThrow(/^PORTAINER_TAGS_EXTRA: unknown tag 'webhookz' \(known: .*users/);
      }
    });

    it('accepts extra tags that some tool has', () => {
      const stderr = captureStderr();
      prepare({ definition, env: portainerEnv({ PORTAINER_TAGS_EXTRA: 'users' }) });
      expect(stderr.text()).toBe('');
    });

    it('returns a logger named after the package at the configured level', () => {
      const stderr = captureStderr();
      const { log } = prepare({ definition, env: portainerEnv({ PORTAINER_MCP_LOG_LEVEL: 'warn' }) });
      log.info('hidden');
      log.warn('shown');
      expect(stderr.text()).toBe('[mcp-portainer] warn: shown\n');
    });
  });

  it('sends calls to the configured upstream with the API key (local server)', async () => {
    const seen: { url: string; key: string | undefined }[] = [];
    const upstream = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', key: req.headers['x-api-key'] as string | undefined });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"Id":3,"Name":"local"}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    try {
      const port = (upstream.address() as AddressInfo).port;
      const { registry, context } = prepare({
        definition,
        env: portainerEnv({ PORTAINER_URL: `http://127.0.0.1:${port}` }),
      });
      const result = await dispatchCall({
        tool: registry.known.get('endpoint_inspect'),
        enabled: true,
        name: 'endpoint_inspect',
        args: { id: 3 },
        context,
      });
      expect(result).toEqual({
        content: [{ type: 'text', text: '{"Id":3,"Name":"local"}' }],
        structuredContent: { Id: 3, Name: 'local' },
      });
      expect(seen).toEqual([{ url: '/api/endpoints/3', key: API_KEY }]);
    } finally {
      upstream.closeAllConnections();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });
});

describe('prepare for the PVE target', () => {
  const pve = { target: pveTarget, tools: pveTools };

  it('serves reads only on the default tier and refuses the rest by the tier', async () => {
    const { registry, context } = prepare({ definition: pve, env: pveEnv() });
    expect([...registry.enabled]).toEqual(['list_nodes', 'get_qemu_config']);
    expect(context.guard).toEqual({ allowedSafety: ['read'], setting: 'PVE_ACCESS_TIER=read-only' });
    const result = await dispatchCall({
      tool: registry.known.get('start_qemu'),
      enabled: false,
      name: 'start_qemu',
      args: { node: 'pve1', vmid: 1 },
      context,
    });
    expect(result.content[0]?.text).toBe(
      'Refused: start_qemu (execute) is not allowed with PVE_ACCESS_TIER=read-only. Nothing was sent upstream.',
    );
  });

  it('serves by tier: read-execute adds execute tools, full serves everything', () => {
    expect([
      ...prepare({ definition: pve, env: pveEnv({ PVE_ACCESS_TIER: 'read-execute' }) }).registry.enabled,
    ]).toEqual(['list_nodes', 'get_qemu_config', 'start_qemu', 'stop_task']);
    const full = prepare({ definition: pve, env: pveEnv({ PVE_ACCESS_TIER: 'FULL' }) });
    expect([...full.registry.enabled]).toEqual(pveTools.map((tool) => tool.name));
    expect(full.context.guard).toEqual({ allowedSafety: undefined, setting: 'PVE_ACCESS_TIER=full' });
  });

  it('stops on an unknown tier, naming PVE_ACCESS_TIER', () => {
    expect(() => prepare({ definition: pve, env: pveEnv({ PVE_ACCESS_TIER: 'admin' }) })).toThrow(
      "PVE_ACCESS_TIER: expected one of read-only, read-execute, full, got 'admin'",
    );
  });

  it('builds the PVE call context: token auth, envelope, status notes, numeric booleans, tasks', async () => {
    const { context } = prepare({ definition: pve, env: pveEnv() });
    expect(context.baseUrl.href).toBe('https://pve.example.com:8006/api2/json');
    expect(await context.auth.headers({ method: 'POST' })).toEqual({
      authorization: `PVEAPIToken=${PVE_TOKEN_ID}=${PVE_TOKEN_SECRET}`,
    });
    expect(context.auth.credentialHeaders).toEqual(['authorization', 'cookie', 'csrfpreventiontoken']);
    expect(context.shape).toEqual({
      maxChars: 80_000,
      redact: true,
      redactor: expect.any(Object),
      envelope: 'data',
      statusNotes: PVE_STATUS_NOTES,
    });
    expect(context.wire).toEqual({ booleans: 'numeric' });
    expect(context.tasks).toEqual(PVE_TASKS);
    expect(context.disabledHint).toBe('it is outside the selected tools (PVE_CATEGORIES)');
  });

  it('adds the raw API tool only with PVE_ENABLE_RAW_API, and lists it last', () => {
    const off = prepare({ definition: pve, env: pveEnv() });
    expect(off.registry.known.has('api_request')).toBe(false);
    const on = prepare({ definition: pve, env: pveEnv({ PVE_ENABLE_RAW_API: '1' }) });
    expect([...on.registry.enabled]).toEqual(['list_nodes', 'get_qemu_config', 'api_request']);
    expect(on.registry.listed.at(-1)?.name).toBe('api_request');
    expect(on.registry.known.get('api_request')?.spec.kind).toBe('raw');
    expect(on.registry.operations.map((route) => `${route.method} ${route.path}`)).toEqual(
      pveTools.map((tool) => `${tool.method} ${tool.path}`),
    );
  });

  it('logs in with user name and password against a local PVE-like server and follows a started task', async () => {
    const task = upid('pve1', 'qmstart', '100');
    const seen: { method: string; url: string; cookie?: string; csrf?: string; body: string }[] = [];
    const upstream = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          ...(req.headers.cookie ? { cookie: req.headers.cookie } : {}),
          ...(req.headers.csrfpreventiontoken ? { csrf: String(req.headers.csrfpreventiontoken) } : {}),
          body,
        });
        res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
        if (req.url === '/api2/json/access/ticket')
          res.end(
            JSON.stringify({
              data: { ticket: 'PVE:root@pam:65A1::sig', CSRFPreventionToken: '65A1:csrf', username: 'root@pam' },
            }),
          );
        else if (req.url?.endsWith('/status/start')) res.end(JSON.stringify({ data: task }));
        else if (req.url?.endsWith('/status'))
          res.end(JSON.stringify({ data: { status: 'stopped', exitstatus: 'OK', upid: task, node: 'pve1' } }));
        else res.end('{"data":null}');
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    try {
      const port = (upstream.address() as AddressInfo).port;
      const env = {
        PVE_BASE_URL: `http://127.0.0.1:${port}`,
        PVE_USERNAME: 'root@pam',
        PVE_PASSWORD: 's3cret',
        PVE_ACCESS_TIER: 'read-execute',
      };
      const { registry, context } = prepare({ definition: pve, env });
      const result = await dispatchCall({
        tool: registry.known.get('start_qemu'),
        enabled: true,
        name: 'start_qemu',
        args: { node: 'pve1', vmid: 100, skiplock: true, wait: 5 },
        context,
      });
      expect(result.isError).toBeUndefined();
      expect(result.structuredContent).toEqual({ upid: task, status: 'stopped', exitstatus: 'OK', node: 'pve1' });
      expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual([
        'POST /api2/json/access/ticket',
        'POST /api2/json/nodes/pve1/qemu/100/status/start',
        `GET /api2/json/nodes/pve1/tasks/${encodeURIComponent(task)}/status`,
      ]);
      expect(JSON.parse(seen[0]!.body)).toEqual({ username: 'root@pam', password: 's3cret' });
      expect(seen[1]).toMatchObject({
        cookie: `PVEAuthCookie=${encodeURIComponent('PVE:root@pam:65A1::sig')}`,
        csrf: '65A1:csrf',
      });
      expect(JSON.parse(seen[1]!.body)).toEqual({ skiplock: 1 });
      expect(seen[2]?.csrf).toBeUndefined();
      expect(seen[2]?.cookie).toBe(seen[1]?.cookie);
    } finally {
      upstream.closeAllConnections();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });
});

describe('runServer', () => {
  it('prints one line and exits with code 2 on a configuration error', async () => {
    const stderr = captureStderr();
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`exit ${code}`);
    }) as typeof process.exit);
    await expect(runServer(definition, { PORTAINER_API_KEY: API_KEY })).rejects.toThrow('exit 2');
    expect(exit).toHaveBeenCalledWith(2);
    expect(stderr.text()).toBe('mcp-portainer: configuration error: PORTAINER_URL: is required but not set\n');
  });

  it('names the profile variable for an unknown profile', async () => {
    const stderr = captureStderr();
    vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`exit ${code}`);
    }) as typeof process.exit);
    await expect(runServer(definition, portainerEnv({ PORTAINER_PROFILES: 'NOPE' }))).rejects.toThrow('exit 2');
    expect(stderr.text()).toBe(
      "mcp-portainer: configuration error: PORTAINER_PROFILES: unknown profile 'NOPE' (known: BASE, DOCKER, KUBERNETES, GITOPS, EDGE, ADMIN, ALL)\n",
    );
  });

  it('names the PVE credential variable when no credential is set', async () => {
    const stderr = captureStderr();
    vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`exit ${code}`);
    }) as typeof process.exit);
    await expect(
      runServer({ target: pveTarget, tools: pveTools }, { PVE_BASE_URL: 'https://pve.example.com:8006' }),
    ).rejects.toThrow('exit 2');
    expect(stderr.text()).toBe(
      'mcp-pve: configuration error: PVE_TOKEN_ID: no credential: set PVE_TOKEN_ID and PVE_TOKEN_SECRET (API token), or PVE_USERNAME and PVE_PASSWORD (ticket login)\n',
    );
  });
});
