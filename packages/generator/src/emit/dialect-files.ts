import { dialectFileName, SERVED_DIALECTS } from '@mcpgen/runtime';
import type { Dialects } from '../dialects/build.js';

/**
 * Each dialect's data as JSON files beside the server bundle (dist/), not inside it: a
 * server in the default dialect starts without reading, hashing or compiling them.
 */
export function dialectFiles(dialects: Dialects): { path: string; text: string }[] {
  return SERVED_DIALECTS.flatMap((dialect) => [
    { path: `dist/${dialectFileName({ dialect, part: 'listing' })}`, text: JSON.stringify(dialects[dialect].listing) },
    { path: `dist/${dialectFileName({ dialect, part: 'calls' })}`, text: JSON.stringify(dialects[dialect].calls) },
  ]);
}
