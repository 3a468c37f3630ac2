import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckUpstream } from '../src/cli/check-upstream-command.js';
import { DEFAULTS } from '../src/cli/paths.js';
import { loadTargetFile } from '../src/targets/load.js';
import { unrecordedReleases } from '../src/upstream/check.js';
import { type FileServer, startFileServer } from './support/file-server.js';
import { REPO_ROOT } from './support/fixtures.js';

/** The vendors' release feeds, served by fixture servers on 127.0.0.1 in the shapes the vendors publish. */
const RELEASES = [
  { tag_name: '2.44.0', draft: false, prerelease: false },
  { tag_name: '2.45.0-rc1', draft: false, prerelease: true },
  { tag_name: '2.46.0', draft: true, prerelease: false },
  { tag_name: '2.43.1', draft: false, prerelease: false },
  { tag_name: 'v2.42.1', draft: false, prerelease: false },
  { tag_name: '2.43.0', draft: false, prerelease: false },
  { tag_name: '2.40.3', draft: false, prerelease: false },
  { tag_name: 'nightly', draft: false, prerelease: false },
];

const PACKAGES = [
  'Package: pve-manager\nVersion: 9.3.2\nArchitecture: amd64\n',
  'Package: pve-docs\nVersion: 9.2.4\nArchitecture: all\n',
  'Package: pve-docs\nVersion: 9.3.1\nArchitecture: all\nDescription: Proxmox VE Documentation\n',
  'Package: pve-docs\nVersion: 9.2.5\nArchitecture: all\n',
].join('\n');

describe('mcpgen check-upstream', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mcpgen-upstream-'));
  let feeds: FileServer;
  let gzOnly: FileServer;
  beforeAll(async () => {
    feeds = await startFileServer({
      routes: {
        '/repos/portainer/portainer/releases': JSON.stringify(RELEASES),
        '/docs/2.44.0/swagger.yaml': 'openapi: 3.0.3\n',
        '/debian/pve/dists/trixie/pve-no-subscription/binary-amd64/Packages': PACKAGES,
        '/pve-docs/api-viewer/apidoc.js': 'const apiSchema = [];\n',
      },
    });
    gzOnly = await startFileServer({
      routes: { '/debian/pve/dists/trixie/pve-no-subscription/binary-amd64/Packages.gz': gzipSync(PACKAGES) },
    });
  });
  afterAll(async () => {
    await feeds.close();
    await gzOnly.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** The real target files with every vendor URL pointed at a fixture server. */
  function localTargets(options: { debian: string }): string {
    const dir = mkdtempSync(path.join(root, 'targets-'));
    const portainer = readFileSync(path.join(DEFAULTS.targetsDir, 'portainer.yaml'), 'utf8').replace(
      /specUrl: .*\{version\}.*/,
      `specUrl: ${feeds.url}/docs/{version}/swagger.yaml`,
    );
    const pve = readFileSync(path.join(DEFAULTS.targetsDir, 'pve.yaml'), 'utf8')
      .replace(/repository: http:\/\/download\.proxmox\.com\/debian\/pve/, `repository: ${options.debian}/debian/pve`)
      .replace(/specUrl: https:\/\/pve\.proxmox\.com/, `specUrl: ${feeds.url}`);
    expect(portainer).toContain(feeds.url);
    expect(pve).toContain(options.debian);
    writeFileSync(path.join(dir, 'portainer.yaml'), portainer);
    writeFileSync(path.join(dir, 'pve.yaml'), pve);
    return dir;
  }

  it('Portainer: releases newer than each recorded line (an older minor too) and new minors; drafts, pre-releases and unserved old lines left out', async () => {
    const targetsDir = localTargets({ debian: feeds.url });
    const releases = await runCheckUpstream({
      targets: ['portainer'],
      targetsDir,
      json: true,
      endpoints: { githubApi: feeds.url },
    });
    expect(releases).toEqual([
      { target: 'portainer', version: '2.42.1', spec: `${feeds.url}/docs/2.42.1/swagger.yaml`, specPublished: false },
      { target: 'portainer', version: '2.43.1', spec: `${feeds.url}/docs/2.43.1/swagger.yaml`, specPublished: false },
      { target: 'portainer', version: '2.44.0', spec: `${feeds.url}/docs/2.44.0/swagger.yaml`, specPublished: true },
    ]);
  });

  it('Proxmox VE: pve-docs versions from the Debian Packages index (plain or gzip), cut to major.minor', async () => {
    for (const debian of [feeds.url, gzOnly.url]) {
      const targetsDir = localTargets({ debian });
      const releases = await runCheckUpstream({
        targets: ['pve'],
        targetsDir,
        json: true,
        endpoints: { githubApi: feeds.url },
      });
      expect(releases).toEqual([
        { target: 'pve', version: '9.3', spec: `${feeds.url}/pve-docs/api-viewer/apidoc.js`, specPublished: true },
      ]);
    }
  });

  it('nothing new once the release is recorded', async () => {
    const targetFile = await loadTargetFile(path.join(DEFAULTS.targetsDir, 'portainer.yaml'));
    const recorded = {
      ...targetFile,
      versions: [...targetFile.versions, { ...targetFile.versions.at(-1)!, version: '2.44.0' }],
    };
    expect(unrecordedReleases({ targetFile: recorded, published: ['2.44.0', '2.43.0', '2.41.0'] })).toEqual([]);
  });

  it('the CLI prints one JSON array for a workflow matrix, and one line naming the cause when a feed is down', async () => {
    const targetsDir = localTargets({ debian: feeds.url });
    const ok = await cli({
      args: ['check-upstream', '--targets-dir', targetsDir, '--json'],
      env: { MCPGEN_GITHUB_API_URL: feeds.url },
    });
    expect(ok.status).toBe(0);
    expect(
      (JSON.parse(ok.stdout) as { target: string; version: string }[]).map(
        (release) => `${release.target} ${release.version}`,
      ),
    ).toEqual(['portainer 2.42.1', 'portainer 2.43.1', 'portainer 2.44.0', 'pve 9.3']);
    const closed = await startFileServer({});
    await closed.close();
    const down = await cli({
      args: ['check-upstream', '--target', 'portainer', '--targets-dir', targetsDir],
      env: { MCPGEN_GITHUB_API_URL: closed.url },
    });
    expect(down.status).toBe(1);
    expect(down.stderr.trim()).toMatch(
      /^mcpgen: error: http:\/\/127\.0\.0\.1:\d+\/repos\/portainer\/portainer\/releases\?per_page=100: cannot download: connection refused \(ECONNREFUSED\)$/,
    );
    // Two CLI runs through tsx: ~30 s on an idle 2-core machine, more when it is shared.
  }, 180_000);
});

function cli(options: {
  args: string[];
  env: Record<string, string>;
}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'packages/generator/src/cli/main.ts', ...options.args],
      { cwd: REPO_ROOT, env: { ...process.env, ...options.env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
