import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError } from '../src/ir/errors.js';
import { resolveSpecsDir } from '../src/store/specs-dir.js';
import { type FileServer, startFileServer } from './support/file-server.js';
import { REPO_ROOT, SHARED_SPECS } from './support/fixtures.js';
import { RELEASE_FIXTURES, releaseWorkspace } from './support/release-workspace.js';

describe('where the spec store is', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mcpgen-store-dir-'));
  const lonely = path.join(root, 'lonely', 'checkout');
  const team = path.join(root, 'team', 'checkout');
  mkdirSync(lonely, { recursive: true });
  mkdirSync(path.join(root, 'team', 'shared', 'specs'), { recursive: true });
  mkdirSync(team, { recursive: true });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('--specs-dir, then MCPGEN_SPECS_DIR, then ../shared/specs if present, then the XDG cache, then ~/.cache', () => {
    const env = { MCPGEN_SPECS_DIR: '/srv/specs', XDG_CACHE_HOME: '/var/cache/me', HOME: '/home/me' };
    expect(resolveSpecsDir({ flag: 'rel/specs', env, repoRoot: team }).dir).toBe(path.resolve('rel/specs'));
    expect(resolveSpecsDir({ env, repoRoot: team })).toEqual({ dir: '/srv/specs', from: 'MCPGEN_SPECS_DIR' });
    expect(resolveSpecsDir({ env: { ...env, MCPGEN_SPECS_DIR: '' }, repoRoot: team })).toEqual({
      dir: path.join(root, 'team', 'shared', 'specs'),
      from: '../shared/specs',
    });
    expect(resolveSpecsDir({ env: { XDG_CACHE_HOME: '/var/cache/me', HOME: '/home/me' }, repoRoot: lonely })).toEqual({
      dir: '/var/cache/me/mcpgen/specs',
      from: 'cache',
    });
    expect(resolveSpecsDir({ env: { HOME: '/home/me' }, repoRoot: lonely }).dir).toBe('/home/me/.cache/mcpgen/specs');
    expect(resolveSpecsDir({ env: { XDG_CACHE_HOME: 'relative', HOME: '/home/me' }, repoRoot: lonely }).dir).toBe(
      '/home/me/.cache/mcpgen/specs',
    );
  });
});

describe('a missing listed spec is fetched, checked, then cached', () => {
  let mirror: FileServer;
  let tampered: FileServer;
  beforeAll(async () => {
    mirror = await startFileServer({ root: path.join(RELEASE_FIXTURES, 'specs') });
    tampered = await startFileServer({
      routes: { '/fixture/1.0.yaml': 'openapi: 3.0.3\n', '/fixture/1.1.yaml': 'openapi: 3.0.3\n' },
    });
  });
  afterAll(async () => {
    await mirror.close();
    await tampered.close();
  });

  function emptyStore() {
    const workspace = releaseWorkspace();
    rmSync(workspace.specsDir, { recursive: true, force: true });
    return workspace;
  }

  it('from MCPGEN_SPECS_MIRROR + file; the next run reads the cache and asks nothing', async () => {
    const workspace = emptyStore();
    const report = (await workspace.generate({ mirror: `${mirror.url}/` })).at(-1);
    expect(report!.packageVersion).toBe('1.1.0');
    expect(mirror.requests.sort()).toEqual(['/fixture/1.0.yaml', '/fixture/1.1.yaml']);
    expect(readFileSync(path.join(workspace.specsDir, 'fixture/1.1.yaml'))).toEqual(
      readFileSync(path.join(RELEASE_FIXTURES, 'specs/fixture/1.1.yaml')),
    );
    mirror.requests.length = 0;
    await workspace.generate({ mirror: mirror.url });
    expect(mirror.requests).toEqual([]);
  }, 60_000);

  it('from the recorded url when no mirror is set', async () => {
    const workspace = emptyStore();
    const text = workspace
      .targetText()
      .replace('http://127.0.0.1:9/never-fetched.yaml', `${mirror.url}/fixture/1.0.yaml`)
      .replace('    file: fixture/1.1.yaml\n', `    file: fixture/1.1.yaml\n    url: ${mirror.url}/fixture/1.1.yaml\n`);
    writeFileSync(workspace.targetFile, text);
    const report = (await workspace.generate({})).at(-1);
    expect(report!.changes.previous?.version).toBe('1.0.0');
    expect(readdirSync(path.join(workspace.specsDir, 'fixture')).sort()).toEqual(['1.0.yaml', '1.1.yaml']);
  }, 60_000);

  it('bytes that are not the recorded ones are refused before they are cached', async () => {
    const workspace = emptyStore();
    const error = await workspace.generate({ mirror: tampered.url }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(String((error as Error).message)).toMatch(
      /#\/versions\/\d\/sha256: http:\/\/127\.0\.0\.1:\d+\/fixture\/1\.\d\.yaml has sha256 [0-9a-f]{64}, but [0-9a-f]{64} is recorded/,
    );
    expect(
      existsSync(workspace.specsDir)
        ? readdirSync(workspace.specsDir, { recursive: true }).filter((name) => String(name).endsWith('.yaml'))
        : [],
    ).toEqual([]);
  });

  it('network failures are one line naming the URL and the cause', async () => {
    const workspace = emptyStore();
    const closed = await startFileServer({});
    await closed.close();
    const refused = await workspace.generate({ mirror: closed.url }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect((refused as Error).message).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/fixture\/1\.\d\.yaml: cannot download: connection refused \(ECONNREFUSED\)$/,
    );
    const missing = await workspace.generate({ mirror: `${mirror.url}/nothing-here` }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect((missing as Error).message).toMatch(
      /nothing-here\/fixture\/1\.\d\.yaml: cannot download: HTTP 404 Not Found$/,
    );
    writeFileSync(workspace.targetFile, workspace.targetText().replace(/\n {4}url: .*/, ''));
    const unlisted = await workspace.generate({}).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect((unlisted as Error).message).toMatch(
      /#\/versions\/0\/file: spec file .*fixture\/1\.0\.yaml is missing and no url is recorded; set MCPGEN_SPECS_MIRROR or --specs-dir/,
    );
  });
});

/**
 * A fresh CI runner: a checkout with no ../shared beside it and an empty cache
 * generates every target from a mirror on 127.0.0.1 through the real CLI.
 */
describe('a checkout with no ../shared', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mcpgen-clone-'));
  const clone = path.join(root, 'checkout');
  let mirror: FileServer;
  beforeAll(async () => {
    mirror = await startFileServer({ root: SHARED_SPECS });
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    for (const file of files)
      if (existsSync(path.join(REPO_ROOT, file))) cpSync(path.join(REPO_ROOT, file), path.join(clone, file));
    for (const modules of ['node_modules', 'packages/generator/node_modules', 'packages/runtime/node_modules'])
      symlinkSync(path.join(REPO_ROOT, modules), path.join(clone, modules));
  });
  afterAll(async () => {
    await mirror.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('pnpm generate fetches every listed spec from MCPGEN_SPECS_MIRROR into $XDG_CACHE_HOME/mcpgen/specs and builds every package', async () => {
    expect(existsSync(path.join(root, 'shared'))).toBe(false);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_CACHE_HOME: path.join(root, 'cache'),
      MCPGEN_SPECS_MIRROR: mirror.url,
    };
    delete env.MCPGEN_SPECS_DIR;
    // Not spawnSync: the mirror answers from this process's event loop.
    const run = await runProcess({
      args: [
        'node_modules/tsx/dist/cli.mjs',
        'packages/generator/src/cli/main.ts',
        'generate',
        '--out',
        path.join(root, 'out'),
      ],
      cwd: clone,
      env,
    });
    expect(run.stderr).not.toMatch(/error/);
    expect(run.status).toBe(0);
    const listed = readdirSync(path.join(clone, 'specs'))
      .filter((name) => name.endsWith('.yaml'))
      .flatMap((name) =>
        (parse(readFileSync(path.join(clone, 'specs', name), 'utf8')) as { versions: { file: string }[] }).versions.map(
          (version) => version.file,
        ),
      );
    expect(listed.length).toBeGreaterThan(3);
    for (const file of listed) {
      expect(mirror.requests).toContain(`/${file}`);
      expect(readFileSync(path.join(root, 'cache/mcpgen/specs', file))).toEqual(
        readFileSync(path.join(SHARED_SPECS, file)),
      );
    }
    expect(readdirSync(path.join(root, 'out')).filter((name) => name.startsWith('mcp-')).length).toBeGreaterThanOrEqual(
      2,
    );
  }, 600_000);
});

function runProcess(options: {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}
