// compareWithReference through the service: a held result's map against pyNIBS-layout files under the served root.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiService } from '../../../main/api/service';
import { RootPathPolicy } from '../../../main/api/path-policy';
import { writeResults } from '../../../main/io/results-writer';
import { gridRoi, mappingResult } from '../io/results-fixture';
import { writePynibs } from '../io/pynibs-results-fixture';
import type { QoiComparison } from '../../../main/contract';

describe('compareWithReference', () => {
  it('counts the elements below and above a reference file, and refuses what it cannot compare', async () => {
    const root = mkdtempSync(join(tmpdir(), 'compare-ref-root-'));
    const roi = gridRoi();
    const result = mappingResult(roi);
    await writeResults(join(root, 'run'), result, roi);
    const adm = result.maps.find((m) => m.response === 'p2p_ADM' && m.qoi === 'E_norm')!;
    const ref = Float64Array.from(adm.scores);
    ref[2] += 0.05;
    ref[4] -= 0.05;
    await writePynibs(roi, join(root, 'pynibs'), { E_norm: ref });
    const s = new ApiService({
      transport: 'http',
      policy: new RootPathPolicy(root),
      configDir: mkdtempSync(join(tmpdir(), 'compare-ref-cfg-')),
      appVersion: '9.9.9',
      emit: () => undefined,
    });
    const opened = await s.dispatch('openResults', { dir: join(root, 'run') });
    expect(opened.ok).toBe(true);
    const resultId = (opened as { value: { resultId: string } }).value.resultId;
    const ask = (files: string[], qoi: 'E_mag' | 'E_norm' = 'E_norm', tolerance = 1e-3) =>
      s.dispatch('compareWithReference', { resultId, response: 'p2p_ADM', qoi, files, tolerance });

    // A folder holding one *_data.hdf5 names that file; relative paths are taken from the root.
    const got = await ask(['pynibs']);
    expect(got.ok).toBe(true);
    const v = (
      got as {
        value: {
          comparison: QoiComparison;
          files: string[];
          reference: Float64Array;
        };
      }
    ).value;
    expect(v.files).toEqual([join(root, 'pynibs', 'sub01_data.hdf5')]);
    expect(v.comparison.references[0].belowElements).toEqual([2]);
    expect(v.comparison.references[0].aboveElements).toEqual([4]);
    // Element 7 failed in the fixture: NaN in both.
    expect(v.comparison.compared).toBe(7);
    expect(v.comparison.scoreType).toBe('R2');
    expect(Array.from(v.reference)).toEqual(Array.from(ref));
    // The best elements' distance comes from this result's ROI.
    const [a, b] = [v.comparison.best.map.element, v.comparison.best.references[0].element];
    const c = roi.centroids;
    expect(v.comparison.bestDistances[0]).toBeCloseTo(
      Math.hypot(c[3 * a] - c[3 * b], c[3 * a + 1] - c[3 * b + 1], c[3 * a + 2] - c[3 * b + 2]),
      12,
    );
    // A larger tolerance hides both.
    const loose = await ask(['pynibs'], 'E_norm', 0.1);
    expect(
      (loose as { value: { comparison: { references: { below: number; above: number }[] } } }).value
        .comparison.references[0],
    ).toMatchObject({ below: 0, above: 0 });

    const codeOf = async (p: Promise<unknown>): Promise<string> =>
      ((await p) as { ok: boolean; code?: string }).code ?? 'ok';
    expect(await codeOf(ask(['pynibs'], 'E_mag'))).toBe('DATASET_MISSING');
    expect(await codeOf(ask([]))).toBe('BAD_ARGUMENT');
    expect(await codeOf(ask(['/etc/passwd']))).toBe('PERMISSION_DENIED');
    expect(await codeOf(ask(['pynibs'], 'E_norm', -1))).toBe('BAD_ARGUMENT');
    expect(await codeOf(ask(['missing_data.hdf5']))).toBe('FILE_NOT_FOUND');
  });
});
