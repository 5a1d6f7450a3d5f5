import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCell, parseCsv, readResponsesCsv } from '../../../main/io/responses-csv';
import { readResponses, requireResponses, responseDisplayName } from '../../../main/io/responses';
import { expectAppError, expectClose, expected, fx } from './fixtures';

const R = expected.responses;

describe.each([
  ['comma', 'responses_comma.csv', ',', false],
  ['semicolon + decimal comma', 'responses_semicolon.csv', ';', true],
  ['tab', 'responses_tab.tsv', '\t', false],
])('readResponsesCsv (%s)', (_kind, file, delimiter, decimalComma) => {
  it('detects delimiter and decimal style', () => {
    const s = parseCsv(fx(file));
    expect([s.delimiter, s.decimalComma]).toEqual([delimiter, decimalComma]);
  });
  it('reads one numeric column per muscle, condition and intensity by name', () => {
    const t = readResponsesCsv(fx(file));
    expect(t.nZaps).toBe(R.nZaps);
    expect(Object.keys(t.columns)).toEqual(R.csvColumns);
    expectClose(t.columns.p2p_FDI, R.columns.p2p_FDI, 1e-12);
    expectClose(t.columns.CsE_APB_in_uV, R.columns.p2p_APB, 1e-12);
    expect(Number.isNaN(t.columns.p2p_ADM[R.nanZap])).toBe(true);
    expect(t.conditions).toEqual(R.conditions);
    expectClose(t.intensity!, R.current, 1e-12);
  });
});

describe('CSV errors and options', () => {
  it('names file, column, row and value of a non-numeric cell', async () => {
    const n = R.notNumeric;
    await expectAppError(() => readResponsesCsv(fx('responses_not_numeric.csv')), 'CSV_NOT_NUMERIC', [
      'responses_not_numeric.csv',
      `column ${n.column}, row ${n.row + 1} (line ${n.row + 2})`,
      JSON.stringify(n.value),
    ]);
  });
  it('names an unknown condition or intensity column', async () => {
    await expectAppError(
      () => readResponsesCsv(fx('responses_comma.csv'), { intensityColumn: 'dIdt' }),
      'COLUMN_NOT_FOUND',
      ['dIdt', 'CsE_APB_in_uV'],
    );
  });
  it('takes explicit column names (any case)', () => {
    const t = readResponsesCsv(fx('responses_comma.csv'), {
      conditionColumn: 'CONDITION',
      intensityColumn: 'p2p_ADM',
    });
    expect(Object.keys(t.columns)).toEqual(['intensity', 'p2p_FDI', 'CsE_APB_in_uV']);
  });
  it('reads missing values as NaN and rejects text', () => {
    expect(parseCell('', false)).toBeNaN();
    expect(parseCell('NaN', false)).toBeNaN();
    expect(parseCell('1,5', true)).toBe(1.5);
    expect(parseCell('1,5', false)).toBeNull();
    expect(parseCell('-2.5e3', false)).toBe(-2500);
    expect(parseCell('12abc', false)).toBeNull();
  });
});

describe('readResponses (either kind)', () => {
  it('dispatches on the HDF5 signature', async () => {
    expect(Object.keys((await readResponses(fx('experiment_fixed.hdf5'))).columns)).toEqual(R.emgColumnOrder);
    expect(Object.keys((await readResponses(fx('responses_semicolon.csv'))).columns)).toEqual(R.csvColumns);
  });
  it('an .hdf5 name that is not HDF5 is NOT_HDF5, not a CSV error', async () => {
    await expectAppError(readResponses(fx('not_hdf5.hdf5')), 'NOT_HDF5', ['not_hdf5.hdf5']);
  });
  it('muscle display names drop the p2p_ prefix', () => {
    expect(['p2p_FDI', 'p2p', 'CsE_APB_in_uV'].map(responseDisplayName)).toEqual([
      'FDI',
      'p2p',
      'CsE_APB_in_uV',
    ]);
  });
  it('requireResponses finds columns by name or muscle, else lists them', async () => {
    const t = await readResponses(fx('experiment_fixed.hdf5'));
    expect(requireResponses(t, ['FDI'])[0]).toBe(t.columns.p2p_FDI);
    await expectAppError(() => requireResponses(t, ['p2p_XYZ']), 'COLUMN_NOT_FOUND', [
      'p2p_XYZ',
      'p2p_FDI, p2p_ADM',
    ]);
  });
});

describe('CSV structure errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tms-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const csv = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  it('a short row is CSV_PARSE naming the line', async () => {
    await expectAppError(
      () => readResponsesCsv(csv('short.csv', 'zap,p2p_FDI,p2p_ADM\n1,2,3\n2,4\n')),
      'CSV_PARSE',
      ['short.csv', 'line 3'],
    );
  });
  it('a header without rows, and duplicate column names, are CSV_PARSE', async () => {
    await expectAppError(() => readResponsesCsv(csv('empty.csv', 'zap,p2p_FDI\n')), 'CSV_PARSE', [
      'header line and one line per zap',
    ]);
    await expectAppError(() => readResponsesCsv(csv('dup.csv', 'p2p_FDI,p2p_FDI\n1,2\n')), 'CSV_PARSE', [
      'column p2p_FDI twice',
    ]);
  });
  it('a file with only text columns has no responses', async () => {
    await expectAppError(() => readResponsesCsv(csv('text.csv', 'name,date\na,b\n')), 'CSV_NOT_NUMERIC', [
      'at least one numeric',
    ]);
  });
  it('a non-numeric intensity column is CSV_NOT_NUMERIC', async () => {
    await expectAppError(
      () => readResponsesCsv(csv('int.csv', 'intensity,p2p_FDI\n50,1\nhigh,2\n')),
      'CSV_NOT_NUMERIC',
      ['column intensity, row 2', '"high"'],
    );
  });
  it('text columns (e.g. a date) are skipped, a BOM is ignored', () => {
    const t = readResponsesCsv(csv('bom.csv', '\uFEFFdate;p2p_FDI\n2024-01-01;1,5\n2024-01-02;NaN\n'));
    expect(Object.keys(t.columns)).toEqual(['p2p_FDI']);
    expect(Array.from(t.columns.p2p_FDI)).toEqual([1.5, NaN]);
  });
});
