// kill -9 at every commit step of the results writer, through the built CLI: the next read or run finds the old or the new results whole.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResults } from '../../main/io/results-reader';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
const FX = resolve(import.meta.dirname, '../fixtures/io');
const tmp = mkdtempSync(join(tmpdir(), 'results-kill-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
/** Kill steps in flight at once (each is mostly process start-up and fsync waits). */
const STEPS_AT_ONCE = 4;

/** The built CLI as a child process (async, so several kill steps overlap). */
function cli(
  args: string[],
  killAt?: number,
): Promise<{ status: number | null; signal: string | null; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, TMS_MAPPER_KILL_AT: killAt ? String(killAt) : '' },
      timeout: 60_000,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', rej);
    child.on('close', (status, signal) => res({ status, signal, stderr }));
  });
}

function map(out: string, response: string) {
  return cli([
    'map',
    '--roi',
    join(FX, 'roi_geo.hdf5'),
    '--efield',
    join(FX, 'e.hdf5'),
    '--responses',
    join(FX, 'responses_comma.csv'),
    '--response',
    response,
    '--workers',
    '1',
    '--out',
    out,
  ]);
}

/** `merge` of one shard folder: the CLI's results writer without a mapping (fast enough for one run per step). */
function merge(from: string, out: string, killAt?: number) {
  return cli(['merge', from, '--out', out, '--force'], killAt);
}

function files(dir: string): string[] {
  const list: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else list.push(relative(dir, p));
    }
  };
  walk(dir);
  return list.sort();
}

const responseOf = (dir: string): string =>
  (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { results: { response: string }[] })
    .results[0].response;

/** One kill step: a copy of the old result folder in a parent of its own, a `merge` replacing it that kills itself
 * at step k, then the recovery (a read or the next run). Returns null when the write finished (k is past its last step). */
async function killStep(k: number, base: string, fresh: string, oldFiles: string[], newFiles: string[]) {
  const parent = join(tmp, `k${k}`);
  mkdirSync(parent);
  const out = join(parent, 'r');
  spawnSync('cp', ['-a', base, out]);
  const r = await merge(fresh, out, k);
  if (r.status === 0) return null;
  expect(r.signal, r.stderr).toBe('SIGKILL');
  // Odd steps: recovered by a read (the app opening the folder); even steps: by the next run.
  if (k % 4 !== 0) {
    const read = await readResults(out);
    expect(['p2p_FDI', 'p2p_ADM']).toContain(read.summary.results[0].response);
  } else {
    const again = await merge(fresh, out);
    expect(again.status, again.stderr).toBe(0);
    expect(responseOf(out)).toBe('p2p_ADM');
  }
  const now = files(out);
  const which = responseOf(out);
  // Exactly one complete set (plus the user's file and the manifest), nothing half-written left beside it.
  expect(now, `step ${k}`).toEqual(which === 'p2p_FDI' ? oldFiles : newFiles);
  expect(readFileSync(join(out, 'thesis.tex'), 'utf8')).toBe('precious');
  expect(readdirSync(parent).filter((n) => n.startsWith('.'))).toEqual([]);
  expect(existsSync(join(out, '.tms-mapper-commit.json'))).toBe(false);
  rmSync(parent, { recursive: true });
  return `${k}:${which}`;
}

describe('kill -9 at each commit step of the writer (built CLI `merge`, TMS_MAPPER_KILL_AT)', () => {
  it(
    'leaves the old or the new result set complete, the user’s file kept and no leftovers',
    { timeout: 600_000 },
    async () => {
      const base = join(tmp, 'base');
      expect((await map(base, 'p2p_FDI')).status).toBe(0);
      writeFileSync(join(base, 'thesis.tex'), 'precious');
      const oldFiles = files(base);
      const fresh = join(tmp, 'fresh');
      expect((await map(fresh, 'p2p_ADM')).status).toBe(0);
      const merged = join(tmp, 'merged');
      expect((await merge(fresh, merged)).status).toBe(0);
      const newFiles = [...files(merged), 'thesis.tex'].sort();
      // Steps run STEPS_AT_ONCE at a time (each in its own folder): a step is a Node start-up, a merge and fsyncs,
      // so several overlap on 2 cores. Steps are started in order until one finishes its write.
      const outcomes = new Map<number, string | null>();
      let next = 1;
      let last = Infinity;
      const lane = async (): Promise<void> => {
        while (next < 40 && next < last) {
          const k = next++;
          const o = await killStep(k, base, fresh, oldFiles, newFiles);
          outcomes.set(k, o);
          if (o === null) last = Math.min(last, k);
        }
      };
      await Promise.all(Array.from({ length: STEPS_AT_ONCE }, lane));
      expect(last, 'a write that is never killed finishes').toBeLessThan(40);
      expect(last, 'the writer has commit steps to test').toBeGreaterThan(10);
      // Every step before the first finished write was a kill (none finished early, none skipped).
      const killed = [...outcomes].filter(([k]) => k < last).sort(([a], [b]) => a - b);
      expect(killed.map(([k]) => k)).toEqual(Array.from({ length: last - 1 }, (_, i) => i + 1));
      expect(killed.every(([, o]) => o !== null)).toBe(true);
      const ends = killed.map(([k, o]) => ({ k, which: o!.split(':')[1] }));
      // Both outcomes occur: kills before the journal keep the old set, kills after it finish the new one.
      expect(ends.some((o) => o.which === 'p2p_FDI' && o.k % 4 !== 0)).toBe(true);
      expect(ends.filter((o) => o.k % 4 !== 0).some((o) => o.which === 'p2p_ADM')).toBe(true);
      expect(readdirSync(tmp).filter((n) => n.startsWith('.'))).toEqual([]);
    },
  );
});
