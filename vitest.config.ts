import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    // Tests that spawn `jobfam` run the shipped bin (dist/): build it when the sources changed.
    globalSetup: ['tests/setup/build-dist.ts'],
    // vitest's default is one worker per core minus one: a single worker on a 2-core machine, so the
    // files ran one after another while most of their time is spent waiting on Chromium, git and
    // gitlab-ci-local child processes. Two workers keep both cores busy without oversubscribing them.
    pool: 'forks',
    maxWorkers: 2,
    minWorkers: 1,
    fileParallelism: true,
  },
});
