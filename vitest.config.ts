import { defineConfig } from 'vitest/config';

// One run for every workspace: tests live beside the code they test.
export default defineConfig({
  test: {
    include: ['{core-api,skills,bot,channels,evals}/src/**/*.test.ts', 'admin-ui/src/**/*.test.{ts,tsx}', 'deploy/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database, so files may run in parallel; two cores here.
    pool: 'forks',
    maxWorkers: 2,
    env: { TZ: 'UTC' },
  },
});
