import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { sha256Hex } from '../store/listed-spec.js';
import { escapeEsmLookalikes } from './esm-lookalikes.js';
import { LAUNCH_MODULE, RUNTIME_MODULE } from './typescript.js';

const require = createRequire(import.meta.url);

/** The server bundle, next to the launcher in `dist/`. */
export const SERVER_FILE = 'server.cjs';

/**
 * Bundles a generated package into two files so that installing a server pulls no
 * dependencies and start-up reads little:
 * - `dist/server.cjs`: the generated entry, the runtime and the MCP SDK, CommonJS so
 *   that the launcher can compile it through V8's code cache (Node 20 has no ESM cache);
 * - `dist/<bin>.js`: the launcher, a few hundred bytes of CommonJS that loads it (the package is
 *   `"type": "commonjs"`: Node starts a CommonJS entry a few milliseconds faster than an ES module).
 * esbuild is deterministic for the same inputs; paths are made relative to the
 * package directory so that the output does not depend on where the repo lives.
 */
export async function bundleServer(options: {
  packageDir: string;
  server: string;
  launcher: string;
  binFile: string;
  banner: string;
}): Promise<void> {
  const common: BuildOptions = {
    absWorkingDir: options.packageDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'eof',
    // ASCII output (non-ASCII escaped): V8 keeps the source as a one-byte string, half the memory of a two-byte one.
    charset: 'ascii',
    // Short lines: tools that sniff a file's module format by regex (publint) strip `//` to the end of a
    // line, and a URL in a string on one long minified line would hide the `require(` calls after it.
    lineLimit: 1000,
    logLevel: 'silent',
  };
  const serverFile = path.join(options.packageDir, 'dist', SERVER_FILE);
  await checked(
    build({
      ...common,
      entryPoints: [options.server],
      outfile: serverFile,
      format: 'cjs',
      // The bundle runs inside vm.Script (for the code cache), where import() has no loader: lazy
      // `import('node:http')` and the like become require() calls.
      supported: { 'dynamic-import': false },
      alias: { [RUNTIME_MODULE]: require.resolve(RUNTIME_MODULE) },
      banner: { js: options.banner },
      // Tools that tell CommonJS from ESM by regex (publint) skip text after a `//` on the same line; in a
      // minified bundle `module.exports=` can share a line with a URL in a string. One statement on its
      // own last line keeps the format recognisable whatever the module order.
      footer: { js: 'void module.exports;' },
    }),
  );
  const server = escapeEsmLookalikes(await readFile(serverFile, 'utf8'));
  await writeFile(serverFile, server);
  await checked(
    build({
      ...common,
      entryPoints: [options.launcher],
      outfile: path.join(options.packageDir, options.binFile),
      format: 'cjs',
      alias: { [LAUNCH_MODULE]: require.resolve(LAUNCH_MODULE) },
      banner: { js: `#!/usr/bin/env node\n${options.banner}` },
      // The launcher names its code cache by the bundle's hash; made here, it spares every start node:crypto.
      define: { MCPGEN_SERVER_SHA256: JSON.stringify(sha256Hex(server)) },
    }),
  );
}

async function checked(result: ReturnType<typeof build>): Promise<void> {
  const { errors } = await result;
  if (errors.length > 0) throw new Error(`bundling failed: ${errors.map((error) => error.text).join('; ')}`);
}

export function bundleFileName(bin: string): string {
  return path.posix.join('dist', `${bin}.js`);
}
