import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where the spec store lives, and why that place was chosen (printed when a file is fetched). */
export interface SpecsDirChoice {
  readonly dir: string;
  readonly from: '--specs-dir' | 'MCPGEN_SPECS_DIR' | '../shared/specs' | 'cache';
}

/**
 * `versions[].file` is relative to this directory. Resolution: the flag, else
 * `MCPGEN_SPECS_DIR`, else `../shared/specs` beside the checkout when it exists
 * (the team's machines), else a per-user cache that a fresh CI runner fills from
 * the mirror or the recorded URLs.
 */
export function resolveSpecsDir(options: {
  flag?: string | undefined;
  env: NodeJS.ProcessEnv;
  repoRoot: string;
}): SpecsDirChoice {
  const { flag, env } = options;
  if (flag) return { dir: path.resolve(flag), from: '--specs-dir' };
  if (env.MCPGEN_SPECS_DIR) return { dir: path.resolve(env.MCPGEN_SPECS_DIR), from: 'MCPGEN_SPECS_DIR' };
  const shared = path.resolve(options.repoRoot, '../shared/specs');
  if (existsSync(shared)) return { dir: shared, from: '../shared/specs' };
  const cacheHome =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
      ? env.XDG_CACHE_HOME
      : path.join(env.HOME ?? os.homedir(), '.cache');
  return { dir: path.join(cacheHome, 'mcpgen', 'specs'), from: 'cache' };
}
