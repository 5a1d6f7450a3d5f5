// Every option of the fit engine with its default, in one place (the reference's value where it has one).
import type { BoundsPreset, ScoreType } from './types';

export const FIT_DEFAULTS = {
  /** The reference pipeline whose defaults these are: pynibs.regress_data (see pipelines.ts for the older one). */
  pipeline: 'regress_data' as const,
  /** Start values and bounds: Element.setup_model of the reference. */
  preset: 'element' as BoundsPreset,
  /** Bad-element screen (get_bad_elms): off, as regress_data has none (only the older nl_hdf5 path screens). */
  badElementScreen: false,
  /** Signed-data selection: off, as regress_data's select_signed_data=False (also for E_norm). */
  signedData: 'off' as 'auto' | 'on' | 'off',
  /** Goodness-of-fit score. */
  score: 'R2' as ScoreType,
  /** Maximum model evaluations per fit = factor · number of points (reference: max_nfev = 10 · n_zaps). */
  maxEvaluationsPerPoint: 10,
  /**
   * Relative reduction of the cost ½Σr² below which the fit has converged: both the actual and the predicted
   * reduction of an accepted step (MINPACK's ftol; lmfit's leastsq default 1.5e-8, so results match the reference).
   */
  ftol: 1.5e-8,
  /** Converged when the scaled step ‖D·δ‖ ≤ xtol · ‖D·p‖ (MINPACK's xtol; lmfit's default 1.5e-8). */
  xtol: 1.5e-8,
  /** Converged when the largest scaled cosine between the residual and a free Jacobian column is ≤ gtol. */
  gtol: 1e-12,
  /** Initial Levenberg–Marquardt damping, relative to the scaled diagonal of JᵀJ (LM on all parameters). */
  initialDamping: 0.1,
  /**
   * The same for the variable-projection solver of sigmoid4/sigmoid: its first Gauss–Newton step from the
   * reference's start mostly drives r onto its lower bound (a flat plateau) and is rejected. Starting 100× more
   * damped saves those rejections: 27.0 instead of 29.3 evaluations per element on the 9 800 × 500 benchmark map,
   * with no element ending further below the reference (for LM on all four parameters it costs 2–3 more).
   */
  separableInitialDamping: 10,
  /**
   * Variable projection's approach phase in float32 (the kernel's first loop, ~1e-7 relative error in s, u, u·t;
   * sums in f64): about a third less time per evaluation while the cost still falls by more than approximateUntil
   * per accepted step; from there on, and before any stop, every evaluation is exact.
   */
  approximateApproach: true,
  approximateUntil: 1e-6,
  /** Damping above which no step can reduce the cost any more (the fit is at a minimum to machine precision). */
  maxDamping: 1e16,
  /** Rounds of zero-score random restarts (reference n_refit). */
  nRefit: 50,
  /** Score below which an element counts as "zero" and is refitted from a random start (reference refit_thr). */
  zeroScore: 1e-6,
  /** Bounds of the 'element' preset: start value · limitFactor (reference limit_factor). */
  limitFactor: 100,
  /** Random restarts draw from [0, rangeFactor · start] (reference range_factor). */
  rangeFactor: 3,
  /**
   * First visits of sigmoid4/sigmoid also try a start at the best step threshold when that step explains more
   * variance than the fit (elements without a clear relation; beyond the reference, so off by default). Measured
   * against the real pyNIBS regress_data on the 9 800 × 500 benchmark map: off, 9 681 elements end within 1e-3 of
   * it (90 of the 102 above are elements where its leastsq stopped at max_nfev, 17 end below, all R² < 0.07); on,
   * 8 502 (1 298 above, 1 202 of them where leastsq had converged, up to R² 0.32; none below).
   */
  stepStart: false,
  /**
   * The step start runs only when the step's R² exceeds the fit's by more than this (R² is read to three decimals;
   * on the benchmark map a margin of 1e-3 skips a tenth of the probes and changes no element's verdict against the
   * reference).
   */
  stepStartMinGain: 1e-3,
  /**
   * The step-start probes stop at this tolerance or after stepProbeEvaluations evaluations: enough to tell which
   * basin is lower (on the 9 800 × 500 benchmark map 4–10 evaluations give the same per-element verdicts against
   * the reference); the winner is then fully converged.
   */
  stepStartFtol: 1e-6,
  stepProbeEvaluations: 6,
  /** The step start's steepness keeps every exponent below this (well under the overflow guard's 500). */
  stepStartMaxExponent: 250,
  /** Number of starts of a multi-start fit (data-driven start + random starts), for elements without a relation. */
  multiStarts: 8,
  /** Signed-data selection: each sign needs more than this many points (reference: > 20). */
  signedMinPoints: 20,
  /** Signed-data selection: the slope's two-sided p-value must be below this (reference: 0.001). */
  signedMaxP: 0.001,
  /** Overflow guard: an exponent ≥ this makes the model return a flat huge value (reference: 500). */
  maxExponent: 500,
  /** The flat value the guarded model returns (reference: np.iinfo(np.int32).max). */
  guardValue: 2147483647,
  /** Lower offset of sigmoid_log: log10(1e-12 + (amp − 1e-12)·s) (reference). */
  sigmoidLogFloor: 1e-12,
} as const;
