// Coil poses from pyNIBS experiment.hdf5 (numpy arrays in pickled object blocks) and from CSV; per-zap checks; best pose.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Parser } from 'pickleparser';
import { describe, expect, it } from 'vitest';
import { numpyArrayOf } from '../../../../main/io/pickle-numpy';
import { checkPoseCount, readCoilPoses } from '../../../../main/io/targets/coil-poses';
import { chooseBestPose, resolveTargetInputs, mapKey } from '../../../../main/io/targets/best-pose';
import { orthonormalityError } from '../../../../main/io/targets/pose-math';
import type { MappingResult } from '../../../../main/contract';
import { expectAppError, expectClose } from '../fixtures';
import { mappingResult } from '../results-fixture';

const DIR = resolve(import.meta.dirname, '../../../fixtures/io/coils');
const at = (f: string): string => resolve(DIR, f);
interface CoilExpected {
  nZaps: number;
  current: number[];
  coil_0: number[][];
  coil_1: number[][];
  coil_mean: number[][];
  E_mag: number[];
  bestZapPerElement: number[];
  bestGoodZapPerElement: number[];
  rawBestZapPerElement: number[];
  pickles: { protocol: number; label: string; shape: number[]; values: number[]; base64: string }[];
}
const expected = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../fixtures/coil_expected.json'), 'utf8'),
) as CoilExpected;

describe('numpy arrays in pickles', () => {
  it.each(expected.pickles.map((p) => [`protocol ${p.protocol}, ${p.label}`, p] as const))(
    'decodes %s as data in C order',
    (_label, p) => {
      const a = numpyArrayOf(new Parser().parse(Buffer.from(p.base64, 'base64')));
      expect(a?.shape).toEqual(p.shape);
      expect(Array.from(a!.data)).toEqual(p.values);
    },
  );

  it('leaves strings, numbers and other classes alone', () => {
    expect(numpyArrayOf('M1')).toBeNull();
    expect(numpyArrayOf(3)).toBeNull();
    expect(numpyArrayOf({ a: 1 })).toBeNull();
  });
});

describe('readCoilPoses', () => {
  it.each(['experiment_coils.hdf5', 'experiment_coils_p4.hdf5'])(
    'reads coil_mean from %s and turns it into the nearest rotation',
    async (file) => {
      const p = (await readCoilPoses(at(file)))!;
      expect(p.source).toBe('/stim_data/coil_mean');
      expect(p.nZaps).toBe(expected.nZaps);
      expect(p.skipped).toEqual([]);
      p.poses.forEach((m, z) => {
        expect(orthonormalityError(m!)).toBeLessThan(1e-12);
        // the mean of two trackers 0.02 rad apart is within 1e-4 of its nearest rotation
        expectClose(m!, expected.coil_mean[z], 1e-4);
        expect([m![3], m![7], m![11]]).toEqual([3, 7, 11].map((k) => expected.coil_mean[z][k]));
      });
    },
  );

  it('reads a named tracker column exactly', async () => {
    const p = (await readCoilPoses(at('experiment_coils.hdf5'), { column: 'coil_1', required: true }))!;
    p.poses.forEach((m, z) => expectClose(m!, expected.coil_1[z], 1e-12));
  });

  it('reads the 16 CSV columns coil_m00…coil_m33 (row-major)', async () => {
    const p = (await readCoilPoses(at('coil_poses.csv')))!;
    expect(p.source).toContain('coil_m00');
    p.poses.forEach((m, z) => expectClose(m!, expected.coil_0[z], 1e-12));
  });

  it('skips NaN, sheared, mirrored and untracked poses, naming the reason', async () => {
    const p = (await readCoilPoses(at('experiment_coils_bad.hdf5')))!;
    expect(p.skipped.map((s) => s.zap)).toEqual([1, 2, 3, 4]);
    expect(p.skipped[0].reason).toMatch(/NaN/);
    expect(p.skipped[1].reason).toMatch(/sheared/);
    expect(p.skipped[2].reason).toMatch(/reflection/);
    expect(p.skipped[3].reason).toMatch(/not tracked/);
    expect(p.poses.map((m) => m !== null)).toEqual([true, false, false, false, false, true]);
  });

  it('a file without poses is null in passing and an error when named', async () => {
    expect(await readCoilPoses(resolve(DIR, '../responses_comma.csv'))).toBeNull();
    expect(await readCoilPoses(resolve(DIR, '../experiment_table.hdf5'))).toBeNull();
    await expectAppError(
      readCoilPoses(resolve(DIR, '../responses_comma.csv'), { required: true }),
      'COLUMN_NOT_FOUND',
      ['coil_m00'],
    );
    await expectAppError(
      readCoilPoses(at('experiment_coils.hdf5'), { required: true, column: 'coil_9' }),
      'COLUMN_NOT_FOUND',
      ['coil_9'],
    );
  });

  it('poses for fewer zaps than E rows are POSE_COUNT_MISMATCH', async () => {
    const p = (await readCoilPoses(at('coil_poses_short.csv')))!;
    expect(() => checkPoseCount(p, expected.nZaps, 'e.hdf5')).toThrow(
      /POSE_COUNT_MISMATCH.*4 poses.*6, one per zap/,
    );
  });
});

/** A result over the coil fixture: 4 elements, hotspot element `hotspot` in each map, zaps `zaps`. */
function resultOn(responsesFile: string, hotspot: number, zaps: number[]): MappingResult {
  const r = mappingResult();
  const maps = r.maps.slice(0, 1).map((m) => ({
    ...m,
    hotspot: { element: hotspot, score: 0.5, centroid: [0, 0, 0] as [number, number, number] },
  }));
  return {
    ...r,
    spec: {
      ...r.spec,
      inputs: { roiFile: at('roi_geo.hdf5'), efieldFile: at('e_coils.hdf5'), responsesFile },
      responses: ['p2p_FDI'],
      qois: ['E_mag'],
    },
    zapIndices: Uint32Array.from(zaps),
    nZaps: zaps.length,
    nElements: 4,
    maps,
    convergence: [],
  };
}

describe('best recorded pose per hotspot', () => {
  it.each([0, 1, 2, 3])(
    'element %i: the zap with the largest E per unit intensity, not the largest E',
    async (j) => {
      const all = [0, 1, 2, 3, 4, 5];
      const t = await resolveTargetInputs(resultOn(at('experiment_coils.hdf5'), j, all));
      const best = t.best.get(mapKey('p2p_FDI', 'E_mag'))!;
      expect(best.zap).toBe(expected.bestZapPerElement[j]);
      expect(best.intensity).toBe(expected.current[best.zap]);
      // E is read as float32 (the readers' block type)
      expect(Math.abs(best.e / expected.E_mag[best.zap * 4 + j] - 1)).toBeLessThan(1e-6);
      expect(t.warnings).toEqual([]);
    },
  );

  it('never picks a zap whose pose was skipped, and says which were skipped', async () => {
    const t = await resolveTargetInputs(resultOn(at('experiment_coils_bad.hdf5'), 0, [0, 1, 2, 3, 4, 5]));
    const best = t.best.get(mapKey('p2p_FDI', 'E_mag'))!;
    expect(best.zap).toBe(expected.bestGoodZapPerElement[0]);
    expect(best.skippedZaps).toBe(4);
    expect(t.warnings.join('\n')).toMatch(/zap 2: pose skipped \(axes not orthonormal/);
  });

  it('only zaps of the selection count', async () => {
    const t = await resolveTargetInputs(resultOn(at('experiment_coils.hdf5'), 0, [0, 2, 3]));
    expect(t.best.get(mapKey('p2p_FDI', 'E_mag'))!.zap).toBe(0);
  });

  it('a named poses file for fewer zaps is an error; found in passing it is a warning and no poses', async () => {
    const r = resultOn(at('experiment_coils.hdf5'), 0, [0, 1]);
    await expectAppError(resolveTargetInputs(r, at('coil_poses_short.csv')), 'POSE_COUNT_MISMATCH', [
      '4 poses',
    ]);
    const passing = await resolveTargetInputs({
      ...r,
      spec: { ...r.spec, inputs: { ...r.spec.inputs, responsesFile: at('coil_poses_short.csv') } },
    });
    expect(passing.poses).toBeNull();
    expect(passing.warnings.join('\n')).toMatch(/not used/);
  });

  it('chooseBestPose skips zaps without a finite positive intensity', () => {
    const eye = Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    const best = chooseBestPose([5, 9, 4], [0, 1, 2], [eye, eye, eye], Float64Array.from([1, NaN, 1]));
    expect(best?.zap).toBe(0);
    expect(best?.skippedZaps).toBe(1);
    expect(chooseBestPose([5], [0], [null], null)).toBeNull();
  });
});
