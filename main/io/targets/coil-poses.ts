// Recorded coil poses per zap: pyNIBS experiment.hdf5 (/stim_data coil_mean|coil_0|coil_1) or a CSV with coil_m00…coil_m33.
import { AppError } from '../../contract';
import { hasHdf5Signature, openH5, checkReadableFile } from '../h5';
import { readPandasFrame } from '../pandas-frame';
import type { FrameColumn } from '../pandas-types';
import { isNumpyArray } from '../pickle-numpy';
import { parseCell, parseCsv } from '../responses-csv';
import { nearestRotation, poseProblem } from './pose-math';

/** The CSV columns of one pose: coil_m<r><c> = row r, column c of the 4×4 SimNIBS matrix (mm). */
export const CSV_POSE_COLUMNS: readonly string[] = Array.from(
  { length: 16 },
  (_, k) => `coil_m${Math.floor(k / 4)}${k % 4}`,
);
/** stim_data columns in order of preference: coil_mean is what pyNIBS simulates the E-field of each zap with. */
export const HDF5_POSE_COLUMNS: readonly string[] = ['coil_mean', 'coil_0', 'coil_1'];

export interface CoilPoses {
  file: string;
  /** Where in the file: `/stim_data/coil_mean` or `CSV columns coil_m00…coil_m33`. */
  source: string;
  nZaps: number;
  /** Per zap a 4×4 row-major SimNIBS pose, orthonormalised; null where the recorded one was unusable. */
  poses: (Float64Array | null)[];
  /** Why each unusable zap was skipped (0-based zap index). */
  skipped: { zap: number; reason: string }[];
}

/**
 * Reads the poses of `file` (experiment.hdf5 or CSV). `required`: the user named the file, so a file without
 * poses is COLUMN_NOT_FOUND; otherwise (the responses file, looked at in passing) it is null.
 */
export async function readCoilPoses(
  file: string,
  opts: { required?: boolean; column?: string } = {},
): Promise<CoilPoses | null> {
  checkReadableFile(file);
  const raw = hasHdf5Signature(file) ? await readHdf5(file, opts) : readCsv(file, opts.required ?? false);
  if (!raw) return null;
  const poses: (Float64Array | null)[] = [];
  const skipped: { zap: number; reason: string }[] = [];
  raw.matrices.forEach((m, zap) => {
    const problem = poseProblem(m);
    if (problem) {
      skipped.push({ zap, reason: problem });
      poses.push(null);
    } else poses.push(nearestRotation(m));
  });
  return { file, source: raw.source, nZaps: raw.matrices.length, poses, skipped };
}

async function readHdf5(
  file: string,
  opts: { required?: boolean; column?: string },
): Promise<{ source: string; matrices: Float64Array[] } | null> {
  const path = '/stim_data';
  const f = await openH5(file);
  try {
    if (!f.get(path)) {
      if (!opts.required) return null;
      throw new AppError('DATASET_MISSING', { file, path, expected: 'pyNIBS stim_data with coil_mean' });
    }
    const frame = readPandasFrame(f, file, path);
    const wanted = opts.column ? [opts.column] : HDF5_POSE_COLUMNS;
    const col = wanted.map((n) => frame.columns.find((c) => c.name === n)).find((c) => c !== undefined);
    if (!col) {
      if (!opts.required) return null;
      throw new AppError('COLUMN_NOT_FOUND', {
        file,
        path,
        found: `columns ${frame.columns.map((c) => c.name).join(', ')}`,
        expected: `a coil pose column (${wanted.join(' or ')})`,
      });
    }
    return { source: `${path}/${col.name}`, matrices: matricesOf(col, file, `${path}/${col.name}`) };
  } finally {
    f.close();
  }
}

/** Each cell must be a 4×4 numeric numpy array; anything else names the row. */
function matricesOf(col: FrameColumn, file: string, path: string): Float64Array[] {
  const values = col.values as ArrayLike<unknown>;
  return Array.from(values, (v, r) => {
    if (!isNumpyArray(v) || v.data.length !== 16 || (v.shape.length === 2 && v.shape[0] !== 4)) {
      throw new AppError('BAD_SHAPE', {
        file,
        path: `${path}, row ${r}`,
        found: isNumpyArray(v) ? `an array of shape (${v.shape.join(', ')})` : `a ${typeof v}`,
        expected: 'a 4×4 numpy array (SimNIBS matsimnibs)',
      });
    }
    return Float64Array.from(v.data);
  });
}

function readCsv(file: string, required: boolean): { source: string; matrices: Float64Array[] } | null {
  const shape = parseCsv(file);
  const idx = CSV_POSE_COLUMNS.map((n) => shape.header.findIndex((h) => h.toLowerCase() === n));
  const missing = CSV_POSE_COLUMNS.filter((_, k) => idx[k] < 0);
  if (missing.length === 16 && !required) return null;
  if (missing.length > 0) {
    throw new AppError('COLUMN_NOT_FOUND', {
      file,
      path: 'line 1',
      found: `no ${missing.join(', ')}`,
      expected: '16 columns coil_m00 … coil_m33 (row r, column c of each zap’s 4×4 SimNIBS pose, mm)',
    });
  }
  const matrices = shape.rows.map((row, i) =>
    Float64Array.from(idx, (c, k) => {
      const v = parseCell(row[c] ?? '', shape.decimalComma);
      if (v === null)
        throw new AppError('CSV_NOT_NUMERIC', {
          file,
          path: `column ${CSV_POSE_COLUMNS[k]}, row ${i + 1} (line ${i + 2})`,
          found: JSON.stringify(row[c]),
          expected: 'a number',
        });
      return v;
    }),
  );
  return { source: `CSV columns ${CSV_POSE_COLUMNS[0]}…${CSV_POSE_COLUMNS[15]}`, matrices };
}

/** POSE_COUNT_MISMATCH unless there is one pose per zap of the E-field (row i of E belongs to zap i). */
export function checkPoseCount(poses: CoilPoses, nZaps: number, efieldFile: string): void {
  if (poses.nZaps !== nZaps) {
    throw new AppError('POSE_COUNT_MISMATCH', {
      file: poses.file,
      path: poses.source,
      found: `${poses.nZaps} poses`,
      expected: `${nZaps}, one per zap (row) of ${efieldFile}`,
    });
  }
}
