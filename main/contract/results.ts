// The results of a mapping job: per-element maps, hotspots, convergence and E-matrix quality (what writers and views consume).
import type { ElementStatusCode, FunName, ScoreType } from '../../workers/fit/types';
import type { QoiName } from './dataset';
import type { JobSpec } from './options';

export interface Hotspot {
  element: number;
  score: number;
  centroid: [number, number, number];
}

/** The map of one response × QOI. Per-element arrays have nElements entries; params are element-major. */
export interface ElementMap {
  response: string;
  qoi: QoiName;
  fun: FunName;
  score: ScoreType;
  paramNames: string[];
  scores: Float64Array;
  params: Float64Array;
  status: Uint8Array & { readonly __status?: ElementStatusCode };
  hotspot: Hotspot;
  failed: number;
  seconds: number;
}

export interface ConvergenceStep {
  nZaps: number;
  scores: Float64Array;
  /** NRMSD to the previous step (NaN for the first). */
  nrmsd: number;
  /** Geodesic distance (mm) between this step's hotspot and the previous one's (NaN for the first). */
  hotspotDistance: number;
  hotspot: Hotspot;
  mutualCoherence: number;
  svRatio: number;
}

export interface ConvergenceResult {
  response: string;
  qoi: QoiName;
  steps: ConvergenceStep[];
}

/** E-matrix quality of the selection: how well the zaps separate the elements. */
export interface EQuality {
  qoi: QoiName;
  mutualCoherence: number;
  svRatio: number;
}

export interface MappingResult {
  spec: JobSpec;
  nZaps: number;
  /** Indices (into the file's zaps) of the zaps used, in order. */
  zapIndices: Uint32Array;
  nElements: number;
  maps: ElementMap[];
  convergence: ConvergenceResult[];
  quality: EQuality[];
  workers: number;
  seconds: number;
  /** CPU seconds the workers spent fitting (all blocks, including retries); absent in results read from older files. */
  workerCpuSeconds?: number;
  appVersion: string;
}
