import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'rules/**/*.test.ts'],
    // Builds dist/ from a clean slate once per run: the tests that run dist/ test the current sources.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
  },
});
