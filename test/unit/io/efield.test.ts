import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openEfield } from '../../../main/io/efield';
import { createH5 } from '../../../main/io/h5';
import { readRoi } from '../../../main/io/roi';
import type { QoiName } from '../../../main/contract';
import type { EfieldSource, RoiGeometry } from '../../../main/io/types';
import { expectAppError, expectClose, expected, fx, zapMajor } from './fixtures';

const E = expected.efield;
const R = expected.responses;
const open: EfieldSource[] = [];
const track = (s: EfieldSource): EfieldSource => (open.push(s), s);
afterEach(() => {
  while (open.length) open.pop()!.close();
});

/** Element-major expectation for elements [start, end) and the given zaps from a zap-major flat array. */
function columns(flat: number[], start: number, end: number, zaps: number[]): number[] {
  const out: number[] = [];
  for (let j = start; j < end; j++) for (const z of zaps) out.push(zapMajor(flat, E.nElements, z, j));
  return out;
}
const allZaps = Array.from({ length: E.nZaps }, (_, i) => i);

describe('openEfield, zap-major scalar datasets', () => {
  it('reports size, QOIs and the chunk width along elements', async () => {
    const s = track(await openEfield(fx('e.hdf5')));
    expect([s.nZaps, s.nElements]).toEqual([E.nZaps, E.nElements]);
    expect(s.qois).toEqual(['E_mag', 'E_norm', 'E_tan']);
    expect(s.chunkElements).toBe(8); // make_fixtures.py writes chunks (zaps, 8)
    expect(track(await openEfield(fx('e_mag_only_f4.hdf5'))).chunkElements).toBeNull();
  });
  it.each(['E_mag', 'E_norm', 'E_tan'] as QoiName[])('reads %s column blocks element-major', async (q) => {
    const s = track(await openEfield(fx('e.hdf5')));
    const got = await s.readColumns(q, 5, 13);
    expectClose(got, columns(E[q], 5, 13, allZaps), 1e-6);
  });
  it('reads only the selected zaps, in the given order', async () => {
    const s = track(await openEfield(fx('e.hdf5')));
    const zaps = [7, 0, 29, 3];
    expectClose(
      await s.readColumns('E_mag', 30, 40, Uint32Array.from(zaps)),
      columns(E.E_mag, 30, 40, zaps),
      1e-6,
    );
  });
  it('reads float32 files', async () => {
    const s = track(await openEfield(fx('e_mag_only_f4.hdf5')));
    expect(s.qois).toEqual(['E_mag']);
    expectClose(await s.readColumns('E_mag', 0, 40), columns(E.E_mag, 0, 40, allZaps), 1e-6);
  });
  it('scales rows by intensity when asked', async () => {
    const intensity = Float64Array.from(R.current);
    const s = track(await openEfield(fx('e.hdf5'), { intensity, scaleByIntensity: true }));
    const got = await s.readColumns('E_mag', 2, 3);
    expectClose(
      got,
      allZaps.map((z) => zapMajor(E.E_mag, E.nElements, z, 2) * R.current[z]),
      1e-6,
    );
  });
  it('rejects out-of-range blocks and zaps, and a closed source', async () => {
    const s = await openEfield(fx('e.hdf5'));
    await expectAppError(s.readColumns('E_mag', 0, 41), 'BAD_ARGUMENT', ['[0, 41)']);
    await expectAppError(s.readColumns('E_mag', 0, 1, Uint32Array.of(30)), 'BAD_ARGUMENT', ['zap index 30']);
    s.close();
    await expectAppError(s.readColumns('E_mag', 0, 1), 'BAD_ARGUMENT', ['closed']);
  });
});

describe('openEfield, E chunked along the elements (read chunk by chunk)', () => {
  // 1 300 elements in chunks of 300, so one read spans pieces of 600 columns (two chunks each) and starts and ends
  // mid-piece; the contiguous copy of the same values is read in one slice.
  const dir = mkdtempSync(join(tmpdir(), 'efield-chunks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const nZaps = 7;
  const nElements = 1300;
  const values = Float32Array.from({ length: nZaps * nElements }, (_, i) => 1 + (i % 997) / 7);
  async function write(name: string, data: Float32Array, chunks?: number[]): Promise<string> {
    const path = join(dir, name);
    const f = await createH5(path);
    f.create_dataset({
      name: 'E_mag',
      data,
      shape: [nZaps, nElements],
      dtype: '<f',
      ...(chunks ? { chunks } : {}),
    });
    f.close();
    return path;
  }

  it('gives the same columns as a contiguous file, for any range, zap order and intensity', async () => {
    const opts = {
      intensity: Float64Array.from({ length: nZaps }, (_, z) => 1 + z / 2),
      scaleByIntensity: true,
    };
    const chunked = track(await openEfield(await write('chunked.hdf5', values, [nZaps, 300]), opts));
    const flat = track(await openEfield(await write('flat.hdf5', values), opts));
    expect([chunked.chunkElements, flat.chunkElements]).toEqual([300, null]);
    const zaps = Uint32Array.of(6, 0, 3, 3);
    for (const [a, b] of [
      [100, 1250],
      [0, 1300],
      [599, 601],
      [600, 1200],
    ]) {
      const got = await chunked.readColumns('E_mag', a, b, zaps);
      expect(got).toEqual(await flat.readColumns('E_mag', a, b, zaps));
      // element b − 1, zap 6 (first) at intensity 4
      expect(got[(b - 1 - a) * zaps.length]).toBe(Math.fround(values[6 * nElements + b - 1] * 4));
    }
  });
  it('derives E_mag and E_norm from a chunked vector /E piece by piece as from a contiguous one', async () => {
    const vec = Float32Array.from({ length: nZaps * nElements * 3 }, (_, i) => ((i % 101) - 50) / 9);
    async function writeVector(name: string, chunks?: number[]): Promise<string> {
      const path = join(dir, name);
      const f = await createH5(path);
      f.create_dataset({
        name: 'E',
        data: vec,
        shape: [nZaps, nElements, 3],
        dtype: '<f',
        ...(chunks ? { chunks } : {}),
      });
      f.close();
      return path;
    }
    // Unit normals that differ per element, so E_norm of a piece read against the wrong elements' normals shows.
    const normals = new Float64Array(nElements * 3);
    for (let j = 0; j < nElements; j++) {
      const t = j / 100;
      normals.set([Math.cos(t), Math.sin(t), 0], j * 3);
    }
    const roi = { nTriangles: nElements, normals } as unknown as RoiGeometry;
    const chunked = track(
      await openEfield(await writeVector('vector-chunked.hdf5', [nZaps, 300, 3]), { roi }),
    );
    const flat = track(await openEfield(await writeVector('vector-flat.hdf5'), { roi }));
    expect(chunked.chunkElements).toBe(300);
    const i = (4 * nElements + 1289) * 3; // element 1289, zap 4
    for (const q of ['E_mag', 'E_norm'] as QoiName[]) {
      const got = await chunked.readColumns(q, 250, 1290);
      expect(got).toEqual(await flat.readColumns(q, 250, 1290));
      const want =
        q === 'E_mag'
          ? Math.hypot(vec[i], vec[i + 1], vec[i + 2])
          : vec[i] * normals[1289 * 3] + vec[i + 1] * normals[1289 * 3 + 1];
      expect(got[(1289 - 250) * nZaps + 4]).toBeCloseTo(want, 5);
    }
  });
  it('names the element of a bad value in a later piece', async () => {
    const bad = values.slice();
    bad[2 * nElements + 1100] = NaN;
    const s = track(await openEfield(await write('chunked-nan.hdf5', bad, [nZaps, 300])));
    await expectAppError(s.readColumns('E_mag', 100, 1250), 'NON_FINITE_E', ['zap 2, element 1100']);
  });
});

describe('openEfield, vector field /E only', () => {
  it('derives E_mag only without an ROI', async () => {
    const s = track(await openEfield(fx('e_vector_only.hdf5')));
    expect(s.qois).toEqual(['E_mag']);
    await expectAppError(s.readColumns('E_norm', 0, 1), 'DATASET_MISSING', ['E_norm']);
  });
  it('derives E_mag, E_norm, E_tan with the ROI normals', async () => {
    const roi = await readRoi(fx('mesh_rois.hdf5'), '0');
    const s = track(await openEfield(fx('e_vector_only.hdf5'), { roi }));
    expect(s.qois).toEqual(['E_mag', 'E_norm', 'E_tan']);
    for (const q of ['E_mag', 'E_norm', 'E_tan'] as QoiName[]) {
      // float32 vector components: compare with an absolute tolerance
      expectClose(await s.readColumns(q, 0, 40), columns(E[q], 0, 40, allZaps), 2e-6);
    }
  });
  it('says when the E-field looks transposed (elements × zaps)', async () => {
    const roi = await readRoi(fx('mesh_rois.hdf5'), '0');
    await expectAppError(openEfield(fx('e_transposed.hdf5'), { roi }), 'ELEMENT_COUNT_MISMATCH', [
      'looks transposed',
      '30 elements',
    ]);
  });
  it('refuses an ROI with another element count', async () => {
    const roi = await readRoi(fx('mesh_rois.hdf5'), 'midlayer_l');
    await expectAppError(openEfield(fx('e_vector_only.hdf5'), { roi }), 'ELEMENT_COUNT_MISMATCH', [
      'e_vector_only.hdf5',
      '40 elements',
      '18 triangles',
    ]);
  });
});

describe('openEfield, older per-condition layout', () => {
  const conditions = R.conditions;
  const intensity = Float64Array.from(R.current);
  it('maps each zap to its condition file and scales by its current', async () => {
    const roi = await readRoi(fx('mesh_rois.hdf5'), '0');
    const s = track(await openEfield(fx('percondition'), { roi, conditions, intensity }));
    expect([s.nZaps, s.nElements]).toEqual([E.nZaps, E.nElements]);
    expect(s.qois).toEqual(['E_mag', 'E_norm', 'E_tan']);
    expectClose(await s.readColumns('E_mag', 0, 40), columns(E.perCondition.E_mag, 0, 40, allZaps), 1e-6);
    expectClose(
      await s.readColumns('E_norm', 3, 9, Uint32Array.of(4, 2)),
      columns(E.perCondition.E_norm, 3, 9, [4, 2]),
      1e-6,
    );
  });
  it('one condition file applies to every zap', async () => {
    const s = track(await openEfield(fx('percondition/A.hdf5'), { intensity }));
    const a = await s.readColumns('E_mag', 0, 1);
    const zA = conditions.indexOf('A');
    expect(a[zA]).toBeCloseTo(zapMajor(E.perCondition.E_mag, E.nElements, zA, 0), 5);
  });
  it('needs the intensities to scale 1 A/µs fields', async () => {
    await expectAppError(openEfield(fx('percondition'), { conditions }), 'COLUMN_NOT_FOUND', [
      'percondition',
      'intensity',
    ]);
  });
  it('names a condition without a file', async () => {
    const bad = conditions.map((c, i) => (i === 3 ? 'D' : c));
    await expectAppError(openEfield(fx('percondition'), { conditions: bad, intensity }), 'DATASET_MISSING', [
      'D.hdf5',
      'zap 3',
    ]);
  });
});

describe('openEfield, bad files', () => {
  it('NaN in E names file, dataset and the first bad (zap, element)', async () => {
    const s = track(await openEfield(fx('e_nan.hdf5')));
    await expectAppError(s.readColumns('E_mag', 10, 20), 'NON_FINITE_E', [
      'e_nan.hdf5',
      '/E_mag',
      `zap ${E.nan.zap}, element ${E.nan.element}`,
    ]);
    // blocks and zap selections that avoid the bad value read fine
    expect((await s.readColumns('E_mag', 0, 10)).length).toBe(10 * E.nZaps);
    expect((await s.readColumns('E_mag', 17, 18, Uint32Array.of(0, 1, 2))).length).toBe(3);
  });
  it('Inf in E is reported too', async () => {
    const s = track(await openEfield(fx('e_inf.hdf5')));
    await expectAppError(s.readColumns('E_mag', 0, 40), 'NON_FINITE_E', [
      `zap ${E.inf.zap}, element ${E.inf.element}`,
      'Infinity',
    ]);
  });
  it('a file without E datasets lists what it has', async () => {
    await expectAppError(openEfield(fx('e_missing.hdf5')), 'DATASET_MISSING', [
      'e_missing.hdf5',
      '/E_magnitude',
      '/E_mag, /E_norm, /E_tan',
    ]);
  });
  it('not HDF5 / missing', async () => {
    await expectAppError(openEfield(fx('not_hdf5.hdf5')), 'NOT_HDF5', ['not_hdf5.hdf5']);
    await expectAppError(openEfield(fx('nothing.hdf5')), 'FILE_NOT_FOUND', ['nothing.hdf5']);
  });
});
