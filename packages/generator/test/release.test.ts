import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packAndInstall } from '../../../test/support/install-package.js';
import { connectStdioClient } from '../../../test/support/mcp-stdio-client.js';
import { runGenerate } from '../src/cli/generate-command.js';
import { DEFAULTS } from '../src/cli/paths.js';
import { InputError } from '../src/ir/errors.js';
import { sha256Of } from './support/fixtures.js';

/**
 * A new upstream release in one command: `generate --target pve --upstream 9.3 --spec <path>`
 * checks the document, records it in the target file and generates an installable package.
 */
describe('recording a new upstream release', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mcpgen-release-'));
  const targetsDir = path.join(root, 'targets');
  const outDir = path.join(root, 'out');
  const specFile = path.join(root, 'pve-9.3.json');
  // A spec store of its own: recording writes the new spec into the store, never into ../shared/specs.
  const specsDir = path.join(root, 'specs');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function prepare() {
    rmSync(targetsDir, { recursive: true, force: true });
    rmSync(specsDir, { recursive: true, force: true });
    mkdirSync(targetsDir, { recursive: true });
    mkdirSync(path.join(specsDir, 'pve'), { recursive: true });
    for (const file of ['pve/9.2.json', 'pve/9.x-2026-05.json'])
      copyFileSync(path.join(DEFAULTS.specsDir, file), path.join(specsDir, file));
    copyFileSync(path.join(DEFAULTS.targetsDir, 'pve.yaml'), path.join(targetsDir, 'pve.yaml'));
    // "9.3": the 9.2 tree without GET /version, so that the release differs from the last listed one.
    const tree = JSON.parse(readFileSync(path.join(DEFAULTS.specsDir, 'pve/9.2.json'), 'utf8')) as { path: string }[];
    writeFileSync(specFile, JSON.stringify(tree.filter((node) => node.path !== '/version')));
  }

  it('records version, file and sha256, generates the package, and the package installs and answers tools/list', async () => {
    prepare();
    const [report] = await runGenerate({
      targets: ['pve'],
      versions: ['9.3'],
      spec: specFile,
      targetsDir,
      specsDir,
      outDir,
    });
    const target = parse(readFileSync(path.join(targetsDir, 'pve.yaml'), 'utf8')) as {
      versions: { version: string; sha256: string; file: string; patch: number }[];
    };
    const recorded = target.versions.at(-1)!;
    expect(recorded).toMatchObject({ version: '9.3', sha256: sha256Of(specFile), patch: 0 });
    expect(recorded.file).toBe('pve/9.3.json');
    expect(readFileSync(path.join(specsDir, recorded.file))).toEqual(readFileSync(specFile));
    expect(readFileSync(path.join(targetsDir, 'pve.yaml'), 'utf8')).toContain(
      '# Target file for the Proxmox VE MCP server',
    );
    expect(report!.packageVersion).toBe('9.3.0');
    expect(report!.changes.removed).toEqual([{ name: 'get_version', request: 'GET /version' }]);
    const installed = await packAndInstall({ packageDir: report!.packageDir, binName: 'mcp-pve' });
    try {
      const server = await connectStdioClient({
        command: installed.binPath,
        env: { PVE_BASE_URL: 'https://127.0.0.1:9', PVE_TOKEN_ID: 'root@pam!t', PVE_TOKEN_SECRET: 'x' },
      });
      try {
        const { tools } = await server.client.listTools();
        expect(tools.length).toBe(report!.metrics[0]!.listed);
      } finally {
        await server.close();
      }
    } finally {
      await installed.cleanup();
    }
  }, 180_000);

  it('refuses a listed version whose spec bytes differ from the recorded sha256', async () => {
    prepare();
    await runGenerate({ targets: ['pve'], versions: ['9.3'], spec: specFile, targetsDir, specsDir, outDir });
    writeFileSync(specFile, `${readFileSync(specFile, 'utf8')}\n`);
    await expect(
      runGenerate({ targets: ['pve'], versions: ['9.3'], spec: specFile, targetsDir, specsDir, outDir }),
    ).rejects.toThrow(InputError);
    // The stored copy altered afterwards is refused too.
    writeFileSync(path.join(specsDir, 'pve/9.3.json'), readFileSync(specFile));
    await expect(runGenerate({ targets: ['pve'], versions: ['9.3'], targetsDir, specsDir, outDir })).rejects.toThrow(
      /refusing a spec that is not the recorded one/,
    );
  }, 120_000);
});
