import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openH5, type H5Dataset, type H5File } from '../../../main/io/h5';
import { writeResults, type WrittenResults } from '../../../main/io/results-writer';
import { ELEMENT_STATUS_NAMES } from '../../../workers/fit/types';
import { gridRoi, mappingResult, PARAMS } from './results-fixture';

const roi = gridRoi();
const result = mappingResult(roi);
let root: string;
let out: string;
let written: WrittenResults;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'results-writer-'));
  out = join(root, 'run1');
  written = await writeResults(out, result, roi, {
    inputs: [{ role: 'efield', name: '/data/e.hdf5', size: 123456789012 }],
    date: new Date('2026-01-02T03:04:05Z'),
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function ds(f: H5File, path: string): H5Dataset {
  const d = f.get(path);
  if (!d || !('shape' in d)) throw new Error(`no dataset ${path}`);
  return d;
}

async function withFile<T>(path: string, fn: (f: H5File) => T): Promise<T> {
  const f = await openH5(path);
  try {
    return fn(f);
  } finally {
    f.close();
  }
}

describe('writeResults', () => {
  it('writes one folder per response plus hotspots.csv, summary.json and targets/, and nothing else', () => {
    expect(readdirSync(out).sort()).toEqual([
      '.tms-mapper-manifest.json',
      'hotspots.csv',
      'p2p_ADM',
      'p2p_FDI',
      'summary.json',
      'targets',
    ]);
    expect(readdirSync(join(out, 'p2p_FDI')).sort()).toEqual([
      'convergence.csv',
      'convergence_E_mag.hdf5',
      'convergence_E_mag.xdmf',
      'r2_roi_data.hdf5',
      'r2_roi_data.xdmf',
      'r2_roi_geo.hdf5',
    ]);
    expect(readdirSync(join(out, 'p2p_ADM')).sort()).toEqual([
      'r2_roi_data.hdf5',
      'r2_roi_data.xdmf',
      'r2_roi_geo.hdf5',
    ]);
    expect(readdirSync(root)).toEqual(['run1']);
    expect(written.files.map((f) => f.file).at(-1)).toBe('summary.json');
    expect(written.files.every((f) => f.bytes > 0)).toBe(true);
  });

  it('stores scores, parameters and statuses per QOI with their dtypes and shapes', async () => {
    for (const m of result.maps) {
      await withFile(join(out, m.response, 'r2_roi_data.hdf5'), (f) => {
        const c = ds(f, `/data/tris/c_${m.qoi}`);
        expect(c.dtype).toBe('<d');
        expect(c.shape).toEqual([roi.nTriangles]);
        expect(Array.from(c.value as Float64Array)).toEqual(Array.from(m.scores));
        PARAMS.forEach((p, i) => {
          const d = ds(f, `/data/tris/${p}_${m.qoi}`);
          expect(d.dtype).toBe('<d');
          const col = Array.from({ length: roi.nTriangles }, (_, j) => m.params[j * PARAMS.length + i]);
          expect(Array.from(d.value as Float64Array)).toEqual(col);
        });
        const s = ds(f, `/data/tris/status_${m.qoi}`);
        expect(s.dtype).toBe('<B');
        expect(Array.from(s.value as Uint8Array)).toEqual(Array.from(m.status));
        expect(JSON.parse(s.attrs.codes.value as string)).toEqual(
          JSON.parse(JSON.stringify(ELEMENT_STATUS_NAMES)),
        );
        expect(c.attrs.param_names.value).toEqual(PARAMS);
        expect(c.attrs.hotspot_element.value).toBe(m.hotspot.element);
        expect(c.attrs.hotspot_score.value).toBe(m.hotspot.score);
        expect(Array.from(c.attrs.hotspot_centroid.value as Float64Array)).toEqual(m.hotspot.centroid);
      });
    }
  });

  it('records the run as root attributes and the zap indices as a dataset', async () => {
    await withFile(join(out, 'p2p_FDI', 'r2_roi_data.hdf5'), (f) => {
      const a = (k: string): unknown => f.attrs[k]?.value;
      expect(a('app_version')).toBe('0.1.0');
      expect(a('response')).toBe('p2p_FDI');
      expect(a('qois')).toEqual(['E_mag', 'E_norm']);
      expect(a('fun')).toBe('sigmoid4');
      expect(a('score_type')).toBe('R2');
      expect(a('n_refit')).toBe(50);
      expect(a('refit_discontinuities')).toBe(1);
      expect(a('stepdown')).toBe(0);
      // The step start (beyond the reference) is named in the file: on unless the spec turned it off.
      expect(a('step_start')).toBe(1);
      // So is the fast solver: on for a spec written before the option (this fixture's), off for new specs.
      expect(a('fast_solver')).toBe(1);
      expect(a('signed_data')).toBe('auto');
      // element preset with the bad-element screen is neither reference set
      expect(a('pipeline')).toBe('custom');
      expect(JSON.parse(a('zap_selection') as string)).toEqual({ conditions: ['a', 'b'], first: 6 });
      expect(a('n_zaps')).toBe(6);
      expect(a('seed')).toBe(42);
      expect(a('date')).toBe('2026-01-02T03:04:05.000Z');
      expect(a('input_files')).toEqual(['/data/e.hdf5']);
      expect(Array.from(a('input_sizes') as Float64Array)).toEqual([123456789012]);
      expect(a('mutual_coherence_E_mag')).toBe(0.93);
      expect(a('sv_ratio_E_norm')).toBe(99.25);
      expect(JSON.parse(a('spec') as string)).toEqual(JSON.parse(JSON.stringify(result.spec)));
      const z = ds(f, '/zap_idx');
      expect(z.dtype).toBe('<I');
      expect(Array.from(z.value as Uint32Array)).toEqual(Array.from(result.zapIndices));
    });
  });

  it('writes the geometry as pyNIBS does: float64 nodes, int32 0-based triangles, tissue type zeros (n_nodes, 1)', async () => {
    await withFile(join(out, 'p2p_ADM', 'r2_roi_geo.hdf5'), (f) => {
      const nodes = ds(f, '/mesh/nodes/node_coord');
      expect(nodes.dtype).toBe('<d');
      expect(nodes.shape).toEqual([9, 3]);
      expect(Array.from(nodes.value as Float64Array)).toEqual(Array.from(roi.nodes));
      const tri = ds(f, '/mesh/elm/triangle_number_list');
      expect(tri.dtype).toBe('<i');
      expect(tri.shape).toEqual([8, 3]);
      expect(Array.from(tri.value as Int32Array)).toEqual(Array.from(roi.triangles));
      const tt = ds(f, '/mesh/elm/tri_tissue_type');
      expect(tt.shape).toEqual([9, 1]);
      expect(Array.from(tt.value as Int32Array)).toEqual(new Array(9).fill(0));
    });
  });

  it('writes convergence as c/<n>, mc/<n>, sv_rat/<n> with the step statistics', async () => {
    const conv = result.convergence[0];
    await withFile(join(out, 'p2p_FDI', 'convergence_E_mag.hdf5'), (f) => {
      expect(Array.from(f.attrs.n_zaps.value as Int32Array)).toEqual([2, 4, 6]);
      for (const s of conv.steps) {
        const c = ds(f, `/c/${s.nZaps}`);
        expect(c.shape).toEqual([roi.nTriangles]);
        expect(Array.from(c.value as Float64Array)).toEqual(Array.from(s.scores));
        expect(ds(f, `/mc/${s.nZaps}`).shape).toEqual([]);
        expect(ds(f, `/mc/${s.nZaps}`).value).toBe(s.mutualCoherence);
        expect(ds(f, `/sv_rat/${s.nZaps}`).value).toBe(s.svRatio);
        expect(c.attrs.nrmsd.value).toEqual(s.nrmsd);
        expect(c.attrs.geodesic_distance_mm.value).toEqual(s.hotspotDistance);
      }
    });
    const csv = Papa.parse<Record<string, string>>(
      readFileSync(join(out, 'p2p_FDI', 'convergence.csv'), 'utf8'),
      {
        header: true,
        skipEmptyLines: true,
      },
    );
    expect(csv.meta.fields).toEqual([
      'metric',
      'qoi',
      'fun',
      'n_zaps',
      'nrmsd',
      'geodesic_distance_mm',
      'hotspot_element',
      'hotspot_score',
      'mutual_coherence',
      'sv_ratio',
    ]);
    expect(csv.data.map((r) => [r.metric, r.qoi, r.fun, Number(r.n_zaps), Number(r.nrmsd)])).toEqual([
      ['R2', 'E_mag', 'sigmoid4', 2, NaN],
      ['R2', 'E_mag', 'sigmoid4', 4, 0.1],
      ['R2', 'E_mag', 'sigmoid4', 6, 0.05],
    ]);
  });

  it('points the XDMF at the geo and data files by base name, one cell attribute per dataset', () => {
    const x = readFileSync(join(out, 'p2p_FDI', 'r2_roi_data.xdmf'), 'utf8');
    expect(x).toContain('<Xdmf Version="2.0"');
    expect(x).toContain('<Grid CollectionType="Spatial" GridType="Collection" Name="Collection">');
    expect(x).toContain('<Grid Name="tris" GridType="Uniform">');
    expect(x).toContain('<Topology NumberOfElements="8" TopologyType="Triangle"');
    expect(x).toMatch(
      /Dimensions="8 3" NumberType="Int" Precision="4">\s*r2_roi_geo\.hdf5:\/mesh\/elm\/triangle_number_list/,
    );
    expect(x).toMatch(
      /<Geometry GeometryType="XYZ">\s*<DataItem Format="HDF" Dimensions="9 3" NumberType="Float" Precision="8">\s*r2_roi_geo\.hdf5:\/mesh\/nodes\/node_coord/,
    );
    const cells = [
      ...x.matchAll(
        /<Attribute Name="([^"]+)" AttributeType="Scalar" Center="Cell">\s*<DataItem[^>]*>\s*([^<\s]+)/g,
      ),
    ];
    const expected = [
      'c_E_mag',
      'c_E_norm',
      ...['E_mag', 'E_norm'].flatMap((q) => PARAMS.map((p) => `${p}_${q}`)),
      'status_E_mag',
      'status_E_norm',
    ];
    expect(cells.map((m) => m[1])).toEqual(expected);
    expect(cells.map((m) => m[2])).toEqual(expected.map((n) => `r2_roi_data.hdf5:/data/tris/${n}`));
    expect(x).not.toContain(root);
  });

  it('lists every response × QOI hotspot in hotspots.csv and summary.json', () => {
    const csv = Papa.parse<Record<string, string>>(readFileSync(join(out, 'hotspots.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    expect(csv.meta.fields).toEqual(['response', 'qoi', 'element', 'score', 'x', 'y', 'z']);
    expect(csv.data).toHaveLength(4);
    result.maps.forEach((m, i) => {
      const r = csv.data[i];
      expect([r.response, r.qoi, Number(r.element), Number(r.score)]).toEqual([
        m.response,
        m.qoi,
        m.hotspot.element,
        m.hotspot.score,
      ]);
      expect([Number(r.x), Number(r.y), Number(r.z)]).toEqual(m.hotspot.centroid);
    });
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown> & {
      results: {
        response: string;
        qoi: string;
        hotspot: { element: number; score: number; centroid: number[] };
        elements: number;
        failed: number;
        seconds: number;
      }[];
    };
    expect(s.zaps).toBe(6);
    expect(s.workers).toBe(2);
    expect(s.seconds).toBe(3.5);
    expect(s.results.map((r) => [r.response, r.qoi, r.elements, r.failed, r.seconds])).toEqual(
      result.maps.map((m) => [m.response, m.qoi, 8, 1, m.seconds]),
    );
    expect(s.results[0].hotspot).toEqual({
      element: result.maps[0].hotspot.element,
      score: result.maps[0].hotspot.score,
      centroid: result.maps[0].hotspot.centroid,
    });
    // NaN has no JSON spelling: the first convergence step's nrmsd is null.
    expect((s.convergence as { steps: { nrmsd: number | null }[] }[])[0].steps[0].nrmsd).toBeNull();
  });

  it('adds caller fields to summary.json without letting them replace what the reader needs', async () => {
    const dir = join(root, 'extras');
    const w = await writeResults(dir, result, roi, {
      summaryExtras: {
        top: { shard: '1/4', zaps: -1 },
        results: [{ truthDistance: 1.5, folder: 'elsewhere', elements: 2 }],
      },
    });
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Record<string, unknown> & {
      results: Record<string, unknown>[];
    };
    expect([s.shard, s.zaps]).toEqual(['1/4', 6]);
    expect([s.results[0].truthDistance, s.results[0].folder, s.results[0].elements]).toEqual([
      1.5,
      'p2p_FDI',
      2,
    ]);
    expect(s.results[1].truthDistance).toBeUndefined();
    expect(w.bytes).toBe(w.files.reduce((a, f) => a + f.bytes, 0));
    rmSync(dir, { recursive: true });
  });

  it('refuses a result whose element count differs from the ROI before touching the disk', async () => {
    const dir = join(root, 'mismatch');
    const bad = { ...result, nElements: 7 };
    await expect(writeResults(dir, bad, roi)).rejects.toMatchObject({ code: 'ELEMENT_COUNT_MISMATCH' });
    const short = { ...result, maps: [{ ...result.maps[0], scores: result.maps[0].scores.subarray(0, 5) }] };
    await expect(writeResults(dir, short, roi)).rejects.toMatchObject({ code: 'BAD_SHAPE' });
    expect(readdirSync(root)).toEqual(['run1']);
  });
});
