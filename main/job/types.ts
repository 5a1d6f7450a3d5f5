// The mapping job's spec and results: what the CLI/app ask for, and what the writers and views consume.
import type { BoundsPreset, ElementStatusCode, FunName, ScoreType } from '../../workers/fit/types';
import type { QoiName } from '../io/types';

/** Which zaps enter the fit; applied in acquisition order after dropping zaps whose response is NaN. */
export interface ZapSelection {
  conditions?: string[];
  /** [start, end) indices into the file's zaps. */
  range?: [number, number];
  /** Keep only the first N (after the other filters). */
  first?: number;
  /** Drop zaps with background muscle activity: value in `column` (e.g. pre-innervation, µV) above `max`. */
  preinnervation?: { column: string; max: number };
}

export interface JobInputs {
  roiFile: string;
  roiId?: string | null;
  efieldFile: string;
  responsesFile: string;
  /** CSV: column holding the condition label / the intensity (optional). */
  conditionColumn?: string;
  intensityColumn?: string;
  /** Older per-condition layout: multiply each zap's E row by its intensity. */
  scaleByIntensity?: boolean;
}

export interface JobSpec {
  inputs: JobInputs;
  responses: string[];
  qois: QoiName[];
  zaps?: ZapSelection;
  fun: FunName;
  score: ScoreType;
  preset: BoundsPreset;
  /** Maximum rounds of zero-score random restarts (reference default 50; 0 = off). */
  nRefit: number;
  discontinuityRefit: boolean;
  stepdown: boolean;
  badElementScreen: boolean;
  /** Signed-data selection; `undefined` = on for E_norm only (reference behaviour). */
  signedData?: boolean;
  convergence: boolean;
  /**
   * E-matrix quality (mutual coherence, singular-value ratio) of the selection; default true. The CLI asks for it
   * with --quality only (convergence runs always compute it, per step).
   */
  quality?: boolean;
  /** Convergence zap counts; default 20, 40, … all. */
  convergenceSteps?: number[];
  workers: number;
  seed: number;
  /** Elements per chunk sent to a worker. */
  chunkSize?: number;
  /** Element subset [start, end) for sharding (`--shard i/N`). */
  elementRange?: [number, number];
  /** Shard [i, N] (0-based i): elements [floor(i·n/N), floor((i+1)·n/N)); resolved once n is known. Ignored with elementRange. */
  shard?: [number, number];
}

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
