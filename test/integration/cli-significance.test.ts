// Permutation test and bootstrap through the built CLI on the small fixture: files, same numbers for 1 and 2 workers, shards merged = unsharded, coded refusals.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openH5, requireDataset, toFloat64 } from '../../main/io/h5';
import { readResults } from '../../main/io/results-reader';
import { FIXTURE_INPUT_ARGS } from '../fixture-args';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
const cli = (args: string[]): { status: number | null; stderr: string } => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stderr: r.stderr };
};
// 40 elements × 30 zaps in three conditions of 10: each replicate map takes milliseconds.
const inputs = [...FIXTURE_INPUT_ARGS, '--response', 'p2p_FDI,p2p_APB', '--refit', '3'];

interface Entry {
  response: string;
  significance: { permutations: number; p_fwe: number; threshold_fwe_05: number | null; seed: number };
  bootstrap: {
    n: number;
    hotspot_radius95_mm: number | null;
    hotspot_median_distance_mm: number | null;
    hotspot_stability: number;
  };
}
const summary = (dir: string): Entry[] =>
  (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { results: Entry[] }).results;

describe('tms-mapper map --permutations / --bootstrap (built CLI)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'cli-sig-'));

  it(
    'writes p_fwe and hotspot frequencies, identical for 1 and 2 workers',
    { timeout: 300_000 },
    async () => {
      const run = (workers: string, out: string): void => {
        const r = cli([
          'map',
          ...inputs,
          '--permutations',
          '19',
          '--bootstrap',
          '8',
          '--seed',
          '5',
          '--workers',
          workers,
          '--out',
          out,
        ]);
        expect(r.stderr).not.toMatch(/INTERNAL/);
        expect(r.status).toBe(0);
      };
      run('1', join(tmp, 'w1'));
      run('2', join(tmp, 'w2'));
      const a = summary(join(tmp, 'w1'));
      const pick = (es: Entry[]): unknown => es.map((e) => [e.significance, e.bootstrap]);
      expect(pick(summary(join(tmp, 'w2')))).toEqual(pick(a));
      for (const e of a) {
        expect(e.significance.permutations).toBe(19);
        expect(e.significance.seed).toBe(5);
        // With 19 permutations p is a multiple of 1/20, at least 1/20.
        expect(e.significance.p_fwe * 20).toBeCloseTo(Math.round(e.significance.p_fwe * 20), 9);
        expect(e.significance.p_fwe).toBeGreaterThanOrEqual(0.05);
        expect(e.significance.threshold_fwe_05).not.toBeNull();
        expect(e.bootstrap.n).toBe(8);
        expect(e.bootstrap.hotspot_stability).toBeGreaterThanOrEqual(0);
        expect(e.bootstrap.hotspot_stability).toBeLessThanOrEqual(1);
      }
      const r1 = await readResults(join(tmp, 'w1'));
      const r2 = await readResults(join(tmp, 'w2'));
      r1.result.maps.forEach((m, i) => {
        const o = r2.result.maps[i];
        expect(Array.from(o.significance!.maxima)).toEqual(Array.from(m.significance!.maxima));
        expect(Array.from(o.bootstrap!.elements)).toEqual(Array.from(m.bootstrap!.elements));
        // The p of the hotspot is the corrected p of its element; every finite element has one.
        expect(m.significance!.elementP[m.hotspot.element]).toBe(m.significance!.pFwe);
        m.scores.forEach((s, j) =>
          expect(Number.isFinite(m.significance!.elementP[j])).toBe(Number.isFinite(s)),
        );
        const freq = m.bootstrap!.frequency.reduce((x, y) => x + y, 0);
        expect(freq).toBeCloseTo(1, 12);
      });
      // The datasets sit next to c_<qoi> and ParaView sees them through the XDMF.
      const f = await openH5(join(tmp, 'w1', 'p2p_FDI', 'r2_roi_data.hdf5'));
      try {
        expect(toFloat64(requireDataset(f, '/data/tris/p_fwe_E_mag').value).length).toBe(40);
        expect(toFloat64(requireDataset(f, '/data/tris/hotspot_freq_E_mag').value).length).toBe(40);
        expect(toFloat64(requireDataset(f, '/resampling/E_mag/perm_max').value).length).toBe(19);
      } finally {
        f.close();
      }
      const xdmf = readFileSync(join(tmp, 'w1', 'p2p_FDI', 'r2_roi_data.xdmf'), 'utf8');
      expect(xdmf).toMatch(/Name="p_fwe_E_mag"/);
      expect(xdmf).toMatch(/Name="hotspot_freq_E_mag"/);
    },
  );

  it('merges shards into the unsharded p, threshold and bootstrap', { timeout: 300_000 }, async () => {
    const common = [
      'map',
      ...inputs,
      '--permutations',
      '9',
      '--bootstrap',
      '6',
      '--no-discontinuity-refit',
      '--workers',
      '2',
    ];
    expect(cli([...common, '--shard', '0/2', '--out', join(tmp, 's0')]).status).toBe(0);
    expect(cli([...common, '--shard', '1/2', '--out', join(tmp, 's1')]).status).toBe(0);
    expect(cli([...common, '--out', join(tmp, 'full')]).status).toBe(0);
    expect(cli(['merge', join(tmp, 's1'), join(tmp, 's0'), '--out', join(tmp, 'merged')]).status).toBe(0);
    const full = await readResults(join(tmp, 'full'));
    const merged = await readResults(join(tmp, 'merged'));
    const shard = await readResults(join(tmp, 's0'));
    expect(shard.result.maps[0].significance!.partial).toBe(true);
    full.result.maps.forEach((a, i) => {
      const b = merged.result.maps[i];
      expect(b.significance!.partial).toBe(false);
      expect(Array.from(b.significance!.maxima)).toEqual(Array.from(a.significance!.maxima));
      expect(Array.from(b.significance!.elementP)).toEqual(Array.from(a.significance!.elementP));
      expect(b.significance!.pFwe).toBe(a.significance!.pFwe);
      expect(Array.from(b.bootstrap!.elements)).toEqual(Array.from(a.bootstrap!.elements));
      expect(Array.from(b.bootstrap!.distances)).toEqual(Array.from(a.bootstrap!.distances));
    });
    const pick = (es: Entry[]): unknown => es.map((e) => [e.significance, e.bootstrap]);
    expect(pick(summary(join(tmp, 'merged')))).toEqual(pick(summary(join(tmp, 'full'))));
  });

  it.each([
    [['--permutations', '0'], /^BAD_ARGUMENT: .*--permutations.*found "0"/m],
    [['--permutations', '2.5'], /^BAD_ARGUMENT: .*--permutations.*found "2.5"/m],
    [['--permutations', '-3'], /^BAD_ARGUMENT: .*--permutations.*found "-3"/m],
    [['--bootstrap', '0'], /^BAD_ARGUMENT: .*--bootstrap.*found "0"/m],
    [['--bootstrap', 'many'], /^BAD_ARGUMENT: .*--bootstrap/m],
    // The first 4 zaps are conditions C, C, A, C: 3! = 6 orderings, the observed one included.
    [
      ['--zaps', '0:4', '--permutations', '6'],
      /^PERMUTATIONS_EXCEED_ORDERINGS: .*6 distinct orderings.*at most 6 − 1/m,
    ],
    // Zaps 4–6 are one each of C, A, B: every resample would be the data.
    [['--zaps', '4:7', '--bootstrap', '10'], /^RESAMPLING_MEANINGLESS: /m],
  ])('refuses %s with a coded message (exit 2)', (args, pattern) => {
    const r = cli(['map', ...inputs, ...args, '--out', join(tmp, 'bad')]);
    expect(r.stderr).toMatch(pattern);
    expect(r.status).toBe(2);
  });
});
