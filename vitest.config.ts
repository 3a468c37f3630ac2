import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // End-to-end suites start servers and packs; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});
