// Looks at a responses file before it is opened: CSV header and column types (papaparse), so the user can pick columns.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import Papa from 'papaparse';
import { AppError } from '../contract';
import type { ResponsesPreview } from '../contract';
import { hasHdf5Signature, openH5 } from '../io/h5';

const PREVIEW_BYTES = 1 << 20;
const CONDITION_NAMES = ['condition', 'conditions', 'cond', 'label'];
const INTENSITY_NAMES = ['intensity', 'current', 'didt', 'di/dt', 'mso', 'stim_intensity'];

function guess(columns: string[], names: string[]): string | null {
  for (const n of names) {
    const hit =
      columns.find((c) => c.toLowerCase() === n) ?? columns.find((c) => c.toLowerCase().includes(n));
    if (hit) return hit;
  }
  return null;
}

async function readHead(file: string): Promise<string> {
  let fh;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer and hold an I/O thread.
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AppError(code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_NOT_READABLE', { file }, undefined, {
      cause: e,
    });
  }
  try {
    const st = await fh.stat();
    if (!st.isFile())
      throw new AppError('NOT_A_FILE', {
        file,
        found: st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a named pipe (FIFO)' : 'a device or socket',
        expected: 'a regular file (CSV or HDF5)',
      });
    const buf = Buffer.alloc(PREVIEW_BYTES);
    const { bytesRead } = await fh.read(buf, 0, PREVIEW_BYTES, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

export async function previewResponses(file: string): Promise<ResponsesPreview> {
  const head = await readHead(file);
  if (hasHdf5Signature(file)) {
    // pandas HDFStore: the response columns are named in the EMG frame's axis0; the reader resolves the rest.
    const f = await openH5(file);
    try {
      const axis = f.get('/phys_data/postproc/EMG/axis0');
      const names =
        axis && 'value' in axis ? Array.from(axis.value as Iterable<unknown>, (v) => String(v)) : [];
      const numeric = names.filter((n) => n.startsWith('p2p'));
      const stimAxis = f.get('/stim_data/axis0');
      const stimNames =
        stimAxis && 'value' in stimAxis
          ? Array.from(stimAxis.value as Iterable<unknown>, (v) => String(v))
          : [];
      const rows = f.get('/phys_data/postproc/EMG/axis1');
      const nRows = rows && 'shape' in rows ? (rows.shape?.[0] ?? 0) : 0;
      return {
        file,
        kind: 'hdf5',
        nRows,
        columns: numeric,
        numericColumns: numeric,
        suggestedConditionColumn: stimNames.includes('condition') ? 'condition' : null,
        suggestedIntensityColumn: stimNames.includes('current') ? 'current' : null,
      };
    } finally {
      f.close();
    }
  }
  const parsed = Papa.parse<Record<string, string>>(head, {
    header: true,
    skipEmptyLines: true,
    preview: 200,
    dynamicTyping: false,
  });
  const columns = (parsed.meta.fields ?? []).filter((c) => c.length > 0);
  if (columns.length === 0) {
    throw new AppError('CSV_PARSE', {
      file,
      found: 'no header row',
      expected: 'a header row naming the columns',
    });
  }
  // The last row of a 1 MB preview may be cut in half: judge types on the complete rows.
  const rows = parsed.data.length > 1 ? parsed.data.slice(0, -1) : parsed.data;
  const numericColumns = columns.filter((c) => {
    const vals = rows
      .map((r) => (r[c] ?? '').trim())
      .filter((v) => v.length > 0 && v.toLowerCase() !== 'nan');
    return vals.length > 0 && vals.every((v) => Number.isFinite(Number(v)));
  });
  const lines = head.split(/\r?\n/).filter((l) => l.trim().length > 0).length - 1;
  return {
    file,
    kind: 'csv',
    nRows: lines,
    columns,
    numericColumns,
    suggestedConditionColumn: guess(
      columns.filter((c) => !numericColumns.includes(c) || CONDITION_NAMES.includes(c.toLowerCase())),
      CONDITION_NAMES,
    ),
    suggestedIntensityColumn: guess(numericColumns, INTENSITY_NAMES),
  };
}
