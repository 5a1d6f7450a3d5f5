// The option sets of a mapping job: inputs, zap selection, model options with ONE set of defaults and ONE range table, and
// the one conversion to the job's spec (used by the service and the CLI alike).
import type { BoundsPreset, FunName, ScoreType } from '../../workers/fit/types';
import type { QoiName } from './dataset';

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

/** The model options of a job, as the wizard's Model step edits them (the CLI builds the same from its flags). */
export interface ModelOptions {
  fun: FunName;
  score: ScoreType;
  preset: BoundsPreset;
  nRefit: number;
  discontinuityRefit: boolean;
  stepdown: boolean;
  badElementScreen: boolean;
  /** 'auto' = on for E_norm only (the reference's behaviour). */
  signedData: 'auto' | 'on' | 'off';
  convergence: boolean;
  workers: number;
  seed: number;
  /**
   * Beyond the reference, off by default: sigmoid4/sigmoid fits also start at the best step threshold when a step
   * explains more variance than the reference's fit (workers/fit/element.ts). Optional: absent = off (a client
   * that does not name it gets the reference); the wizard reads a session saved before the option existed with it
   * on, as that session ran (useModelStore.apply).
   */
  stepStart?: boolean;
  /**
   * Beyond the reference, off by default: the engine's own variable-projection LM instead of the reference's
   * optimizer path (MINPACK's LM in lmfit's bound-transformed coordinates, workers/fit/minpack.ts): about 2× less
   * time per map, but elements without a clear relation can end in another local minimum than pyNIBS'. Optional:
   * absent = off; the wizard reads a session saved before the option existed with it on, as that session ran.
   */
  fastSolver?: boolean;
  /**
   * Beyond the reference: permutation test (max statistic) and hotspot bootstrap with this many resamples; 0 = off.
   * Optional so that sessions saved before them still read (absent = 0).
   */
  permutations?: number;
  bootstrap?: number;
}

/** What the Selection step edits. */
export interface SelectionOptions {
  responses: string[];
  qois: QoiName[];
  zaps: ZapSelection;
}

/** The allowed range of every numeric option (inclusive, integers); UI controls, CLI flags and the service check these. */
export const OPTION_RANGES = {
  nRefit: { min: 0, max: 10_000 },
  workers: { min: 1, max: 256 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  chunkSize: { min: 1, max: 1_000_000 },
  /** A convergence step needs at least two zaps. */
  convergenceStep: { min: 2, max: Number.MAX_SAFE_INTEGER },
  /** Resampling counts (a million permutations of a 10 000-element map is already days of CPU). */
  permutations: { min: 1, max: 1_000_000 },
  bootstrap: { min: 1, max: 100_000 },
} as const satisfies Record<string, { min: number; max: number }>;

export const BOUNDS_PRESETS: readonly BoundsPreset[] = ['element', 'legacy'];
export const SIGNED_DATA_MODES: readonly ModelOptions['signedData'][] = ['auto', 'on', 'off'];

/**
 * The reference's defaults (pyNIBS regress_data): sigmoid4, R², 50 zero-score refits, discontinuity refit on.
 * `workers` is the machine's choice: callers replace it (UI: the app's default; CLI: one per core).
 */
export const DEFAULT_MODEL: Readonly<ModelOptions> = Object.freeze({
  fun: 'sigmoid4',
  score: 'R2',
  preset: 'element',
  nRefit: 50,
  discontinuityRefit: true,
  stepdown: false,
  // pynibs.regress_data has neither (FIT_DEFAULTS.badElementScreen / .signedData; --pipeline nl_hdf5 screens).
  badElementScreen: false,
  signedData: 'off',
  convergence: false,
  workers: 1,
  seed: 1,
  // Beyond the reference (FIT_DEFAULTS.stepStart): an option, not a default.
  stepStart: false,
  // Beyond the reference: the reference's optimizer path by default (workers/fit/minpack.ts).
  fastSolver: false,
  permutations: 0,
  bootstrap: 0,
});

/** Everything a mapping job needs: the inputs, the selection, the model options and the run's own knobs. */
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
  /**
   * The step start (beyond the reference); absent = on, as every job ran before the option existed (specs stored
   * with results then). New specs always carry it: off unless asked for (DEFAULT_MODEL, the CLI's --step-start).
   */
  stepStart?: boolean;
  /**
   * The engine's own solver (beyond the reference) instead of the reference's optimizer path; absent = on, as every
   * job ran before the option existed. New specs always carry it: off unless asked for (the CLI's --fast-solver).
   */
  fastSolver?: boolean;
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
  /** Permutation test of every map with this many shuffles of the responses (max statistic; main/job/resampling.ts). */
  permutations?: number;
  /** Bootstrap of the hotspot's location with this many resamples of the zaps (main/job/resampling.ts). */
  bootstrap?: number;
}

/** The knobs of a run that the wizard does not edit (the CLI sets them from flags). */
export type JobExtras = Pick<
  JobSpec,
  'quality' | 'convergenceSteps' | 'chunkSize' | 'elementRange' | 'shard' | 'permutations' | 'bootstrap'
>;

/**
 * Whether zero-score restarts and discontinuity refits mean anything for `fun`: a closed-form fit (ridge, the seed's
 * ridge_from_hdf5) has one answer whatever the start, so refitting it only repeats the work.
 */
export function refitsApply(fun: FunName): boolean {
  return fun !== 'ridge';
}

/** What the results folder records about refits: the rounds run, or why there were none. */
export type RefitRecord = { zeroRounds: number; discontinuity: boolean } | 'not applicable (closed-form fit)';

export function refitRecord(spec: Pick<JobSpec, 'fun' | 'nRefit' | 'discontinuityRefit'>): RefitRecord {
  if (!refitsApply(spec.fun)) return 'not applicable (closed-form fit)';
  return { zeroRounds: spec.nRefit, discontinuity: spec.discontinuityRefit };
}

/** The one conversion from the edited option sets to the job's spec (key order kept: the spec is stored as JSON). */
export function toJobSpec(
  inputs: JobInputs,
  selection: SelectionOptions,
  model: ModelOptions,
  extras: JobExtras = {},
): JobSpec {
  return {
    inputs,
    responses: selection.responses,
    qois: selection.qois,
    zaps: selection.zaps,
    fun: model.fun,
    score: model.score,
    preset: model.preset,
    // A closed-form fit has no refits: the spec says none ran (refitRecord tells why).
    nRefit: refitsApply(model.fun) ? model.nRefit : 0,
    discontinuityRefit: refitsApply(model.fun) && model.discontinuityRefit,
    stepdown: model.stepdown,
    badElementScreen: model.badElementScreen,
    signedData: model.signedData === 'auto' ? undefined : model.signedData === 'on',
    stepStart: model.stepStart ?? DEFAULT_MODEL.stepStart,
    fastSolver: model.fastSolver ?? DEFAULT_MODEL.fastSolver,
    convergence: model.convergence,
    quality: extras.quality,
    convergenceSteps: extras.convergenceSteps,
    workers: model.workers,
    seed: model.seed,
    chunkSize: extras.chunkSize,
    elementRange: extras.elementRange,
    shard: extras.shard,
    // Resampling counts only when asked for (specs stored with results stay as they were otherwise); the CLI's
    // extras win over the Model step's counts, whose 0 means off.
    ...resamplingCount('permutations', extras.permutations ?? model.permutations),
    ...resamplingCount('bootstrap', extras.bootstrap ?? model.bootstrap),
  };
}

/** `{ [key]: n }` when the count asks for resampling, else nothing (0 and absent are off). */
function resamplingCount<K extends 'permutations' | 'bootstrap'>(
  key: K,
  n: number | undefined,
): Partial<Record<K, number>> {
  return n !== undefined && n !== 0 ? ({ [key]: n } as Partial<Record<K, number>>) : {};
}
