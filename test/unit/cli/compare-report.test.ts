// formatCompareReport: the text of `tms-mapper compare` lists at most ten elements and says how many more there are.
import { describe, expect, it } from 'vitest';
import { formatCompareReport } from '../../../main/cli/compare-command';
import { compareMaps } from '../../../main/contract/compare-maps';

describe('formatCompareReport', () => {
  it('names the first ten elements below a reference, then the count of the rest', () => {
    const ref = new Float64Array(20).fill(0.5);
    const map = Float64Array.from(ref, (v, i) => (i < 12 ? v - 0.01 : v));
    const c = compareMaps(map, [ref, ref], 1e-3);
    const text = formatCompareReport({
      map: 'a_data.hdf5',
      references: ['b_data.hdf5', 'c_data.hdf5'],
      tolerance: 1e-3,
      qois: [{ qoi: 'E_mag', scoreType: 'R2', ...c, bestDistances: [null, null] }],
    });
    expect(text).toContain(
      'against reference 1: 12 below (elements 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 2 more) and 0 above by more than 0.001, 8 within 1e-6',
    );
    expect(text).toContain(
      'worse than every reference by more than 0.001: 12 (elements 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 2 more; furthest: element 0)',
    );
    // The best elements coincide by index; without geometry no distance is claimed.
    expect(text).toContain('best element: map 12 (0.500000); reference 1 0 (0.500000, another element)');
  });
});
