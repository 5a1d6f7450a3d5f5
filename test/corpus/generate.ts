// Generates the hostile-input corpus of issue 15 into a folder: truncated/damaged HDF5 fixtures, bad CSVs, bad E/ROI files (Python), output paths.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/io');

/** One case: the inputs the CLI would get, and what must come out. */
export interface CorpusCase {
  name: string;
  roi: string;
  efield: string;
  responses: string;
  response: string;
  /** Coded errors that are a correct answer; 'ok' in the list means success is a documented acceptance. */
  expect: string[];
}

const INPUT_ERRORS = ['FILE_CORRUPT', 'NOT_HDF5', 'DATASET_MISSING', 'BAD_SHAPE', 'BAD_DTYPE', 'NO_ROI'];

export function generateCorpus(dir: string): CorpusCase[] {
  const good = {
    roi: join(FIXTURES, 'roi_geo.hdf5'),
    efield: join(FIXTURES, 'e.hdf5'),
    responses: join(FIXTURES, 'responses_comma.csv'),
    response: 'p2p_FDI',
  };
  const cases: CorpusCase[] = [];
  const add = (name: string, over: Partial<CorpusCase>, expect: string[]): void => {
    cases.push({ name, ...good, ...over, expect });
  };

  // Truncations at 24 offsets of every HDF5 fixture the mapping reads (head -c N).
  const h5 = {
    efield: ['e.hdf5', 'e_vector_only.hdf5'],
    roi: ['roi_geo.hdf5', 'mesh_1based.hdf5'],
    responses: ['experiment_fixed.hdf5', 'experiment_table.hdf5', 'experiment_series.hdf5'],
  } as const;
  for (const [role, files] of Object.entries(h5) as [keyof typeof h5, readonly string[]][]) {
    for (const f of files) {
      const bytes = readFileSync(join(FIXTURES, f));
      for (let k = 0; k < 24; k++) {
        const n = Math.floor((bytes.length * k) / 24);
        const p = join(dir, `trunc-${k}-${f}`);
        writeFileSync(p, bytes.subarray(0, n));
        add(`truncated ${f} at ${n} bytes`, { [role]: p }, [...INPUT_ERRORS, 'CSV_PARSE']);
      }
    }
  }
  // Byte damage (8 positions × 3 files): may hit unused bytes, so success is an accepted answer too.
  for (const [role, f] of [
    ['efield', 'e.hdf5'],
    ['roi', 'roi_geo.hdf5'],
    ['responses', 'experiment_fixed.hdf5'],
  ] as const) {
    const bytes = readFileSync(join(FIXTURES, f));
    for (let k = 1; k <= 8; k++) {
      const at = Math.floor((bytes.length * k) / 9);
      const damaged = Buffer.from(bytes);
      for (let i = at; i < Math.min(at + 64, damaged.length); i++) damaged[i] ^= 0xa5;
      const p = join(dir, `damaged-${k}-${f}`);
      writeFileSync(p, damaged);
      add(`${f} with 64 bytes damaged at ${at}`, { [role]: p }, [
        'ok',
        ...INPUT_ERRORS,
        'BAD_VALUES',
        'NON_FINITE_E',
        'INDEX_OUT_OF_RANGE',
        'PICKLE_PARSE',
        'COLUMN_NOT_FOUND',
        'ZAP_COUNT_MISMATCH',
        'ELEMENT_COUNT_MISMATCH',
        'NO_VARIATION',
      ]);
    }
  }

  // CSVs: ±Inf, absurd amplitudes, constant/empty columns, wide headers, non-numbers.
  const csv = readFileSync(good.responses, 'utf8').trimEnd().split('\n');
  const header = csv[0].split(',');
  const col = header.indexOf('p2p_FDI');
  const withCell = (row: number, value: string): string =>
    csv
      .map((line, i) =>
        i === row
          ? line
              .split(',')
              .map((c, j) => (j === col ? value : c))
              .join(',')
          : line,
      )
      .join('\n');
  const writeCsv = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, `${text}\n`);
    return p;
  };
  for (let r = 1; r < csv.length; r++) {
    add(
      `+Inf MEP in row ${r}`,
      { responses: writeCsv(`inf-${r}.csv`, withCell(r, r % 2 ? 'inf' : '-Infinity')) },
      ['BAD_VALUES'],
    );
    add(
      `1e300 MEP in row ${r}`,
      { responses: writeCsv(`huge-${r}.csv`, withCell(r, r % 2 ? '1e300' : '-1e200')) },
      ['BAD_VALUES'],
    );
    add(`text in row ${r}`, { responses: writeCsv(`text-${r}.csv`, withCell(r, 'abc')) }, [
      'CSV_NOT_NUMERIC',
      'COLUMN_NOT_FOUND',
    ]);
  }
  add(
    'constant response column',
    {
      responses: writeCsv(
        'constant.csv',
        csv.map((l, i) => (i ? withCell(i, '1.5').split('\n')[i] : l)).join('\n'),
      ),
    },
    ['NO_VARIATION'],
  );
  add(
    'empty response column',
    {
      responses: writeCsv(
        'empty.csv',
        csv.map((l, i) => (i ? withCell(i, '').split('\n')[i] : l)).join('\n'),
      ),
    },
    ['NO_VARIATION', 'EMPTY_SELECTION', 'COLUMN_NOT_FOUND'],
  );
  for (const width of [10_001, 100_000, 1_000_000]) {
    const wide = Array.from({ length: width }, (_, i) => `c${i}`).join(',');
    add(
      `${width}-column header`,
      { responses: writeCsv(`wide-${width}.csv`, `${wide}\n${'1,'.repeat(width - 1)}1`) },
      ['TOO_LARGE'],
    );
  }
  add('header only', { responses: writeCsv('header-only.csv', csv[0]) }, ['CSV_PARSE']);
  add('binary garbage named .csv', { responses: writeCsv('garbage.csv', '\u0000\u0001\u0002'.repeat(100)) }, [
    'CSV_PARSE',
    'COLUMN_NOT_FOUND',
  ]);
  add('missing response column', { response: 'p2p_NOPE' }, ['COLUMN_NOT_FOUND']);
  copyFileSync(join(FIXTURES, 'not_hdf5.hdf5'), join(dir, 'not.hdf5'));
  add('E that is not HDF5', { efield: join(dir, 'not.hdf5') }, ['NOT_HDF5']);
  add('E that is a folder', { efield: dir }, [
    'FILE_NOT_FOUND',
    'DATASET_MISSING',
    'FILE_CORRUPT',
    'NOT_HDF5',
  ]);

  // Bad values and types in otherwise valid HDF5 files (written by make_hdf5_cases.py).
  const py = spawnSync('/usr/bin/python3', [join(import.meta.dirname, 'make_hdf5_cases.py'), dir], {
    encoding: 'utf8',
  });
  if (py.status !== 0) throw new Error(`make_hdf5_cases.py failed: ${py.stderr}`);
  const e = (n: string): string => join(dir, `${n}.hdf5`);
  add('E all zero', { efield: e('e_zero') }, ['NO_VARIATION']);
  add('E constant', { efield: e('e_constant') }, ['NO_VARIATION']);
  add('E denormal', { efield: e('e_denormal') }, ['NO_VARIATION']);
  add('E float16', { efield: e('e_float16') }, ['BAD_DTYPE']);
  add('E bool', { efield: e('e_bool') }, ['BAD_DTYPE']);
  add('E enum', { efield: e('e_int8_enum') }, ['BAD_DTYPE']);
  add('E strings', { efield: e('e_strings') }, ['BAD_DTYPE']);
  for (let z = 0; z < 30; z += 3) {
    add(`negative E_mag at zap ${z}`, { efield: e(`e_negative_${String(z).padStart(2, '0')}`) }, [
      'BAD_VALUES',
    ]);
    add(`NaN/Inf E at zap ${z}`, { efield: e(`e_nonfinite_${String(z).padStart(2, '0')}`) }, [
      'NON_FINITE_E',
    ]);
  }
  add('E 1-D', { efield: e('e_1d') }, ['BAD_SHAPE']);
  add('E vector with 2 components', { efield: e('e_3d_wrong') }, ['BAD_SHAPE']);
  add('E with a zap too few', { efield: e('e_wrong_zaps') }, ['ZAP_COUNT_MISMATCH']);
  add('E with an element too few', { efield: e('e_wrong_elements') }, ['ELEMENT_COUNT_MISMATCH']);
  add('E declared 40 M elements wide', { efield: e('e_huge_declared') }, [
    'ELEMENT_COUNT_MISMATCH',
    'TOO_LARGE',
  ]);
  // Declared 6 GiB, never written (the files are a few kB): refused by size or by count, never allocated.
  add('E declared 6 GiB wide, never written', { efield: e('e_6gib_declared') }, [
    'ELEMENT_COUNT_MISMATCH',
    'TOO_LARGE',
  ]);
  add('E declared 6 GiB of zaps, never written', { efield: e('e_6gib_zaps') }, [
    'ZAP_COUNT_MISMATCH',
    'TOO_LARGE',
  ]);
  add('mesh nodes declared 6 GiB, never written', { roi: e('mesh_6gib_nodes') }, ['TOO_LARGE']);
  add('ROI triangle list declared 6 GiB, never written', { roi: e('roi_6gib_triangles') }, ['TOO_LARGE']);
  add('virtual E with its source missing', { efield: e('e_virtual_missing') }, ['DATASET_MISSING']);
  for (let i = 0; i < 30; i += 3)
    add(`non-finite node ${i}`, { roi: e(`roi_nonfinite_${String(i).padStart(2, '0')}`) }, ['BAD_VALUES']);
  add('ROI all triangles degenerate', { roi: e('roi_all_degenerate') }, ['BAD_VALUES']);
  add('ROI collinear nodes', { roi: e('roi_collinear') }, ['BAD_VALUES']);
  add('ROI float16 nodes', { roi: e('roi_float16') }, ['BAD_DTYPE']);
  add('ROI bool triangles', { roi: e('roi_bool_tris') }, ['BAD_DTYPE']);
  add('ROI index too high', { roi: e('roi_index_high') }, ['INDEX_OUT_OF_RANGE']);
  add('ROI negative index', { roi: e('roi_index_negative') }, ['INDEX_OUT_OF_RANGE']);
  add('ROI nodes with 2 columns', { roi: e('roi_2col') }, ['BAD_SHAPE']);
  return cases;
}
