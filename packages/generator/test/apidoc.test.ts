import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/ir/errors.js';
import type { IrOperation, IrParameter, JsonSchema } from '../src/ir/types.js';
import { nameFromVerbPath } from '../src/plan/names.js';
import { planTools } from '../src/plan/tools.js';
import { readApidoc } from '../src/sources/apidoc/read.js';
import { REPO_ROOT } from './support/fixtures.js';

/** One test per apidoc quirk, each on its own hand-written fixture tree. */
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/apidoc');

async function read(fixture: string) {
  return readApidoc({ file: path.join(FIXTURES, fixture), title: 'Fixture VE API', version: '9.2' });
}

function operation(operations: readonly IrOperation[], key: string): IrOperation {
  const found = operations.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`no ${key}; have ${operations.map((o) => o.key).join(', ')}`);
  return found;
}

function param(op: IrOperation, name: string): IrParameter {
  const found = op.parameters.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no parameter ${name} on ${op.key}`);
  return found;
}

describe('apidoc source adapter', () => {
  it('reads the plain JSON tree: locations by method, path params, tasks', async () => {
    const { operations } = await read('basic.json');
    expect(operations.map((op) => op.key)).toHaveLength(5);
    const destroy = operation(operations, 'DELETE /nodes/{node}/qemu/{vmid}');
    expect(param(destroy, 'purge').location).toBe('query');
    expect(param(destroy, 'vmid')).toMatchObject({ location: 'path', required: true });
    expect(destroy.task).toBe('upid');
    const start = operation(operations, 'POST /nodes/{node}/qemu/{vmid}/status/start');
    expect(param(start, 'migration_type').location).toBe('body');
    expect(operation(operations, 'GET /nodes/{node}/qemu').task).toBeUndefined();
  });

  it('extracts the array from the published .js without running it, and gives the same IR', async () => {
    const fromJs = await read('apidoc.js');
    const fromJson = await read('basic.json');
    const strip = (ops: readonly IrOperation[]) => ops.map(({ source: _source, ...rest }) => rest);
    expect(strip(fromJs.operations)).toEqual(strip(fromJson.operations));
  });

  it('names the file when the .js array is never closed', async () => {
    await expect(read('apidoc-bad.js')).rejects.toThrow(InputError);
    await expect(read('apidoc-bad.js')).rejects.toThrow(/apidoc-bad\.js: .*never closed/);
  });

  it('reads optional as 1, "1", 0 or missing', async () => {
    const { operations } = await read('optional-variants.json');
    const sync = operation(operations, 'POST /access/domains/{realm}/sync');
    expect(param(sync, 'purge').required).toBe(false);
    expect(param(sync, 'dry-run').required).toBe(false);
    const rules = operation(operations, 'POST /cluster/firewall/rules');
    expect(param(rules, 'action').required).toBe(true);
    expect(param(rules, 'comment').required).toBe(false);
  });

  it('synthesises path parameters missing from properties', async () => {
    const { operations } = await read('missing-path-params.json');
    const put = operation(operations, 'PUT /cluster/sdn/prefix-lists/{id}/entries/{url_seq}');
    expect(put.parameters.filter((p) => p.location === 'path').map((p) => p.name)).toEqual(['id', 'url_seq']);
  });

  it('keeps only defaults that type-check and moves the rest to the description', async () => {
    const { operations } = await read('loose-defaults.json');
    const backup = operation(operations, 'POST /cluster/backup');
    expect(param(backup, 'enabled').schema.default).toBe(true);
    const config = operation(operations, 'PUT /nodes/{node}/qemu/{vmid}/config');
    const cpuunits = param(config, 'cpuunits').schema;
    expect(cpuunits.default).toBeUndefined();
    expect(cpuunits.description).toContain('Default: cgroup v1: 1024, cgroup v2: 100.');
    expect(param(config, 'keyboard').schema.default).toBeUndefined();
    const startall = operation(operations, 'POST /nodes/{node}/startall');
    expect(param(startall, 'force').schema.default).toBe(false);
    expect(param(startall, 'max-workers').schema.minimum).toBe(1);
    const storage = operation(operations, 'POST /storage');
    expect(param(storage, 'create-base-path').schema.default).toBe(true);
  });

  it('converts Perl patterns JavaScript can compile and keeps the others as text', async () => {
    const { operations } = await read('perl-patterns.json');
    const changelog = operation(operations, 'GET /nodes/{node}/apt/changelog');
    expect(param(changelog, 'name').schema.pattern).toBe('^(?:(?:[a-z0-9][-+.a-z0-9:]+))$');
    const version = param(changelog, 'version').schema;
    expect(version.pattern).toBeUndefined();
    expect(version.description).toContain('Must match the Perl pattern');
    for (const op of operations)
      for (const p of op.parameters)
        if (typeof p.schema.pattern === 'string')
          expect(() => new RegExp(p.schema.pattern as string, 'u')).not.toThrow();
  });

  it('describes property strings by their grammar, inline or named', async () => {
    const { operations } = await read('property-strings.json');
    const config = operation(operations, 'PUT /nodes/{node}/qemu/{vmid}/config');
    expect(param(config, 'agent').schema).toMatchObject({ type: 'string' });
    expect(String(param(config, 'agent').schema.description)).toMatch(/Property string: .*enabled=/);
    expect(String(param(config, 'boot').schema.description)).toContain('order=<device[;device...]>');
  });

  it('turns name[n] families into one object argument sent as name0, name1...', async () => {
    const api = await read('indexed-families.json');
    const config = operation(api.operations, 'PUT /nodes/{node}/qemu/{vmid}/config');
    expect(param(config, 'net[n]').indexed).toBe(true);
    const { tools } = planTools({ api, overrides: { file: 'x', names: {} }, naming: 'verb-path' });
    const tool = tools[0]!;
    expect(tool.args.find((arg) => arg.arg === 'net')).toMatchObject({ wire: 'net', indexed: true, in: 'body' });
    expect((tool.inputSchema.properties as Record<string, JsonSchema>).net).toMatchObject({ type: 'object' });
    expect(String(param(config, 'delete').schema.description)).toContain('separated by commas');
  });

  it('flattens type-discriminated parameters and says when each applies', async () => {
    const { operations } = await read('type-discriminated.json');
    const rules = operation(operations, 'POST /cluster/ha/rules');
    expect(param(rules, 'affinity').schema.description).toContain('Only when type is resource-affinity.');
    const fabric = operation(operations, 'POST /cluster/sdn/fabrics/node/{fabric_id}');
    expect(param(fabric, 'interfaces').schema).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(String(param(fabric, 'interfaces').schema.description)).toContain('Items depend on protocol');
  });

  it('keeps *-list formats as strings and real arrays as arrays', async () => {
    const { operations } = await read('list-formats.json');
    expect(param(operation(operations, 'POST /cluster/backup'), 'vmid').schema.type).toBe('string');
    expect(param(operation(operations, 'POST /cluster/bulk-action/guest/start'), 'vms').schema).toMatchObject({
      type: 'array',
      items: { type: 'integer' },
    });
  });

  it('walks through tree nodes that have no info', async () => {
    const { operations } = await read('no-info-nodes.json');
    expect(operations.map((op) => op.key)).toEqual(
      expect.arrayContaining([
        'GET /nodes/{node}/sdn/vnets/{vnet}',
        'GET /nodes/{node}/sdn/vnets/{vnet}/mac-vrf',
        'POST /cluster/notifications/targets/{name}/test',
      ]),
    );
  });

  it('names tools from verb and path, never from the handler name', () => {
    const name = (method: IrOperation['method'], p: string, isCollection = false) =>
      nameFromVerbPath({ operation: { method, path: p, isCollection }, dropPrefixes: ['/nodes/{node}'] });
    expect(name('GET', '/nodes/{node}/qemu', true)).toBe('list_qemu');
    expect(name('POST', '/nodes/{node}/qemu', true)).toBe('create_qemu');
    expect(name('POST', '/nodes/{node}/qemu/{vmid}/status/start')).toBe('qemu_status_start');
    expect(name('GET', '/cluster/firewall/ipset/{name}/{cidr}')).toBe('get_cluster_firewall_ipset_cidr');
    expect(name('DELETE', '/nodes/{node}/qemu/{vmid}')).toBe('delete_qemu');
    expect(name('GET', '/nodes/{node}')).toBe('get_nodes');
  });

  it('drops only the prefixes the target file names', () => {
    const operation = { method: 'GET' as const, path: '/nodes/{node}/config', isCollection: false };
    expect(nameFromVerbPath({ operation })).toBe('get_nodes_config');
    expect(nameFromVerbPath({ operation, dropPrefixes: ['/nodes/{node}'] })).toBe('get_config');
  });
});

describe('huge enums', () => {
  it('are summarised into a pattern and a short description that still accept every value', async () => {
    const api = await read('huge-enum.json');
    const { tools } = planTools({ api, overrides: { file: 'x', names: {} }, naming: 'verb-path' });
    const volume = (tools[0]!.inputSchema.properties as Record<string, JsonSchema>).volume!;
    expect(volume.enum).toBeUndefined();
    expect(volume.description).toContain('One of: rootfs, mp0..mp255, unused0..unused255.');
    const pattern = new RegExp(String(volume.pattern), 'u');
    for (const value of ['rootfs', 'mp0', 'mp255', 'unused17']) expect(pattern.test(value)).toBe(true);
    expect(pattern.test('scsi0')).toBe(false);
    expect(JSON.stringify(volume).length).toBeLessThan(400);
  });
});

describe('property-string grammars', () => {
  it('spell out the values of enumerated keys that typetext only calls <enum>', async () => {
    const { operations } = await read('property-strings.json');
    const config = operations.find((op) => op.key === 'PUT /nodes/{node}/qemu/{vmid}/config')!;
    const net = config.parameters.find((p) => p.name === 'net[n]')!;
    expect(String(net.schema.description)).toMatch(/\[model=\]<e1000\|[^>]*virtio[^>]*>/);
    expect(String(net.schema.description)).not.toContain('<enum>');
  });
});
