// Test runner: unit + integration + e2e in Node; component tests opt into jsdom per file. Files whose system prerequisite is missing are left out and reported as SKIPPED (a failure under CI=true).
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { checkAll, inCi } from './scripts/prereqs.mjs';
import type { SummaryOptions } from './test/reporters/summary-reporter';
import LongestFirstSequencer from './test/setup/longest-first';

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

const excluded = [...configDefaults.exclude, ...missing.flatMap((p) => p.tests)];

// Files that mock a module (vi.mock swaps a module for the whole file, which only works when the file imports it
// fresh) run isolated; every other file shares its worker's module cache with the files before it.
const mocks = (f: string): boolean =>
  /\bvi\.(mock|doMock|resetModules)\(/.test(readFileSync(resolve(import.meta.dirname, f), 'utf8'));
const testFiles = readdirSync(resolve(import.meta.dirname, 'test'), { recursive: true, encoding: 'utf8' })
  .map((f) => `test/${f.replaceAll('\\', '/')}`)
  .filter((f) => f.endsWith('.test.ts'));
const sharedUnit = testFiles.filter((f) => f.startsWith('test/unit/') && !mocks(f));
const isolated = testFiles.filter(mocks);

// Every project: a file may take a while on 2 busy cores.
const timeouts = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    // Runs once for the whole run (the root's, not inherited by the projects below): build check, demo, Chromium.
    globalSetup: ['test/global-setup.ts'],
    // 2 files at a time: worker-process, CLI and browser tests compete for 2 cores (their children use them too).
    maxWorkers: 2,
    // Longest files first (vitest's cache, else the hints in the sequencer), so the 2 workers finish together.
    sequence: { sequencer: LongestFirstSequencer },
    reporters: ['default', ['./test/reporters/summary-reporter.ts', { missing } satisfies SummaryOptions]],
    projects: [
      {
        // Unit files share one module cache per worker (no re-import of vue, primevue, jsdom per file): ~40 % less
        // CPU for the same tests. Such a file must leave no global state behind (stubs, timers, env); a file that
        // mocks a module runs in the isolated project below.
        plugins: [vue()],
        test: {
          name: 'unit',
          include: sharedUnit,
          exclude: excluded,
          isolate: false,
          ...timeouts,
        },
      },
      {
        // Processes, servers and browsers, also in one module cache per worker: a fresh fork and module graph per
        // file cost ~1 s CPU each (15–20 % of these files' CPU). Such a file restores what it changes (env, cwd).
        plugins: [vue()],
        test: {
          name: 'app',
          include: ['test/**/*.test.ts'],
          exclude: [...excluded, ...sharedUnit, ...isolated],
          isolate: false,
          ...timeouts,
        },
      },
      {
        // Files that mock a module: a fresh module graph each.
        plugins: [vue()],
        test: {
          name: 'isolated',
          include: isolated,
          exclude: excluded,
          ...timeouts,
        },
      },
    ],
  },
});
