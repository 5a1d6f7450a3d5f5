// Test runner: unit + integration + e2e in Node; component tests opt into jsdom per file.
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Worker-process and browser tests compete for 2 cores; keep files sequential-ish.
    maxWorkers: 2,
  },
});
