import { describe, expect, it } from 'vitest';
import { openDataset } from '../../../main/io/dataset';
import { summarizeDataset } from '../../../main/io/summary';
import { expectAppError, expected, fx } from './fixtures';

const R = expected.responses;
const E = expected.efield;
const inputs = {
  roiFile: fx('mesh_rois.hdf5'),
  roiId: '0',
  efieldFile: fx('e.hdf5'),
  responsesFile: fx('experiment_fixed.hdf5'),
};

describe('summarizeDataset', () => {
  it('counts, QOIs, response stats, conditions, intensity range, ROI extent', async () => {
    const d = await openDataset(inputs);
    try {
      const s = await summarizeDataset(d, { blockElements: 7 });
      expect([s.nZaps, s.nElements]).toEqual([E.nZaps, E.nElements]);
      expect(s.qois).toEqual(['E_mag', 'E_norm', 'E_tan']);
      for (const name of ['p2p_FDI', 'p2p_ADM', 'p2p_APB']) {
        const st = s.responses.find((r) => r.name === name)!;
        const want = R.stats[name];
        expect(st.min).toBeCloseTo(want.min, 9);
        expect(st.median).toBeCloseTo(want.median, 9);
        expect(st.max).toBeCloseTo(want.max, 9);
        expect(st.nanCount).toBe(want.nanCount);
        expect(st.label).toBe(name.slice(4));
      }
      expect(Object.fromEntries(s.conditions.map((c) => [c.name, c.zaps]))).toEqual(R.conditionCounts);
      expect(s.intensity).toEqual({ min: Math.min(...R.current), max: Math.max(...R.current) });
      const xs = expected.roi.nodes.filter((_, i) => i % 3 === 0);
      expect([s.roiExtent.min[0], s.roiExtent.max[0]]).toEqual([Math.min(...xs), Math.max(...xs)]);
      expect(s.warnings.map((w) => w.code)).toEqual(['NAN_RESPONSES']);
      expect(s.warnings[0].message).toContain(`p2p_ADM: 1 of ${R.nZaps} zaps`);
      expect(s.warnings[0].message).toContain(`zap ${R.nanZap}`);
    } finally {
      d.close();
    }
  });
  it('refuses a negative E_mag (BAD_VALUES naming zap and element), reading block-wise', async () => {
    // A magnitude cannot be negative: since issue 15 this is a coded error, not a warning the CLI never showed.
    const d = await openDataset({ ...inputs, efieldFile: fx('e_warn.hdf5') });
    try {
      const w = E.warn;
      await expectAppError(summarizeDataset(d, { blockElements: 6 }), 'BAD_VALUES', [
        'e_warn.hdf5',
        `zap ${w.negativeZap}, element ${w.negativeElement}`,
      ]);
    } finally {
      d.close();
    }
  });
  it('NaN in E stops the summary with NON_FINITE_E', async () => {
    const d = await openDataset({ ...inputs, efieldFile: fx('e_nan.hdf5') });
    try {
      await expectAppError(summarizeDataset(d), 'NON_FINITE_E', ['e_nan.hdf5']);
    } finally {
      d.close();
    }
  });
});
