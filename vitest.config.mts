import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real Temporal dev server for the run; each test file runs its own workers on its own
    // task queues against it.
    globalSetup: ['test/support/global-setup.ts'],
    // The Temporal worker is a native module: run test files in forked processes.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
