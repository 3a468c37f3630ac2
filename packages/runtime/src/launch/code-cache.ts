import { isAscii } from 'node:buffer';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Loads a CommonJS bundle through V8's code cache. A generated server is one large
 * file; compiling it costs more than everything else its start does, and Node 20 has
 * no built-in compile cache (Node 22's `module.enableCompileCache` is the same idea).
 * The cache file is named by the bundle's content hash (with the V8 version): V8 only
 * checks the source's length, so a changed bundle must never meet an old cache.
 *
 * Its name also carries a hash of the bundle's path, and only caches of the same path are
 * replaced when the bundle there changes: two versions of one package (npx keeps each in
 * its own folder) run alternately keep a cache each instead of discarding each other's.
 * At most MAX_CACHES_PER_SERVER are kept per package; past that the least recently
 * written go.
 */
export const MAX_CACHES_PER_SERVER = 6;

export interface CachedModule {
  readonly exports: unknown;
  /** True when V8 accepted a cache for this bundle (diagnostics and tests). */
  readonly fromCache: boolean;
  /** Writes the cache if it was missing or rejected; call once the start-up path has run. */
  readonly save: () => void;
}

export function loadWithCodeCache(options: {
  file: string;
  cacheDir: string | undefined;
  cacheName: string;
  /**
   * The bundle's sha256, computed when it was built (the generator bakes it into the launcher): hashing
   * the bundle at every start needed node:crypto, whose loading alone cost several milliseconds.
   * Without it the bundle is hashed here.
   */
  sourceSha256?: string;
}): CachedModule {
  const source = readFileSync(options.file);
  const slot = `${options.cacheName}-${shortHash(options.file)}`;
  const cacheFile = options.cacheDir
    ? path.join(options.cacheDir, `${slot}-${contentKey({ ...options, source })}.v8cache`)
    : undefined;
  const cachedData = cacheFile ? readOptional(cacheFile) : undefined;
  // ASCII (as the generator bundles it) decodes as latin1 without a UTF-8 pass.
  const script = new vm.Script(wrap(source.toString(isAscii(source) ? 'latin1' : 'utf8')), {
    filename: options.file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: unknown,
    filename: string,
    dirname: string,
  ) => void;
  run.call(
    module.exports,
    module.exports,
    createRequire(options.file),
    module,
    options.file,
    path.dirname(options.file),
  );
  const fresh = cachedData === undefined || script.cachedDataRejected === true;
  let saved = false;
  return {
    get exports() {
      return module.exports;
    },
    fromCache: !fresh,
    save: () => {
      if (saved || !fresh || !cacheFile || !options.cacheDir) return;
      saved = true;
      writeCache({
        file: cacheFile,
        data: script.createCachedData(),
        dir: options.cacheDir,
        cacheName: options.cacheName,
        slot,
      });
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

/**
 * What the cache must match: the bundle's bytes and the V8 that compiled it. A baked hash is joined by the
 * file's size and modification time, so that a bundle edited in place after the build (a patch tool) is
 * not run with the bytecode of the old one: V8 itself checks only the source's length.
 */
function contentKey(options: { file: string; source: Buffer; sourceSha256?: string }): string {
  if (!options.sourceSha256) return sha256Prefix(options.source, process.versions.v8);
  const { size, mtimeMs } = statSync(options.file);
  return shortHash(`${options.sourceSha256}:${size}:${mtimeMs}:${process.versions.v8}`);
}

function sha256Prefix(...parts: (string | Buffer)[]): string {
  // Loaded only when no hash was baked in (tests, a bundle built by hand).
  const { createHash } = process.getBuiltinModule('node:crypto');
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, 24);
}

/** 24 hex digits of three FNV-1a hashes of a string: names cache files, no security rests on it. */
function shortHash(text: string): string {
  return [0x811c9dc5, 0x01000193, 0x9e3779b9]
    .map((seed) => fnv1a({ text, seed }).toString(16).padStart(8, '0'))
    .join('');
}

function fnv1a(options: { text: string; seed: number }): number {
  let hash = options.seed >>> 0;
  for (let index = 0; index < options.text.length; index += 1) {
    hash ^= options.text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Atomic (temp file, then rename) so that a concurrent start never reads half a cache.
 * Older caches of the same bundle path are removed, then the package's oldest past the cap.
 */
function writeCache(options: { file: string; data: Buffer; dir: string; cacheName: string; slot: string }): void {
  try {
    const temp = `${options.file}.${process.pid}.tmp`;
    writeFileSync(temp, options.data, { mode: 0o600 });
    renameSync(temp, options.file);
    const ours = new RegExp(
      `^${options.cacheName.replace(/[.]/g, '\\.')}-(?:[0-9a-f]{24}-[0-9a-f]{24}|[0-9a-f]{32})\\.v8cache$`,
    );
    // The 32-hex form is the name before caches were kept per bundle path: always replaced.
    const others = readdirSync(options.dir).filter(
      (name) => ours.test(name) && path.join(options.dir, name) !== options.file,
    );
    const replaced = (name: string) => name.startsWith(`${options.slot}-`) || /-[0-9a-f]{32}\.v8cache$/.test(name);
    for (const name of others.filter(replaced)) rmSync(path.join(options.dir, name), { force: true });
    const kept = others.filter((other) => !replaced(other));
    const byAge = kept
      .map((name) => ({ name, written: statSync(path.join(options.dir, name)).mtimeMs }))
      .sort((a, b) => a.written - b.written);
    for (const { name } of byAge.slice(0, Math.max(0, byAge.length + 1 - MAX_CACHES_PER_SERVER)))
      rmSync(path.join(options.dir, name), { force: true });
  } catch {
    // A cache is an optimisation: a full disk or a race with another start must not stop the server.
  }
}
