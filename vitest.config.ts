// Test runner: unit + integration + e2e in Node; component tests opt into jsdom per file. Files whose system prerequisite is missing are left out and reported as SKIPPED (a failure under CI=true).
import { configDefaults, defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { checkAll, inCi } from './scripts/prereqs.mjs';
import type { SummaryOptions } from './test/reporters/summary-reporter';

// Under CI every suite runs: a missing prerequisite then fails its suite (and scripts/prereqs.mjs has already failed the run).
const missing = inCi()
  ? []
  : checkAll()
      .filter((p) => !p.ok)
      .map(({ id, what, apt, elsewhere, tests, reason, ok }) => ({
        id,
        what,
        apt,
        elsewhere,
        tests,
        reason,
        ok,
        found: null,
      }));

export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...missing.flatMap((p) => p.tests)],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Worker-process and browser tests compete for 2 cores; keep files sequential-ish.
    maxWorkers: 2,
    reporters: ['default', ['./test/reporters/summary-reporter.ts', { missing } satisfies SummaryOptions]],
  },
});
