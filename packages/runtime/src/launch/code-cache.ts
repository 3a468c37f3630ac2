import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Loads a CommonJS bundle through V8's code cache. A generated server is one large
 * file; compiling it costs more than everything else its start does, and Node 20 has
 * no built-in compile cache (Node 22's `module.enableCompileCache` is the same idea).
 * The cache file is named by the bundle's content hash: V8 only checks the source's
 * length, so a changed bundle must never meet an old cache.
 */
export interface CachedModule {
  readonly exports: unknown;
  /** Writes the cache if it was missing or rejected; call once the start-up path has run. */
  readonly save: () => void;
}

export function loadWithCodeCache(options: { file: string; cacheDir: string | undefined; cacheName: string }): CachedModule {
  const source = readFileSync(options.file);
  const cacheFile = options.cacheDir ? path.join(options.cacheDir, `${options.cacheName}-${createHash('sha256').update(source).digest('hex').slice(0, 32)}.v8cache`) : undefined;
  const cachedData = cacheFile ? readOptional(cacheFile) : undefined;
  // ASCII (as the generator bundles it) decodes as latin1 without a UTF-8 pass.
  const script = new vm.Script(wrap(source.toString(isAscii(source) ? 'latin1' : 'utf8')), { filename: options.file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(options.file), module, options.file, path.dirname(options.file));
  const fresh = cachedData === undefined || script.cachedDataRejected === true;
  let saved = false;
  return {
    get exports() {
      return module.exports;
    },
    save: () => {
      if (saved || !fresh || !cacheFile || !options.cacheDir) return;
      saved = true;
      writeCache({ file: cacheFile, data: script.createCachedData(), dir: options.cacheDir, cacheName: options.cacheName });
    },
  };
}

/** The same wrapper Node puts around a CommonJS file. */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source.startsWith('#!') ? `//${source}` : source}\n})`;
}

function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Atomic (temp file, then rename) so that a concurrent start never reads half a cache; older caches of the same server are removed. */
function writeCache(options: { file: string; data: Buffer; dir: string; cacheName: string }): void {
  try {
    const temp = `${options.file}.${process.pid}.tmp`;
    writeFileSync(temp, options.data, { mode: 0o600 });
    renameSync(temp, options.file);
    for (const name of readdirSync(options.dir)) {
      const other = path.join(options.dir, name);
      if (name.startsWith(`${options.cacheName}-`) && name.endsWith('.v8cache') && other !== options.file) rmSync(other, { force: true });
    }
  } catch {
    // A cache is an optimisation: a full disk or a race with another start must not stop the server.
  }
}
