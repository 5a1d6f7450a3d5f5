// kill -9 at every commit step of the results writer, through the built CLI: the next read or run finds the old or the new results whole.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResults } from '../../main/io/results-reader';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
const FX = resolve(import.meta.dirname, '../fixtures/io');
const tmp = mkdtempSync(join(tmpdir(), 'results-kill-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function map(out: string, response: string, extra: string[], killAt?: number) {
  return spawnSync(
    process.execPath,
    [
      CLI,
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
      ...extra,
    ],
    {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, TMS_MAPPER_KILL_AT: killAt ? String(killAt) : '' },
    },
  );
}

/** `merge` of one shard folder: the CLI's results writer without a mapping (fast enough for one run per step). */
function merge(from: string, out: string, killAt?: number) {
  return spawnSync(process.execPath, [CLI, 'merge', from, '--out', out, '--force'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, TMS_MAPPER_KILL_AT: killAt ? String(killAt) : '' },
  });
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

describe('kill -9 at each commit step of the writer (built CLI `merge`, TMS_MAPPER_KILL_AT)', () => {
  it(
    'leaves the old or the new result set complete, the user’s file kept and no leftovers',
    { timeout: 600_000 },
    async () => {
      const base = join(tmp, 'base');
      expect(map(base, 'p2p_FDI', []).status).toBe(0);
      writeFileSync(join(base, 'thesis.tex'), 'precious');
      const oldFiles = files(base);
      const fresh = join(tmp, 'fresh');
      expect(map(fresh, 'p2p_ADM', []).status).toBe(0);
      const merged = join(tmp, 'merged');
      expect(merge(fresh, merged).status).toBe(0);
      const newFiles = [...files(merged), 'thesis.tex'].sort();
      const outcomes: string[] = [];
      for (let k = 1; k < 40; k++) {
        const out = join(tmp, `k${k}`);
        // A copy of the old result folder, then a run replacing it that kills itself at step k.
        spawnSync('cp', ['-a', base, out]);
        const r = merge(fresh, out, k);
        if (r.status === 0) {
          expect(k, 'the writer has commit steps to test').toBeGreaterThan(10);
          break;
        }
        expect(r.signal, r.stderr).toBe('SIGKILL');
        // Odd steps: recovered by a read (the app opening the folder); even steps: by the next run.
        if (k % 4 !== 0) {
          const read = await readResults(out);
          expect(['p2p_FDI', 'p2p_ADM']).toContain(read.summary.results[0].response);
        } else {
          const again = merge(fresh, out);
          expect(again.status, again.stderr).toBe(0);
          expect(responseOf(out)).toBe('p2p_ADM');
        }
        const now = files(out);
        const which = responseOf(out);
        outcomes.push(`${k}:${which}`);
        // Exactly one complete set (plus the user's file and the manifest), nothing half-written left beside it.
        expect(now, `step ${k}`).toEqual(which === 'p2p_FDI' ? oldFiles : newFiles);
        expect(readFileSync(join(out, 'thesis.tex'), 'utf8')).toBe('precious');
        expect(readdirSync(tmp).filter((n) => n.startsWith('.'))).toEqual([]);
        expect(existsSync(join(out, '.tms-mapper-commit.json'))).toBe(false);
        rmSync(out, { recursive: true });
      }
      // Both outcomes occur: kills before the journal keep the old set, kills after it finish the new one.
      expect(outcomes.some((o) => o.endsWith('p2p_FDI') && Number(o.split(':')[0]) % 4 !== 0)).toBe(true);
      expect(
        outcomes.filter((o) => Number(o.split(':')[0]) % 4 !== 0).some((o) => o.endsWith('p2p_ADM')),
      ).toBe(true);
    },
  );
});
