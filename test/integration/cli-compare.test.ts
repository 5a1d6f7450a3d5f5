// `tms-mapper compare` through the built CLI: a result folder of ours against pyNIBS-layout files, and every refusal.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createH5, ensureGroup } from '../../main/io/h5';
import { writePynibs } from '../unit/io/pynibs-results-fixture';
import { writeResults } from '../../main/io/results-writer';
import { gridRoi, mappingResult } from '../unit/io/results-fixture';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
const cli = (args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [CLI, 'compare', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

const roi = gridRoi();
const result = mappingResult(roi);
const fdiMag = result.maps.find((m) => m.response === 'p2p_FDI' && m.qoi === 'E_mag')!;
const fdiNorm = result.maps.find((m) => m.response === 'p2p_FDI' && m.qoi === 'E_norm')!;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cli-compare-'));
  await writeResults(join(root, 'ours'), result, roi);
  // Reference 1: higher at elements 1 and 6 (ours below), lower at 3 and 5 (ours above).
  const r1 = Float64Array.from(fdiMag.scores);
  r1[1] += 0.01;
  r1[6] += 0.003;
  r1[3] -= 0.01;
  r1[5] -= 0.01;
  await writePynibs(roi, join(root, 'pc1'), { E_mag: r1, E_norm: Float64Array.from(fdiNorm.scores) });
  // Reference 2 (the same analysis on another PC): agrees with ours at elements 1 and 3, is higher at 4 and 6, lower
  // at 5, and its best element is element 0.
  const r2 = Float64Array.from(fdiMag.scores);
  r2[4] += 0.02;
  r2[6] += 0.006;
  r2[5] -= 0.005;
  r2[0] = 0.99;
  await writePynibs(roi, join(root, 'pc2'), { E_mag: r2 });
  await writePynibs(roi, join(root, 'short'), { E_mag: fdiMag.scores.slice(0, 7) }, { geometry: false });
  await writePynibs(
    roi,
    join(root, 'aic'),
    { E_mag: Float64Array.from(fdiMag.scores) },
    { scoreType: 'AIC' },
  );
  const empty = await createH5(join(root, 'empty.hdf5'));
  ensureGroup(empty, '/mesh');
  empty.close();
  const whole = readFileSync(join(root, 'pc1', 'sub01_data.hdf5'));
  writeFileSync(join(root, 'truncated_data.hdf5'), whole.subarray(0, whole.length >> 1));
  copyFileSync(join(root, 'pc1', 'sub01_data.hdf5'), join(root, 'pc1-copy_data.hdf5'));
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('tms-mapper compare', () => {
  it('counts, per QOI, the elements below and above a pyNIBS file, and where the best elements are', () => {
    const r = cli([join(root, 'ours', 'p2p_FDI'), join(root, 'pc1')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // Element 7 has no score in our map (a failed fit): 7 of 8 compared.
    expect(r.stdout).toContain(
      'E_mag (R2, higher is better): 7 of 8 elements compared (not finite: 1 in the map, 1 in the reference)',
    );
    expect(r.stdout).toMatch(
      /E_mag[^]*against reference 1: 2 below \(elements 1, 6\) and 2 above by more than 0\.001, 3 within 1e-6; largest shortfall 1\.00e-2 at element 1/,
    );
    expect(r.stdout).toMatch(
      /E_norm[^]*against reference 1: 0 below and 0 above by more than 0\.001, 7 within 1e-6; no element worse/,
    );
    expect(r.stdout).toContain(`best element: map ${fdiMag.hotspot.element} (`);
    expect(r.stdout).toContain('the same element');
  });

  it('with two references, counts what is below both, and measures how far apart the best elements are', () => {
    const r = cli([
      join(root, 'ours', 'p2p_FDI', 'r2_roi_data.hdf5'),
      join(root, 'pc1'),
      join(root, 'pc2'),
      '--json',
    ]);
    expect(r.status).toBe(0);
    const rep = JSON.parse(r.stdout) as {
      references: string[];
      qois: {
        qoi: string;
        references: { below: number; above: number }[];
        belowAll: number;
        belowAllElements: number[];
        worstBelowAll: number;
        aboveAll: number;
        referencesApart: number;
        best: { map: { element: number }; references: { element: number }[] };
        bestDistances: (number | null)[];
      }[];
    };
    // Only E_mag is in all three files.
    expect(rep.qois.map((q) => q.qoi)).toEqual(['E_mag']);
    const q = rep.qois[0];
    expect(q.references.map((s) => s.below)).toEqual([2, 3]);
    expect(q.references.map((s) => s.above)).toEqual([2, 1]);
    // Elements 0, 1 and 4 are below one reference only; element 6 is below both, element 5 above both.
    expect(q.belowAll).toBe(1);
    expect(q.belowAllElements).toEqual([6]);
    expect(q.worstBelowAll).toBe(6);
    expect(q.aboveAll).toBe(1);
    expect(q.referencesApart).toBe(6);
    expect(q.best.references[1].element).toBe(0);
    const h = fdiMag.hotspot.element;
    const c = roi.centroids;
    const expected = Math.hypot(c[3 * h] - c[0], c[3 * h + 1] - c[1], c[3 * h + 2] - c[2]);
    expect(q.bestDistances[1]).toBeCloseTo(expected, 9);
    expect(q.bestDistances[0]).toBe(0);
  });

  it('refuses what it cannot compare, with a coded message that names the file', () => {
    const cases: [string[], RegExp][] = [
      [
        [join(root, 'ours'), join(root, 'pc1')],
        /^BAD_ARGUMENT: .*ours; it holds p2p_ADM, p2p_FDI; found 2 score files; expected one: name the response folder/,
      ],
      [[join(root, 'ours', 'p2p_FDI'), join(root, 'missing')], /^FILE_NOT_FOUND: .*missing/],
      [
        [join(root, 'ours', 'p2p_FDI'), join(root, 'truncated_data.hdf5')],
        /^FILE_CORRUPT: .*truncated_data\.hdf5/,
      ],
      [
        [join(root, 'ours', 'p2p_FDI'), join(root, 'short')],
        /^ELEMENT_COUNT_MISMATCH: .*short.*c_E_mag.*found 7 elements.*expected 8/,
      ],
      [
        [join(root, 'ours', 'p2p_FDI'), join(root, 'empty.hdf5')],
        /^DATASET_MISSING: .*empty\.hdf5.*\/data\/tris/,
      ],
      [
        [join(root, 'ours', 'p2p_FDI'), join(root, 'aic')],
        /^BAD_ARGUMENT: .*aic.*score type AIC.*expected R2/,
      ],
      [[join(root, 'ours', 'p2p_FDI'), join(root, 'pc1'), '--qoi', 'E_tan'], /^DATASET_MISSING: .*c_E_tan/],
      [
        [join(root, 'ours', 'p2p_FDI'), join(root, 'pc1'), '--tolerance', 'x'],
        /^BAD_ARGUMENT: .*--tolerance x/,
      ],
      [[join(root, 'ours', 'p2p_FDI'), join(root, 'pc1'), '--qoi', ','], /^BAD_ARGUMENT: .*--qoi ,/],
      [[join(root, 'ours', 'p2p_FDI')], /^BAD_ARGUMENT: .*missing required argument/],
    ];
    for (const [args, msg] of cases) {
      const r = cli(args);
      expect(r.stderr, args.join(' ')).toMatch(msg);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });

  it('takes a pyNIBS file without geometry next to it, and finds the geometry by its _data/_geo name', () => {
    // No geometry next to the copy: the best elements are compared by index only.
    const r = cli([join(root, 'pc1-copy_data.hdf5'), join(root, 'pc2'), '--qoi', 'E_mag']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/reference 1 0 \(0\.990000, another element\)/);
    const g = cli([join(root, 'pc1', 'sub01_data.hdf5'), join(root, 'pc2'), '--qoi', 'E_mag']);
    expect(g.stdout).toMatch(/reference 1 0 \(0\.990000, \d+\.\d mm away\)/);
  });
});
