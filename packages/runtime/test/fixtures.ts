/**
 * A small hand-written Portainer-like catalogue for the runtime's unit tests.
 * Values follow specs/portainer.yaml and the generated out/mcp-portainer-2.43/src/*.gen.ts,
 * cut down to a handful of tools that cover every argument location and body kind.
 */
import { headerKeyAuth } from '../src/auth/header-key.js';
import type { UpstreamAuth } from '../src/auth/types.js';
import type { ProxmoxAuth, TargetSpec, TaskSpec } from '../src/catalog/target.js';
import type { OperationTool, ProxyTool, SafetyClass, ToolAnnotations, ToolSpec } from '../src/catalog/types.js';
import type { Env } from '../src/config/env.js';
import type { UpstreamRequest, UpstreamResponse } from '../src/http/types.js';
import type { AuditRecord, Logger } from '../src/log.js';
import type { CallContext } from '../src/tools/context.js';
import { type RegisteredTool } from '../src/tools/dispatch.js';
import { proxyInputSchema } from '../src/tools/proxy-schema.js';
import { rawInputSchema } from '../src/tools/raw-api.js';
import type { ShapeOptions } from '../src/tools/result.js';
import { withSelect } from '../src/tools/select-arg.js';
import { createArgumentValidator } from '../src/tools/validate.js';
import type { WireOptions } from '../src/tools/wire-values.js';

export const target: TargetSpec = {
  packageName: 'mcp-portainer',
  packageVersion: '2.43.0',
  displayName: 'Portainer',
  upstream: {
    name: 'PortainerEE API',
    version: '2.43.0',
    sha256: '2cb32cbede6db24b477af8a77ba882afe1fdab1b5c094de008d9aa3e5659880d',
  },
  basePath: '/api',
  auth: { kind: 'header-key', header: 'X-API-Key', env: 'PORTAINER_API_KEY' },
  env: {
    url: 'PORTAINER_URL',
    tlsVerify: 'PORTAINER_TLS_VERIFY',
    timeout: 'PORTAINER_TIMEOUT',
    profiles: 'PORTAINER_PROFILES',
    tagsExtra: 'PORTAINER_TAGS_EXTRA',
    readOnly: 'PORTAINER_READ_ONLY',
    noProxy: 'PORTAINER_NO_PROXY',
    logLevel: 'PORTAINER_MCP_LOG_LEVEL',
    maxResponseChars: 'PORTAINER_MAX_RESPONSE_CHARS',
    exposeSecrets: 'PORTAINER_EXPOSE_ENV_VALUES',
    toolMode: 'PORTAINER_TOOL_MODE',
    toolBudget: 'PORTAINER_TOOL_BUDGET',
    maxTools: 'PORTAINER_MAX_TOOLS',
  },
  profiles: [
    { name: 'BASE', tags: ['auth', 'system', 'status', 'settings', 'motd'] },
    { name: 'DOCKER', tags: ['docker', 'endpoints', 'stacks', 'gitops'] },
    { name: 'KUBERNETES', tags: ['kubernetes', 'helm', 'endpoints', 'stacks', 'gitops'] },
    { name: 'GITOPS', tags: ['gitops'] },
    {
      name: 'EDGE',
      tags: ['edge', 'edge_stacks', 'edge_jobs', 'edge_groups', 'edge_update_schedules', 'edge_configs'],
    },
    {
      name: 'ADMIN',
      tags: [
        'users',
        'teams',
        'team_memberships',
        'roles',
        'ldap',
        'license',
        'backup',
        'registries',
        'endpoint_groups',
        'policies',
        'resource_controls',
        'tags',
      ],
    },
  ],
  defaultProfiles: ['BASE', 'DOCKER', 'KUBERNETES', 'GITOPS'],
  readOnlySafety: ['read'],
  defaultTimeoutSeconds: 120,
};

/** Sorted union of the tags of the default profiles (BASE, DOCKER, KUBERNETES, GITOPS). */
export const DEFAULT_TAGS = [
  'auth',
  'docker',
  'endpoints',
  'gitops',
  'helm',
  'kubernetes',
  'motd',
  'settings',
  'stacks',
  'status',
  'system',
];

export const BASE_URL = 'https://portainer.example.com:9443';
export const API_KEY = 'ptr_unit_test_key';

/** The smallest valid environment, plus overrides. */
export function portainerEnv(extra: Record<string, string | undefined> = {}): Env {
  return { PORTAINER_URL: BASE_URL, PORTAINER_API_KEY: API_KEY, ...extra };
}

function annotations(title: string, safety: SafetyClass): ToolAnnotations {
  return {
    title,
    readOnlyHint: safety === 'read',
    destructiveHint: safety === 'destructive',
    idempotentHint: safety !== 'write',
    openWorldHint: true,
  };
}

const fileSchema = {
  type: 'object',
  properties: {
    content: { type: 'string' },
    encoding: { type: 'string', enum: ['utf8', 'base64'], default: 'utf8' },
    filename: { type: 'string' },
    path: { type: 'string' },
  },
  additionalProperties: false,
};

export const endpointList: OperationTool = {
  kind: 'operation',
  name: 'endpoint_list',
  description: 'List environments(endpoints).',
  method: 'GET',
  path: '/endpoints',
  tags: ['endpoints'],
  safety: 'read',
  annotations: annotations('List environments(endpoints)', 'read'),
  inputSchema: {
    type: 'object',
    properties: {
      start: { type: 'integer' },
      limit: { type: 'integer' },
      search: { type: 'string' },
      groupIds: { type: 'array', items: { type: 'integer' } },
      tagIds: { type: 'array', items: { type: 'integer' } },
      filters: { type: 'object' },
    },
    additionalProperties: false,
  },
  args: [
    { arg: 'start', in: 'query', wire: 'start' },
    { arg: 'limit', in: 'query', wire: 'limit' },
    { arg: 'search', in: 'query', wire: 'search' },
    { arg: 'groupIds', in: 'query', wire: 'groupIds', style: 'csv' },
    { arg: 'tagIds', in: 'query', wire: 'tagIds' },
    { arg: 'filters', in: 'query', wire: 'filters', style: 'json' },
  ],
};

export const endpointInspect: OperationTool = {
  kind: 'operation',
  name: 'endpoint_inspect',
  description: 'Inspect an environment(endpoint).',
  method: 'GET',
  path: '/endpoints/{id}',
  tags: ['endpoints'],
  safety: 'read',
  annotations: annotations('Inspect an environment(endpoint)', 'read'),
  inputSchema: {
    type: 'object',
    properties: {
      id: { type: 'integer', description: 'Environment(Endpoint) identifier' },
      excludeSnapshot: { type: 'boolean' },
    },
    required: ['id'],
    additionalProperties: false,
  },
  args: [
    { arg: 'id', in: 'path', wire: 'id' },
    { arg: 'excludeSnapshot', in: 'query', wire: 'excludeSnapshot' },
  ],
};

export const endpointDelete: OperationTool = {
  kind: 'operation',
  name: 'endpoint_delete',
  description: 'Remove an environment.',
  method: 'DELETE',
  path: '/endpoints/{id}',
  tags: ['endpoints'],
  safety: 'destructive',
  annotations: annotations('Remove an environment', 'destructive'),
  inputSchema: {
    type: 'object',
    properties: { id: { type: 'integer' } },
    required: ['id'],
    additionalProperties: false,
  },
  args: [{ arg: 'id', in: 'path', wire: 'id' }],
};

/** A string path parameter (the container id) in the middle of the template. */
export const containerImageStatus: OperationTool = {
  kind: 'operation',
  name: 'container_image_status',
  description: 'Fetch image status for container.',
  method: 'GET',
  path: '/docker/{environmentId}/containers/{containerId}/image_status',
  tags: ['docker'],
  safety: 'read',
  annotations: annotations('Fetch image status for container', 'read'),
  inputSchema: {
    type: 'object',
    properties: { environmentId: { type: 'integer' }, containerId: { type: 'string' } },
    required: ['environmentId', 'containerId'],
    additionalProperties: false,
  },
  args: [
    { arg: 'environmentId', in: 'path', wire: 'environmentId' },
    { arg: 'containerId', in: 'path', wire: 'containerId' },
  ],
};

export const settingsInspect: OperationTool = {
  kind: 'operation',
  name: 'settings_inspect',
  description: 'Retrieve Portainer settings.',
  method: 'GET',
  path: '/settings',
  tags: ['settings'],
  safety: 'read',
  annotations: annotations('Retrieve Portainer settings', 'read'),
  inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  args: [],
};

/** JSON body built from fields plus one query argument. */
export const stackCreateString: OperationTool = {
  kind: 'operation',
  name: 'stack_create_docker_standalone_string',
  description: 'Deploy a new compose stack from a text.',
  method: 'POST',
  path: '/stacks/create/standalone/string',
  tags: ['stacks'],
  safety: 'write',
  annotations: annotations('Deploy a new compose stack from a text', 'write'),
  inputSchema: {
    type: 'object',
    properties: {
      endpointId: { type: 'integer' },
      Name: { type: 'string' },
      StackFileContent: { type: 'string' },
      Env: {
        type: 'array',
        items: {
          type: 'object',
          properties: { name: { type: 'string' }, value: { type: 'string' } },
          required: ['name', 'value'],
        },
      },
      FromAppTemplate: { type: 'boolean' },
    },
    required: ['endpointId', 'Name', 'StackFileContent'],
    additionalProperties: false,
  },
  args: [
    { arg: 'endpointId', in: 'query', wire: 'endpointId' },
    { arg: 'Name', in: 'body', wire: 'Name' },
    { arg: 'StackFileContent', in: 'body', wire: 'StackFileContent' },
    { arg: 'Env', in: 'body', wire: 'Env' },
    { arg: 'FromAppTemplate', in: 'body', wire: 'FromAppTemplate' },
  ],
  body: { mediaType: 'application/json', mode: 'fields' },
};

/** The whole body is one argument. */
export const tagCreate: OperationTool = {
  kind: 'operation',
  name: 'tag_create',
  description: 'Create a new tag.',
  method: 'POST',
  path: '/tags',
  tags: ['tags'],
  safety: 'write',
  annotations: annotations('Create a new tag', 'write'),
  inputSchema: {
    type: 'object',
    properties: { body: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    required: ['body'],
    additionalProperties: false,
  },
  args: [{ arg: 'body', in: 'body', wire: 'body' }],
  body: { mediaType: 'application/json', mode: 'whole', arg: 'body' },
};

/** JSON fields plus a header argument (restore needs X-Setup-Token on a fresh instance). */
export const restore: OperationTool = {
  kind: 'operation',
  name: 'restore',
  description: 'Triggers a system restore using provided backup file.',
  method: 'POST',
  path: '/restore',
  tags: ['backup'],
  safety: 'write',
  annotations: annotations('Triggers a system restore using provided backup file', 'write'),
  inputSchema: {
    type: 'object',
    properties: {
      'X-Setup-Token': { type: 'string' },
      FileContent: { type: 'array', items: { type: 'integer' } },
      FileName: { type: 'string' },
      Password: { type: 'string' },
    },
    required: ['FileContent', 'FileName'],
    additionalProperties: false,
  },
  args: [
    { arg: 'X-Setup-Token', in: 'header', wire: 'X-Setup-Token' },
    { arg: 'FileContent', in: 'body', wire: 'FileContent' },
    { arg: 'FileName', in: 'body', wire: 'FileName' },
    { arg: 'Password', in: 'body', wire: 'Password' },
  ],
  body: { mediaType: 'application/json', mode: 'fields' },
};

/** Multipart body with a file part, modelled on EdgeConfigUpdate. */
export const edgeConfigUpdate: OperationTool = {
  kind: 'operation',
  name: 'edge_config_update',
  description: 'Update an Edge configuration.',
  method: 'PUT',
  path: '/edge_configurations/{id}',
  tags: ['edge_configs'],
  safety: 'write',
  annotations: annotations('Update an Edge configuration', 'write'),
  inputSchema: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      EdgeGroupIDs: { type: 'array', items: { type: 'integer' } },
      Type: { type: 'string' },
      File: fileSchema,
    },
    required: ['id'],
    additionalProperties: false,
  },
  args: [
    { arg: 'id', in: 'path', wire: 'id' },
    { arg: 'EdgeGroupIDs', in: 'form', wire: 'EdgeGroupIDs' },
    { arg: 'Type', in: 'form', wire: 'Type' },
    { arg: 'File', in: 'form', wire: 'File', file: true },
  ],
  body: { mediaType: 'multipart/form-data', mode: 'fields' },
};

export const userCreate: OperationTool = {
  kind: 'operation',
  name: 'user_create',
  description: 'Create a new user.',
  method: 'POST',
  path: '/users',
  tags: ['users'],
  safety: 'write',
  annotations: annotations('Create a new user', 'write'),
  inputSchema: {
    type: 'object',
    properties: { Username: { type: 'string' }, Password: { type: 'string' }, Role: { type: 'integer', enum: [1, 2] } },
    required: ['Username', 'Password', 'Role'],
    additionalProperties: false,
  },
  args: [
    { arg: 'Username', in: 'body', wire: 'Username' },
    { arg: 'Password', in: 'body', wire: 'Password' },
    { arg: 'Role', in: 'body', wire: 'Role' },
  ],
  body: { mediaType: 'application/json', mode: 'fields' },
};

function proxy(options: {
  name: string;
  title: string;
  prefix: string;
  tag: string;
  headers?: readonly string[];
}): ProxyTool {
  return {
    kind: 'proxy',
    name: options.name,
    description: `${options.title}. Read-only mode allows GET only.`,
    prefix: options.prefix,
    tags: [options.tag],
    ...(options.headers ? { headers: options.headers } : {}),
    annotations: {
      title: options.title,
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    },
  };
}

export const dockerProxy = proxy({
  name: 'docker_proxy',
  title: 'Docker Engine API through Portainer',
  prefix: '/endpoints/{environment_id}/docker',
  tag: 'docker',
  headers: ['x-registry-auth', 'x-registry-config'],
});

export const kubernetesProxy = proxy({
  name: 'kubernetes_proxy',
  title: 'Kubernetes API through Portainer',
  prefix: '/endpoints/{environment_id}/kubernetes',
  tag: 'kubernetes',
});

/** A description longer than the 160 characters tools/list keeps. */
export const LONG_DESCRIPTION =
  'Name of the application. It becomes the name of the Deployment, of its Service and of the labels that tie them together; it must be a valid DNS-1123 label: lower case letters, digits and dashes, at most 63 characters.';

/**
 * A deeply nested body (a Kubernetes-like application), not part of `tools`: its schema reaches depth 4, so
 * tools/list summarises it while validation uses it whole.
 */
export const applicationCreate: OperationTool = {
  kind: 'operation',
  name: 'kubernetes_application_create',
  description: 'Create a Kubernetes application.',
  method: 'POST',
  path: '/kubernetes/{environmentId}/applications',
  tags: ['kubernetes'],
  safety: 'write',
  annotations: annotations('Create a Kubernetes application', 'write'),
  inputSchema: {
    type: 'object',
    properties: {
      environmentId: { type: 'integer', description: 'Environment identifier' },
      name: { type: 'string', title: 'Name', description: LONG_DESCRIPTION, examples: ['web'] },
      spec: {
        type: 'object',
        description: 'Deployment spec.',
        properties: {
          replicas: { type: 'integer', minimum: 0 },
          strategy: { type: 'string', enum: ['RollingUpdate', 'Recreate'], default: 'RollingUpdate' },
          template: {
            type: 'object',
            properties: {
              metadata: {
                type: 'object',
                description: 'Pod metadata.',
                properties: {
                  labels: { type: 'object', additionalProperties: { type: 'string' } },
                  annotations: { type: 'object', additionalProperties: { type: 'string' } },
                },
              },
              containers: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    name: { type: 'string' },
                    image: { type: 'string' },
                    ports: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          containerPort: { type: 'integer' },
                          protocol: { type: 'string', enum: ['TCP', 'UDP'] },
                        },
                        required: ['containerPort'],
                      },
                    },
                  },
                  required: ['name', 'image'],
                },
              },
              restartPolicy: { type: 'string', enum: ['Always', 'OnFailure', 'Never'] },
            },
            required: ['containers'],
          },
        },
        required: ['template'],
        additionalProperties: false,
      },
    },
    required: ['environmentId', 'name', 'spec'],
    additionalProperties: false,
  },
  args: [
    { arg: 'environmentId', in: 'path', wire: 'environmentId' },
    { arg: 'name', in: 'body', wire: 'name' },
    { arg: 'spec', in: 'body', wire: 'spec' },
  ],
  body: { mediaType: 'application/json', mode: 'fields' },
};

export const tools: readonly ToolSpec[] = [
  endpointList,
  endpointInspect,
  endpointDelete,
  containerImageStatus,
  settingsInspect,
  stackCreateString,
  tagCreate,
  restore,
  edgeConfigUpdate,
  userCreate,
  dockerProxy,
  kubernetesProxy,
];

export function names(items: readonly { readonly name: string }[]): string[] {
  return items.map((item) => item.name);
}

/** An upstream answer for fake `send` functions. */
export function upstreamResponse(
  options: {
    status?: number;
    statusText?: string;
    contentType?: string;
    body?: string | Buffer;
    truncated?: boolean;
  } = {},
): UpstreamResponse {
  const body = options.body ?? '';
  return {
    status: options.status ?? 200,
    statusText: options.statusText ?? (options.status === undefined ? 'OK' : ''),
    contentType: options.contentType ?? 'application/json',
    body: typeof body === 'string' ? Buffer.from(body) : body,
    truncated: options.truncated ?? false,
  };
}

/** A `send` that records every request and answers from `reply`. */
export function recordingSend(
  reply: (request: UpstreamRequest) => UpstreamResponse | Promise<UpstreamResponse> = () =>
    upstreamResponse({ body: '{}' }),
) {
  const sent: UpstreamRequest[] = [];
  const send = async (request: UpstreamRequest): Promise<UpstreamResponse> => {
    sent.push(request);
    return reply(request);
  };
  return { send, sent };
}

/** A logger that keeps its lines and audit records instead of writing to stderr. */
export function recordingLogger() {
  const lines: { level: string; message: string }[] = [];
  const audits: AuditRecord[] = [];
  const log: Logger = {
    debug: (message) => void lines.push({ level: 'debug', message }),
    info: (message) => void lines.push({ level: 'info', message }),
    warn: (message) => void lines.push({ level: 'warn', message }),
    error: (message) => void lines.push({ level: 'error', message }),
    audit: (record) => void audits.push(record),
  };
  return { log, lines, audits };
}

/** What `prepare()` says about hidden tools for the Portainer target (profiles, extra tags, no-proxy switch). */
export const DISABLED_HINT =
  'it is outside the selected tools (PORTAINER_PROFILES, PORTAINER_TAGS_EXTRA, PORTAINER_NO_PROXY)';

/** A `RegisteredTool` as `createRegistry()` builds it: the tool's schema plus the `select` argument (`_select` on a clash). */
export function registered(spec: ToolSpec): RegisteredTool {
  return {
    spec,
    ...withSelect(
      spec.kind === 'proxy' ? proxyInputSchema(spec) : spec.kind === 'raw' ? rawInputSchema() : spec.inputSchema,
    ),
  };
}

/** The property every registered tool gains for its JMESPath projection. */
export const SELECT_PROPERTY = { type: 'string', description: 'JMESPath' } as const;

/** An `UpstreamAuth` with fixed headers that records the methods it was asked for. */
export function staticAuth(
  headers: Record<string, string>,
  credentialHeaders: readonly string[] = Object.keys(headers),
) {
  const methods: string[] = [];
  const auth: UpstreamAuth = {
    headers: async ({ method }) => {
      methods.push(method);
      return { ...headers };
    },
    credentialHeaders,
  };
  return { auth, methods };
}

/** A CallContext as `prepare()` builds it (Portainer by default), with a recording `send` and logger. */
export function fakeContext(
  options: {
    reply?: (request: UpstreamRequest) => UpstreamResponse | Promise<UpstreamResponse>;
    /** Portainer read-only: only `read` allowed, refusals name PORTAINER_READ_ONLY=1. */
    readOnly?: boolean;
    /** An explicit access restriction (overrides `readOnly`). */
    access?: { allowedSafety?: readonly SafetyClass[]; setting: string };
    maxChars?: number;
    allowLocalFiles?: boolean;
    auth?: UpstreamAuth;
    baseUrl?: string;
    shape?: Omit<ShapeOptions, 'maxChars'>;
    wire?: WireOptions;
    tasks?: TaskSpec;
    disabledHint?: string;
  } = {},
) {
  const { send, sent } = recordingSend(options.reply);
  const { log, lines, audits } = recordingLogger();
  const readOnly = options.readOnly ?? false;
  const guard = options.access ?? {
    ...(readOnly ? { allowedSafety: ['read'] as const } : {}),
    setting: 'PORTAINER_READ_ONLY=1',
  };
  const context: CallContext = {
    baseUrl: new URL(options.baseUrl ?? `${BASE_URL}/api`),
    send,
    auth: options.auth ?? headerKeyAuth({ header: 'X-API-Key', value: API_KEY }),
    validator: createArgumentValidator(),
    guard,
    shape: { maxChars: options.maxChars ?? 80_000, ...options.shape },
    wire: options.wire ?? {},
    log,
    allowLocalFiles: options.allowLocalFiles ?? true,
    disabledHint: options.disabledHint ?? DISABLED_HINT,
    ...(options.tasks ? { tasks: options.tasks } : {}),
  };
  return { context, sent, lines, audits };
}

// ---------------------------------------------------------------------------------------------------------------
// Proxmox VE: a hand-made cut of what specs/pve.yaml and the apidoc source produce.

export const PVE_URL = 'https://pve.example.com:8006';
export const PVE_TOKEN_ID = 'root@pam!mcp';
export const PVE_TOKEN_SECRET = '0b7b7f4e-1d4c-4a55-9c8e-5a1f3a2b9c00';

export const PVE_STATUS_NOTES: Readonly<Record<string, string>> = {
  '595':
    'the Proxmox node that should run this request could not be reached (proxied request, connect failed; the node may be offline)',
  '596':
    'the proxied request to another Proxmox node failed (TLS or request error, e.g. certificate verify failed between nodes)',
  '597': 'the proxied request to another Proxmox node broke off while reading its answer',
};

/** The auth descriptor of specs/pve.yaml. */
export const PVE_AUTH: ProxmoxAuth = {
  kind: 'proxmox',
  tokenIdEnv: 'PVE_TOKEN_ID',
  tokenSecretEnv: 'PVE_TOKEN_SECRET',
  usernameEnv: 'PVE_USERNAME',
  passwordEnv: 'PVE_PASSWORD',
  token: { header: 'Authorization', prefix: 'PVEAPIToken=', separator: '=' },
  ticket: { path: '/access/ticket', cookie: 'PVEAuthCookie', csrfHeader: 'CSRFPreventionToken' },
};

/** The auth descriptor of specs/pbs.yaml: a colon between token id and secret, its own cookie. */
export const PBS_AUTH: ProxmoxAuth = {
  ...PVE_AUTH,
  tokenIdEnv: 'PBS_TOKEN_ID',
  tokenSecretEnv: 'PBS_TOKEN_SECRET',
  usernameEnv: 'PBS_USERNAME',
  passwordEnv: 'PBS_PASSWORD',
  token: { header: 'Authorization', prefix: 'PBSAPIToken=', separator: ':' },
  ticket: { path: '/access/ticket', cookie: 'PBSAuthCookie', csrfHeader: 'CSRFPreventionToken' },
};

export const PVE_TASKS: TaskSpec = {
  idPattern: '^UPID:(?<node>[^:]+):',
  statusPath: '/nodes/{node}/tasks/{id}/status',
  logPath: '/nodes/{node}/tasks/{id}/log',
};

export const pveTarget: TargetSpec = {
  packageName: 'mcp-pve',
  packageVersion: '9.2.0',
  displayName: 'Proxmox VE',
  upstream: {
    name: 'Proxmox VE API',
    version: '9.2',
    sha256: 'd1d290ae989d0a634a10cea005b5df4eb07313624d86b2eeea7e481685d6730a',
  },
  basePath: '/api2/json',
  auth: PVE_AUTH,
  env: {
    url: 'PVE_BASE_URL',
    tlsVerify: 'PVE_VERIFY_SSL',
    timeout: 'PVE_TIMEOUT',
    profiles: 'PVE_CATEGORIES',
    logLevel: 'PVE_LOG_LEVEL',
    tier: 'PVE_ACCESS_TIER',
    rawApi: 'PVE_ENABLE_RAW_API',
    maxResponseChars: 'PVE_MAX_RESPONSE_CHARS',
    exposeSecrets: 'PVE_EXPOSE_SECRETS',
    toolMode: 'PVE_TOOL_MODE',
  },
  profiles: [
    { name: 'qemu', tags: ['qemu'] },
    { name: 'nodes', tags: ['nodes'] },
    { name: 'tasks', tags: ['tasks'] },
  ],
  defaultProfiles: ['ALL'],
  readOnlySafety: ['read'],
  tiers: [
    { name: 'read-only', safety: ['read'] },
    { name: 'read-execute', safety: ['read', 'execute'] },
    { name: 'full', safety: ['read', 'execute', 'write', 'destructive'] },
  ],
  defaultTimeoutSeconds: 60,
  wire: { booleans: 'numeric', envelope: 'data', statusNotes: PVE_STATUS_NOTES },
  tasks: PVE_TASKS,
  rawApi: {
    name: 'api_request',
    description:
      'Call any Proxmox VE API path (relative to /api2/json, e.g. GET /cluster/resources) when no tool fits.',
  },
};

/** A token-authenticated PVE environment, plus overrides. */
export function pveEnv(extra: Record<string, string | undefined> = {}): Env {
  return { PVE_BASE_URL: PVE_URL, PVE_TOKEN_ID, PVE_TOKEN_SECRET, ...extra };
}

/** A Proxmox task id as the API returns it: `UPID:node:pid:pstart:starttime:type:id:user:`. */
export function upid(node = 'pve1', type = 'qmstart', id = '100'): string {
  return `UPID:${node}:0001F2A3:00B1C2D3:6650A1B2:${type}:${id}:root@pam:`;
}

const WAIT_SCHEMA = { type: 'integer', minimum: 0, maximum: 600 };
const CONFIRM_SCHEMA = { type: 'boolean' };

export const pveNodesList: OperationTool = {
  kind: 'operation',
  name: 'list_nodes',
  description: 'Cluster node index.',
  method: 'GET',
  path: '/nodes',
  tags: ['nodes'],
  safety: 'read',
  annotations: annotations('Cluster node index', 'read'),
  inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  args: [],
};

export const pveVmConfig: OperationTool = {
  kind: 'operation',
  name: 'get_qemu_config',
  description: 'Get the virtual machine configuration.',
  method: 'GET',
  path: '/nodes/{node}/qemu/{vmid}/config',
  tags: ['qemu'],
  safety: 'read',
  annotations: annotations('Get the virtual machine configuration', 'read'),
  inputSchema: {
    type: 'object',
    properties: { node: { type: 'string' }, vmid: { type: 'integer' }, current: { type: 'boolean' } },
    required: ['node', 'vmid'],
    additionalProperties: false,
  },
  args: [
    { arg: 'node', in: 'path', wire: 'node' },
    { arg: 'vmid', in: 'path', wire: 'vmid' },
    { arg: 'current', in: 'query', wire: 'current' },
  ],
};

/** An execute-class power action that starts a task. */
export const pveVmStart: OperationTool = {
  kind: 'operation',
  name: 'start_qemu',
  description: 'Start virtual machine.',
  method: 'POST',
  path: '/nodes/{node}/qemu/{vmid}/status/start',
  tags: ['qemu'],
  safety: 'execute',
  annotations: annotations('Start virtual machine', 'execute'),
  inputSchema: {
    type: 'object',
    properties: {
      node: { type: 'string' },
      vmid: { type: 'integer' },
      skiplock: { type: 'boolean' },
      wait: WAIT_SCHEMA,
    },
    required: ['node', 'vmid'],
    additionalProperties: false,
  },
  args: [
    { arg: 'node', in: 'path', wire: 'node' },
    { arg: 'vmid', in: 'path', wire: 'vmid' },
    { arg: 'skiplock', in: 'body', wire: 'skiplock' },
  ],
  body: { mediaType: 'application/json', mode: 'fields' },
  task: { kind: 'upid', waitArg: 'wait' },
};

/** A destructive POST (safety rule `status/(stop|reset)`) with confirmation and a task. */
export const pveVmStop: OperationTool = {
  kind: 'operation',
  name: 'stop_qemu',
  description: 'Stop virtual machine. The qemu process will exit immediately.',
  method: 'POST',
  path: '/nodes/{node}/qemu/{vmid}/status/stop',
  tags: ['qemu'],
  safety: 'destructive',
  annotations: annotations('Stop virtual machine', 'destructive'),
  inputSchema: {
    type: 'object',
    properties: {
      node: { type: 'string' },
      vmid: { type: 'integer' },
      timeout: { type: 'integer' },
      wait: WAIT_SCHEMA,
      confirm: CONFIRM_SCHEMA,
    },
    required: ['node', 'vmid'],
    additionalProperties: false,
  },
  args: [
    { arg: 'node', in: 'path', wire: 'node' },
    { arg: 'vmid', in: 'path', wire: 'vmid' },
    { arg: 'timeout', in: 'body', wire: 'timeout' },
  ],
  body: { mediaType: 'application/json', mode: 'fields' },
  task: { kind: 'upid', waitArg: 'wait' },
  confirmArg: 'confirm',
};

/** A destructive DELETE with query parameters (booleans travel as 1/0). */
export const pveVmDelete: OperationTool = {
  kind: 'operation',
  name: 'delete_qemu',
  description: 'Destroy the VM and all used/owned volumes.',
  method: 'DELETE',
  path: '/nodes/{node}/qemu/{vmid}',
  tags: ['qemu'],
  safety: 'destructive',
  annotations: annotations('Destroy the VM', 'destructive'),
  inputSchema: {
    type: 'object',
    properties: {
      node: { type: 'string' },
      vmid: { type: 'integer' },
      purge: { type: 'boolean' },
      wait: WAIT_SCHEMA,
      confirm: CONFIRM_SCHEMA,
    },
    required: ['node', 'vmid'],
    additionalProperties: false,
  },
  args: [
    { arg: 'node', in: 'path', wire: 'node' },
    { arg: 'vmid', in: 'path', wire: 'vmid' },
    { arg: 'purge', in: 'query', wire: 'purge' },
  ],
  task: { kind: 'upid', waitArg: 'wait' },
  confirmArg: 'confirm',
};

/** A write with an indexed family (`net[n]`), a numeric boolean and a URL-encoded value (`sshkeys`). */
export const pveVmCreate: OperationTool = {
  kind: 'operation',
  name: 'create_qemu',
  description: 'Create or restore a virtual machine.',
  method: 'POST',
  path: '/nodes/{node}/qemu',
  tags: ['qemu'],
  safety: 'write',
  annotations: annotations('Create or restore a virtual machine', 'write'),
  inputSchema: {
    type: 'object',
    properties: {
      node: { type: 'string' },
      vmid: { type: 'integer' },
      name: { type: 'string' },
      onboot: { type: 'boolean' },
      net: { type: 'object', propertyNames: { pattern: '^[0-9]+$' }, additionalProperties: { type: 'string' } },
      sshkeys: { type: 'string' },
      wait: WAIT_SCHEMA,
    },
    required: ['node', 'vmid'],
    additionalProperties: false,
  },
  args: [
    { arg: 'node', in: 'path', wire: 'node' },
    { arg: 'vmid', in: 'body', wire: 'vmid' },
    { arg: 'name', in: 'body', wire: 'name' },
    { arg: 'onboot', in: 'body', wire: 'onboot' },
    { arg: 'net', in: 'body', wire: 'net', indexed: true },
    { arg: 'sshkeys', in: 'body', wire: 'sshkeys', encode: 'uri' },
  ],
  body: { mediaType: 'application/json', mode: 'fields' },
  task: { kind: 'upid', waitArg: 'wait' },
};

/** Stopping a task is `execute` (safety rule), although its method is DELETE. */
export const pveTaskStop: OperationTool = {
  kind: 'operation',
  name: 'stop_task',
  description: 'Stop a task.',
  method: 'DELETE',
  path: '/nodes/{node}/tasks/{upid}',
  tags: ['tasks'],
  safety: 'execute',
  annotations: annotations('Stop a task', 'execute'),
  inputSchema: {
    type: 'object',
    properties: { node: { type: 'string' }, upid: { type: 'string' } },
    required: ['node', 'upid'],
    additionalProperties: false,
  },
  args: [
    { arg: 'node', in: 'path', wire: 'node' },
    { arg: 'upid', in: 'path', wire: 'upid' },
  ],
};

export const pveTools: readonly OperationTool[] = [
  pveNodesList,
  pveVmConfig,
  pveVmStart,
  pveVmStop,
  pveVmDelete,
  pveVmCreate,
  pveTaskStop,
];

/** A CallContext like `prepare()` builds for the PVE target (token auth, full tier unless told). */
export function pveContext(
  options: {
    reply?: (request: UpstreamRequest) => UpstreamResponse | Promise<UpstreamResponse>;
    tier?: 'read-only' | 'read-execute' | 'full';
    maxChars?: number;
    auth?: UpstreamAuth;
  } = {},
) {
  const tier = options.tier ?? 'full';
  const allowed = pveTarget.tiers!.find((candidate) => candidate.name === tier)!.safety;
  return fakeContext({
    ...(options.reply ? { reply: options.reply } : {}),
    ...(options.maxChars !== undefined ? { maxChars: options.maxChars } : {}),
    access: { ...(tier === 'full' ? {} : { allowedSafety: allowed }), setting: `PVE_ACCESS_TIER=${tier}` },
    auth:
      options.auth ??
      staticAuth({ authorization: `PVEAPIToken=${PVE_TOKEN_ID}=${PVE_TOKEN_SECRET}` }, [
        'authorization',
        'cookie',
        'csrfpreventiontoken',
      ]).auth,
    baseUrl: `${PVE_URL}/api2/json`,
    shape: { envelope: 'data', statusNotes: PVE_STATUS_NOTES },
    wire: { booleans: 'numeric' },
    tasks: PVE_TASKS,
    disabledHint: 'it is outside the selected tools (PVE_CATEGORIES)',
  });
}

/** A PVE JSON answer: `{ "data": ... }`. */
export function pveResponse(data: unknown, extra: Record<string, unknown> = {}): UpstreamResponse {
  return upstreamResponse({ contentType: 'application/json;charset=UTF-8', body: JSON.stringify({ data, ...extra }) });
}
