import type { IrOperation } from '../../ir/types.js';

type Permission = NonNullable<IrOperation['permission']>;

/**
 * The privileges a method's `permissions.check` names, in either dialect:
 * Perl's array form `["perm", "/vms/{vmid}", ["VM.PowerMgmt"]]` (nested in
 * `["and", ...]`/`["or", ...]`) or proxmox-schema's object form
 * `{check: {path: ["datastore", "{name}"], privs: [...]}}` (nested in `{or: [...]}`/`{and: [...]}`).
 * Compound checks are summarised: every privilege named, the first path.
 */
export function readPermission(permissions: Record<string, unknown> | undefined): Permission | undefined {
  const check = permissions?.check;
  const found = { privileges: new Set<string>(), on: undefined as string | undefined };
  if (Array.isArray(check)) visitArrayForm({ node: check, found });
  else if (permissions) visitObjectForm({ node: permissions, found });
  return found.privileges.size > 0
    ? { privileges: [...found.privileges], ...(found.on ? { on: found.on } : {}) }
    : undefined;
}

interface Found {
  readonly privileges: Set<string>;
  on: string | undefined;
}

function visitArrayForm(options: { node: unknown; found: Found }): void {
  const { node, found } = options;
  if (!Array.isArray(node)) return;
  if (node[0] === 'perm' && typeof node[1] === 'string' && Array.isArray(node[2])) {
    found.on ??= node[1];
    (node[2] as string[]).forEach((privilege) => found.privileges.add(privilege));
  } else node.slice(1).forEach((child) => visitArrayForm({ node: child, found }));
}

function visitObjectForm(options: { node: unknown; found: Found }): void {
  const { node, found } = options;
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((child) => visitObjectForm({ node: child, found }));
  const record = node as Record<string, unknown>;
  const check = record.check as { path?: unknown; privs?: unknown } | undefined;
  if (check && typeof check === 'object' && Array.isArray(check.privs)) {
    if (Array.isArray(check.path)) found.on ??= `/${check.path.join('/')}`;
    (check.privs as unknown[])
      .filter((privilege) => typeof privilege === 'string')
      .forEach((privilege) => found.privileges.add(privilege as string));
  }
  for (const key of ['or', 'and']) visitObjectForm({ node: record[key], found });
}
