import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPackages, writeLists } from './run.js';

/**
 * `pnpm package-hashes`: are the generated packages in out/ byte for byte what test/package-hashes/ recorded?
 * `pnpm package-hashes --write [mcp-pve-9.2 ...]`: record them (after explaining every moved file with a
 * `generatorChanges` entry in the target file). Run after `pnpm generate`.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs = { outDir: path.join(root, 'out'), listsDir: path.join(root, 'test/package-hashes') };
const [first, ...rest] = process.argv.slice(2);
const run = first === '--write' ? await writeLists({ dirs, names: rest }) : await checkPackages(dirs);
for (const line of run.lines) console.log(line);
if (!run.ok) {
  console.log(
    'A package moved: if a generator change made it, say so in the target file (generatorChanges) and record with --write; otherwise it is a regression.',
  );
  process.exitCode = 1;
}
