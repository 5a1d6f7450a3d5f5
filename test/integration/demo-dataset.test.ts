import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../main/contract';
import { defaultDemoCacheDir, efieldChunkColumns, ensureDemoDataset } from '../../main/io/demo-dataset';
import { openEfield } from '../../main/io/efield';
import { openH5, requireDataset } from '../../main/io/h5';
import { readResponses } from '../../main/io/responses';
import { readRoi } from '../../main/io/roi';
import { generateDemo, elementColumn, sigmoid4 } from '../../workers/synth';

const root = mkdtempSync(join(tmpdir(), 'tms-demo-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const opts = { seed: 7, nZaps: 120, gridSpacing: 2.5 };

/** Spearman rank correlation (no ties in continuous data). */
function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const rank = (v: ArrayLike<number>) => {
    const idx = Array.from({ length: v.length }, (_, i) => i).sort((i, j) => v[i] - v[j]);
    const r = new Float64Array(v.length);
    idx.forEach((i, k) => (r[i] = k));
    return r;
  };
  const ra = rank(a),
    rb = rank(b);
  const n = a.length,
    m = (n - 1) / 2;
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - m) * (rb[i] - m);
    saa += (ra[i] - m) ** 2;
    sbb += (rb[i] - m) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('ensureDemoDataset', () => {
  const dir = join(root, 'demo');

  it('writes the mesh, E-field, responses and truth in the users’ layouts, readable by the app’s readers', async () => {
    const files = await ensureDemoDataset(dir, opts);
    console.log(
      `demo files (${files.truth.nElements} elements × ${files.truth.nZaps} zaps) written in ${files.seconds.toFixed(2)} s`,
    );
    expect(files.generated).toBe(true);
    const { truth } = files;
    const demo = generateDemo(opts);

    const roi = await readRoi(files.meshFile, files.roiId);
    expect(roi.nTriangles).toBe(truth.nElements);
    expect(Array.from(roi.triangles)).toEqual(Array.from(demo.cortex.triangles));
    for (const m of truth.muscles) {
      for (let k = 0; k < 3; k++) expect(roi.centroids[3 * m.element + k]).toBeCloseTo(m.centroid[k], 9);
      // Normals from the file's node order point the same way as the generator's (outward).
      for (let k = 0; k < 3; k++) expect(roi.normals[3 * m.element + k]).toBeCloseTo(m.normal[k], 9);
    }

    const table = await readResponses(files.responsesFile);
    expect(table.nZaps).toBe(truth.nZaps);
    expect(Object.keys(table.columns)).toEqual(expect.arrayContaining(['p2p_FDI', 'p2p_ADM', 'p2p_APB']));
    expect(table.conditions?.slice(0, 2)).toEqual(['block1', 'block1']);
    expect(table.intensity?.[0]).toBeCloseTo(truth.zaps[0].dIdt / 1e6, 3);

    const src = await openEfield(files.efieldFile, { roi });
    try {
      expect([src.nZaps, src.nElements]).toEqual([truth.nZaps, truth.nElements]);
      expect(src.qois).toEqual(expect.arrayContaining(['E_mag', 'E_norm', 'E_tan']));
      for (const m of truth.muscles) {
        const col = await src.readColumns(m.qoi, m.element, m.element + 1);
        const expected = elementColumn(demo.efield, m.qoi, m.element, truth.nElements);
        expect(Array.from(col)).toEqual(Array.from(Float32Array.from(expected)));
        // The noiseless curve is monotone in the truth element's field, and the noisy MEPs follow it.
        const y = table.columns[m.column];
        const clean = Array.from(col, (x) => sigmoid4(x, m.params));
        expect(spearman(col, clean)).toBeCloseTo(1, 9);
        expect(spearman(col, y)).toBeGreaterThan(0.7);
        for (let k = 0; k < y.length; k++) expect(y[k]).toBeCloseTo(demo.responses[m.muscle][k], 5);
      }
    } finally {
      src.close();
    }

    const f = await openH5(files.efieldFile);
    try {
      const ds = requireDataset(f, '/E_mag');
      expect(ds.dtype).toBe('<f');
      expect(ds.metadata.chunks).toEqual([truth.nZaps, efieldChunkColumns(truth.nZaps, truth.nElements)]);
    } finally {
      f.close();
    }
  });

  it('reuses the cache for the same recipe and regenerates when the recipe or a file changes', async () => {
    const mtime = statSync(join(dir, 'e.hdf5')).mtimeMs;
    const again = await ensureDemoDataset(dir, opts);
    expect(again.generated).toBe(false);
    expect(statSync(join(dir, 'e.hdf5')).mtimeMs).toBe(mtime);
    expect(again.truth.muscles[0].element).toBeGreaterThanOrEqual(0);

    const other = await ensureDemoDataset(dir, { ...opts, seed: 8 });
    expect(other.generated).toBe(true);
    expect(other.truth.recipe.seed).toBe(8);

    writeFileSync(join(dir, 'manifest.json'), '{ not json');
    expect((await ensureDemoDataset(dir, { ...opts, seed: 8 })).generated).toBe(true);
    rmSync(join(dir, 'responses.csv'));
    expect((await ensureDemoDataset(dir, { ...opts, seed: 8 })).generated).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      recipe: { seed: number; version: number };
    };
    expect(manifest.recipe.seed).toBe(8);
  });

  it('fails with a coded error naming the folder when it cannot be created', async () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'x');
    const err = await ensureDemoDataset(join(blocker, 'demo'), opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).context.file).toBe(join(blocker, 'demo'));
  });
});

describe('defaultDemoCacheDir', () => {
  it('uses the platform’s user data folder', () => {
    expect(defaultDemoCacheDir({ XDG_DATA_HOME: '/x/data' }, 'linux')).toBe('/x/data/tms-mapper/demo');
    expect(defaultDemoCacheDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toContain(
      'tms-mapper',
    );
    expect(defaultDemoCacheDir({}, 'darwin')).toMatch(
      /Library[\\/]Application Support[\\/]tms-mapper[\\/]demo$/,
    );
    expect(defaultDemoCacheDir({}, 'linux')).toMatch(/\.local[\\/]share[\\/]tms-mapper[\\/]demo$/);
  });
});
