import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    // Tests that spawn `jobfam` run the shipped bin (dist/): build it when the sources changed.
    globalSetup: ['tests/setup/build-dist.ts'],
  },
});
