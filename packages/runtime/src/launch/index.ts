import path from 'node:path';
import { codeCacheDir } from './cache-dir.js';
import { loadWithCodeCache } from './code-cache.js';

/**
 * The `bin` of every generated package: a few lines that load the server bundle
 * (`dist/server.cjs`) through the code cache and start it. Kept apart from the
 * bundle because the bundle is what gets cached.
 */
export interface LaunchOptions {
  /** The launcher's folder (`__dirname`: the launcher is CommonJS, which Node starts faster than an ES module). */
  readonly directory: string;
  readonly serverFile: string;
  /** Prefix of the cache file, e.g. the package name. */
  readonly cacheName: string;
}

export interface StartHooks {
  /** Called once the server has answered its first `tools/list` (stdio) or listens (HTTP). */
  readonly onReady?: () => void;
}

interface ServerModule {
  readonly start: (hooks: StartHooks) => Promise<void>;
}

export function launch(options: LaunchOptions): Promise<void> {
  const file = path.join(options.directory, options.serverFile);
  const loaded = loadWithCodeCache({ file, cacheDir: codeCacheDir(), cacheName: options.cacheName.replace(/[^a-zA-Z0-9._-]/g, '_') });
  // Saved after the start-up path has run, so that the functions it compiled are in the cache too.
  process.once('exit', loaded.save);
  return (loaded.exports as ServerModule).start({ onReady: () => setImmediate(loaded.save) });
}
