// The fit engine's public types: function and score names (pyNIBS spelling), options, results and element statuses.

/**
 * Input–output functions, named as in pyNIBS. `ridge` is the seed's ridge_from_hdf5: a closed-form least-squares line
 * per element (sklearn's LinearRegression, no penalty despite the name), y = m·x + n.
 */
export type FunName =
  'sigmoid4' | 'sigmoid' | 'sigmoid4_log' | 'sigmoid_log' | 'linear' | 'exp0' | 'exp' | 'ridge';
export const FUN_NAMES: readonly FunName[] = [
  'sigmoid4',
  'sigmoid',
  'sigmoid4_log',
  'sigmoid_log',
  'linear',
  'exp0',
  'exp',
  'ridge',
];

/** Goodness-of-fit scores, as defined in the reference (higher is better except AIC/BIC, which are reported as is). */
export type ScoreType = 'R2' | 'R2_old' | 'SR' | 'rho' | 'AIC' | 'BIC';
export const SCORE_TYPES: readonly ScoreType[] = ['R2', 'R2_old', 'SR', 'rho', 'AIC', 'BIC'];

/** Start values and bounds: 'element' = Element.setup_model (default), 'legacy' = get_model_init_values. */
export type BoundsPreset = 'element' | 'legacy';

/** How one least-squares run ended (scipy-style status). */
export type FitStatus = 'converged' | 'max-evaluations' | 'non-finite' | 'invalid-input';

/** Per-element status stored with every result (uint8 in files; the numbers are part of the file format). */
export const ElementStatus = {
  converged: 0,
  maxEvaluations: 1,
  nonFinite: 2,
  invalidInput: 3,
  skippedBad: 4,
  skippedSigned: 5,
  failed: 6,
  /** Outside the job's element range (a shard of a sharded job): not fitted by this job. */
  notMapped: 7,
} as const;
export type ElementStatusCode = (typeof ElementStatus)[keyof typeof ElementStatus];
export const ELEMENT_STATUS_NAMES: Record<ElementStatusCode, string> = {
  0: 'converged',
  1: 'max-evaluations',
  2: 'non-finite',
  3: 'invalid-input',
  4: 'skipped-bad',
  5: 'skipped-signed',
  6: 'failed',
  7: 'not-mapped',
};

/** Options of one element fit; every default lives in workers/fit/defaults.ts. */
export interface FitOptions {
  fun: FunName;
  score: ScoreType;
  preset?: BoundsPreset;
  /** Parameters held fixed at the given value (not optimised). */
  constants?: Partial<Record<string, number>>;
  /** User bounds replacing the preset's, per parameter name. */
  bounds?: Partial<Record<string, [number, number]>>;
  /** Maximum function evaluations; default 10 · n points (as the reference). */
  maxEvaluations?: number;
  /**
   * 'separable' (default): sigmoid4/sigmoid without constants are fitted by variable projection (amp, y0 solved
   * exactly for every x0, r); 'full': Levenberg–Marquardt on every parameter (all other models always use it).
   */
  solver?: 'separable' | 'full' | 'minpack';
  /** The separable solver's inner loop in WebAssembly SIMD where available (default true; false = the JS loop). */
  wasm?: boolean;
  /**
   * The separable solver's approach phase in float32 (the kernel's first loop; default true): every stopping test
   * and result still rest on exact sums. false evaluates exactly from the first step (for comparisons).
   */
  approximateApproach?: boolean;
  /** Extra start at the best step threshold for elements without a clear relation (default on; separable only). */
  stepStart?: boolean;
  /** Relative tolerances of the stopping rules. */
  ftol?: number;
  xtol?: number;
  gtol?: number;
}

/** Result of one element fit. `params` follows the model's parameter order (`paramNames`). */
export interface FitResult {
  params: Float64Array;
  /** ½ Σ residual² at `params` (in the fitted domain, i.e. log10 for *_log). */
  cost: number;
  score: number;
  iterations: number;
  evaluations: number;
  status: FitStatus;
  message: string;
  /** Largest scaled cosine between the residual and a free parameter's Jacobian column (MINPACK's gtol measure). */
  optimality?: number;
  /** Per parameter: −1 at its lower bound, +1 at its upper bound, 0 inside (or a constant). */
  activeBounds?: Int8Array;
}
