import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/ir/errors.js';
import type { IrOperation, JsonSchema } from '../src/ir/types.js';
import type { Overlay } from '../src/overlays/types.js';
import { readApidoc } from '../src/sources/apidoc/read.js';
import { translatePattern as translate } from '../src/patterns/dialects.js';

function translatePattern(options: { pattern: string; dialect: 'perl' | 'rust' }): string | undefined {
  const result = translate({ dialect: options.dialect, source: options.pattern });
  return result.ok ? result.pattern : undefined;
}
import { REPO_ROOT } from './support/fixtures.js';

/** The proxmox-schema (Rust) dialect of apidoc trees, one fixture per feature. */
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/apidoc');
const RUST = { patterns: 'rust' } as const;

async function read(fixture: string, overlays: readonly Overlay[] = []) {
  return readApidoc({
    file: path.join(FIXTURES, fixture),
    title: 'Fixture Backup Server API',
    version: '4.2.5',
    dialect: RUST,
    overlays: { file: 'specs/fixture.yaml', overlays },
  });
}

function operation(operations: readonly IrOperation[], key: string): IrOperation {
  const found = operations.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`no ${key}; have ${operations.map((o) => o.key).join(', ')}`);
  return found;
}

function schemaOf(op: IrOperation, name: string): JsonSchema {
  const found = op.parameters.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no parameter ${name} on ${op.key}`);
  return found.schema;
}

/** Accepts a value the way Ajv does (`u` flag), independently of the translator. */
function accepts(schema: JsonSchema, value: string): boolean {
  return new RegExp(String(schema.pattern), 'u').test(value);
}

describe('Rust (proxmox-schema) patterns', () => {
  it('drop the slashes and keep the anchors, so real values match and bad ones do not', async () => {
    const { operations } = await read('pbs-patterns.json');
    const list = operation(operations, 'GET /admin/datastore/{store}/snapshots');
    expect(accepts(schemaOf(list, 'store'), 'store1')).toBe(true);
    expect(accepts(schemaOf(list, 'store'), 'bad name')).toBe(false);
    expect(accepts(schemaOf(list, 'ns'), 'a/b/c')).toBe(true);
    expect(accepts(schemaOf(list, 'ns'), '')).toBe(true);
    expect(accepts(schemaOf(list, 'backup-id'), '100')).toBe(true);
  });

  it('spell out POSIX classes, negated ones included', async () => {
    const { operations } = await read('pbs-patterns.json');
    const list = operation(operations, 'GET /admin/datastore/{store}/snapshots');
    expect(schemaOf(list, 'comment').pattern).toBe('^[^\\x00-\\x1F\\x7F]*$');
    expect(accepts(schemaOf(list, 'comment'), 'nightly: ok')).toBe(true);
    expect(accepts(schemaOf(list, 'comment'), 'two\nlines')).toBe(false);
    expect(accepts(schemaOf(list, 'owner'), 'root@pam')).toBe(true);
    expect(accepts(schemaOf(list, 'owner'), 'backup@pbs!mcp')).toBe(true);
    expect(accepts(schemaOf(list, 'owner'), 'no realm')).toBe(false);
  });

  it('turn (?P<name>…) groups into plain groups, so a real UPID matches', async () => {
    const { operations } = await read('pbs-patterns.json');
    const upid = schemaOf(operation(operations, 'GET /admin/datastore/{store}/snapshots'), 'upid');
    expect(String(upid.pattern)).not.toMatch(/\(\?P?</);
    expect(
      accepts(upid, 'UPID:localhost:000004D2:0000162E:00000000:6750A1B2:garbage_collection:store1:root@pam:'),
    ).toBe(true);
    expect(accepts(upid, 'UPID:pve1:0001')).toBe(false);
  });

  it('keep a pattern with an inline flag as text instead of checking something else', async () => {
    const { operations } = await read('pbs-patterns.json');
    const notes = schemaOf(operation(operations, 'GET /admin/datastore/{store}/snapshots'), 'notes');
    expect(notes.pattern).toBeUndefined();
    expect(String(notes.description)).toContain('Must match the Rust regex pattern /(?m)^([[:^cntrl:]]*)$/.');
  });

  it('keep the meaning of a top-level alternation (searched, not anchored as a whole)', async () => {
    const { operations } = await read('pbs-patterns.json');
    const disk = schemaOf(operation(operations, 'GET /admin/datastore/{store}/snapshots'), 'disk');
    expect(accepts(disk, 'sda')).toBe(true);
    expect(accepts(disk, 'nvme0n1')).toBe(true);
  });

  it('never produce named groups, inline flags or POSIX brackets (what a linear-time engine and JS both take)', () => {
    const samples = ['/^[[:^cntrl:]]*$/', '/^(?P<a>[[:alpha:]][[:digit:]]+)$/', '/^[[:xdigit:]]{2}$/'];
    for (const pattern of samples) {
      const out = translatePattern({ pattern, dialect: 'rust' })!;
      expect(out).not.toMatch(/\(\?P?<|\[:\^?[a-z]+:\]/);
    }
    expect(translatePattern({ pattern: '/^[[:bogus:]]$/', dialect: 'rust' })).toBeUndefined();
    expect(translatePattern({ pattern: '/^[a[:^digit:]]$/', dialect: 'rust' })).toBeUndefined();
  });

  it('leaves the Perl dialect as it was', () => {
    expect(translatePattern({ pattern: '(?^:[a-z]+)', dialect: 'perl' })).toBe('^(?:(?:[a-z]+))$');
  });
});

describe('object-form permissions', () => {
  it('read {check: {path, privs}} as privileges on a path', async () => {
    const { operations } = await read('pbs-permissions.json');
    expect(operation(operations, 'GET /config/datastore/{name}').permission).toEqual({
      privileges: ['Datastore.Audit'],
      on: '/datastore/{name}',
    });
    expect(operation(operations, 'DELETE /config/datastore/{name}').permission).toEqual({
      privileges: ['Datastore.Allocate'],
      on: '/datastore/{name}',
    });
  });

  it('summarise nested or/and checks: every privilege, the first path', async () => {
    const { operations } = await read('pbs-permissions.json');
    expect(operation(operations, 'PUT /config/datastore/{name}').permission).toEqual({
      privileges: ['Permissions.Modify', 'Sys.Audit'],
      on: '/access/users',
    });
    expect(operation(operations, 'GET /version').permission).toBeUndefined();
  });

  it('find the task id a DELETE returns from its described UPID', async () => {
    const { operations } = await read('pbs-permissions.json');
    expect(operation(operations, 'DELETE /config/datastore/{name}').task).toBe('upid');
  });
});

describe('schema-object formats and nested properties', () => {
  it('give the grammar of a property string whose keys are under format.properties', async () => {
    const { operations } = await read('pbs-property-strings.json');
    const update = operation(operations, 'PUT /config/datastore/{name}');
    expect(String(schemaOf(update, 'maintenance-mode').description)).toContain(
      'Property string: [type=<read-only|offline|delete|unmount|s3-refresh> [,message=<string>]]',
    );
    const tuning = String(schemaOf(update, 'tuning').description);
    expect(tuning).toContain('[chunk-order=<none|inode>]');
    expect(tuning).toContain('[gc-atime-safety-check=<boolean>]');
    expect(tuning).not.toMatch(/description=|properties=|additionalProperties/);
  });

  it('describe an array format as a list of its values', async () => {
    const { operations } = await read('pbs-property-strings.json');
    const vanished = String(
      schemaOf(operation(operations, 'PUT /config/datastore/{name}'), 'remove-vanished').description,
    );
    expect(vanished).toContain('List in one string: values from acl, entry, properties');
  });

  it('keep nested properties of an object parameter, with their own checks', async () => {
    const { operations } = await read('pbs-property-strings.json');
    const limits = schemaOf(operation(operations, 'PUT /config/datastore/{name}'), 'limits');
    expect(limits).toMatchObject({ type: 'object', required: ['burst'], additionalProperties: false });
    expect((limits.properties as Record<string, JsonSchema>).burst).toMatchObject({ type: 'integer', minimum: 0 });
  });
});

describe('stream methods (DOWNLOAD/UPLOAD)', () => {
  it('are skipped with a reason, never silently', async () => {
    const api = await read('pbs-streams.json');
    expect(api.operations.map((op) => op.key)).toEqual(['GET /admin/datastore/{store}/status']);
    expect(api.skipped.map((skip) => skip.key).sort()).toEqual([
      'GET /admin/datastore/{store}/download',
      'GET /nodes/{node}/tasks/{upid}/log',
      'POST /admin/datastore/{store}/upload-backup-log',
    ]);
    expect(api.skipped.find((skip) => skip.key.startsWith('POST'))!.reason).toMatch(/UPLOAD/);
    expect(api.skipped.every((skip) => skip.source.pointer.includes('/info/'))).toBe(true);
  });

  it('are served as tools when an overlay says they answer JSON', async () => {
    const overlay: Overlay = {
      name: 'task-log',
      why: 'answers JSON without download=1',
      serveStreams: ['GET /nodes/{node}/tasks/{upid}/log'],
    };
    const api = await read('pbs-streams.json', [overlay]);
    expect(api.operations.map((op) => op.key)).toContain('GET /nodes/{node}/tasks/{upid}/log');
  });
});

describe('overlays on apidoc trees', () => {
  it('drop a method with the overlay as reason', async () => {
    const api = await read('pbs-streams.json', [
      { name: 'no-status', why: 'broken upstream', dropOperations: ['GET /admin/datastore/{store}/status'] },
    ]);
    expect(api.operations).toEqual([]);
    expect(api.skipped.find((skip) => skip.key === 'GET /admin/datastore/{store}/status')!.reason).toBe(
      "overlay 'no-status': broken upstream",
    );
  });

  it('strip keywords at a JSON pointer of the tree, and correct a safety class', async () => {
    const pointer = '/0/children/0/children/0/children/0/info/GET/parameters/properties/comment';
    const api = await read('pbs-patterns.json', [
      {
        name: 'fix',
        why: 'w',
        stripKeywords: [{ pointer, keywords: ['pattern'] }],
        setSafety: { 'GET /admin/datastore/{store}/snapshots': 'execute' },
      },
    ]);
    const list = operation(api.operations, 'GET /admin/datastore/{store}/snapshots');
    expect(schemaOf(list, 'comment').pattern).toBeUndefined();
    expect(list.safety).toBe('execute');
  });

  it.each([
    [{ dropOperations: ['GET /nope'] }, "dropOperations entry 'GET /nope'"],
    [{ dropPathPrefixes: ['/nope'] }, "dropPathPrefixes entry '/nope'"],
    [{ setSafety: { 'GET /nope': 'read' as const } }, "setSafety entry 'GET /nope'"],
    [
      { serveStreams: ['GET /admin/datastore/{store}/status'] },
      "serveStreams entry 'GET /admin/datastore/{store}/status'",
    ],
    [{ stripKeywords: [{ pointer: '/0/nope', keywords: ['pattern'] }] }, "stripKeywords entry '/0/nope'"],
    [{ dropTags: ['x'] }, "dropTags entry 'x' (apidoc trees have no tags"],
  ])('fail the run when an entry matches nothing (%j)', async (fields, message) => {
    const attempt = read('pbs-streams.json', [{ name: 'stale', why: 'w', ...fields }]);
    await expect(attempt).rejects.toThrow(InputError);
    await expect(read('pbs-streams.json', [{ name: 'stale', why: 'w', ...fields }])).rejects.toThrow(
      `specs/fixture.yaml: overlay 'stale': ${message}`,
    );
  });
});
