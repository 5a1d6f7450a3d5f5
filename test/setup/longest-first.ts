// Test file order for 2 workers: the longest files start first, so both workers run out of work at about the same time.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds per file on an idle 2-core machine, for a checkout that has no timings of its own yet (a fresh clone or
 * CI). After one run vitest's cache (node_modules/.vite/vitest) knows every file's duration and wins over this list.
 * Only the order depends on it: refresh it from test-artifacts/test-times.json when the slow files change.
 */
const HINT_SECONDS: Record<string, number> = {
  'test/e2e/walk-browser.test.ts': 110,
  'test/integration/corpus.test.ts': 40,
  'test/integration/packaging.test.ts': 35,
  'test/integration/cli-map.test.ts': 25,
  'test/integration/cli-significance.test.ts': 25,
  'test/integration/electron-standin.test.ts': 25,
  'test/integration/slurm-run.test.ts': 22,
  'test/integration/cli-install.test.ts': 20,
  'test/integration/cli-merge.test.ts': 20,
  'test/integration/cli-batch.test.ts': 20,
  'test/e2e/wizard-files-browser.test.ts': 18,
  'test/integration/results-kill.test.ts': 18,
  'test/integration/job-workers.test.ts': 16,
  'test/integration/job-watchdog.test.ts': 15,
};

export default class LongestFirstSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (f: TestSpecification): number => {
      const rel = f.moduleId.slice(root.length + 1).replaceAll('\\', '/');
      const cached = this.ctx.cache.getFileTestResults(`${f.project.name}:${rel}`);
      if (cached) return cached.duration / 1000;
      // A file without timings: its hint, else a guess by kind (a new browser or CLI file is rarely instant).
      return HINT_SECONDS[rel] ?? (rel.startsWith('test/unit/') ? 1 : 5);
    };
    return Promise.resolve([...files].sort((a, b) => seconds(b) - seconds(a)));
  }
}
