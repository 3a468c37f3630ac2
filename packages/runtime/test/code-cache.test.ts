import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codeCacheDir } from '../src/launch/cache-dir.js';
import { loadWithCodeCache, MAX_CACHES_PER_SERVER } from '../src/launch/code-cache.js';
import { readySaver } from '../src/launch/index.js';

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgen-cache-test-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function bundle(options: { dir: string; body: string }): string {
  const file = path.join(options.dir, 'server.cjs');
  writeFileSync(file, `#!/usr/bin/env node\n${options.body}`);
  return file;
}

function caches(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.v8cache'));
}

describe('loadWithCodeCache', () => {
  it('runs a CommonJS bundle with require, module and __dirname, and caches it once saved', () => {
    const dir = tempDir();
    const cacheDir = tempDir();
    const file = bundle({
      dir,
      body: "const path = require('node:path'); module.exports = { where: path.basename(__dirname), twice: (n) => n * 2 };",
    });
    const first = loadWithCodeCache({ file, cacheDir, cacheName: 'mcp-x' });
    expect(first.exports).toMatchObject({ where: path.basename(dir) });
    expect(caches(cacheDir)).toEqual([]);
    first.save();
    expect(caches(cacheDir)).toHaveLength(1);
    expect(statSync(path.join(cacheDir, caches(cacheDir)[0]!)).mode & 0o777).toBe(0o600);
    const second = loadWithCodeCache({ file, cacheDir, cacheName: 'mcp-x' });
    expect((second.exports as { twice: (n: number) => number }).twice(21)).toBe(42);
  });

  it('never pairs a changed bundle with an old cache, even of the same length, and drops the old one', () => {
    const dir = tempDir();
    const cacheDir = tempDir();
    const file = bundle({ dir, body: 'module.exports = 1;' });
    loadWithCodeCache({ file, cacheDir, cacheName: 'mcp-x' }).save();
    const [before] = caches(cacheDir);
    bundle({ dir, body: 'module.exports = 2;' });
    const changed = loadWithCodeCache({ file, cacheDir, cacheName: 'mcp-x' });
    expect(changed.exports).toBe(2);
    changed.save();
    expect(caches(cacheDir)).toHaveLength(1);
    expect(caches(cacheDir)[0]).not.toBe(before);
  });

  it('with the hash baked in at build time, still never runs a bundle edited in place with the old bytecode', () => {
    const dir = tempDir();
    const cacheDir = tempDir();
    const sourceSha256 = 'f'.repeat(64);
    const file = bundle({ dir, body: 'module.exports = 1;' });
    utimesSync(file, new Date(1000), new Date(1000));
    loadWithCodeCache({ file, cacheDir, cacheName: 'mcp-x', sourceSha256 }).save();
    expect(loadWithCodeCache({ file, cacheDir, cacheName: 'mcp-x', sourceSha256 }).fromCache).toBe(true);
    // Same length, same baked hash (the launcher was not rebuilt): the edit's new mtime keys a new cache.
    bundle({ dir, body: 'module.exports = 2;' });
    const edited = loadWithCodeCache({ file, cacheDir, cacheName: 'mcp-x', sourceSha256 });
    expect(edited.fromCache).toBe(false);
    expect(edited.exports).toBe(2);
  });

  it('keeps caches of other servers and works without a cache folder', () => {
    const dir = tempDir();
    const cacheDir = tempDir();
    writeFileSync(path.join(cacheDir, 'mcp-other-1234.v8cache'), 'x');
    const file = bundle({ dir, body: 'module.exports = 3;' });
    loadWithCodeCache({ file, cacheDir, cacheName: 'mcp-x' }).save();
    expect(caches(cacheDir)).toContain('mcp-other-1234.v8cache');
    const uncached = loadWithCodeCache({ file, cacheDir: undefined, cacheName: 'mcp-x' });
    expect(uncached.exports).toBe(3);
    uncached.save();
  });

  it('survives a corrupt cache file', () => {
    const dir = tempDir();
    const cacheDir = tempDir();
    const file = bundle({ dir, body: 'module.exports = 4;' });
    loadWithCodeCache({ file, cacheDir, cacheName: 'mcp-x' }).save();
    writeFileSync(path.join(cacheDir, caches(cacheDir)[0]!), 'not a cache');
    expect(loadWithCodeCache({ file, cacheDir, cacheName: 'mcp-x' }).exports).toBe(4);
  });
});

describe('codeCacheDir', () => {
  it('is a private mcpgen folder under XDG_CACHE_HOME or NODE_COMPILE_CACHE', () => {
    const base = tempDir();
    const dir = codeCacheDir({ XDG_CACHE_HOME: base });
    expect(dir).toBe(path.join(base, 'mcpgen'));
    expect(statSync(dir!).mode & 0o777).toBe(0o700);
    expect(codeCacheDir({ NODE_COMPILE_CACHE: base, XDG_CACHE_HOME: '/nonexistent' })).toBe(path.join(base, 'mcpgen'));
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE, on a folder others may write, and where it cannot be made', () => {
    const base = tempDir();
    expect(codeCacheDir({ NODE_DISABLE_COMPILE_CACHE: '1', XDG_CACHE_HOME: base })).toBeUndefined();
    codeCacheDir({ XDG_CACHE_HOME: base });
    chmodSync(path.join(base, 'mcpgen'), 0o777);
    expect(codeCacheDir({ XDG_CACHE_HOME: base })).toBeUndefined();
    writeFileSync(path.join(base, 'file'), '');
    expect(codeCacheDir({ XDG_CACHE_HOME: path.join(base, 'file') })).toBeUndefined();
  });
});

describe('readySaver', () => {
  it('saves on the next turn once ready, or at exit once ready, and never for a server that was not ready', async () => {
    const saves: string[] = [];
    const early = readySaver(() => saves.push('early'));
    early.onExit();
    expect(saves).toEqual([]);
    const ready = readySaver(() => saves.push('ready'));
    ready.onReady();
    expect(saves).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(saves).toEqual(['ready']);
    const stopped = readySaver(() => saves.push('stopped'));
    stopped.onReady();
    stopped.onExit();
    expect(saves).toEqual(['ready', 'stopped']);
  });
});

describe('code caches of several versions of one package', () => {
  it('two versions run alternately keep a cache each (neither evicts the other) and both start from it', () => {
    const cacheDir = tempDir();
    const v243 = bundle({ dir: tempDir(), body: 'module.exports = "2.43";' });
    const v244 = bundle({ dir: tempDir(), body: 'module.exports = "2.44";' });
    loadWithCodeCache({ file: v243, cacheDir, cacheName: 'mcp-portainer' }).save();
    loadWithCodeCache({ file: v244, cacheDir, cacheName: 'mcp-portainer' }).save();
    expect(caches(cacheDir)).toHaveLength(2);
    for (const file of [v243, v244, v243, v244]) {
      const loaded = loadWithCodeCache({ file, cacheDir, cacheName: 'mcp-portainer' });
      expect(loaded.fromCache, file).toBe(true);
      loaded.save();
    }
    expect(caches(cacheDir)).toHaveLength(2);
  });

  it(`keeps at most ${MAX_CACHES_PER_SERVER} per package (the oldest go) and replaces a cache of the old naming`, () => {
    const cacheDir = tempDir();
    writeFileSync(path.join(cacheDir, `mcp-portainer-${'a'.repeat(32)}.v8cache`), 'old naming');
    writeFileSync(
      path.join(cacheDir, `mcp-portainer-extra-${'b'.repeat(24)}-${'c'.repeat(24)}.v8cache`),
      'another package',
    );
    for (let version = 0; version < MAX_CACHES_PER_SERVER + 2; version += 1) {
      loadWithCodeCache({
        file: bundle({ dir: tempDir(), body: `module.exports = ${version};` }),
        cacheDir,
        cacheName: 'mcp-portainer',
      }).save();
    }
    const ours = caches(cacheDir).filter((name) => /^mcp-portainer-[0-9a-f]{24}-/.test(name));
    expect(ours).toHaveLength(MAX_CACHES_PER_SERVER);
    expect(caches(cacheDir)).not.toContain(`mcp-portainer-${'a'.repeat(32)}.v8cache`);
    expect(caches(cacheDir)).toContain(`mcp-portainer-extra-${'b'.repeat(24)}-${'c'.repeat(24)}.v8cache`);
  });
});
