// Reads responses from a pandas experiment.hdf5: EMG numeric columns plus stim_data condition and current.
import { AppError } from '../contract';
import type { H5File } from './h5';
import { inputReadError, openH5, quietHdf5 } from './h5';
import type { FrameColumn, PandasFrame } from './pandas-types';
import { readPandasFrame } from './pandas-frame';
import type { ResponseTable } from './types';

export interface Hdf5ResponseOptions {
  /** DataFrame with one numeric column per muscle (default /phys_data/postproc/EMG). */
  emgPath?: string;
  /** DataFrame with zap metadata (default /stim_data; optional in the file). */
  stimPath?: string;
  /** Column of stim_data (or EMG) holding the condition label (default 'condition'). */
  conditionColumn?: string;
  /** Column of stim_data (or EMG) holding the realised intensity (default 'current'). */
  intensityColumn?: string;
}

export const DEFAULT_EMG_PATH = '/phys_data/postproc/EMG';
export const DEFAULT_STIM_PATH = '/stim_data';

/** Merges EMG numeric columns (responses) with the condition and intensity of stim_data, row by row. */
export async function readResponsesHdf5(
  file: string,
  opts: Hdf5ResponseOptions = {},
): Promise<ResponseTable> {
  const f = await openH5(file);
  try {
    // Synchronous reads: HDF5's diagnostics for a damaged file stay off stderr; the error names the file.
    return quietHdf5(() => responsesFromFile(f, file, opts));
  } catch (e) {
    throw inputReadError(e, file);
  } finally {
    f.close();
  }
}

function responsesFromFile(f: H5File, file: string, opts: Hdf5ResponseOptions): ResponseTable {
  const emgPath = opts.emgPath ?? DEFAULT_EMG_PATH;
  const stimPath = opts.stimPath ?? DEFAULT_STIM_PATH;
  if (!f.get(emgPath))
    throw new AppError('DATASET_MISSING', {
      file,
      path: emgPath,
      found: `groups ${
        f
          .keys()
          .map((k) => `/${k}`)
          .join(', ') || 'none'
      }`,
      expected: 'a pandas DataFrame of MEP amplitudes (p2p_<muscle>)',
    });
  const emg = readPandasFrame(f, file, emgPath);
  const stim = stimPath === emgPath ? emg : f.get(stimPath) ? readPandasFrame(f, file, stimPath) : null;
  if (stim && stim.nRows !== emg.nRows) {
    throw new AppError('ZAP_COUNT_MISMATCH', {
      file,
      path: stimPath,
      found: `${stim.nRows} rows in ${stimPath}`,
      expected: `${emg.nRows} rows as in ${emgPath}`,
    });
  }
  const conditionName = opts.conditionColumn ?? 'condition';
  const intensityName = opts.intensityColumn ?? 'current';
  const condCol = findColumn(stim, conditionName) ?? findColumn(emg, conditionName);
  const intCol = findColumn(stim, intensityName) ?? findColumn(emg, intensityName);
  if (opts.conditionColumn && !condCol)
    throw columnMissing(file, stimPath, opts.conditionColumn, stim ?? emg);
  if (opts.intensityColumn && !intCol) throw columnMissing(file, stimPath, opts.intensityColumn, stim ?? emg);
  if (intCol && intCol.kind !== 'number') {
    throw new AppError('BAD_DTYPE', {
      file,
      path: `${stimPath}/${intCol.name}`,
      found: `${intCol.kind} values`,
      expected: 'numbers (A/µs)',
    });
  }
  const columns: Record<string, Float64Array> = {};
  for (const c of emg.columns) {
    if (c.kind === 'number' && c !== intCol) columns[c.name] = c.values;
  }
  if (Object.keys(columns).length === 0) {
    throw new AppError('DATASET_MISSING', {
      file,
      path: emgPath,
      found: `columns ${emg.columns.map((c) => c.name).join(', ')}`,
      expected: 'at least one numeric response column (p2p_<muscle>)',
    });
  }
  return {
    file,
    nZaps: emg.nRows,
    columns,
    conditions: condCol ? Array.from(condCol.values as ArrayLike<unknown>, (v) => String(v)) : null,
    intensity: intCol && intCol.kind === 'number' ? intCol.values : null,
  };
}

function findColumn(frame: PandasFrame | null, name: string): FrameColumn | null {
  return frame?.columns.find((c) => c.name === name) ?? null;
}

function columnMissing(file: string, path: string, name: string, frame: PandasFrame): AppError {
  return new AppError('COLUMN_NOT_FOUND', {
    file,
    path,
    found: `columns ${frame.columns.map((c) => c.name).join(', ')}`,
    expected: `a column ${name}`,
  });
}
