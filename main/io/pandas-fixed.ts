// Reads pandas HDFStore "fixed" format: axis0/axis1, blockK_items/blockK_values; object blocks are pickles.
import { AppError } from '../contract';
import type { H5Dataset, H5File } from './h5';
import { requireDataset, toFloat64 } from './h5';
import type { FrameColumn, PandasFrame } from './pandas-types';
import { attrString, toStrings, unpickle } from './pandas-decode';
import { numpyArrayOf } from './pickle-numpy';

/** A DataFrame ('frame': axis0 = columns, axis1 = index, one block per dtype) or a Series ('series'). */
export function readPandasFixed(
  f: H5File,
  file: string,
  path: string,
  type: 'frame' | 'series',
): PandasFrame {
  if (type === 'series') {
    const values = requireDataset(f, `${path}/values`);
    // an unnamed Series stores the pickled None ("N.") as its name
    const stored = attrString(f.get(path) as H5Dataset, 'name');
    const name = stored && stored !== 'N.' ? stored : path.split('/').pop()!;
    const col = blockColumns(f, file, `${path}/values`, values, [name], values.shape?.[0] ?? 0);
    return { file, path, nRows: values.shape?.[0] ?? 0, columns: col };
  }
  const names = toStrings(requireDataset(f, `${path}/axis0`).value);
  const nRows = requireDataset(f, `${path}/axis1`).shape?.[0] ?? 0;
  const byName = new Map<string, FrameColumn>();
  for (let k = 0; ; k++) {
    const itemsPath = `${path}/block${k}_items`;
    if (!f.get(itemsPath)) break;
    const items = toStrings(requireDataset(f, itemsPath).value);
    const valuesPath = `${path}/block${k}_values`;
    for (const c of blockColumns(f, file, valuesPath, requireDataset(f, valuesPath), items, nRows))
      byName.set(c.name, c);
  }
  const columns = names.map((n) => {
    const c = byName.get(n);
    if (!c)
      throw new AppError('DATASET_MISSING', {
        file,
        path: `${path}/block*_items`,
        found: `column ${n} listed in axis0 but in no block`,
        expected: 'every column in one block',
      });
    return c;
  });
  return { file, path, nRows, columns };
}

/** Splits one block's values into columns: numeric (rows × items) or a pickled object ndarray. */
function blockColumns(
  f: H5File,
  file: string,
  path: string,
  ds: H5Dataset,
  items: string[],
  nRows: number,
): FrameColumn[] {
  const cls = attrString(ds, 'CLASS');
  if (cls === 'VLARRAY') return objectColumns(file, path, ds, items, nRows);
  const shape = ds.shape ?? [];
  const nItems = items.length;
  const raw = ds.value;
  if (Array.isArray(raw)) {
    // fixed-width string block (e.g. bytes columns written as S dtype)
    const strs = toStrings(raw);
    return items.map((name, i) => ({
      name,
      kind: 'string' as const,
      values: Array.from({ length: nRows }, (_, r) => strs[r * nItems + i]),
    }));
  }
  const vals = toFloat64(raw);
  if (vals.length !== nRows * nItems) {
    throw new AppError('BAD_SHAPE', {
      file,
      path,
      found: `shape (${shape.join(', ')})`,
      expected: `(${nRows}, ${nItems})`,
    });
  }
  // pandas writes the transposed block, so rows are zaps: values[r * nItems + i]
  return items.map((name, i) => {
    const col = new Float64Array(nRows);
    for (let r = 0; r < nRows; r++) col[r] = vals[r * nItems + i];
    return { name, kind: 'number' as const, values: col };
  });
}

/** An object block: one pickled numpy ndarray (state tuple: version, shape, dtype, fortran, list). */
function objectColumns(
  file: string,
  path: string,
  ds: H5Dataset,
  items: string[],
  nRows: number,
): FrameColumn[] {
  const rows = ds.value as unknown;
  const first = Array.isArray(rows) ? (rows[0] as unknown) : rows;
  if (!(first instanceof Uint8Array))
    throw new AppError('PICKLE_PARSE', {
      file,
      path,
      found: typeof first,
      expected: 'a pickled object array',
    });
  const obj = unpickle(first, file, path) as Record<string, unknown> | null;
  const shape = obj?.['1'];
  const list = obj?.['4'];
  if (!Array.isArray(shape) || !Array.isArray(list)) {
    throw new AppError('PICKLE_PARSE', {
      file,
      path,
      found: 'a pickle that is not a numpy object array',
      expected: 'numpy ndarray state (shape, list)',
    });
  }
  const nItems = items.length;
  const dims = shape as number[];
  // numpy lists object elements in C order of the logical shape: (rows, items) after pandas' transpose.
  const itemsFirst = dims.length === 2 && dims[0] === nItems && dims[1] === nRows && nItems !== nRows;
  if (list.length !== nRows * nItems) {
    throw new AppError('BAD_SHAPE', {
      file,
      path,
      found: `${list.length} objects (shape ${dims.join('×')})`,
      expected: `${nRows} × ${nItems}`,
    });
  }
  return items.map((name, i) => {
    const values = Array.from({ length: nRows }, (_, r) =>
      cellValue((list as unknown[])[itemsFirst ? i * nRows + r : r * nItems + i], file, path),
    );
    const allStrings = values.every((v) => typeof v === 'string');
    return allStrings
      ? { name, kind: 'string' as const, values: values }
      : { name, kind: 'object' as const, values };
  });
}

/**
 * Python 2 `str` and `bytes` labels unpickle as byte arrays: show them as text (latin1 keeps every byte);
 * numeric numpy arrays (pyNIBS' 4×4 coil matrices) become NumpyArray data.
 */
function cellValue(v: unknown, file: string, path: string): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
  return numpyArrayOf(v, { file, path }) ?? v;
}
