// The worker protocol: one discriminated union each way (main → worker, worker → main), typed arrays travel as typed arrays.
import type { FitOptions } from './fit/types';

/**
 * What a block asks for. `first`: bad-element screen, signed-data selection, data-driven start, then up to
 * nRefit zero-score random restarts; `stepdown`: the same from the given start parameters (ring growth);
 * `discontinuity`: one fit from the given start parameters (the caller keeps the better of old and new).
 */
export type FitMode = 'first' | 'discontinuity' | 'stepdown';

/**
 * The random stream of each mode, in one table for both sides: the worker seeds each element's restarts with it
 * (elementSeed) and the job shuffles each mode's chunks with it (subSeed). Distinct, so a later pass never replays
 * an earlier draw; the numbers are part of reproducibility (1 belonged to a zero-refit mode that was never sent).
 */
export const SEED_ROUND_OF_MODE: Readonly<Record<FitMode, number>> = {
  first: 0,
  discontinuity: 2,
  stepdown: 3,
};

export interface InitMessage {
  type: 'init';
  fit: FitOptions;
  /** Zaps per element column in the blocks that follow. */
  nZaps: number;
  seed: number;
  /** Zero-refit rounds per element (0 = off). */
  nRefit: number;
  badElementScreen: boolean;
  signedData: boolean;
}

export interface FitBlockMessage {
  type: 'fit-block';
  blockId: number;
  /** Global element indices (they seed each element's random numbers). */
  elements: Uint32Array;
  /** Element-major E columns: x[i * nZaps + k] = E[zap k, elements[i]]. */
  x: Float32Array;
  y: Float64Array;
  /** Element-major start parameters (one row per element), for `discontinuity` / `stepdown`. */
  starts?: Float64Array;
  mode: FitMode;
}

export interface CancelMessage {
  type: 'cancel';
}

/**
 * E-matrix quality (mutual coherence, σmax/σmin) of a sampled column set, computed for each prefix of `rows`
 * zaps. Needs no `init`: it runs in the same serial chain as fit blocks, so it never competes with a block.
 */
export interface QualityMessage {
  type: 'quality';
  blockId: number;
  /** Element-major sampled columns: cols[j * stride + k] = E[zap k, sample j]. */
  cols: Float32Array;
  /** Columns in `cols`. */
  m: number;
  /** Values per column (the job's zap count). */
  stride: number;
  /** Zap counts (prefixes, each ≤ stride) to evaluate: [nZaps], or every convergence step. */
  rows: number[];
}

export type MainToWorker = InitMessage | FitBlockMessage | QualityMessage | CancelMessage;

export interface ReadyMessage {
  type: 'ready';
  pid: number;
}

export interface ProgressMessage {
  type: 'progress';
  blockId: number;
  /** Elements of the block finished so far. */
  done: number;
}

export interface BlockResultMessage {
  type: 'block-result';
  blockId: number;
  scores: Float64Array;
  /** Element-major fitted parameters (nParams per element). */
  params: Float64Array;
  status: Uint8Array;
  /** Least-squares evaluations spent on the block (for diagnostics and benchmarks). */
  evaluations: number;
  /** CPU time (user + system, s) the worker spent on the block: elements per CPU-second do not depend on machine load. */
  cpuSeconds: number;
}

export interface QualityFigures {
  nRows: number;
  mutualCoherence: number;
  /** Infinity when the prefix is rank deficient (structured clone keeps it). */
  svRatio: number;
}

export interface QualityResultMessage {
  type: 'quality-result';
  blockId: number;
  /** One entry per requested row count, in the order asked. */
  results: QualityFigures[];
  /** CPU time (user + system, s) the worker spent on it. */
  cpuSeconds: number;
}

export interface ErrorMessage {
  type: 'error';
  blockId?: number;
  code: string;
  message: string;
}

export type WorkerToMain =
  ReadyMessage | ProgressMessage | BlockResultMessage | QualityResultMessage | ErrorMessage;

/**
 * A sink for messages: the one way either side sends. No transfer list: Electron's parent port ignores one, the
 * main side's utility-process postMessage throws 'Invalid value for transfer' for anything but a MessagePortMain,
 * and Node's fork copies anyway. Typed arrays travel by structured clone (a copy), which also keeps the main
 * side's buffers intact so a crashed block can be sent again.
 */
export type PostSink<M> = (msg: M) => void;

/** The one `post()` helper: every message goes through here. */
export function post<M extends MainToWorker | WorkerToMain>(sink: PostSink<M>, msg: M): void {
  sink(msg);
}

/** Runtime check of an incoming message's shape (structured clone keeps the typed arrays). */
export function isWorkerToMain(m: unknown): m is WorkerToMain {
  if (typeof m !== 'object' || m === null) return false;
  const t = (m as { type?: unknown }).type;
  return t === 'ready' || t === 'progress' || t === 'block-result' || t === 'quality-result' || t === 'error';
}

export function isMainToWorker(m: unknown): m is MainToWorker {
  if (typeof m !== 'object' || m === null) return false;
  const t = (m as { type?: unknown }).type;
  return t === 'init' || t === 'fit-block' || t === 'quality' || t === 'cancel';
}
