// Reads responses from a CSV with a header (one row per zap): delimiter and decimal comma detected, numbers checked per column.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { AppError } from '../contract';
import { checkReadableFile } from './h5';
import type { ResponseTable } from './types';

export interface CsvResponseOptions {
  /** Column with the condition label; default: a column named condition (any case), if present. */
  conditionColumn?: string;
  /** Column with the realised intensity; default: a column named intensity or current (any case), if present. */
  intensityColumn?: string;
}

/** Cells read as NaN (missing MEP) rather than as a non-numeric value. */
const MISSING = new Set(['', 'nan', 'na', 'n/a', 'null', 'none']);
/** Columns that number the zaps rather than measure anything. */
const INDEX_NAMES = new Set(['', 'zap', 'zaps', 'number', 'index', 'id', 'unnamed: 0']);
/** A coil-pose matrix entry (main/io/targets/coil-poses.ts). */
const COIL_POSE_COLUMN = /^coil_m[0-3][0-3]$/i;
const DECIMAL_COMMA = /^[+-]?\d*,\d+(?:[eE][+-]?\d+)?$/;

export interface CsvShape {
  delimiter: string;
  decimalComma: boolean;
  header: string[];
  rows: string[][];
}

/** More columns than any responses table has: refused before parsing (a 10⁶-column header took 53 s and 1 GB). */
export const MAX_CSV_COLUMNS = 10_000;

function checkHeaderWidth(file: string, text: string): void {
  const end = text.indexOf('\n');
  const line = end < 0 ? text : text.slice(0, end);
  let most = 0;
  for (const d of [',', ';', '\t']) {
    let n = 1;
    for (let i = line.indexOf(d); i >= 0; i = line.indexOf(d, i + 1)) n++;
    most = Math.max(most, n);
  }
  if (most > MAX_CSV_COLUMNS)
    throw new AppError('TOO_LARGE', {
      file,
      path: 'line 1',
      found: `${most} columns in the header`,
      expected: `at most ${MAX_CSV_COLUMNS} columns`,
    });
}

/** Parses the file with papaparse, guessing among `,` `;` and tab, and detects `1,5`-style decimals. */
export function parseCsv(file: string): CsvShape {
  checkReadableFile(file);
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  checkHeaderWidth(file, text);
  const res = Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', ';', '\t'],
  });
  const fatal = res.errors.find((e) => e.type !== 'Delimiter');
  if (fatal) {
    const line = fatal.row !== undefined ? `line ${fatal.row + 1}` : undefined;
    throw new AppError('CSV_PARSE', { file, path: line }, fatal.message);
  }
  const [header, ...rows] = res.data;
  if (!header || rows.length === 0)
    throw new AppError('CSV_PARSE', {
      file,
      found: `${res.data.length} lines`,
      expected: 'a header line and one line per zap',
    });
  const names = header.map((h) => h.trim());
  const seen = new Set<string>();
  for (const n of names) {
    if (n && seen.has(n))
      throw new AppError('CSV_PARSE', {
        file,
        path: 'line 1',
        found: `column ${n} twice`,
        expected: 'unique column names',
      });
    seen.add(n);
  }
  rows.forEach((r, i) => {
    // papaparse checks field counts only in header mode; a trailing delimiter (empty extra cells) is harmless
    if (r.length < names.length || r.slice(names.length).some((c) => c.trim() !== '')) {
      throw new AppError('CSV_PARSE', {
        file,
        path: `line ${i + 2}`,
        found: `${r.length} fields`,
        expected: `${names.length} fields as in the header`,
      });
    }
  });
  const delimiter = res.meta.delimiter;
  // A decimal comma is only possible when the comma is not the delimiter.
  const decimalComma = delimiter !== ',' && rows.some((r) => r.some((c) => DECIMAL_COMMA.test(c.trim())));
  return { delimiter, decimalComma, header: names, rows };
}

/** A number from a cell, NaN for a missing cell, or null when the text is not a number. */
export function parseCell(cell: string, decimalComma: boolean): number | null {
  const t = cell.trim();
  if (MISSING.has(t.toLowerCase())) return NaN;
  const s = decimalComma ? t.replace(',', '.') : t;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) && !/^[+-]?inf(inity)?$/i.test(s)) return null;
  const v = Number(s.replace(/inf(inity)?$/i, 'Infinity'));
  return Number.isNaN(v) ? null : v;
}

function findHeader(header: string[], wanted: string | undefined, defaults: string[], file: string): number {
  if (wanted !== undefined) {
    const i = header.indexOf(wanted);
    const j = i >= 0 ? i : header.findIndex((h) => h.toLowerCase() === wanted.toLowerCase());
    if (j < 0)
      throw new AppError('COLUMN_NOT_FOUND', {
        file,
        path: 'line 1',
        found: `columns ${header.join(', ')}`,
        expected: `a column ${wanted}`,
      });
    return j;
  }
  return header.findIndex((h) => defaults.includes(h.toLowerCase()));
}

/** Numeric values of column `c`, with CSV_NOT_NUMERIC naming the first bad cell. */
function numericColumn(shape: CsvShape, c: number, file: string): Float64Array {
  const out = new Float64Array(shape.rows.length);
  shape.rows.forEach((r, i) => {
    const cell = r[c] ?? '';
    const v = parseCell(cell, shape.decimalComma);
    if (v === null) {
      throw new AppError('CSV_NOT_NUMERIC', {
        file,
        path: `column ${shape.header[c]}, row ${i + 1} (line ${i + 2})`,
        found: JSON.stringify(cell),
        expected: shape.decimalComma ? 'a number (decimal comma) or empty' : 'a number or empty',
      });
    }
    out[i] = v;
  });
  return out;
}

/**
 * One response column per numeric column (zap-number columns left out). A column counts as text when
 * its first non-empty cell is not a number (e.g. a date); any later non-number in a numeric column is an error.
 */
export function readResponsesCsv(file: string, opts: CsvResponseOptions = {}): ResponseTable {
  const shape = parseCsv(file);
  const condIdx = findHeader(shape.header, opts.conditionColumn, ['condition', 'conditions'], file);
  const intIdx = findHeader(
    shape.header,
    opts.intensityColumn,
    ['intensity', 'current', 'di/dt', 'didt'],
    file,
  );
  const columns: Record<string, Float64Array> = {};
  shape.header.forEach((name, c) => {
    if (c === condIdx || c === intIdx || INDEX_NAMES.has(name.toLowerCase())) return;
    if (COIL_POSE_COLUMN.test(name)) return; // coil_m00…coil_m33: the zap's coil pose (targets/), not a response
    const firstCell = shape.rows.map((r) => (r[c] ?? '').trim()).find((v) => !MISSING.has(v.toLowerCase()));
    if (firstCell === undefined || parseCell(firstCell, shape.decimalComma) === null) return;
    columns[name] = numericColumn(shape, c, file);
  });
  if (Object.keys(columns).length === 0) {
    throw new AppError('CSV_NOT_NUMERIC', {
      file,
      path: 'line 1',
      found: `columns ${shape.header.join(', ')}`,
      expected: 'at least one numeric response column',
    });
  }
  return {
    file,
    nZaps: shape.rows.length,
    columns,
    conditions: condIdx >= 0 ? shape.rows.map((r) => (r[condIdx] ?? '').trim()) : null,
    intensity: intIdx >= 0 ? numericColumn(shape, intIdx, file) : null,
  };
}
