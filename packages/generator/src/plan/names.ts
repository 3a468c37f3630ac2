import { MAX_TOOL_NAME_LENGTH } from '@mcpgen/runtime/target-schema';
import type { IrOperation } from '../ir/types.js';

/**
 * Tool names follow the rule the target schema declares (`TOOL_NAME_PATTERN`, in the runtime's
 * catalog/target-schema.ts, since the raw API tool's name is checked by it too). A name depends only
 * on the operation's own identity (operationId, else method and path), so it stays the same across
 * upstream versions while that identity does.
 */

/** `EndpointList` -> `endpoint_list`, `LDAPUsers` -> `ldap_users`, `dockerDashboard` -> `docker_dashboard`. */
export function snakeCase(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase()
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}

const VERBS: Readonly<Record<string, string>> = {
  GET: 'get',
  HEAD: 'head',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** For operations without an operationId: `GET /endpoint_groups/{id}` -> `get_endpoint_groups_by_id`. */
export function nameFromPath(options: { method: string; path: string }): string {
  const words = options.path
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith('{') ? `by_${snakeCase(segment.slice(1, -1))}` : snakeCase(segment)));
  return [VERBS[options.method] ?? options.method.toLowerCase(), ...words].join('_');
}

/** Words shortened, in this order, when a name is too long. */
const ABBREVIATIONS: readonly (readonly [RegExp, string])[] = [
  [/authorizations?/g, 'authz'],
  [/kubernetes/g, 'k8s'],
  [/namespaces?/g, 'ns'],
  [/configurations?/g, 'config'],
  [/environments?/g, 'env'],
  [/endpoints?/g, 'ep'],
  [/applications?/g, 'app'],
  [/repository|repositories/g, 'repo'],
  [/information/g, 'info'],
];

/** Keeps names within the limit deterministically: abbreviate, then cut and add a short hash. */
export function fitLength(name: string): string {
  let fitted = name;
  for (const [pattern, replacement] of ABBREVIATIONS) {
    if (fitted.length <= MAX_TOOL_NAME_LENGTH) return fitted;
    fitted = fitted.replace(pattern, replacement);
  }
  if (fitted.length <= MAX_TOOL_NAME_LENGTH) return fitted;
  const hash = shortHash(name);
  return `${fitted.slice(0, MAX_TOOL_NAME_LENGTH - hash.length - 1).replace(/_+$/, '')}_${hash}`;
}

/** FNV-1a, 6 base-36 digits: stable and dependency-free. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(6, '0').slice(-6);
}

/** `ContainerRestart` -> `container_restart`; a nested upstream's operation gets its prefix: `docker_container_restart`. */
export function baseToolName(operation: IrOperation): string {
  const raw = operation.operationId ? snakeCase(operation.operationId) : nameFromPath(operation);
  return fitLength(`${operation.namePrefix ?? ''}${raw || nameFromPath(operation)}`);
}

/**
 * The verb-path rule, for dialects without operation ids (Proxmox): a verb from
 * the method (`list` for GET on a collection), then the path's fixed segments,
 * without the target's ubiquitous prefixes (`dropPrefixes`, e.g. `/nodes/{node}`); a parameter that directly
 * follows another one is named (`ipset/{name}/{cidr}` -> `ipset_cidr`). POST on a path that is not a
 * collection is an action and takes no verb:
 * `GET /nodes/{node}/qemu` -> `list_qemu`, `POST .../qemu/{vmid}/status/start` -> `qemu_status_start`.
 */
export function nameFromVerbPath(options: {
  operation: Pick<IrOperation, 'method' | 'path' | 'isCollection'>;
  dropPrefixes?: readonly string[];
}): string {
  const { operation } = options;
  const trimmed = withoutPrefix({ path: operation.path, prefixes: options.dropPrefixes ?? [] })
    .split('/')
    .filter(Boolean);
  // A parameter right after another one names a sub-item (`ipset/{name}/{cidr}`): its name becomes a word.
  const words = trimmed
    .filter((segment, index) => !segment.startsWith('{') || trimmed[index - 1]?.startsWith('{'))
    .map((segment) => snakeCase(segment.replace(/[{}]/g, '')));
  const verb = verbWord(operation);
  return fitLength([...(verb ? [verb] : []), ...words].join('_'));
}

/** The path without the first matching prefix, unless nothing would remain (`/nodes/{node}` itself keeps its words). */
function withoutPrefix(options: { path: string; prefixes: readonly string[] }): string {
  const prefix = options.prefixes.find((candidate) => options.path.startsWith(`${candidate}/`));
  return prefix ? options.path.slice(prefix.length) : options.path;
}

function verbWord(operation: Pick<IrOperation, 'method' | 'path' | 'isCollection'>): string | undefined {
  const endsWithParam = operation.path.endsWith('}');
  switch (operation.method) {
    case 'GET':
      return operation.isCollection && !endsWithParam ? 'list' : 'get';
    case 'POST':
      return operation.isCollection && !endsWithParam ? 'create' : undefined;
    case 'PUT':
      return 'update';
    case 'DELETE':
      return 'delete';
    default:
      return operation.method.toLowerCase();
  }
}

export type NamingRule = 'operation-id' | 'verb-path';

export function toolNameFor(options: {
  operation: IrOperation;
  rule: NamingRule;
  dropPrefixes?: readonly string[];
}): string {
  return options.rule === 'verb-path' ? nameFromVerbPath(options) : baseToolName(options.operation);
}
