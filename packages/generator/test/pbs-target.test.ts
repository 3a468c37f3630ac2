import path from 'node:path';
import type { JsonSchema, OperationTool } from '@mcpgen/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { createArgumentValidator } from '../../runtime/src/tools/validate.js';
import { buildGeneration, type Generation } from '../src/pipeline/build-generation.js';
import { loadTargetFile } from '../src/targets/load.js';
import { DEFAULTS } from '../src/cli/paths.js';

/**
 * specs/pbs.yaml against the real Proxmox Backup Server 4.2.5 apidoc: nothing vanishes,
 * and every required argument with a pattern accepts a real PBS value (checked by the
 * validator the server runs before sending anything).
 */
const TARGET_PATH = path.join(DEFAULTS.targetsDir, 'pbs.yaml');
let generation: Generation;

beforeAll(async () => {
  const targetFile = await loadTargetFile(TARGET_PATH);
  const index = targetFile.versions.findIndex((version) => version.version === '4.2.5');
  generation = await buildGeneration({
    targetFile,
    targetPath: TARGET_PATH,
    version: targetFile.versions[index]!,
    versionIndex: index,
    specs: { specsDir: DEFAULTS.specsDir },
  });
}, 120_000);

/** Values as a PBS administrator writes them (hand-written from the PBS docs, not from the patterns). */
const REAL_VALUES: Readonly<Record<string, readonly string[]>> = {
  'archive-name': ['drive-scsi0.img.fidx', 'catalog.pcat1.didx'],
  'auth-id': ['root@pam', 'backup@pbs!mcp'],
  authid: ['root@pam', 'sync@pbs!job1'],
  'backup-id': ['100', 'web-01'],
  digest: ['3f1c5b0e9a2d4c6b8e0f1a3c5e7a9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e'],
  disk: ['sdb', 'nvme0n1'],
  drive: ['lto9-1'],
  endpoint: ['s3.eu-central-1.amazonaws.com', '{{bucket}}.s3.{{region}}.amazonaws.com'],
  'file-name': ['index.json.blob', 'root.pxar.didx'],
  fingerprint: ['e2:7a:1c:5d:90:43:b8:6f:21:0c:9e:d4:57:a3:18:f6:4b:c2:7e:05:91:da:3f:68:b4:20:cd:79:e1:5a:0f:83'],
  handle: ['my-plugin'],
  hint: ['the usual one'],
  host: ['pbs2.example.com', '192.0.2.10', 'influx.example.com:8089'],
  id: ['daily-prune', 's1'],
  iface: ['eno1', 'vmbr0'],
  'label-text': ['TAPE001L9'],
  name: ['store1', 'mail-to-root'],
  'new-owner': ['alice@pbs', 'backup@pbs!pve1'],
  node: ['localhost', 'pbs1'],
  ns: ['', 'prod/vm'],
  password: ['correct horse battery staple'],
  path: ['/', '/datastore/store1'],
  pool: ['weekly'],
  realm: ['pam', 'ldap-corp'],
  remote: ['pbs-offsite'],
  'remote-store': ['store1'],
  's3-endpoint-id': ['aws-eu'],
  store: ['store1', 'backup_2'],
  'target-ns': ['', 'archive/2026'],
  timezone: ['Europe/Vienna'],
  'token-name': ['mcp'],
  upid: ['UPID:localhost:000004D2:0000162E:00000000:6750A1B2:garbage_collection:store1:root@pam:'],
  url: ['https://acme-v02.api.letsencrypt.org/directory'],
  userid: ['root@pam', 'alice@pbs'],
  username: ['root@pam'],
  uuid: ['1f0e4f52-3c1d-4c2e-9a7b-5d6e7f8a9b0c'],
};

function requiredPatternArgs(tool: OperationTool): [string, JsonSchema][] {
  const properties = (tool.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (tool.inputSchema.required ?? []) as string[];
  return required.filter((name) => properties[name]?.pattern !== undefined).map((name) => [name, properties[name]!]);
}

describe('mcp-pbs from specs/pbs.yaml and PBS 4.2.5', () => {
  it('accounts for all 367 methods: tools + skipped, each skip with a reason', () => {
    const tools = generation.tools.filter((tool) => tool.kind === 'operation');
    expect(tools.length + generation.api.skipped.length).toBe(367);
    expect(generation.api.skipped.every((skip) => skip.reason.length > 20)).toBe(true);
    expect(generation.collisions).toEqual([]);
  });

  it('accepts a real value for every pattern-bearing required argument of every tool', async () => {
    const validator = createArgumentValidator();
    const refused: string[] = [];
    let checked = 0;
    for (const tool of generation.tools) {
      if (tool.kind !== 'operation') continue;
      for (const [name, schema] of requiredPatternArgs(tool)) {
        const values = REAL_VALUES[name];
        if (!values) {
          refused.push(`${tool.name}.${name}: no real value in the table for pattern ${String(schema.pattern)}`);
          continue;
        }
        const results = await Promise.all(
          values.map((value) =>
            validator.check({
              name: `${tool.name}.${name}`,
              schema: { type: 'object', properties: { [name]: schema } },
              args: { [name]: value },
            }),
          ),
        );
        const accepted = results.some((result) => result.ok);
        checked += 1;
        if (!accepted)
          refused.push(`${tool.name}.${name}: refuses ${values.join(', ')} (pattern ${String(schema.pattern)})`);
      }
    }
    expect(refused).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it('still refuses a wrong value before anything is sent', async () => {
    const validator = createArgumentValidator();
    const tool = generation.tools.find(
      (candidate) => candidate.name === 'get_admin_datastore_snapshots',
    ) as OperationTool;
    expect((await validator.check({ name: tool.name, schema: tool.inputSchema, args: { store: 'store1' } })).ok).toBe(
      true,
    );
    expect(
      (
        await validator.check({
          name: `${tool.name}-bad`,
          schema: tool.inputSchema,
          args: { store: 'no spaces allowed' },
        })
      ).ok,
    ).toBe(false);
  });

  it('says which privileges a call needs, from the object-form permission checks', () => {
    const withPermission = generation.tools.filter(
      (tool) => tool.kind === 'operation' && /Needs |Requires /.test(tool.description),
    );
    expect(withPermission.length).toBeGreaterThan(190);
  });
});
