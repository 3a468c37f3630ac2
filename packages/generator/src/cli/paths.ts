import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: defaults below are relative to it, not to the caller's directory. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export const DEFAULTS = {
  targetsDir: path.join(REPO_ROOT, 'specs'),
  specsDir: path.resolve(REPO_ROOT, '../shared/specs'),
  outDir: path.join(REPO_ROOT, 'out'),
  targets: ['portainer', 'pve', 'pbs'],
} as const;
