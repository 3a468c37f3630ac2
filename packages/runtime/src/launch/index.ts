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
  /** Called once the server has served its first `tools/list` or `tools/call` (stdio) or listens (HTTP). */
  readonly onReady?: () => void;
}

interface ServerModule {
  readonly start: (hooks: StartHooks) => Promise<void>;
}

/**
 * The server bundle's sha256, replaced by its value when the generator bundles the launcher
 * (esbuild `define`, emit/bundle.ts); undeclared anywhere else, so `typeof` finds nothing.
 */
declare const MCPGEN_SERVER_SHA256: string | undefined;

export function launch(options: LaunchOptions): Promise<void> {
  const file = path.join(options.directory, options.serverFile);
  const loaded = loadWithCodeCache({
    file,
    cacheDir: codeCacheDir(),
    cacheName: options.cacheName.replace(/[^a-zA-Z0-9._-]/g, '_'),
    ...(typeof MCPGEN_SERVER_SHA256 === 'string' ? { sourceSha256: MCPGEN_SERVER_SHA256 } : {}),
  });
  const saver = readySaver(loaded.save);
  process.once('exit', saver.onExit);
  return (loaded.exports as ServerModule).start({ onReady: saver.onReady });
}

/**
 * The cache is saved once the server is ready (its first `tools/list` or `tools/call` served), so that
 * the functions start-up compiled are in it: on the next turn of the event loop, or at
 * exit if the process is stopped first. A server that exits before it is ready (a
 * configuration error) saves nothing: a cache of the bare top level, once written, would
 * never be replaced and every later start would compile the rest again.
 */
export function readySaver(save: () => void): { onReady: () => void; onExit: () => void } {
  let ready = false;
  return {
    onReady: () => {
      ready = true;
      setImmediate(save);
    },
    onExit: () => {
      if (ready) save();
    },
  };
}
