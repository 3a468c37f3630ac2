import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { RUNTIME_MODULE } from './typescript.js';

const require = createRequire(import.meta.url);

/**
 * Bundles the generated entry, the runtime and the MCP SDK into one ESM file, so
 * that installing a server pulls no dependencies and start-up reads one file.
 * esbuild is deterministic for the same inputs; paths are made relative to the
 * package directory so that the output does not depend on where the repo lives.
 */
export async function bundleServer(options: { packageDir: string; entry: string; outfile: string; banner: string }): Promise<void> {
  const result = await build({
    absWorkingDir: options.packageDir,
    entryPoints: [options.entry],
    outfile: options.outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    legalComments: 'eof',
    charset: 'utf8',
    alias: { [RUNTIME_MODULE]: require.resolve(RUNTIME_MODULE) },
    banner: { js: `#!/usr/bin/env node\n${options.banner}\nimport { createRequire as __mcpgenCreateRequire } from 'node:module';\nconst require = __mcpgenCreateRequire(import.meta.url);` },
    logLevel: 'silent',
  });
  if (result.errors.length > 0) throw new Error(`bundling failed: ${result.errors.map((error) => error.text).join('; ')}`);
}

export function bundleFileName(bin: string): string {
  return path.posix.join('dist', `${bin}.js`);
}
