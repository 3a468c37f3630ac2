import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where compiled code of a server may be cached between starts, or undefined when
 * caching is off. Cached bytecode runs as code, so the folder must belong to the
 * user who runs the server and be closed to everyone else; a shared temp folder
 * would let another local user plant code. Node's own switches are honoured:
 * NODE_DISABLE_COMPILE_CACHE turns caching off, NODE_COMPILE_CACHE moves it.
 */
export function codeCacheDir(env: Env = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const base = env.NODE_COMPILE_CACHE || userCacheHome(env);
  if (!base) return undefined;
  const dir = path.join(base, 'mcpgen');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return isPrivate(dir) ? dir : undefined;
  } catch {
    // A read-only home (containers, sandboxes) simply means no cache.
    return undefined;
  }
}

function userCacheHome(env: Env): string | undefined {
  if (env.XDG_CACHE_HOME) return env.XDG_CACHE_HOME;
  if (process.platform === 'win32') return env.LOCALAPPDATA;
  // node:os only when HOME is unset: every start would load it otherwise.
  const home = env.HOME || process.getBuiltinModule('node:os').homedir();
  return home ? path.join(home, '.cache') : undefined;
}

/** Owned by this user and writable by nobody else (POSIX); Windows profile folders are per-user already. */
function isPrivate(dir: string): boolean {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return true;
  const stat = statSync(dir);
  return stat.isDirectory() && stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}
