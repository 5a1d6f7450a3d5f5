// Reads a batch manifest (CSV or JSON, one subject per row) into per-subject `map` flags, with coded errors naming the file, row and column.
import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import type { Option } from 'commander';
import Papa from 'papaparse';
import { AppError } from '../contract';
import { checkReadableFile } from '../io/h5';
import { parseRoiArg, type MapFlags } from './parse-options';

/** One subject: its folder name, where it came from (for messages) and the `map` flags its row sets. */
export interface ManifestRow {
  subject: string;
  /** "row 3 (line 4)" for CSV, "entry 3" for JSON. */
  place: string;
  flags: Partial<MapFlags>;
}

/** Columns that name input files: relative paths are taken from the manifest's folder, not the working directory. */
const PATH_COLUMNS = new Set(['roi', 'efield', 'responses']);
/** `map` options a manifest row cannot set (the batch decides them). */
const NOT_PER_ROW = new Set(['out', 'force', 'demo', 'shard']);
const TRUE = new Set(['1', 'true', 'yes', 'on', 'y']);
const FALSE = new Set(['', '0', 'false', 'no', 'off', 'n']);
/** A subject becomes a folder name: letters, digits and . _ - only, not starting with a dot. */
const SUBJECT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

const kebab = (s: string): string =>
  s
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();

/** Column name → how it sets a map flag: the option, and whether a true cell means the flag's "no-" form. */
interface ColumnTarget {
  option: Option;
  invert: boolean;
}

/** Every column a manifest may have, from the `map` command's own options (so a new map option is a column at once). */
export function columnTargets(mapOptions: readonly Option[]): Map<string, ColumnTarget> {
  const m = new Map<string, ColumnTarget>();
  for (const o of mapOptions) {
    const long = o.long?.replace(/^--/, '');
    if (!long || NOT_PER_ROW.has(long)) continue;
    m.set(long, { option: o, invert: false });
    // `--no-discontinuity-refit` also answers to a `discontinuity-refit` column holding true/false.
    if (o.negate) m.set(long.replace(/^no-/, ''), { option: o, invert: true });
  }
  return m;
}

/** Reads the manifest's rows as string cells keyed by column name. */
function readCells(file: string): { cells: Record<string, string>[]; place: (i: number) => string } {
  checkReadableFile(file);
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (extname(file).toLowerCase() === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new AppError('BAD_ARGUMENT', { file, found: (e as Error).message, expected: 'valid JSON' });
    }
    const list = Array.isArray(data) ? data : (data as { subjects?: unknown } | null)?.subjects;
    if (!Array.isArray(list))
      throw new AppError('BAD_ARGUMENT', {
        file,
        found: typeof data,
        expected: 'an array of subjects (objects), or {"subjects": [...]}',
      });
    const cells = list.map((entry, i) => {
      if (!entry || typeof entry !== 'object' || Array.isArray(entry))
        throw new AppError('BAD_ARGUMENT', {
          file,
          path: `entry ${i + 1}`,
          found: JSON.stringify(entry),
          expected: 'an object',
        });
      return Object.fromEntries(
        Object.entries(entry as Record<string, unknown>).map(([k, v]) => [
          k,
          Array.isArray(v)
            ? v.join(',')
            : v === null || v === undefined
              ? ''
              : String(v as string | number | boolean),
        ]),
      );
    });
    return { cells, place: (i) => `entry ${i + 1}` };
  }
  const res = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', ';', '\t'],
    transformHeader: (h) => h.trim(),
  });
  const fatal = res.errors.find((e) => e.type !== 'Delimiter');
  if (fatal)
    throw new AppError(
      'CSV_PARSE',
      { file, path: fatal.row !== undefined ? `line ${fatal.row + 2}` : undefined },
      fatal.message,
    );
  return { cells: res.data, place: (i) => `row ${i + 1} (line ${i + 2})` };
}

/** The subjects of a manifest, checked: known columns only, a unique subject name per row, booleans spelled as booleans. */
export function readManifest(file: string, mapOptions: readonly Option[]): ManifestRow[] {
  const abs = resolve(file);
  const base = dirname(abs);
  const targets = columnTargets(mapOptions);
  const { cells, place } = readCells(abs);
  if (cells.length === 0)
    throw new AppError('EMPTY_SELECTION', {
      file: abs,
      found: 'no subjects',
      expected: 'one row per subject',
    });
  const seen = new Map<string, string>();
  return cells.map((row, i) => {
    const at = place(i);
    const subject = (row.subject ?? '').trim();
    if (!SUBJECT.test(subject))
      throw new AppError('BAD_ARGUMENT', {
        file: abs,
        path: `${at}, column subject`,
        found: JSON.stringify(subject),
        expected: 'a subject name usable as a folder name (letters, digits, . _ -)',
      });
    if (seen.has(subject))
      throw new AppError('BAD_ARGUMENT', {
        file: abs,
        path: `${at}, column subject`,
        found: `${subject} again (first at ${seen.get(subject)})`,
        expected: 'one row per subject',
      });
    seen.set(subject, at);
    const flags: Record<string, unknown> = {};
    for (const [column, raw] of Object.entries(row)) {
      if (column === 'subject' || column === '') continue;
      const target = targets.get(kebab(column));
      if (!target)
        throw new AppError('BAD_ARGUMENT', {
          file: abs,
          path: `${at}, column ${column}`,
          found: 'an unknown column',
          expected: `subject or a map option: ${[...targets.keys()].join(', ')}`,
        });
      const value = (raw ?? '').trim();
      const { option, invert } = target;
      const attr = option.attributeName();
      if (option.isBoolean() || option.negate) {
        const v = value.toLowerCase();
        if (!TRUE.has(v) && !FALSE.has(v))
          throw new AppError('BAD_ARGUMENT', {
            file: abs,
            path: `${at}, column ${column}`,
            found: JSON.stringify(value),
            expected: 'true/false (also yes/no, 1/0, or empty for false)',
          });
        const on = TRUE.has(v);
        // A negated option's attribute is true by default: a true `no-x` cell (or a false `x` cell) turns it off.
        if (option.negate) flags[attr] = invert ? on : !on;
        else if (on) flags[attr] = true;
        continue;
      }
      if (value === '') continue; // an empty cell keeps the command line's value (or the default)
      if (option.argChoices && !option.argChoices.includes(value))
        throw new AppError('BAD_ARGUMENT', {
          file: abs,
          path: `${at}, column ${column}`,
          found: JSON.stringify(value),
          expected: option.argChoices.join(' | '),
        });
      flags[attr] = PATH_COLUMNS.has(option.long!.replace(/^--/, ''))
        ? resolvePath(base, column, value)
        : value;
    }
    return { subject, place: at, flags: flags };
  });
}

/** Input paths relative to the manifest's folder; the ROI keeps its `:roi-id` suffix. */
function resolvePath(base: string, column: string, value: string): string {
  if (column.toLowerCase() !== 'roi') return isAbsolute(value) ? value : resolve(base, value);
  const { file, roiId } = parseRoiArg(value);
  const abs = isAbsolute(file) ? file : resolve(base, file);
  return roiId ? `${abs}:${roiId}` : abs;
}
