// Reads a responses file of either kind (pandas experiment.hdf5 or CSV) into a ResponseTable; display names for muscles.
import { AppError } from '../contract';
import { checkReadableFile, hasHdf5Signature } from './h5';
import type { CsvResponseOptions } from './responses-csv';
import { readResponsesCsv } from './responses-csv';
import type { Hdf5ResponseOptions } from './responses-hdf5';
import { readResponsesHdf5 } from './responses-hdf5';
import type { ResponseTable } from './types';

export type ResponseOptions = CsvResponseOptions & Hdf5ResponseOptions;

/** HDF5 by signature, otherwise CSV/TSV/TXT by parsing. */
export async function readResponses(file: string, opts: ResponseOptions = {}): Promise<ResponseTable> {
  checkReadableFile(file);
  if (hasHdf5Signature(file)) return readResponsesHdf5(file, opts);
  if (/\.(hdf5|h5|he5)$/i.test(file))
    throw new AppError('NOT_HDF5', { file, expected: 'an HDF5 file (signature \\x89HDF)' });
  return readResponsesCsv(file, opts);
}

/** What the UI shows for a response column: the muscle without the p2p_ prefix (p2p_FDI → FDI; p2p stays p2p). */
export function responseDisplayName(column: string): string {
  const m = /^(?:p2p|mep|amp|amplitude)_(.+)$/i.exec(column);
  return m ? m[1] : column;
}

/** The column a response name means: the name itself, or pyNIBS' `p2p_<name>` (e.g. FDI for p2p_FDI). */
export function responseColumn(table: ResponseTable, name: string): Float64Array | undefined {
  return table.columns[name] ?? table.columns[`p2p_${name}`];
}

/** The named response columns, or COLUMN_NOT_FOUND listing what the file has. */
export function requireResponses(table: ResponseTable, names: string[]): Float64Array[] {
  return names.map((n) => {
    const col = responseColumn(table, n);
    if (!col) {
      throw new AppError('COLUMN_NOT_FOUND', {
        file: table.file,
        found: `response columns ${Object.keys(table.columns).join(', ')}`,
        expected: `a column ${n}`,
      });
    }
    checkResponseValues(table.file, n, col);
    return col;
  });
}

/** Above this magnitude squares overflow float64: such a value is a corrupt cell, not an amplitude. */
const MAX_RESPONSE = 1e150;

/**
 * A response column must be usable for a fit: empty/NaN cells are missing MEPs (dropped), but ±Inf
 * and absurd magnitudes are refused, and a column without variation cannot be mapped.
 */
export function checkResponseValues(file: string, column: string, col: Float64Array): void {
  let first = NaN;
  let varies = false;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (Number.isNaN(v)) continue;
    if (!Number.isFinite(v) || Math.abs(v) >= MAX_RESPONSE)
      throw new AppError('BAD_VALUES', {
        file,
        path: `column ${column}, zap ${i}`,
        found: String(v),
        expected: `finite amplitudes below ${MAX_RESPONSE} (an empty or NaN cell marks a missing MEP)`,
      });
    if (Number.isNaN(first)) first = v;
    else if (v !== first) varies = true;
  }
  if (!varies)
    throw new AppError('NO_VARIATION', {
      file,
      path: `column ${column}`,
      found: Number.isNaN(first) ? 'no values' : `every value ${first}`,
      expected: 'responses that vary across zaps',
    });
}
