import path from 'node:path';
import type { GenerationTime } from './generation.js';
import type { ListedTool, ToolCall } from './overhead.js';
import type { GeneratedPeer } from './peers.js';
import type { Launch } from './processes.js';

/** How a subject is reached over HTTP for the calls/s figure. */
export type HttpPlan =
  | {
      readonly kind: 'generic';
      readonly start: (port: number) => { launch: Launch; url: string; headers: Record<string, string> };
    }
  | { readonly kind: 'none'; readonly reason: string };

export interface Subject {
  readonly label: string;
  readonly generation: GenerationTime | { readonly na: string };
  /** How it is started for stdio (cold start, tools/list, call overhead, memory). */
  readonly stdio: Launch;
  /** The read tool timed for call overhead and load: GET /endpoints/{id} with id 1 (Portainer), GET /version (PVE). */
  readonly pickCall: (tools: readonly ListedTool[]) => ToolCall | undefined;
  /** What the upstream should see for that call. */
  readonly expectedUpstreamPath: string;
  readonly http: HttpPlan;
  /** What the row stands for in the targets table: our default or ALL server, a peer, or the call-overhead floor. */
  readonly role?: 'default' | 'all' | 'peer' | 'floor';
  /** Started with NODE_EXTRA_CA_CERTS: its cold start is compared with a floor started the same way. */
  readonly caCerts?: boolean;
  /** Set when the subject could not be prepared: nothing is measured, the reason is shown. */
  readonly unavailable?: string;
}

const GATE_TOKEN = 'bench-gate-token-0123456789abcdefghijklmnop';
const FORWARDER = 'scripts/bench/stdio-forwarder.mjs';
const byName = (name: string, args: Record<string, unknown>) => (tools: readonly ListedTool[]) =>
  tools.some((tool) => tool.name === name) ? { name, arguments: args } : undefined;

export interface SubjectInputs {
  readonly repoRoot: string;
  readonly mockOrigin: string;
  /** Portainer 2.43.0 spec, relative to the repo (the peers read it at run time). */
  readonly portainerSpec: string;
  readonly portainerBin: string;
  readonly pveBin: string;
  readonly portainerGeneration: GenerationTime;
  readonly pveGeneration: GenerationTime;
  readonly omg: GeneratedPeer | { readonly failed: string };
  readonly ivotoby: { readonly version: string; readonly bin: string };
  /** The CA bundle for the NODE_EXTRA_CA_CERTS row (the caller's, else the system bundle); none: no such row. */
  readonly caFile: string | undefined;
}

export function buildSubjects(inputs: SubjectInputs): Subject[] {
  const { mockOrigin } = inputs;
  const node = process.execPath;
  const portainerEnv = { PORTAINER_URL: mockOrigin, PORTAINER_API_KEY: 'bench' };
  const pveEnv = { PVE_BASE_URL: mockOrigin, PVE_TOKEN_ID: 'root@pam!bench', PVE_TOKEN_SECRET: 'bench-secret' };
  const portainer = (label: string, extra: Record<string, string>, role?: 'default' | 'all'): Subject => ({
    label,
    generation: inputs.portainerGeneration,
    stdio: { command: node, args: [inputs.portainerBin], env: { ...portainerEnv, ...extra } },
    pickCall: byName('endpoint_inspect', { id: 1 }),
    expectedUpstreamPath: '/api/endpoints/1',
    http: {
      kind: 'generic',
      start: (port) => ({
        launch: {
          command: node,
          args: [inputs.portainerBin],
          env: {
            ...portainerEnv,
            ...extra,
            PORTAINER_MCP_TRANSPORT: 'http',
            PORTAINER_MCP_HTTP_HOST: '127.0.0.1',
            PORTAINER_MCP_HTTP_PORT: String(port),
            PORTAINER_MCP_AUTH_TOKEN: GATE_TOKEN,
            PORTAINER_MCP_ALLOW_SERVER_CREDENTIAL: '1',
          },
        },
        url: `http://127.0.0.1:${port}/mcp`,
        headers: { authorization: `Bearer ${GATE_TOKEN}` },
      }),
    },
    ...(role ? { role } : {}),
  });
  const pve = (label: string, extra: Record<string, string>): Subject => ({
    label,
    generation: inputs.pveGeneration,
    stdio: { command: node, args: [inputs.pveBin], env: { ...pveEnv, ...extra } },
    pickCall: byName('get_version', {}),
    expectedUpstreamPath: '/api2/json/version',
    http: {
      kind: 'generic',
      start: (port) => ({
        launch: {
          command: node,
          args: [inputs.pveBin],
          env: {
            ...pveEnv,
            ...extra,
            MCP_TRANSPORT: 'http',
            MCP_HTTP_HOST: '127.0.0.1',
            MCP_HTTP_PORT: String(port),
            MCP_AUTH_TOKEN: GATE_TOKEN,
            MCP_ALLOW_SERVER_CREDENTIAL: '1',
          },
        },
        url: `http://127.0.0.1:${port}/mcp`,
        headers: { authorization: `Bearer ${GATE_TOKEN}` },
      }),
    },
  });

  // Rows with every selected tool listed (`*_TOOL_MODE=tools`) show what auto mode saves, the row without
  // code cache what a first start costs; they run the same call path as the rows they vary, so HTTP
  // throughput is not measured again.
  const sameAsAbove: HttpPlan = {
    kind: 'none',
    reason: 'same server and call path as the row it varies; only start-up or tools/list differs',
  };
  const subjects: Subject[] = [
    portainer('ours: mcp-portainer 2.43, default profiles', {}, 'default'),
    // The first start after an install, before the launcher has written its V8 code cache.
    {
      ...portainer('ours: mcp-portainer 2.43, default, no code cache (NODE_DISABLE_COMPILE_CACHE=1)', {
        NODE_DISABLE_COMPILE_CACHE: '1',
      }),
      http: sameAsAbove,
    },
    // Schema dialects are made at generation and read only when chosen: their start should match the default's.
    ...(['openai-strict', 'gemini'] as const).map((dialect) => ({
      ...portainer(`ours: mcp-portainer 2.43, default, PORTAINER_SCHEMA_DIALECT=${dialect}`, {
        PORTAINER_SCHEMA_DIALECT: dialect,
      }),
      http: sameAsAbove,
    })),
    portainer('ours: mcp-portainer 2.43, PORTAINER_PROFILES=ALL', { PORTAINER_PROFILES: 'ALL' }, 'all'),
    {
      ...portainer('ours: mcp-portainer 2.43, ALL, PORTAINER_TOOL_MODE=tools', {
        PORTAINER_PROFILES: 'ALL',
        PORTAINER_TOOL_MODE: 'tools',
      }),
      http: sameAsAbove,
    },
    pve('ours: mcp-pve 9.2, default (tier read-only)', {}),
    pve('ours: mcp-pve 9.2, PVE_ACCESS_TIER=full', { PVE_ACCESS_TIER: 'full' }),
    {
      ...pve('ours: mcp-pve 9.2, full, PVE_TOOL_MODE=tools', { PVE_ACCESS_TIER: 'full', PVE_TOOL_MODE: 'tools' }),
      http: sameAsAbove,
    },
  ];
  if (inputs.caFile) {
    // Users with a private CA (common for Proxmox and Portainer) pay what Node spends reading it at every start.
    subjects.splice(1, 0, {
      ...portainer(`ours: mcp-portainer 2.43, default, NODE_EXTRA_CA_CERTS=${inputs.caFile}`, {
        NODE_EXTRA_CA_CERTS: inputs.caFile,
      }),
      http: sameAsAbove,
      caCerts: true,
    });
  }

  // What any Node stdio server pays per call on this machine: the overhead target is read beside it.
  subjects.push({
    label: 'floor: a minimal stdio forwarder, no MCP library (scripts/bench/stdio-forwarder.mjs)',
    generation: { na: 'none' },
    stdio: { command: node, args: [path.join(inputs.repoRoot, FORWARDER)], env: { FORWARD_TO: `${mockOrigin}/api` } },
    pickCall: byName('endpoint_inspect', { id: 1 }),
    expectedUpstreamPath: '/api/endpoints/1',
    http: { kind: 'none', reason: 'a floor for the stdio call overhead only' },
    role: 'floor',
  });

  const { omg } = inputs;
  if ('failed' in omg) {
    subjects.push({
      label: 'openapi-mcp-generator (Portainer 2.43.0)',
      generation: { failed: omg.failed },
      stdio: { command: node, args: [], env: {} },
      unavailable: omg.failed,
      pickCall: () => undefined,
      expectedUpstreamPath: '/api/endpoints/1',
      http: { kind: 'none', reason: omg.failed },
    });
  } else {
    const env = { API_BASE_URL: `${mockOrigin}/api`, API_KEY_APIKEYAUTH: 'bench' };
    const httpEntry = omg.httpEntry;
    subjects.push({
      label: `openapi-mcp-generator ${omg.version} output (Portainer 2.43.0)`,
      generation: {
        milliseconds: omg.generationMs,
        detail: `+ install ${(omg.installMs / 1000).toFixed(1)} s, tsc build ${(omg.buildMs / 1000).toFixed(1)} s`,
      },
      stdio: { command: node, args: [omg.stdioEntry], env, cwd: path.dirname(path.dirname(omg.stdioEntry)) },
      pickCall: byName('EndpointInspect', { id: 1 }),
      expectedUpstreamPath: '/api/endpoints/1',
      http: httpEntry
        ? {
            kind: 'generic',
            // The port is fixed at generation (--port); the `port` offered here is not used.
            start: () => ({
              launch: { command: node, args: [httpEntry], env, cwd: path.dirname(path.dirname(httpEntry)) },
              url: `http://127.0.0.1:${omg.httpPort}/mcp`,
              headers: {},
            }),
          }
        : { kind: 'none', reason: omg.notes.join('; ') || 'no streamable-http build' },
      role: 'peer',
    });
  }

  const ivo = inputs.ivotoby;
  const ivoArgs = [
    ivo.bin,
    '--api-base-url',
    `${mockOrigin}/api`,
    '--openapi-spec',
    inputs.portainerSpec,
    '--headers',
    'X-API-Key:bench',
  ];
  const ivoHttp = (extra: string[]): HttpPlan => ({
    kind: 'generic',
    start: (port) => ({
      launch: {
        command: node,
        args: [...ivoArgs, ...extra, '--transport', 'http', '--host', '127.0.0.1', '--port', String(port)],
        env: {},
        cwd: inputs.repoRoot,
      },
      url: `http://127.0.0.1:${port}/mcp`,
      headers: {},
    }),
  });
  const noGeneration = { na: 'none (reads the spec at every start)' };
  subjects.push(
    {
      label: `@ivotoby/openapi-mcp-server ${ivo.version} (Portainer 2.43.0), all tools`,
      generation: noGeneration,
      stdio: { command: node, args: ivoArgs, env: {}, cwd: inputs.repoRoot },
      // Its tool names are abbreviated ("inspect"); it lists method and path with each tool.
      pickCall: (tools) => {
        const tool = tools.find(
          (candidate) => candidate.httpMethod === 'GET' && candidate.originalPath === '/endpoints/{id}',
        );
        return tool ? { name: tool.name, arguments: { id: 1 } } : undefined;
      },
      expectedUpstreamPath: '/api/endpoints/1',
      http: ivoHttp([]),
      role: 'peer',
    },
    {
      label: `@ivotoby/openapi-mcp-server ${ivo.version} (Portainer 2.43.0), --tools dynamic`,
      generation: noGeneration,
      stdio: { command: node, args: [...ivoArgs, '--tools', 'dynamic'], env: {}, cwd: inputs.repoRoot },
      // Its own documented form: the templated path plus params (see invoke-api-endpoint's schema).
      pickCall: byName('invoke-api-endpoint', { endpoint: '/endpoints/{id}', method: 'GET', params: { id: 1 } }),
      expectedUpstreamPath: '/api/endpoints/1',
      http: ivoHttp(['--tools', 'dynamic']),
      role: 'peer',
    },
  );
  return subjects;
}
