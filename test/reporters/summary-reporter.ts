// End-of-run summary: test files left out for a missing system prerequisite (SKIPPED, with the install command) and the slowest files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { aptCommand, type PrereqStatus } from '../../scripts/prereqs.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
/** Per-file timings of the last run, for before/after comparisons (test-artifacts/ is git-ignored). */
export const TIMES_FILE = resolve(ROOT, 'test-artifacts/test-times.json');

export interface FileTime {
  file: string;
  /** Import + tests + hooks of the file, in seconds (what a worker spent on it). */
  seconds: number;
  state: string;
}

export function fileTimes(modules: ReadonlyArray<TestModule>): FileTime[] {
  return modules
    .map((m) => {
      const d = m.diagnostic();
      const ms =
        d.prepareDuration + d.environmentSetupDuration + d.setupDuration + d.collectDuration + d.duration;
      return { file: relative(ROOT, m.moduleId), seconds: ms / 1000, state: m.state() };
    })
    .sort((a, b) => b.seconds - a.seconds);
}

export interface SummaryOptions {
  /** Prerequisites found missing when the config was loaded (their test files were excluded). */
  missing: PrereqStatus[];
  /** How many of the slowest files to list. */
  slowest?: number;
}

export default class SummaryReporter implements Reporter {
  private started = performance.now();
  private readonly missing: PrereqStatus[];
  private readonly slowest: number;
  constructor(o: SummaryOptions) {
    this.missing = o.missing;
    this.slowest = o.slowest ?? 10;
  }

  onTestRunStart(): void {
    this.started = performance.now();
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const times = fileTimes(modules);
    const out: string[] = [];
    if (times.length > 1) {
      out.push(`Slowest test files (of ${times.length}; seconds spent in each, files run 2 at a time):`);
      for (const t of times.slice(0, this.slowest))
        out.push(`  ${t.seconds.toFixed(1).padStart(7)}  ${t.file}`);
    }
    if (this.missing.length > 0) {
      out.push('', 'SKIPPED — not run, not passed (a system prerequisite is missing):');
      for (const p of this.missing) {
        out.push(`  ${p.tests.join(', ')}`, `      needs ${p.what}: ${p.reason}`);
      }
      const installable = this.missing.filter((p) => !p.reason?.includes('root'));
      if (installable.length)
        out.push(`  Debian/Ubuntu: ${aptCommand(installable)}  (or npm run setup:system)`);
      for (const p of this.missing) out.push(`  elsewhere (${p.id}): ${p.elsewhere}`);
    }
    if (out.length) process.stdout.write(`\n${out.join('\n')}\n`);
    try {
      mkdirSync(resolve(ROOT, 'test-artifacts'), { recursive: true });
      const wall = (performance.now() - this.started) / 1000;
      writeFileSync(TIMES_FILE, `${JSON.stringify({ wallSeconds: wall, files: times }, null, 1)}\n`);
    } catch {
      /* a read-only checkout: the summary above is what matters */
    }
  }
}
