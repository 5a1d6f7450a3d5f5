// Benchmark of writing and reading a result folder at realistic sizes (whole-midlayer ROI, three QOIs, two muscles, convergence).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadH5 } from '../../main/io/h5';
import { readResults } from '../../main/io/results-reader';
import { writeResults } from '../../main/io/results-writer';
import type { ElementMap, MappingResult, QoiName } from '../../main/contract';
import type { RoiGeometry } from '../../main/io/types';

/** A side × side node grid → 2·(side−1)² triangles. */
function roiOf(side: number): RoiGeometry {
  const nN = side * side;
  const nodes = new Float64Array(nN * 3);
  for (let i = 0; i < nN; i++) nodes.set([i % side, Math.floor(i / side), 0], i * 3);
  const tris: number[] = [];
  for (let r = 0; r < side - 1; r++) {
    for (let c = 0; c < side - 1; c++) {
      const a = r * side + c;
      tris.push(a, a + 1, a + side + 1, a, a + side + 1, a + side);
    }
  }
  const nT = tris.length / 3;
  return {
    file: 'bench',
    roiId: null,
    nNodes: nN,
    nTriangles: nT,
    nodes,
    triangles: Uint32Array.from(tris),
    centroids: new Float64Array(nT * 3),
    normals: new Float64Array(nT * 3),
    areas: new Float64Array(nT),
  };
}

function resultOf(roi: RoiGeometry, responses: string[], qois: QoiName[], convSteps: number): MappingResult {
  const n = roi.nTriangles;
  const maps: ElementMap[] = [];
  for (const response of responses) {
    for (const qoi of qois) {
      const scores = Float64Array.from({ length: n }, () => Math.random());
      maps.push({
        response,
        qoi,
        fun: 'sigmoid4',
        score: 'R2',
        paramNames: ['x0', 'r', 'amp', 'y0'],
        scores,
        params: Float64Array.from({ length: n * 4 }, () => Math.random()),
        status: new Uint8Array(n),
        hotspot: { element: 0, score: scores[0], centroid: [0, 0, 0] },
        failed: 0,
        seconds: 1,
      });
    }
  }
  const steps = Array.from({ length: convSteps }, (_, k) => ({
    nZaps: 20 * (k + 1),
    scores: Float64Array.from({ length: n }, () => Math.random()),
    nrmsd: k === 0 ? NaN : 0.1,
    hotspotDistance: k === 0 ? NaN : 1,
    hotspot: { element: 0, score: 1, centroid: [0, 0, 0] as [number, number, number] },
    mutualCoherence: 0.9,
    svRatio: 100,
  }));
  return {
    spec: {
      inputs: { roiFile: 'r', efieldFile: 'e', responsesFile: 'x' },
      responses,
      qois,
      fun: 'sigmoid4',
      score: 'R2',
      preset: 'element',
      nRefit: 50,
      discontinuityRefit: true,
      stepdown: false,
      badElementScreen: true,
      convergence: convSteps > 0,
      workers: 2,
      seed: 1,
    },
    nZaps: 1000,
    zapIndices: Uint32Array.from({ length: 1000 }, (_, i) => i),
    nElements: n,
    maps,
    convergence: convSteps > 0 ? [{ response: responses[0], qoi: qois[0], steps }] : [],
    quality: [],
    workers: 2,
    seconds: 1,
    appVersion: 'bench',
  };
}

const root = mkdtempSync(join(tmpdir(), 'results-bench-'));
try {
  // h5wasm's one-time start-up is not part of a write: load it first and report it apart.
  const t0 = performance.now();
  await loadH5();
  console.log(`h5wasm start-up ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  // One small write first, so wasm compilation tiers and file-system caches do not bill the first row.
  const warm = roiOf(11);
  await writeResults(join(root, 'warm'), resultOf(warm, ['a'], ['E_mag'], 1), warm);
  console.log('elements  responses×qois  conv steps  files   MB      write s  read s');
  for (const [side, conv] of [
    [51, 0],
    [159, 10],
    [225, 10],
  ] as const) {
    const roi = roiOf(side);
    const result = resultOf(roi, ['p2p_FDI', 'p2p_ADM'], ['E_mag', 'E_norm', 'E_tan'], conv);
    const dir = join(root, `r${side}`);
    const w = await writeResults(dir, result, roi);
    const t1 = performance.now();
    await readResults(dir);
    const readS = (performance.now() - t1) / 1000;
    const mb = w.files.reduce((s, f) => s + f.bytes, 0) / 1e6;
    console.log(
      `${String(roi.nTriangles).padEnd(9)} ${'2×3'.padEnd(15)} ${String(conv).padEnd(11)} ${String(w.files.length).padEnd(7)} ${mb.toFixed(1).padEnd(7)} ${w.seconds.toFixed(2).padEnd(8)} ${readS.toFixed(2)}`,
    );
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
