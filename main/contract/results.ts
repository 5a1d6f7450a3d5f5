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
  /** Signed-data selection only: zaps fitted per element and the sign of E used (+1/−1, 0 = skipped). */
  nFit?: Uint32Array;
  fitSign?: Int8Array;
  hotspot: Hotspot;
  failed: number;
  seconds: number;
  /** With `permutations`: the max-statistic permutation test of this map. */
  significance?: SignificanceResult;
  /** With `bootstrap`: where the hotspot lands over resamples of the zaps. */
  bootstrap?: BootstrapResult;
}

/**
 * Permutation test with the max statistic over the mapped elements (family-wise error over the ROI). A shard's
 * result is `partial`: its maxima cover its own elements only, and `merge` recomputes p from the maxima of all shards.
 */
export interface SignificanceResult {
  permutations: number;
  seed: number;
  /** Best score of each permuted map (in the score's direction), permutation i at [i]. */
  maxima: Float64Array;
  /** The observed map's best score. */
  observed: number;
  /** (1 + #{maxima at least as good as observed}) / (N + 1). */
  pFwe: number;
  /** Scores strictly better than this are significant at FWE 0.05 (NaN when N is too small for 0.05). */
  thresholdFwe05: number;
  /** Corrected p of every element (NaN where unmapped or without a score). */
  elementP: Float64Array;
  partial: boolean;
}

/** Bootstrap of the hotspot: each resample's best element and score, and what they say about its location. */
export interface BootstrapResult {
  n: number;
  seed: number;
  /** Hotspot element of resample i (−1 when its map had no finite score). */
  elements: Int32Array;
  scores: Float64Array;
  /** Fraction of resamples in which each element was the hotspot. */
  frequency: Float64Array;
  /** Geodesic distance (mm) of each resample's hotspot from the observed one (Infinity when none / unreachable). */
  distances: Float64Array;
  radius95: number;
  medianDistance: number;
  /** Fraction of resamples whose hotspot is the observed element. */
  stability: number;
  partial: boolean;
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
