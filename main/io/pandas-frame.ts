// A pandas DataFrame read from an HDFStore group (fixed or table format), as typed columns.
import { AppError } from '../contract';
import type { H5File, H5Group } from './h5';
import { readPandasFixed } from './pandas-fixed';
import { readPandasTable } from './pandas-table';
import { attrString } from './pandas-decode';
import type { PandasFrame } from './pandas-types';

/** Reads the DataFrame stored under `path` (pandas_type 'frame', 'frame_table' or 'series'). */
export function readPandasFrame(f: H5File, file: string, path: string): PandasFrame {
  const g = f.get(path);
  if (!g || 'shape' in g)
    throw new AppError('DATASET_MISSING', { file, path, expected: 'a pandas HDFStore group (DataFrame)' });
  const type = attrString(g as H5Group, 'pandas_type');
  if (type === 'frame' || type === 'series') return readPandasFixed(f, file, path, type);
  if (type === 'frame_table' || type === 'series_table' || f.get(`${path}/table`))
    return readPandasTable(f, file, path);
  throw new AppError('BAD_DTYPE', {
    file,
    path,
    found: type ? `pandas_type ${type}` : 'a group without pandas_type',
    expected: 'a pandas DataFrame (format fixed or table)',
  });
}
