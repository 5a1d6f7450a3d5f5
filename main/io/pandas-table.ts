// Reads pandas HDFStore "table" format: one compound dataset G/table; names from values_block_K_kind pickles or data columns.
import { AppError } from '../contract';
import type { H5Dataset, H5File } from './h5';
import { requireDataset, toFloat64 } from './h5';
import type { FrameColumn, PandasFrame } from './pandas-types';
import { attrString, unpickle } from './pandas-decode';

interface Member {
  name: string;
}

/** A DataFrame stored with format='table' (with or without data_columns). */
export function readPandasTable(f: H5File, file: string, path: string): PandasFrame {
  const tablePath = `${path}/table`;
  const ds = requireDataset(f, tablePath);
  const members = (
    (ds.metadata as { compound_type?: { members?: Member[] } }).compound_type?.members ?? []
  ).map((m) => m.name);
  if (members.length === 0)
    throw new AppError('BAD_DTYPE', {
      file,
      path: tablePath,
      found: 'a non-compound dataset',
      expected: 'a pandas table (compound rows)',
    });
  const rows = (ds.value ?? []) as unknown[][];
  const nRows = rows.length;
  const cols: FrameColumn[] = [];
  members.forEach((m, mi) => {
    if (m === 'index') return;
    const blockNames = m.startsWith('values_block_') ? kindNames(ds, file, tablePath, `${m}_kind`) : null;
    if (blockNames) {
      blockNames.forEach((name, k) =>
        cols.push(
          toColumn(
            name,
            rows.map((r) => (r[mi] as unknown[])[k]),
          ),
        ),
      );
    } else {
      cols.push(
        toColumn(
          m,
          rows.map((r) => r[mi]),
        ),
      );
    }
  });
  return { file, path, nRows, columns: orderColumns(f, file, path, cols) };
}

/** Column names of one values block: the attribute is a protocol-0 pickle of a list of names. */
function kindNames(ds: H5Dataset, file: string, path: string, attr: string): string[] | null {
  const text = attrString(ds, attr);
  if (text === null) return null;
  const names = unpickle(Buffer.from(text, 'latin1'), file, `${path}@${attr}`);
  if (!Array.isArray(names))
    throw new AppError('PICKLE_PARSE', {
      file,
      path: `${path}@${attr}`,
      found: typeof names,
      expected: 'a list of column names',
    });
  return names.map(String);
}

/** Restores the DataFrame's column order from the group's non_index_axes attribute when present. */
function orderColumns(f: H5File, file: string, path: string, cols: FrameColumn[]): FrameColumn[] {
  const text = attrString(f.get(path) as H5Dataset, 'non_index_axes');
  if (text === null) return cols;
  const axes = unpickle(Buffer.from(text, 'latin1'), file, `${path}@non_index_axes`);
  const order = Array.isArray(axes) && Array.isArray(axes[0]) ? (axes[0] as unknown[])[1] : null;
  if (!Array.isArray(order)) return cols;
  const byName = new Map(cols.map((c) => [c.name, c]));
  const ordered = order.map((n) => byName.get(String(n))).filter((c): c is FrameColumn => !!c);
  return ordered.length === cols.length ? ordered : cols;
}

function toColumn(name: string, values: unknown[]): FrameColumn {
  if (values.every((v) => typeof v === 'string')) return { name, kind: 'string', values: values };
  if (values.every((v) => typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean')) {
    return { name, kind: 'number', values: toFloat64(Float64Array.from(values, (v) => Number(v))) };
  }
  return { name, kind: 'object', values };
}
