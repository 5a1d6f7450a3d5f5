// A hand-built MappingResult on a 3×3-node grid (8 triangles): two muscles × two QOIs, odd statuses, one convergence run.
import { ElementStatus } from '../../../workers/fit/types';
import type { ConvergenceStep, ElementMap, JobSpec, MappingResult, QoiName } from '../../../main/contract';
import type { RoiGeometry } from '../../../main/io/types';

/** 3 × 3 nodes 10 mm apart at z = 50 + x/10; two triangles per cell. */
export function gridRoi(): RoiGeometry {
  const nodes: number[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) nodes.push(c * 10, r * 10, 50 + c);
  const tris: number[] = [];
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      const a = r * 3 + c;
      tris.push(a, a + 1, a + 4, a, a + 4, a + 3);
    }
  }
  const nT = tris.length / 3;
  const centroids = new Float64Array(nT * 3);
  for (let t = 0; t < nT; t++) {
    for (let k = 0; k < 3; k++) {
      for (let d = 0; d < 3; d++) centroids[t * 3 + d] += nodes[tris[t * 3 + k] * 3 + d] / 3;
    }
  }
  return {
    file: '/data/subject1/mesh0_refinedM1.hdf5',
    roiId: 'midlayer_m1s1pmd',
    nNodes: 9,
    nTriangles: nT,
    nodes: Float64Array.from(nodes),
    triangles: Uint32Array.from(tris),
    centroids,
    normals: new Float64Array(nT * 3).fill(0).map((_, i) => (i % 3 === 2 ? 1 : 0)),
    areas: new Float64Array(nT).fill(50),
  };
}

export const PARAMS = ['x0', 'r', 'amp', 'y0'];

function makeMap(roi: RoiGeometry, response: string, qoi: QoiName, offset: number): ElementMap {
  const n = roi.nTriangles;
  const scores = new Float64Array(n);
  const params = new Float64Array(n * PARAMS.length);
  const status = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    // Irrational-looking values: any float32 round-trip or column mix-up changes them.
    scores[j] = Math.sin(j * 0.7 + offset) * 0.4 + 0.5;
    for (let p = 0; p < PARAMS.length; p++)
      params[j * PARAMS.length + p] = (p + 1) * Math.PI + j / 7 + offset;
  }
  status[2] = ElementStatus.maxEvaluations;
  status[5] = ElementStatus.skippedBad;
  status[7] = ElementStatus.failed;
  scores[7] = NaN;
  for (let p = 0; p < PARAMS.length; p++) params[7 * PARAMS.length + p] = NaN;
  let best = 0;
  for (let j = 1; j < n; j++) if (scores[j] > scores[best]) best = j;
  return {
    response,
    qoi,
    fun: 'sigmoid4',
    score: 'R2',
    paramNames: [...PARAMS],
    scores,
    params,
    status,
    hotspot: {
      element: best,
      score: scores[best],
      centroid: [roi.centroids[best * 3], roi.centroids[best * 3 + 1], roi.centroids[best * 3 + 2]],
    },
    failed: 1,
    seconds: 0.25 + offset,
  };
}

export function spec(): JobSpec {
  return {
    inputs: {
      roiFile: '/data/subject1/mesh0_refinedM1.hdf5',
      roiId: 'midlayer_m1s1pmd',
      efieldFile: '/data/e.hdf5',
      responsesFile: '/data/exp.csv',
    },
    responses: ['p2p_FDI', 'p2p_ADM'],
    qois: ['E_mag', 'E_norm'],
    zaps: { conditions: ['a', 'b'], first: 6 },
    fun: 'sigmoid4',
    score: 'R2',
    preset: 'element',
    nRefit: 50,
    discontinuityRefit: true,
    stepdown: false,
    badElementScreen: true,
    convergence: true,
    convergenceSteps: [2, 4, 6],
    workers: 2,
    seed: 42,
  };
}

function step(roi: RoiGeometry, nZaps: number, k: number): ConvergenceStep {
  const scores = new Float64Array(roi.nTriangles).map((_, j) => Math.cos(j + k) * 0.3 + 0.4);
  return {
    nZaps,
    scores,
    nrmsd: k === 0 ? NaN : 0.1 / k,
    hotspotDistance: k === 0 ? NaN : 10 / k,
    hotspot: {
      element: k,
      score: scores[k],
      centroid: [roi.centroids[k * 3], roi.centroids[k * 3 + 1], roi.centroids[k * 3 + 2]],
    },
    mutualCoherence: 0.9 - k * 0.01,
    svRatio: 100 + k,
  };
}

/** The full result: maps for FDI and ADM × E_mag and E_norm, convergence of FDI/E_mag over 2, 4, 6 zaps. */
export function mappingResult(roi = gridRoi()): MappingResult {
  return {
    spec: spec(),
    nZaps: 6,
    zapIndices: Uint32Array.from([0, 2, 3, 5, 8, 9]),
    nElements: roi.nTriangles,
    maps: [
      makeMap(roi, 'p2p_FDI', 'E_mag', 0),
      makeMap(roi, 'p2p_FDI', 'E_norm', 1),
      makeMap(roi, 'p2p_ADM', 'E_mag', 2),
      makeMap(roi, 'p2p_ADM', 'E_norm', 3),
    ],
    convergence: [
      { response: 'p2p_FDI', qoi: 'E_mag', steps: [step(roi, 2, 0), step(roi, 4, 1), step(roi, 6, 2)] },
    ],
    quality: [
      { qoi: 'E_mag', mutualCoherence: 0.93, svRatio: 120.5 },
      { qoi: 'E_norm', mutualCoherence: 0.88, svRatio: 99.25 },
    ],
    workers: 2,
    seconds: 3.5,
    appVersion: '0.1.0',
  };
}
