// One element's fit: input checks, data-driven or given start, bounded LM, score, and the random-restart rules.
import { FIT_DEFAULTS } from './defaults';
import { createParamSetup, randomStart, setupParams, xRanges, type ParamSetup, type Ranges } from './init';
import { Solver, type LmOutcome, type LmProblem } from './lm';
import { MinpackSolver } from './minpack';
import { MODELS, type ModelDef } from './models';
import { lineMoments } from './screens';
import { SeparableSolver, type SeparableProblem } from './separable';
import { StepScanner } from './step-scan';
import { centredMoments, computeScore, isBetterScore } from './scores';
import { SCORE_TYPES, type FitOptions, type FitResult, type FunName, type ScoreType } from './types';

/** Checks, range and moments of one job's responses (the fitted-domain copy lives in ElementFitter.yFit). */
interface ResponseStats {
  /** Number of points they were computed for (−1: none yet). */
  n: number;
  /** Index of the first unusable response and why, or −1 and null. */
  badAt: number;
  message: string | null;
  /** Range of y (response domain). */
  yMin: number;
  yMax: number;
  /** Mean and Σ(y − ȳ)² of the fitted-domain y. */
  yMean: number;
  yy: number;
}

/** A fit plus its R² in the fitted domain (the restart criterion for every score type). */
interface Run {
  result: FitResult;
  r2: number;
}

/**
 * Fits elements of one job (one model, one set of options). Owns the solver workspaces and every per-element
 * buffer, so fitting thousands of elements allocates only the returned parameter vectors.
 */
export class ElementFitter {
  readonly fun: FunName;
  readonly model: ModelDef;
  readonly nParams: number;
  readonly score: ScoreType;
  private readonly opts: FitOptions;
  private readonly solver: Solver;
  /** The reference's path (MINPACK in lmfit's coordinates), when chosen. */
  private readonly minpack: MinpackSolver | null;
  /** The variable-projection solver, when the model is sigmoid4/sigmoid with every parameter free (else null). */
  private readonly separable: SeparableSolver | null;
  private readonly sepProblem: SeparableProblem;
  /** The step scan behind the extra start of fitWithRestarts (separable models only; null when off). */
  private readonly stepScanner: StepScanner | null;
  private readonly setup: ParamSetup;
  private readonly startBuf: Float64Array;
  private yFit: Float64Array;
  private readonly problem: LmProblem;
  private nFree = 0;
  private varY = NaN;
  // Buffers of scoreOn (grown on demand).
  private scoreY = new Float64Array(0);
  private scoreF = new Float64Array(0);
  private scoreAux = new Float64Array(0);
  /** Why the options are unusable (every fit then returns invalid-input with this message), or null. */
  private readonly optionError: string | null;
  /** The responses of the last prepare (a copy) and what follows from them (see `responses`). */
  private ySeen = new Float64Array(0);
  /** Counts the responses `responses` has taken in (the kernel keeps its copy of y while this stays the same). */
  private yGeneration = 0;
  private readonly yStats: ResponseStats = {
    n: -1,
    badAt: -1,
    message: null,
    yMin: NaN,
    yMax: NaN,
    yMean: NaN,
    yy: NaN,
  };
  /** The data ranges of the last prepare (reused object). */
  private readonly ranges: Ranges = {
    xMin: NaN,
    xMax: NaN,
    yMin: NaN,
    yMax: NaN,
    allNegative: true,
    absMin: NaN,
    absMax: NaN,
    float32: true,
    firstNonFinite: -1,
  };

  constructor(opts: FitOptions, maxPoints: number) {
    this.opts = opts;
    this.fun = opts.fun;
    this.optionError = checkOptions(opts);
    // An unknown function (only possible from untyped callers) still constructs; every fit reports the error.
    this.model = MODELS[opts.fun] ?? MODELS.sigmoid4;
    this.nParams = this.model.paramNames.length;
    this.score = opts.score ?? FIT_DEFAULTS.score;
    const cap = Math.max(0, Math.floor(maxPoints) || 0);
    this.solver = new Solver(cap, this.nParams);
    this.minpack = opts.solver === 'minpack' ? new MinpackSolver() : null;
    const separableModel = this.fun === 'sigmoid4' || this.fun === 'sigmoid';
    const noConstants = Object.values(opts.constants ?? {}).every((v) => v === undefined);
    this.separable =
      separableModel && noConstants && (opts.solver ?? 'separable') !== 'full'
        ? new SeparableSolver(opts.wasm ?? true, opts.approximateApproach ?? FIT_DEFAULTS.approximateApproach)
        : null;
    this.stepScanner =
      this.separable && (opts.stepStart ?? FIT_DEFAULTS.stepStart) ? new StepScanner() : null;
    this.setup = createParamSetup(this.nParams);
    this.startBuf = new Float64Array(this.nParams);
    this.yFit = new Float64Array(cap);
    this.problem = {
      model: this.model,
      nParams: this.nParams,
      x: this.yFit,
      y: this.yFit,
      n: 0,
      start: this.startBuf,
      lower: this.setup.lower,
      upper: this.setup.upper,
      free: this.setup.free,
      maxEvaluations: 0,
      ftol: opts.ftol ?? FIT_DEFAULTS.ftol,
      xtol: opts.xtol ?? FIT_DEFAULTS.xtol,
      gtol: opts.gtol ?? FIT_DEFAULTS.gtol,
    };
    this.sepProblem = { ...this.problem, withY0: this.fun === 'sigmoid4' };
  }

  /** Fits from the data-driven start of the preset, or from `start` (e.g. a neighbour's parameters). */
  fit(x: Float64Array, y: Float64Array, start?: ArrayLike<number>): FitResult {
    const bad = this.prepare(x, y);
    if (bad !== null) return this.invalid(bad);
    return this.run(x, start ?? this.setup.start).result;
  }

  /**
   * The reference's first pass plus zero refits for one element: fit from `start` (or the data-driven start), then
   * while the fit's score is below 1e-6 (R² for AIC/BIC) and fewer than nRefit rounds ran, refit from a random start
   * and keep the better. `evaluations` counts all rounds.
   */
  fitWithRestarts(
    x: Float64Array,
    y: Float64Array,
    rng: () => number,
    nRefit: number = FIT_DEFAULTS.nRefit,
    start?: ArrayLike<number>,
  ): FitResult {
    const bad = this.prepare(x, y);
    if (bad !== null) return this.invalid(bad);
    let best = this.run(x, start ?? this.setup.start);
    // rho needs no fit, a closed-form line has one answer: restarts cannot change either.
    if (this.score === 'rho' || this.fun === 'ridge') return best.result;
    let evaluations = best.result.evaluations;
    let rounds = 0;
    while (rounds < nRefit && this.needsRefit(best)) {
      randomStart(this.setup, rng, this.startBuf);
      const cand = this.run(x, this.startBuf, false, false);
      evaluations += cand.result.evaluations;
      if (isBetterScore(this.score, cand.result.score, best.result.score)) best = cand;
      rounds++;
    }
    if (rounds > 0) best.result.message += ` (zero refits: ${rounds})`;
    if (this.stepScanner && !start) {
      const step = this.tryStepStart(x, best);
      evaluations += step.evaluations;
      if (step.run) best = step.run;
    }
    best.result.evaluations = evaluations;
    return best.result;
  }

  /**
   * Beyond the reference, for elements without a clear relation: when the best step function (one threshold, two
   * levels) explains more variance than the fit so far, fit again from sigmoids centred at that threshold — first
   * with a loose tolerance, enough to tell which basin is lower, then, only if it is, to full convergence.
   */
  private tryStepStart(x: Float64Array, best: Run): { run: Run | null; evaluations: number } {
    const n = this.problem.n;
    const freeLeft = this.fun === 'sigmoid4';
    const split = this.separable?.stepScan(freeLeft) ?? this.stepScanner!.scan(x, this.yFit, n, freeLeft);
    const bestR2 = usable(best.result) ? best.r2 : -Infinity;
    if (!(split.r2 > bestR2 + FIT_DEFAULTS.stepStartMinGain)) return { run: null, evaluations: 0 };
    const { lower, upper } = this.setup;
    const x0 = Math.min(Math.max(split.threshold, lower[0]), upper[0]);
    // As steep as half the r bound allows, and shallow enough that no exponent reaches the overflow guard.
    let xMin = Infinity;
    let xMax = -Infinity;
    for (let i = 0; i < n; i++) {
      if (x[i] < xMin) xMin = x[i];
      if (x[i] > xMax) xMax = x[i];
    }
    const rBound = Math.abs(upper[1]) >= Math.abs(lower[1]) ? upper[1] : lower[1];
    const reach = rBound > 0 ? x0 - xMin : xMax - x0;
    let steep = 0.5 * rBound;
    const rMax = FIT_DEFAULTS.stepStartMaxExponent / Math.max(reach, Number.MIN_VALUE);
    if (Math.abs(steep) > rMax) steep = Math.sign(steep) * rMax;
    // Two probes at the threshold: a near-step, and the data-driven start's own steepness (some elements' best
    // minimum is a moderate slope there, which neither the step nor the data-driven x0 reaches).
    const start = this.setup.start.slice();
    start[0] = x0;
    let probe: Run | null = null;
    let evaluations = 0;
    for (const r of [steep, this.setup.start[1]]) {
      start[1] = r;
      const cand = this.run(x, start, true);
      evaluations += cand.result.evaluations;
      if (usable(cand.result) && (!probe || cand.result.cost < probe.result.cost)) probe = cand;
    }
    if (!probe || !(probe.result.cost < best.result.cost)) return { run: null, evaluations };
    const polished = this.run(x, probe.result.params);
    evaluations += polished.result.evaluations;
    // The polish only takes steps that lower the cost, so it is never worse than its probe (whose score was not
    // computed); a failed polish keeps the fit so far.
    if (!usable(polished.result) || !(polished.result.cost < best.result.cost))
      return { run: null, evaluations };
    polished.result.message += ' (step start)';
    return { run: polished, evaluations };
  }

  /** One random restart (the reference's set_random_init_vals + run_fit); returns the better of it and `previous`. */
  refitRandom(x: Float64Array, y: Float64Array, rng: () => number, previous?: FitResult): FitResult {
    const bad = this.prepare(x, y);
    if (bad !== null) return previous ?? this.invalid(bad);
    randomStart(this.setup, rng, this.startBuf);
    const cand = this.run(x, this.startBuf, false, false).result;
    if (!previous) return cand;
    return isBetterScore(this.score, cand.score, previous.score) ? cand : previous;
  }

  /**
   * Multi-start for elements without a clear relation: the data-driven start (or `start`) plus nStarts − 1 random
   * starts, keeping the lowest cost. Single-start fits of such elements land in different local minima run to run;
   * this makes the result depend far less on the seed. `evaluations` counts all starts.
   */
  fitMultiStart(
    x: Float64Array,
    y: Float64Array,
    rng: () => number,
    nStarts: number = FIT_DEFAULTS.multiStarts,
    start?: ArrayLike<number>,
  ): FitResult {
    const bad = this.prepare(x, y);
    if (bad !== null) return this.invalid(bad);
    let best = this.run(x, start ?? this.setup.start).result;
    if (this.score === 'rho' || this.fun === 'ridge') return best;
    let evaluations = best.evaluations;
    for (let s = 1; s < nStarts; s++) {
      randomStart(this.setup, rng, this.startBuf);
      const cand = this.run(x, this.startBuf, false, false).result;
      evaluations += cand.evaluations;
      if (usable(cand) && (!usable(best) || cand.cost < best.cost)) best = cand;
    }
    best.message += ` (best of ${nStarts} starts)`;
    best.evaluations = evaluations;
    return best;
  }

  /**
   * The score of fixed parameters on other data (x, y in the response domain; log10 taken for *_log models): used to
   * score a signed-data fit on all zaps. The AIC/BIC penalty counts the free parameters of the last fit.
   */
  scoreOn(x: Float64Array, y: Float64Array, params: ArrayLike<number>): number {
    const n = x.length;
    if (n === 0 || y.length !== n || this.optionError !== null) return NaN;
    if (this.score === 'rho') return computeScore('rho', x, y, y, this.nFree, n);
    if (this.scoreY.length < n) {
      this.scoreY = new Float64Array(n);
      this.scoreF = new Float64Array(n);
      this.scoreAux = new Float64Array(2 * n);
    }
    const yy = this.scoreY;
    for (let i = 0; i < n; i++) yy[i] = this.model.log ? Math.log10(y[i]) : y[i];
    const p = Float64Array.from(params);
    if (!this.model.value(p, x, n, this.scoreF, this.scoreAux)) return NaN;
    return computeScore(this.score, x, yy, this.scoreF, this.nFree, n);
  }

  /** The data-driven start values, bounds and restart ranges for x, y (null when the input is invalid). */
  paramSetup(x: Float64Array, y: Float64Array): ParamSetup | null {
    if (this.prepare(x, y) !== null) return null;
    const s = createParamSetup(this.nParams);
    s.start.set(this.setup.start);
    s.lower.set(this.setup.lower);
    s.upper.set(this.setup.upper);
    s.free.set(this.setup.free);
    s.randomLow.set(this.setup.randomLow);
    s.randomHigh.set(this.setup.randomHigh);
    return s;
  }

  private needsRefit(run: Run): boolean {
    const s = run.result.status;
    if (s === 'invalid-input') return false;
    if (s === 'non-finite') return true;
    const v = this.score === 'AIC' || this.score === 'BIC' ? run.r2 : run.result.score;
    return !(v >= FIT_DEFAULTS.zeroScore);
  }

  /** Checks the input and fills the fitted-domain y and the parameter setup; returns a message when invalid. */
  private prepare(x: Float64Array, y: Float64Array): string | null {
    if (this.optionError !== null) return this.optionError;
    const n = x.length;
    if (y.length !== n) return `x has ${n} values but y has ${y.length}`;
    if (n === 0) return 'no data points';
    if (n > this.yFit.length) {
      this.yFit = new Float64Array(n);
      this.yStats.n = -1;
    }
    const ys = this.responses(y, n);
    const r = xRanges(x, n, this.ranges);
    // The first bad point of either, x before y at the same index (as one loop over the points would report it).
    if (r.firstNonFinite >= 0 && (ys.badAt < 0 || r.firstNonFinite <= ys.badAt)) {
      const i = r.firstNonFinite;
      return `x[${i}] is ${x[i]}; expected a finite number`;
    }
    if (ys.message !== null) return ys.message;
    if (r.xMin === r.xMax) return `x is constant (${r.xMin}): no curve can be fitted`;
    if (ys.yMin === ys.yMax) return `y is constant (${ys.yMin}): the score is undefined`;
    r.yMin = ys.yMin;
    r.yMax = ys.yMax;
    const msg = setupParams(this.fun, x, y, n, this.opts, this.setup, r);
    if (msg !== null) return msg;
    let k = 0;
    for (let j = 0; j < this.nParams; j++)
      if (this.setup.free[j] && this.setup.lower[j] < this.setup.upper[j]) k++;
    if (n < k) return `${n} points cannot determine ${k} free parameters`;
    this.nFree = k;
    const pr = this.problem;
    pr.x = x;
    pr.y = this.yFit;
    pr.n = n;
    pr.maxEvaluations = this.opts.maxEvaluations ?? FIT_DEFAULTS.maxEvaluationsPerPoint * n;
    this.separable?.loadKnown(n, r.xMin, r.xMax, ys.yMean, ys.yy, this.yGeneration);
    // Σ(y − ȳ)² / n: variance() of the fitted-domain y, the same sums in the same order, so the same bits.
    this.varY = ys.yy / n;
    return null;
  }

  /**
   * What follows from the responses alone: their checks, range, fitted-domain copy (this.yFit) and moments. Every
   * element of a job has the same responses, so these are kept and reused while y holds the same values (one
   * comparison instead of three passes with log10 and checks per element).
   */
  private responses(y: Float64Array, n: number): ResponseStats {
    const st = this.yStats;
    const seen = this.ySeen;
    if (st.n === n) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (seen[i] !== y[i]) {
          same = false;
          break;
        }
      }
      if (same) return st;
    }
    const log = this.model.log;
    let yMin = Infinity;
    let yMax = -Infinity;
    st.badAt = -1;
    st.message = null;
    for (let i = 0; i < n; i++) {
      const yi = y[i];
      if (!Number.isFinite(yi)) {
        st.badAt = i;
        st.message = `y[${i}] is ${yi}; expected a finite number`;
        break;
      }
      if (log && !(yi > 0)) {
        st.badAt = i;
        st.message = `y[${i}] is ${yi}; ${this.fun} fits log10(y) and needs y > 0`;
        break;
      }
      if (yi < yMin) yMin = yi;
      if (yi > yMax) yMax = yi;
      this.yFit[i] = log ? Math.log10(yi) : yi;
    }
    st.yMin = yMin;
    st.yMax = yMax;
    if (st.message === null) {
      const m = centredMoments(this.yFit, n);
      st.yMean = m.mean;
      st.yy = m.ss;
    }
    // A NaN never equals itself, so responses with one are checked again next time (and fail again).
    if (this.ySeen.length < n) this.ySeen = new Float64Array(n);
    this.ySeen.set(y.subarray(0, n));
    st.n = n;
    // New responses (values, or where they live): the kernel copies them in again.
    this.yGeneration++;
    return st;
  }

  /**
   * One solve from `start`; a probe (loose ftol, few evaluations) when `probe` is set. `approach` false: every
   * evaluation exact from the start (random restarts: mostly short solves, where the float32 approach's one exact
   * re-evaluation costs more than it saves — 25 % of the elements of a sigmoid or legacy-preset map take ~6 rounds
   * of zero refits, and the approach there cost 13 % more evaluations in all).
   */
  private run(x: Float64Array, start: ArrayLike<number>, probe = false, approach = true): Run {
    const n = this.problem.n;
    const params = new Float64Array(this.nParams);
    if (this.score === 'rho') {
      // As the reference: rho is a rank correlation of x and y and needs no fit.
      for (let j = 0; j < this.nParams; j++) params[j] = start[j];
      const score = computeScore('rho', x, this.yFit, this.yFit, this.nFree, n);
      const result: FitResult = {
        params,
        cost: NaN,
        score,
        iterations: 0,
        evaluations: 0,
        status: 'converged',
        message: 'score rho: no fit needed',
      };
      return { result, r2: NaN };
    }
    if (this.fun === 'ridge') return this.ridge(x, params);
    // User constants always keep their value, whatever start (e.g. a neighbour's parameters) was passed.
    const { free } = this.setup;
    for (let j = 0; j < this.nParams; j++) this.startBuf[j] = free[j] ? start[j] : this.setup.start[j];
    let out: LmOutcome;
    let fitted: Float64Array;
    // The step start's probes stay with the separable solver (loose tolerance, few evaluations: beyond the reference).
    if (this.minpack && !(probe && this.separable)) {
      // sigmoid4/sigmoid: every evaluation from the separable solver's kernel sums over the data prepare loaded.
      out = this.minpack.solve(this.problem, params, this.separable);
      fitted = this.minpack.fitted;
    } else if (this.separable) {
      const sp = this.sepProblem;
      sp.x = this.problem.x;
      sp.y = this.problem.y;
      sp.n = n;
      sp.maxEvaluations = probe
        ? Math.min(FIT_DEFAULTS.stepProbeEvaluations, this.problem.maxEvaluations)
        : this.problem.maxEvaluations;
      sp.ftol = probe ? FIT_DEFAULTS.stepStartFtol : this.problem.ftol;
      out = this.separable.solve(sp, params, true, !probe, approach);
      fitted = this.separable.fitted;
    } else {
      out = this.solver.solve(this.problem, params);
      fitted = this.solver.fitted;
    }
    const finite = out.status === 'converged' || out.status === 'max-evaluations';
    // A probe is only compared by its cost (and polished when it wins): no residual pass, no score.
    const score =
      finite && !probe ? computeScore(this.score, x, this.yFit, fitted, this.nFree, n, this.varY) : NaN;
    const r2 = finite ? 1 - (2 * out.cost) / (n * this.varY) : NaN;
    const active = new Int8Array(this.nParams);
    const { lower, upper } = this.setup;
    for (let j = 0; j < this.nParams; j++) {
      if (this.setup.free[j]) active[j] = params[j] <= lower[j] ? -1 : params[j] >= upper[j] ? 1 : 0;
    }
    return { result: { params, score, ...out, activeBounds: active }, r2 };
  }

  /**
   * The seed's ridge_from_hdf5: ordinary least squares of y on x with an intercept (sklearn LinearRegression, which
   * has no penalty), in closed form; scored like every other fit (R² = 1 − SS_res/SS_tot, LinearRegression.score).
   * User constants fix m or n; the other then follows in closed form too.
   */
  private ridge(x: Float64Array, params: Float64Array): Run {
    const n = this.problem.n;
    const y = this.yFit;
    const { free, start } = this.setup;
    const { mx, my, sxx, sxy } = lineMoments(x, y, n);
    let m = free[0] ? sxy / sxx : start[0];
    let b = free[1] ? my - m * mx : start[1];
    if (free[0] && !free[1]) {
      // n fixed: m = Σ x (y − n) / Σ x².
      let sx2 = 0;
      let sxr = 0;
      for (let i = 0; i < n; i++) {
        sx2 += x[i] * x[i];
        sxr += x[i] * (y[i] - b);
      }
      m = sxr / sx2;
    }
    m = Math.min(Math.max(m, this.setup.lower[0]), this.setup.upper[0]);
    b = Math.min(Math.max(b, this.setup.lower[1]), this.setup.upper[1]);
    params[0] = m;
    params[1] = b;
    const fitted = this.solver.fitted.length >= n ? this.solver.fitted : new Float64Array(n);
    let ss = 0;
    for (let i = 0; i < n; i++) {
      fitted[i] = m * x[i] + b;
      ss += (fitted[i] - y[i]) * (fitted[i] - y[i]);
    }
    const cost = 0.5 * ss;
    const score = computeScore(this.score, x, y, fitted, this.nFree, n);
    const result: FitResult = {
      params,
      cost,
      score,
      iterations: 0,
      evaluations: 1,
      status: 'converged',
      message: 'closed-form least-squares line (ridge_from_hdf5)',
      activeBounds: new Int8Array(this.nParams),
    };
    return { result, r2: 1 - ss / (n * this.varY) };
  }

  private invalid(message: string): FitResult {
    return {
      params: new Float64Array(this.nParams).fill(NaN),
      cost: NaN,
      score: NaN,
      iterations: 0,
      evaluations: 0,
      status: 'invalid-input',
      message,
    };
  }
}

/** Up-front option checks, so a bad option gives one precise message instead of a hang or a silent default. */
function checkOptions(opts: FitOptions): string | null {
  if (!(opts.fun in MODELS))
    return `unknown function "${String(opts.fun)}" (expected one of ${Object.keys(MODELS).join(', ')})`;
  const scores: readonly string[] = SCORE_TYPES;
  if (opts.score !== undefined && !scores.includes(opts.score)) {
    return `unknown score "${String(opts.score)}" (expected one of ${scores.join(', ')})`;
  }
  if (opts.preset !== undefined && opts.preset !== 'element' && opts.preset !== 'legacy') {
    return `unknown preset "${String(opts.preset)}" (expected element or legacy)`;
  }
  const m = opts.maxEvaluations;
  if (m !== undefined && !(Number.isInteger(m) && m >= 1))
    return `maxEvaluations is ${m}; expected an integer ≥ 1`;
  for (const name of ['ftol', 'xtol', 'gtol'] as const) {
    const v = opts[name];
    if (v !== undefined && !(v >= 0 && v < 1))
      return `${name} is ${v}; expected a relative tolerance in [0, 1)`;
  }
  return null;
}

function usable(r: FitResult): boolean {
  return (r.status === 'converged' || r.status === 'max-evaluations') && Number.isFinite(r.cost);
}
