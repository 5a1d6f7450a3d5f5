import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeResults } from '../../main/io/results-writer';
import { gridRoi, mappingResult, PARAMS } from '../unit/io/results-fixture';

const SCRIPT = resolve(import.meta.dirname, '../interop/check_results.py');

/**
 * The first Python that has h5py and meshio: $PYTHON, python3 on PATH, then the system one
 * (pyenv shims often shadow Debian's python3-h5py/python3-meshio). None → a failing test.
 */
function findPython(): { python: string | null; tried: string[] } {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  const tried: string[] = [];
  for (const c of candidates) {
    const r = spawnSync(c, ['-c', 'import h5py, meshio, numpy'], { encoding: 'utf8' });
    tried.push(
      `${c}: ${r.error ? r.error.message : r.status === 0 ? 'ok' : r.stderr.trim().split('\n').at(-1)}`,
    );
    if (r.status === 0) return { python: c, tried };
  }
  return { python: null, tried };
}

type Values = (number | null)[];
interface CheckOutput {
  ok: boolean;
  errors: string[];
  versions: Record<string, string>;
  responses: Record<
    string,
    {
      geo: { n_nodes: number; n_tris: number };
      attrs: Record<string, unknown>;
      datasets: Record<string, Values>;
      zap_idx: number[];
      xdmf: { attributes: string[]; node_attributes: string[] };
      meshio: {
        direct: boolean;
        direct_error: string | null;
        cell_types: string[];
        n_cells: number;
        n_points: number;
        cell_data: Record<string, Values>;
      };
      convergence: Record<
        string,
        {
          n_zaps: number[];
          c: Record<string, Values>;
          mc: Record<string, number>;
          sv_rat: Record<string, number>;
        }
      >;
    }
  >;
}

const nanToNull = (a: ArrayLike<number>): Values => Array.from(a, (v) => (Number.isFinite(v) ? v : null));

const roi = gridRoi();
const result = mappingResult(roi);
let root: string;
let out: CheckOutput;

beforeAll(async () => {
  const { python, tried } = findPython();
  if (!python) {
    throw new Error(
      `No python3 with h5py and meshio found (tried ${tried.join('; ')}). ` +
        'Install them (Debian/Ubuntu: apt-get install python3-h5py python3-meshio) or set PYTHON=/path/to/python3.',
    );
  }
  root = mkdtempSync(join(tmpdir(), 'results-interop-'));
  const dir = join(root, 'results');
  await writeResults(dir, result, roi, {
    inputs: [{ role: 'responses', name: '/data/exp.csv', size: 2048 }],
  });
  const r = spawnSync(python, [SCRIPT, dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status === 2) throw new Error(`check_results.py: missing Python module: ${r.stdout}`);
  try {
    out = JSON.parse(r.stdout) as CheckOutput;
  } catch {
    throw new Error(`check_results.py printed no JSON (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('result folder read by h5py and meshio', () => {
  it('passes every layout check of check_results.py', () => {
    expect(out.errors).toEqual([]);
    expect(out.ok).toBe(true);
    expect(Object.keys(out.responses).sort()).toEqual(['p2p_ADM', 'p2p_FDI']);
  });

  it('h5py reads the scores, parameters and statuses that were written', () => {
    for (const m of result.maps) {
      const r = out.responses[m.response];
      expect(r.geo).toEqual({ n_nodes: 9, n_tris: 8 });
      expect(r.datasets[`c_${m.qoi}`]).toEqual(nanToNull(m.scores));
      PARAMS.forEach((p, i) => {
        expect(r.datasets[`${p}_${m.qoi}`]).toEqual(
          nanToNull(Array.from({ length: 8 }, (_, j) => m.params[j * 4 + i])),
        );
      });
      expect(r.datasets[`status_${m.qoi}`]).toEqual(Array.from(m.status));
      expect(r.zap_idx).toEqual(Array.from(result.zapIndices));
      expect(r.attrs.fun).toBe('sigmoid4');
      expect(r.attrs.response).toBe(m.response);
      expect(r.attrs.input_files).toEqual(['/data/exp.csv']);
    }
  });

  it('meshio loads the XDMF as a triangle mesh carrying one cell array per dataset with the written values', () => {
    for (const m of result.maps) {
      const mesh = out.responses[m.response].meshio;
      expect(mesh.cell_types).toEqual(['triangle']);
      expect([mesh.n_points, mesh.n_cells]).toEqual([9, 8]);
      expect(mesh.cell_data[`c_${m.qoi}`]).toEqual(nanToNull(m.scores));
      expect(mesh.cell_data[`status_${m.qoi}`]).toEqual(Array.from(m.status));
      expect(mesh.cell_data[`amp_${m.qoi}`]).toEqual(
        nanToNull(Array.from({ length: 8 }, (_, j) => m.params[j * 4 + 2])),
      );
    }
    expect(out.responses.p2p_FDI.xdmf.node_attributes).toEqual(['tissue_type']);
  });

  it('h5py reads the convergence steps as c/<n>, mc/<n>, sv_rat/<n>', () => {
    const conv = out.responses.p2p_FDI.convergence['convergence_E_mag.hdf5'];
    const steps = result.convergence[0].steps;
    expect(conv.n_zaps).toEqual([2, 4, 6]);
    for (const s of steps) {
      expect(conv.c[String(s.nZaps)]).toEqual(nanToNull(s.scores));
      expect(conv.mc[String(s.nZaps)]).toBe(s.mutualCoherence);
      expect(conv.sv_rat[String(s.nZaps)]).toBe(s.svRatio);
    }
    expect(out.responses.p2p_ADM.convergence).toEqual({});
  });
});
