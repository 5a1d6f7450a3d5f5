import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../main/io/dataset';
import { openDataset, selectZaps } from '../../../main/io/dataset';
import { readResponses } from '../../../main/io/responses';
import type { JobInputs } from '../../../main/contract';
import { expectAppError, expectClose, expected, fx, zapMajor } from './fixtures';

const R = expected.responses;
const E = expected.efield;
const base: JobInputs = {
  roiFile: fx('mesh_rois.hdf5'),
  roiId: '0',
  efieldFile: fx('e.hdf5'),
  responsesFile: fx('experiment_fixed.hdf5'),
};
const opened: Dataset[] = [];
afterEach(() => {
  while (opened.length) opened.pop()!.close();
});
const open = async (inputs: Partial<JobInputs>): Promise<Dataset> => {
  const d = await openDataset({ ...base, ...inputs });
  opened.push(d);
  return d;
};

describe('openDataset', () => {
  it('opens ROI, E-field and responses that agree', async () => {
    const d = await open({});
    expect([d.roi.nTriangles, d.efield.nElements, d.efield.nZaps, d.responses.nZaps]).toEqual([
      E.nElements,
      E.nElements,
      E.nZaps,
      R.nZaps,
    ]);
    expect(d.efield.qois).toEqual(['E_mag', 'E_norm', 'E_tan']);
  });
  it('derives E_norm/E_tan from /E with the ROI normals', async () => {
    const d = await open({
      efieldFile: fx('e_vector_only.hdf5'),
      responsesFile: fx('responses_semicolon.csv'),
    });
    expect(d.efield.qois).toEqual(['E_mag', 'E_norm', 'E_tan']);
    const got = await d.efield.readColumns('E_norm', 11, 12, Uint32Array.of(0, 1));
    expectClose(got, [zapMajor(E.E_norm, E.nElements, 0, 11), zapMajor(E.E_norm, E.nElements, 1, 11)], 2e-6);
  });
  it('opens the per-condition layout, scaled by each zap current from stim_data', async () => {
    const d = await open({ efieldFile: fx('percondition'), responsesFile: fx('experiment_table.hdf5') });
    expectClose(
      await d.efield.readColumns('E_mag', 0, 1),
      Array.from({ length: E.nZaps }, (_, z) => zapMajor(E.perCondition.E_mag, E.nElements, z, 0)),
      1e-6,
    );
  });
  it('ZAP_COUNT_MISMATCH names both files and counts', async () => {
    await expectAppError(open({ efieldFile: fx('e_wrong_zaps.hdf5') }), 'ZAP_COUNT_MISMATCH', [
      'e_wrong_zaps.hdf5',
      '29 zaps',
      `${R.nZaps} zaps`,
      'experiment_fixed.hdf5',
    ]);
  });
  it('ELEMENT_COUNT_MISMATCH names both files and counts', async () => {
    await expectAppError(open({ efieldFile: fx('e_wrong_elements.hdf5') }), 'ELEMENT_COUNT_MISMATCH', [
      'e_wrong_elements.hdf5',
      '39 elements',
      '40 triangles',
      'mesh_rois.hdf5',
    ]);
    await expectAppError(open({ roiId: 'midlayer_l' }), 'ELEMENT_COUNT_MISMATCH', ['midlayer_l']);
  });
  it('refuses a missing or truncated HDF5 input before beforeHdf5 runs (the CLI starts its workers there)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dataset-'));
    try {
      const truncated = join(dir, 'e.hdf5');
      writeFileSync(truncated, readFileSync(fx('e.hdf5')).subarray(0, 4096));
      const calls: string[] = [];
      const before = (): Promise<void> => {
        calls.push('beforeHdf5');
        return Promise.resolve();
      };
      const checked = (): void => void calls.push('responses');
      await expectAppError(openDataset({ ...base, efieldFile: truncated }, checked, before), 'FILE_CORRUPT', [
        truncated,
      ]);
      await expectAppError(
        openDataset({ ...base, roiFile: join(dir, 'missing.hdf5') }, checked, before),
        'FILE_NOT_FOUND',
        ['missing.hdf5'],
      );
      expect(calls).toEqual(['responses', 'responses']);
      const d = await openDataset(base, checked, before);
      opened.push(d);
      expect(calls).toEqual(['responses', 'responses', 'responses', 'beforeHdf5']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('passes reader errors through (ROI id, missing E dataset)', async () => {
    await expectAppError(open({ roiId: undefined }), 'ROI_REQUIRED');
    await expectAppError(open({ efieldFile: fx('e_missing.hdf5') }), 'DATASET_MISSING', ['e_missing.hdf5']);
  });
});

describe('selectZaps', () => {
  it('drops zaps with NaN in the chosen responses only', async () => {
    const t = await readResponses(fx('experiment_fixed.hdf5'));
    expect(selectZaps(t, undefined, ['p2p_FDI']).length).toBe(R.nZaps);
    const sel = selectZaps(t, {}, ['p2p_FDI', 'p2p_ADM']);
    expect(sel.length).toBe(R.nZaps - 1);
    expect(Array.from(sel)).not.toContain(R.nanZap);
  });
  it('keeps conditions, a range and the first N, in acquisition order', async () => {
    const t = await readResponses(fx('experiment_fixed.hdf5'));
    const wantA = R.conditions.map((c, i) => (c === 'A' ? i : -1)).filter((i) => i >= 0 && i !== R.nanZap);
    expect(Array.from(selectZaps(t, { conditions: ['A'] }, ['p2p_ADM']))).toEqual(wantA);
    expect(Array.from(selectZaps(t, { range: [3, 8] }, ['p2p_ADM']))).toEqual([3, 4, 6, 7]);
    expect(Array.from(selectZaps(t, { first: 3, range: [4, 30] }, ['FDI']))).toEqual([4, 5, 6]);
  });
  it('drops zaps whose pre-innervation is above the limit (a column of the file)', async () => {
    const t = await readResponses(fx('experiment_fixed.hdf5'));
    const pre = R.columns.p2p_BIC; // stands in for a pre-innervation column (µV)
    const limit = [...pre].sort((a, b) => a - b)[14];
    const want = pre.map((v, i) => (v <= limit ? i : -1)).filter((i) => i >= 0);
    expect(
      Array.from(selectZaps(t, { preinnervation: { column: 'p2p_BIC', max: limit } }, ['p2p_FDI'])),
    ).toEqual(want);
    await expectAppError(
      () => selectZaps(t, { preinnervation: { column: 'preinnervation', max: 50 } }, ['p2p_FDI']),
      'COLUMN_NOT_FOUND',
      ['preinnervation', 'p2p_BIC'],
    );
    await expectAppError(
      () => selectZaps(t, { preinnervation: { column: 'p2p_BIC', max: -1 } }, ['p2p_FDI']),
      'EMPTY_SELECTION',
      ['p2p_BIC ≤ -1'],
    );
  });
  it('EMPTY_SELECTION when nothing is left, or for an unknown condition', async () => {
    const t = await readResponses(fx('experiment_fixed.hdf5'));
    await expectAppError(() => selectZaps(t, { range: [5, 6] }, ['p2p_ADM']), 'EMPTY_SELECTION', [
      '0 of 30 zaps',
      'p2p_ADM',
    ]);
    await expectAppError(() => selectZaps(t, { conditions: ['Z'] }, ['p2p_FDI']), 'EMPTY_SELECTION', [
      'conditions Z',
    ]);
  });
  it('COLUMN_NOT_FOUND for an unknown response; BAD_ARGUMENT for a bad range', async () => {
    const t = await readResponses(fx('responses_comma.csv'));
    await expectAppError(() => selectZaps(t, {}, ['p2p_BIC']), 'COLUMN_NOT_FOUND', [
      'p2p_BIC',
      'CsE_APB_in_uV',
    ]);
    await expectAppError(() => selectZaps(t, { range: [8, 2] }, ['p2p_FDI']), 'BAD_ARGUMENT', ['[8, 2)']);
  });
});
