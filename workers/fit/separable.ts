// Separable (variable-projection) Levenberg–Marquardt for sigmoid4/sigmoid: amp and y0 are solved exactly per (x0, r).
//
// y0 + (amp − y0)·s(x; x0, r) is linear in (y0, amp). For every trial (x0, r) the best (y0, amp) within their bounds
// is a 2 × 2 box-constrained least-squares problem solved in closed form, so LM walks only the two nonlinear
// parameters of the same objective (Golub & Pereyra 1973; Kaufman's Jacobian). Compared with LM on all four
// parameters it needs a quarter fewer evaluations on the 9 800 × 500 benchmark map (25.5 vs 32.9 per element: the
// data-driven amp = max(y) start of the reference is far off whenever one MEP is an outlier), and every evaluation
// is one fused pass over the points that yields the cost, the reduced gradient and the Gauss–Newton matrix together
// (the README's engine section has the measurements).
import { FIT_DEFAULTS } from './defaults';
import { expInRange, fastExp } from './fast-exp';
import type { LmOutcome } from './lm';
import { rescale, runLm, type LmSteps } from './lm-core';
import type { FitStatus } from './types';
import { sigmoidKernel, type SigmoidKernel } from './sigmoid-kernel';
import type { StepSplit } from './step-scan';
import { centredMoments } from './scores';

export interface SeparableProblem {
  x: Float64Array;
  y: Float64Array;
  n: number;
  /** sigmoid4 (true: parameters x0, r, amp, y0) or sigmoid (false: x0, r, amp; y0 ≡ 0). */
  withY0: boolean;
  /** Full start vector; only x0 and r are used (amp and y0 follow from them). */
  start: ArrayLike<number>;
  lower: Float64Array;
  upper: Float64Array;
  maxEvaluations: number;
  ftol: number;
  xtol: number;
  gtol: number;
}

const MAX_EXP = FIT_DEFAULTS.maxExponent;
/** Trial steps stop where the largest exponent reaches this fraction of the guard's limit. */
const GUARD_EDGE = 0.98 * MAX_EXP;

/** Largest exponent −r(x − x0) over the data (at one end of the x range). */
function maxExponent(x0: number, r: number, ctx: EvalContext): number {
  return Math.max(-r * (ctx.xMin - x0), -r * (ctx.xMax - x0));
}

/**
 * Owns the per-point buffer of the final model values; `solve` allocates nothing per evaluation. The damping, step
 * acceptance and stopping tests are lm-core.ts's (shared with the full solver, lm.ts).
 */
export class SeparableSolver implements LmSteps {
  private fit = new Float64Array(0);
  private res = new Float64Array(0);
  // Evaluation state at the current (accepted) and the trial point: cost, the two linear parameters, gradient,
  // Gauss–Newton matrix of (x0, r).
  private cur = new EvalState();
  private tri = new EvalState();
  private readonly sums = new Float64Array(12);
  // Loop state during a solve (read and driven by runLm, lm-core.ts): current and trial (x0, r), scaling, pins.
  private ctx: EvalContext | null = null;
  private x0 = NaN;
  private r = NaN;
  private x0t = NaN;
  private rt = NaN;
  private d0 = 1;
  private d1 = 1;
  private fixedX0 = false;
  private fixedR = false;
  private pin0 = false;
  private pin1 = false;
  evaluations = 0;
  stepNorm = 0;
  pNorm = 0;
  pred = 0;

  // Statistics of the loaded data (x range, mean and scatter of y); `version` tells the shared kernel what it holds.
  private xMin = NaN;
  private xMax = NaN;
  private yMean = NaN;
  private yy = NaN;
  private version = 0;
  /** Which y the data hold, for the kernel to keep what it has of them (NaN: unknown, so always copied). */
  private yGeneration = NaN;

  /**
   * `useWasm` false keeps the JS loop (for comparisons; results agree to rounding); `approximate` false evaluates
   * exactly from the first step (no float32 approach).
   */
  constructor(
    private readonly useWasm = true,
    private readonly approximate: boolean = FIT_DEFAULTS.approximateApproach,
  ) {}

  /**
   * Takes the data of the next solves (one element's x and y): their statistics once, not per solve. Callers that
   * solve the same data several times (restarts, probes) load once and pass reuseData to `solve`.
   */
  load(x: Float64Array, y: Float64Array, n: number): void {
    let xMin = Infinity;
    let xMax = -Infinity;
    for (let i = 0; i < n; i++) {
      if (x[i] < xMin) xMin = x[i];
      if (x[i] > xMax) xMax = x[i];
    }
    const m = centredMoments(y, n);
    this.loadKnown(n, xMin, xMax, m.mean, m.ss);
  }

  /**
   * `load` for a caller that has the statistics already (ElementFitter: the same y for every element of a job):
   * xMin, xMax of x and centredMoments(y) of the data the next solves pass; `yGeneration` changes whenever y does
   * (the kernel then copies y in again; NaN: always).
   */
  loadKnown(n: number, xMin: number, xMax: number, yMean: number, yy: number, yGeneration = NaN): void {
    this.yGeneration = yGeneration;
    if (this.fit.length < n) {
      this.fit = new Float64Array(n);
      this.res = new Float64Array(n);
    }
    this.xMin = xMin;
    this.xMax = xMax;
    this.yMean = yMean;
    this.yy = yy;
    this.version++;
  }

  /** ȳ of the loaded data. */
  get loadedMean(): number {
    return this.yMean;
  }

  /** Σ(y − ȳ)² of the loaded data. */
  get loadedScatter(): number {
    return this.yy;
  }

  /**
   * The twelve sums of `accumulate` at (x0, r) over the loaded data (x, y, n: the data of the last load), exactly
   * (the kernel's f64 loop where there is one): for minpack.ts, which walks all four parameters on the reference's
   * path. False when the guard fires.
   */
  sumsAt(x: Float64Array, y: Float64Array, n: number, x0: number, r: number, out: Float64Array): boolean {
    const kernel = this.kernelWith(x, y, n);
    return accumulate(x, y, n, x0, r, this.yMean, out, this.xMin, this.xMax, kernel, false);
  }

  /**
   * Model values y0 + d·s at (x0, r) and residuals (model − y) into fit and res, and ½ Σ res², from the kernel: from
   * its scratch when its last pass was at (x0, r), else after one more pass (a few µs, against ~20 for the JS pass
   * with an exponential per point). Null without the kernel or where the overflow guard fires (the caller's JS pass).
   */
  fittedAt(
    x: Float64Array,
    y: Float64Array,
    n: number,
    x0: number,
    r: number,
    y0: number,
    d: number,
    fit: Float64Array,
    res: Float64Array,
  ): number | null {
    const kernel = this.kernelWith(x, y, n);
    if (!kernel) return null;
    const c = kernel.fitted(x0, r, y0, d, y, fit, res);
    if (c !== null) return c;
    if (!accumulate(x, y, n, x0, r, this.yMean, this.sums, this.xMin, this.xMax, kernel, false)) return null;
    return kernel.fitted(x0, r, y0, d, y, fit, res);
  }

  /** The process's kernel holding the loaded data (copied in when it holds other data), or null (the JS loop). */
  private kernelWith(x: Float64Array, y: Float64Array, n: number): SigmoidKernel | null {
    const kernel = this.useWasm ? sigmoidKernel() : null;
    if (!kernel || kernel.holds(this, this.version)) return kernel;
    return kernel.setData(x, y, n, this, this.version, this.yGeneration) ? kernel : null;
  }

  /** Model values at the last returned parameters (valid until the next solve with exactCost). */
  get fitted(): Float64Array {
    return this.fit;
  }

  /** Residuals (model − data) at the last returned parameters. */
  get residual(): Float64Array {
    return this.res;
  }

  /**
   * The step start's threshold scan of the loaded data in the WebAssembly kernel (the JS scan's split to the bit, in
   * under half its time), or null where the kernel does not hold them (no SIMD, or no solve since the load).
   */
  stepScan(freeLeft: boolean): StepSplit | null {
    const kernel = this.useWasm ? sigmoidKernel() : null;
    if (!kernel || !kernel.holds(this, this.version)) return null;
    return kernel.stepScan(this.xMin, this.xMax, freeLeft);
  }

  /**
   * Minimises ½‖f(p) − y‖² within the bounds; writes the full parameter vector into `p`. `exactCost` false (probes)
   * returns the cost of the last evaluation instead of an exact residual pass; `approach` false evaluates exactly
   * from the first step (no float32 approach for this solve).
   */
  solve(
    pr: SeparableProblem,
    p: Float64Array,
    reuseData = false,
    exactCost = true,
    approach = true,
  ): LmOutcome {
    const { n, lower, upper } = pr;
    if (!reuseData) this.load(pr.x, pr.y, n);
    const { yMean, yy, xMin, xMax } = this;
    const kernel = this.kernelWith(pr.x, pr.y, n);
    // The approach runs on the kernel's float32 first loop until the steps' cost changes fall below 1e-6 of
    // ½Σ(y − ȳ)²; from there on every evaluation is exact (see `settle`). float32 resolves x − x0 to ~1e-7 of |x|:
    // only where the data's spread is far larger than that.
    const approximate =
      kernel !== null &&
      this.approximate &&
      approach &&
      xMax - xMin >= 1e-3 * Math.max(Math.abs(xMin), Math.abs(xMax));
    const ctx: EvalContext = { pr, yMean, yy, sums: this.sums, xMin, xMax, kernel, approximate };

    if (!(Number.isFinite(pr.start[0]) && Number.isFinite(pr.start[1]))) {
      p.fill(NaN, 0, pr.withY0 ? 4 : 3);
      return {
        cost: NaN,
        iterations: 0,
        evaluations: 0,
        status: 'non-finite',
        message: 'the start values of x0 and r are not finite',
        optimality: NaN,
      };
    }
    this.ctx = ctx;
    this.x0 = clamp(pr.start[0], lower[0], upper[0]);
    this.r = clamp(pr.start[1], lower[1], upper[1]);
    this.evaluations = 1;
    const outcome = (status: FitStatus, message: string, iterations: number): LmOutcome => {
      const { x0, r, cur } = this;
      p[0] = x0;
      p[1] = r;
      p[2] = cur.amp;
      if (pr.withY0) p[3] = cur.y0;
      // The exact cost from a residual pass, unless the caller only compares costs (probes): then the expanded one.
      const cost = exactCost ? this.finalPass(pr, x0, r, cur.amp, pr.withY0 ? cur.y0 : 0) : cur.cost;
      return {
        cost,
        iterations,
        evaluations: this.evaluations,
        status,
        message,
        optimality: cur.optimality(x0, r, pr),
      };
    };
    if (!evaluate(ctx, this.x0, this.r, this.cur)) {
      p.fill(NaN, 0, pr.withY0 ? 4 : 3);
      p[0] = this.x0;
      p[1] = this.r;
      return {
        cost: Infinity,
        iterations: 0,
        evaluations: this.evaluations,
        status: 'non-finite',
        message: 'the model overflows at the start values (exponent ≥ 500)',
        optimality: NaN,
      };
    }
    if (n < (pr.withY0 ? 4 : 3)) {
      return outcome('invalid-input', `${n} points cannot determine ${pr.withY0 ? 4 : 3} free parameters`, 0);
    }
    // Marquardt scaling of x0 and r (rescale() after each accepted step).
    this.d0 = this.cur.h00 > 0 ? this.cur.h00 : 1;
    this.d1 = this.cur.h11 > 0 ? this.cur.h11 : 1;
    this.fixedX0 = !(lower[0] < upper[0]);
    this.fixedR = !(lower[1] < upper[1]);
    const end = runLm(this, pr, FIT_DEFAULTS.separableInitialDamping);
    return outcome(end.status, end.message, end.iterations);
  }

  // The LmSteps side of the solver (called by runLm; valid during a solve).

  get cost(): number {
    return this.cur.cost;
  }

  /** Projected gradient test; records which of x0, r are pinned at a bound for the next steps. */
  stationary(gtol: number): string | null {
    const { cur, x0, r, d0, d1 } = this;
    const { lower, upper } = this.ctx!.pr;
    const pin0 = this.fixedX0 || (x0 <= lower[0] && cur.g0 > 0) || (x0 >= upper[0] && cur.g0 < 0);
    const pin1 = this.fixedR || (r <= lower[1] && cur.g1 > 0) || (r >= upper[1] && cur.g1 < 0);
    this.pin0 = pin0;
    this.pin1 = pin1;
    if (pin0 && pin1) return 'every free parameter is at a bound';
    const rnorm = Math.sqrt(2 * cur.cost);
    const gmax = Math.max(
      pin0 ? 0 : Math.abs(cur.g0) / (Math.sqrt(d0) * rnorm),
      pin1 ? 0 : Math.abs(cur.g1) / (Math.sqrt(d1) * rnorm),
    );
    if (!(gmax > gtol)) return 'gradient orthogonal to the residual (gtol)';
    return null;
  }

  /** (H + λ·diag(d)) δ = −g on the unpinned parameters, projected into the bounds and short of the overflow guard. */
  propose(lambda: number): boolean {
    const { cur, x0, r, d0, d1, pin0, pin1 } = this;
    const ctx = this.ctx!;
    const { lower, upper } = ctx.pr;
    const a00 = cur.h00 + lambda * d0;
    const a11 = cur.h11 + lambda * d1;
    let s0 = 0;
    let s1 = 0;
    if (pin0) s1 = -cur.g1 / a11;
    else if (pin1) s0 = -cur.g0 / a00;
    else {
      const det = a00 * a11 - cur.h01 * cur.h01;
      s0 = (-cur.g0 * a11 + cur.g1 * cur.h01) / det;
      s1 = (-cur.g1 * a00 + cur.g0 * cur.h01) / det;
    }
    if (!(Number.isFinite(s0) && Number.isFinite(s1))) return false;
    let x0t = clamp(x0 + s0, lower[0], upper[0]);
    let rt = clamp(r + s1, lower[1], upper[1]);
    // The overflow guard makes every (x0, r) with an exponent ≥ 500 a flat plateau of huge cost: a step into it
    // is always rejected. Shorten such a step to stop just short of the plateau instead, as at a bound.
    if (maxExponent(x0t, rt, ctx) >= GUARD_EDGE) {
      let a = 1;
      for (let k = 0; k < 60 && maxExponent(x0 + a * (x0t - x0), r + a * (rt - r), ctx) >= GUARD_EDGE; k++)
        a *= 0.5;
      x0t = x0 + a * (x0t - x0);
      rt = r + a * (rt - r);
    }
    const dc0 = x0t - x0;
    const dc1 = rt - r;
    this.x0t = x0t;
    this.rt = rt;
    this.stepNorm = Math.sqrt(d0 * dc0 * dc0 + d1 * dc1 * dc1);
    this.pNorm = Math.sqrt(d0 * x0 * x0 + d1 * r * r);
    // Predicted reduction of the quadratic model along the projected step.
    this.pred = -(
      cur.g0 * dc0 +
      cur.g1 * dc1 +
      0.5 * (cur.h00 * dc0 * dc0 + 2 * cur.h01 * dc0 * dc1 + cur.h11 * dc1 * dc1)
    );
    return true;
  }

  /**
   * The end of the approximate (float32) approach: once an accepted step lowered the cost by less than
   * FIT_DEFAULTS.approximateUntil · ½Σ(y − ȳ)², once a trial step predicts less than that, and before the loop stops
   * (reduction 0). The float32 cost is within ~7e-8 of that scale of the exact one (p99 2e-8 on the benchmark map
   * and on clean curves), so the approach's decisions rest on reductions at least ~13× its error. The current point
   * is then evaluated again exactly: no exact cost is ever compared with an approximate one, and the stopping tests
   * and the result rest on exact sums only. Returns whether it switched.
   */
  settle(reduction: number): boolean {
    const ctx = this.ctx!;
    if (!ctx.approximate || (reduction > 0 && !(reduction < this.approximateFloor()))) return false;
    ctx.approximate = false;
    this.evaluations++;
    if (!evaluate(ctx, this.x0, this.r, this.cur)) this.cur.cost = Infinity;
    return true;
  }

  /** Cost reduction below which a float32 evaluation cannot be trusted to judge a step. */
  private approximateFloor(): number {
    return FIT_DEFAULTS.approximateUntil * 0.5 * this.ctx!.yy;
  }

  tryCost(): number {
    // A step that predicts less than the float32 noise can resolve is evaluated exactly (and so is the current point).
    if (this.ctx!.approximate && !(this.pred >= this.approximateFloor())) this.settle(0);
    return evaluate(this.ctx!, this.x0t, this.rt, this.tri) ? this.tri.cost : Infinity;
  }

  accept(): void {
    const t = this.cur;
    this.cur = this.tri;
    this.tri = t;
    this.x0 = this.x0t;
    this.r = this.rt;
    this.d0 = rescale(this.cur.h00, this.d0);
    this.d1 = rescale(this.cur.h11, this.d1);
  }

  /** Model values and residuals at the final parameters, and the exact cost from them (the fused pass expands it). */
  private finalPass(pr: SeparableProblem, x0: number, r: number, amp: number, y0: number): number {
    const { x, y, n } = pr;
    const d = amp - y0;
    // A fit that ended on an accepted step evaluated its final (x0, r) last: the kernel still holds s there (saves
    // the exponentials, ~4 % of a worker's time on the benchmark map).
    const kernel = this.ctx?.kernel;
    if (kernel && kernel.holds(this, this.version)) {
      const c = kernel.fitted(x0, r, y0, d, y, this.fit, this.res);
      if (c !== null) return c;
    }
    let c = 0;
    for (let i = 0; i < n; i++) {
      const f = y0 + d / (1 + fastExp(-r * (x[i] - x0)));
      this.fit[i] = f;
      const e = f - y[i];
      this.res[i] = e;
      c += e * e;
    }
    return 0.5 * c;
  }
}

interface EvalContext {
  pr: SeparableProblem;
  /** Mean of y: the pass works on centred data, so the expanded cost does not cancel against a large mean. */
  yMean: number;
  /** Σ (y − ȳ)². */
  yy: number;
  /** The twelve sums of the last pass. */
  sums: Float64Array;
  /** Range of x (the extremes of the exponent lie at its ends). */
  xMin: number;
  xMax: number;
  /** The WebAssembly kernel holding this problem's data, or null (JS loop). */
  kernel: SigmoidKernel | null;
  /** Evaluate with the kernel's float32 first loop (the approach phase of a solve). */
  approximate: boolean;
}

/** Everything one evaluation yields at (x0, r): the best linear parameters, the cost, gradient and GN matrix. */
class EvalState {
  cost = Infinity;
  amp = NaN;
  y0 = NaN;
  g0 = 0;
  g1 = 0;
  h00 = 0;
  h01 = 0;
  h11 = 0;

  /** MINPACK's gtol measure at this state (largest scaled cosine of a free, unpinned parameter). */
  optimality(x0: number, r: number, pr: SeparableProblem): number {
    if (this.cost === 0) return 0;
    const rnorm = Math.sqrt(2 * this.cost);
    let w = 0;
    const free0 = pr.lower[0] < pr.upper[0];
    const free1 = pr.lower[1] < pr.upper[1];
    const pin0 = (x0 <= pr.lower[0] && this.g0 > 0) || (x0 >= pr.upper[0] && this.g0 < 0);
    const pin1 = (r <= pr.lower[1] && this.g1 > 0) || (r >= pr.upper[1] && this.g1 < 0);
    if (free0 && !pin0 && this.h00 > 0) w = Math.max(w, Math.abs(this.g0) / (Math.sqrt(this.h00) * rnorm));
    if (free1 && !pin1 && this.h11 > 0) w = Math.max(w, Math.abs(this.g1) / (Math.sqrt(this.h11) * rnorm));
    return w;
  }
}

/**
 * The hot loop, kept apart from the branchy algebra after it so its optimised code never deoptimises with it:
 * s = 1/(1 + e), u = s(1 − s) = e·s², t = x − x0 and the twelve sums of one evaluation into `out`.
 */
export function accumulate(
  x: Float64Array,
  y: Float64Array,
  n: number,
  x0: number,
  r: number,
  ym: number,
  out: Float64Array,
  xMin: number,
  xMax: number,
  kernel: SigmoidKernel | null = null,
  approximate = false,
): boolean {
  // z = −r(x − x0) is linear in x, so its extremes over the data are at xMin and xMax: one check for all points.
  const za = -r * (xMin - x0);
  const zb = -r * (xMax - x0);
  if (!(Math.max(za, zb) < MAX_EXP)) return false; // the overflow guard, or NaN parameters
  if (kernel) {
    kernel.accumulate(x0, r, ym, out, approximate);
    return true;
  }
  // The JS loop (where WebAssembly SIMD is missing).
  let s1 = 0,
    s2 = 0,
    sy = 0,
    uu = 0,
    us = 0,
    uy = 0,
    u2 = 0,
    tu = 0,
    ts = 0,
    ty = 0,
    tu2 = 0,
    tt2 = 0;
  for (let i = 0; i < n; i++) {
    const t = x[i] - x0;
    const z = -r * t;
    // Far below the threshold e < 1e-130: taken as 0 so no product of the sums goes subnormal (x86 then runs
    // 100× slower); the dropped terms are < 1e-130 relative to any point on the curve.
    const e = z > -300 ? expInRange(z) : 0;
    const s = 1 / (1 + e);
    const u = e * s * s;
    const yc = y[i] - ym;
    const ut = u * t;
    s1 += s;
    s2 += s * s;
    sy += s * yc;
    uu += u;
    us += u * s;
    uy += u * yc;
    u2 += u * u;
    tu += ut;
    ts += ut * s;
    ty += ut * yc;
    tu2 += ut * u;
    tt2 += ut * ut;
  }
  out[0] = s1;
  out[1] = s2;
  out[2] = sy;
  out[3] = uu;
  out[4] = us;
  out[5] = uy;
  out[6] = u2;
  out[7] = tu;
  out[8] = ts;
  out[9] = ty;
  out[10] = tu2;
  out[11] = tt2;
  return true;
}

/**
 * One fused pass at (x0, r): s = 1/(1 + e^{−r(x − x0)}), u = s(1 − s) = e·s², and the sums from which the linear
 * least-squares problem, its cost, the reduced gradient and Kaufman's Gauss–Newton matrix all follow. Returns false
 * when the reference's overflow guard fires (an exponent ≥ 500): the optimiser then backs away.
 */
function evaluate(ctx: EvalContext, x0: number, r: number, out: EvalState): boolean {
  const { n, withY0, lower, upper } = ctx.pr;
  const ym = ctx.yMean;
  const S = ctx.sums;
  if (!accumulate(ctx.pr.x, ctx.pr.y, n, x0, r, ym, S, ctx.xMin, ctx.xMax, ctx.kernel, ctx.approximate))
    return false;
  const s1 = S[0],
    s2 = S[1],
    sy = S[2],
    uu = S[3],
    us = S[4],
    uy = S[5],
    u2 = S[6],
    tu = S[7],
    ts = S[8],
    ty = S[9],
    tu2 = S[10],
    tt2 = S[11];
  // ∂s/∂x0 = −r·u, ∂s/∂r = t·u: A = Σ g, B = Σ g·s, C = Σ g·(y − ȳ), G = Σ g gᵀ.
  const a0 = -r * uu;
  const a1 = tu;
  const b0 = -r * us;
  const b1 = ts;
  const c0 = -r * uy;
  const c1 = ty;
  const g00 = r * r * u2;
  const g01 = -r * tu2;
  const g11 = tt2;

  // Linear parameters in centred units: model − ȳ = q0·(1 − s) + q1·s with q0 = y0 − ȳ, q1 = amp − ȳ (sigmoid4), or
  // model − ȳ = q1·s − ȳ with y0 ≡ 0 (sigmoid). Normal matrix M and right-hand side b in the basis (1 − s, s).
  const m00 = n - 2 * s1 + s2;
  const m01 = s1 - s2;
  const m11 = s2;
  const bb0 = -sy; // Σ (1 − s)(y − ȳ) = −Σ s (y − ȳ) since Σ (y − ȳ) = 0
  const bb1 = sy;
  const lo1 = lower[2] - ym;
  const hi1 = upper[2] - ym;
  let q0: number;
  let q1: number;
  let free0: boolean;
  let free1: boolean;
  if (withY0) {
    const lo0 = lower[3] - ym;
    const hi0 = upper[3] - ym;
    const sol = boxLsq2(m00, m01, m11, bb0, bb1, lo0, hi0, lo1, hi1);
    q0 = sol.q0;
    q1 = sol.q1;
    free0 = sol.free0;
    free1 = sol.free1;
  } else {
    // y0 ≡ 0, i.e. q0 = −ȳ fixed; minimise over q1 only.
    q0 = -ym;
    free0 = false;
    const v = m11 > 0 ? (bb1 - m01 * q0) / m11 : q1Fallback(bb1 - m01 * q0, lo1, hi1);
    q1 = clamp(v, lo1, hi1);
    free1 = m11 > 0 && q1 === v;
  }
  // ½‖Φq − (y − ȳ)‖² expanded over the sums.
  const quad = q0 * q0 * m00 + 2 * q0 * q1 * m01 + q1 * q1 * m11 - 2 * (q0 * bb0 + q1 * bb1);
  const cost = 0.5 * Math.max(0, ctx.yy + quad);
  const d = q1 - q0;
  // Reduced gradient: d · Σ g (f − y) = d · (q0 (A − B) + q1 B − C).
  const gr0 = d * (q0 * (a0 - b0) + q1 * b0 - c0);
  const gr1 = d * (q0 * (a1 - b1) + q1 * b1 - c1);
  // Kaufman: d² · (G − Pᵀ M_F⁻¹ P), P = Φ_Fᵀ g over the free linear columns.
  const p00 = a0 - b0; // column (1 − s)
  const p01 = a1 - b1;
  let h00 = g00;
  let h01 = g01;
  let h11 = g11;
  if (free0 && free1) {
    const det = m00 * m11 - m01 * m01;
    if (det > 0) {
      // [p0 b]ᵀ M⁻¹ [p0 b] with M⁻¹ = [[m11, −m01], [−m01, m00]] / det.
      const w00 = (m11 * p00 - m01 * b0) / det;
      const w01 = (m00 * b0 - m01 * p00) / det;
      const w10 = (m11 * p01 - m01 * b1) / det;
      const w11 = (m00 * b1 - m01 * p01) / det;
      h00 -= p00 * w00 + b0 * w01;
      h01 -= p00 * w10 + b0 * w11;
      h11 -= p01 * w10 + b1 * w11;
    }
  } else if (free0 && m00 > 0) {
    h00 -= (p00 * p00) / m00;
    h01 -= (p00 * p01) / m00;
    h11 -= (p01 * p01) / m00;
  } else if (free1 && m11 > 0) {
    h00 -= (b0 * b0) / m11;
    h01 -= (b0 * b1) / m11;
    h11 -= (b1 * b1) / m11;
  }
  const dd = d * d;
  out.cost = cost;
  // Back from centred units: a parameter on a bound gets the bound itself, the others are clamped so the rounding
  // of ± ȳ cannot leave one.
  out.y0 = withY0 ? uncentre(q0, ym, lower[3] - ym, upper[3] - ym, lower[3], upper[3]) : 0;
  out.amp = uncentre(q1, ym, lo1, hi1, lower[2], upper[2]);
  out.g0 = gr0;
  out.g1 = gr1;
  out.h00 = Math.max(0, dd * h00);
  out.h01 = dd * h01;
  out.h11 = Math.max(0, dd * h11);
  return Number.isFinite(cost);
}

interface Lsq2 {
  q0: number;
  q1: number;
  free0: boolean;
  free1: boolean;
}
const SOL: Lsq2 = { q0: 0, q1: 0, free0: true, free1: true };

/**
 * min ½ qᵀMq − bᵀq over the box [lo0, hi0] × [lo1, hi1] (M symmetric positive semidefinite). The unconstrained
 * minimum when it lies inside; otherwise the best of the four edges' one-dimensional minima (a convex quadratic's
 * box minimum lies on the boundary when the free one is outside). Reuses one result object.
 */
export function boxLsq2(
  m00: number,
  m01: number,
  m11: number,
  b0: number,
  b1: number,
  lo0: number,
  hi0: number,
  lo1: number,
  hi1: number,
): Lsq2 {
  const det = m00 * m11 - m01 * m01;
  if (det > 1e-13 * m00 * m11) {
    const q0 = (m11 * b0 - m01 * b1) / det;
    const q1 = (m00 * b1 - m01 * b0) / det;
    if (q0 >= lo0 && q0 <= hi0 && q1 >= lo1 && q1 <= hi1) {
      SOL.q0 = q0;
      SOL.q1 = q1;
      SOL.free0 = true;
      SOL.free1 = true;
      return SOL;
    }
  }
  // Edges q0 = bound (q1 free within its bounds), then q1 = bound; plain calls, no closures or arrays (this runs
  // on every evaluation of an element whose offset sits at its bound).
  let best = Infinity;
  best = edge(0, lo0, best, m00, m01, m11, b0, b1, lo1, hi1);
  best = edge(0, hi0, best, m00, m01, m11, b0, b1, lo1, hi1);
  best = edge(1, lo1, best, m00, m01, m11, b0, b1, lo0, hi0);
  best = edge(1, hi1, best, m00, m01, m11, b0, b1, lo0, hi0);
  if (best === Infinity) {
    // Unbounded and singular (s constant over the data): any split of the constant level is optimal.
    SOL.q0 = clamp(0, lo0, hi0);
    SOL.q1 = m11 > 0 ? clamp((b1 - m01 * SOL.q0) / m11, lo1, hi1) : clamp(0, lo1, hi1);
    SOL.free0 = false;
    SOL.free1 = false;
  }
  return SOL;
}

function quad2(
  m00: number,
  m01: number,
  m11: number,
  b0: number,
  b1: number,
  q0: number,
  q1: number,
): number {
  return 0.5 * (m00 * q0 * q0 + 2 * m01 * q0 * q1 + m11 * q1 * q1) - b0 * q0 - b1 * q1;
}

/**
 * One edge of the box (when its bound is finite): coordinate `fixed` (0 or 1) held at `v`, the other at its best
 * value within its bounds; recorded in SOL when lower than `best`.
 */
function edge(
  fixed: 0 | 1,
  v: number,
  best: number,
  m00: number,
  m01: number,
  m11: number,
  b0: number,
  b1: number,
  lo: number,
  hi: number,
): number {
  if (!Number.isFinite(v)) return best;
  // The free coordinate's curvature and right-hand side.
  const mf = fixed === 0 ? m11 : m00;
  const bf = fixed === 0 ? b1 : b0;
  const raw = mf > 0 ? (bf - m01 * v) / mf : q1Fallback(bf - m01 * v, lo, hi);
  const w = clamp(raw, lo, hi);
  const q0 = fixed === 0 ? v : w;
  const q1 = fixed === 0 ? w : v;
  const f = quad2(m00, m01, m11, b0, b1, q0, q1);
  if (!(f < best)) return best;
  SOL.q0 = q0;
  SOL.q1 = q1;
  SOL.free0 = fixed === 1 && mf > 0 && w === raw;
  SOL.free1 = fixed === 0 && mf > 0 && w === raw;
  return f;
}

/** Without curvature the objective −c·q is linear: the bound in the direction of c (0 inside when c = 0). */
function q1Fallback(c: number, lo: number, hi: number): number {
  if (c > 0) return hi;
  if (c < 0) return lo;
  return clamp(0, lo, hi);
}

function uncentre(q: number, ym: number, qlo: number, qhi: number, lo: number, hi: number): number {
  if (q === qlo) return lo;
  if (q === qhi) return hi;
  return clamp(q + ym, lo, hi);
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
