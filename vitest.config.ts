import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // End-to-end suites start servers and packs; two cores, so keep parallelism modest.
    maxWorkers: 2,
    // Servers started by tests keep their code cache here, not in the user's ~/.cache.
    env: { XDG_CACHE_HOME: path.join(os.tmpdir(), 'mcpgen-vitest-cache') },
  },
});
