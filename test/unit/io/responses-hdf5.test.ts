import { describe, expect, it } from 'vitest';
import { readResponsesHdf5 } from '../../../main/io/responses-hdf5';
import { expectAppError, expectClose, expected, fx } from './fixtures';

const R = expected.responses;

describe.each([
  ['pandas fixed', 'experiment_fixed.hdf5'],
  ['pandas table', 'experiment_table.hdf5'],
  ['pandas table with data_columns', 'experiment_table_datacols.hdf5'],
])('readResponsesHdf5 (%s)', (_kind, file) => {
  it('merges EMG numeric columns (file order, int64 too) with stim_data condition and current', async () => {
    const t = await readResponsesHdf5(fx(file));
    expect(t.nZaps).toBe(R.nZaps);
    expect(Object.keys(t.columns)).toEqual(R.emgColumnOrder);
    for (const name of R.emgColumnOrder) expectClose(t.columns[name], R.columns[name], 1e-12);
    expect(Number.isNaN(t.columns.p2p_ADM[R.nanZap])).toBe(true);
    expect(t.conditions).toEqual(R.conditions);
    expectClose(t.intensity!, R.current, 1e-12);
  });
});

describe('readResponsesHdf5, other layouts and errors', () => {
  it('reads older files with a single p2p column', async () => {
    const t = await readResponsesHdf5(fx('experiment_p2p.hdf5'));
    expect(Object.keys(t.columns)).toEqual(['p2p']);
    expectClose(t.columns.p2p, R.columns.p2p_FDI, 1e-12);
  });
  it('reads a DataFrame at another path, and other column names', async () => {
    const t = await readResponsesHdf5(fx('experiment_fixed.hdf5'), {
      emgPath: '/stim_data',
      conditionColumn: 'date',
      intensityColumn: 'number',
    });
    expect(Object.keys(t.columns)).toEqual(['current']);
    expect(t.conditions![0]).toBe('2024-06-11');
    expect(Array.from(t.intensity!.subarray(0, 3))).toEqual([0, 1, 2]);
  });
  it('names the missing EMG group', async () => {
    await expectAppError(readResponsesHdf5(fx('e.hdf5')), 'DATASET_MISSING', [
      'e.hdf5',
      '/phys_data/postproc/EMG',
      '/E_mag',
    ]);
  });
  it('names a missing column and lists what is there', async () => {
    await expectAppError(
      readResponsesHdf5(fx('experiment_fixed.hdf5'), { intensityColumn: 'didt' }),
      'COLUMN_NOT_FOUND',
      ['didt', 'current'],
    );
  });
  it('rejects a text intensity column', async () => {
    await expectAppError(
      readResponsesHdf5(fx('experiment_fixed.hdf5'), { intensityColumn: 'date' }),
      'BAD_DTYPE',
      ['/stim_data/date'],
    );
  });
  it('rejects non-HDF5 files', async () => {
    await expectAppError(readResponsesHdf5(fx('not_hdf5.hdf5')), 'NOT_HDF5');
  });
});

describe('readResponsesHdf5, EMG as a pandas Series', () => {
  it('reads the Series under its name', async () => {
    const t = await readResponsesHdf5(fx('experiment_series.hdf5'));
    expect(Object.keys(t.columns)).toEqual(['p2p_FDI']);
    expectClose(t.columns.p2p_FDI, R.columns.p2p_FDI, 1e-12);
    expect(t.conditions).toEqual(R.conditions);
  });
});
