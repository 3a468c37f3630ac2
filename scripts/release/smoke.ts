import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packAndInstall } from '../../test/support/install-package.js';
import { connectStdioClient } from '../../test/support/mcp-stdio-client.js';

/**
 * Smoke test of one generated package as a user gets it: pack, install the
 * tarball into an empty folder with no network, start the bin over stdio with
 * placeholder credentials, and list its tools. Usage: tsx scripts/release/smoke.ts out/mcp-pve-9.2
 */
const SMOKE_ENV: Record<string, Record<string, string>> = {
  'mcp-portainer': { PORTAINER_URL: 'https://127.0.0.1:9', PORTAINER_API_KEY: 'smoke', PORTAINER_PROFILES: 'ALL' },
  'mcp-pve': {
    PVE_BASE_URL: 'https://127.0.0.1:9',
    PVE_TOKEN_ID: 'smoke@pve!smoke',
    PVE_TOKEN_SECRET: 'smoke',
    PVE_ACCESS_TIER: 'full',
  },
};

async function main(packageDir: string): Promise<void> {
  const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const installed = await packAndInstall({ packageDir, binName: manifest.name });
  try {
    const server = await connectStdioClient({ command: installed.binPath, env: SMOKE_ENV[manifest.name] ?? {} });
    try {
      const { tools } = await server.client.listTools();
      if (tools.length === 0) throw new Error('tools/list answered no tools');
      process.stdout.write(
        `${manifest.name}@${manifest.version}: installed from its tarball, ${tools.length} tools listed\n`,
      );
    } finally {
      await server.close();
    }
  } finally {
    await installed.cleanup();
  }
}

main(process.argv[2] ?? '').catch((error: unknown) => {
  process.stderr.write(`smoke: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
