// Bounded Levenberg–Marquardt least squares with an analytic Jacobian and workspaces reused across problems.
//
// Bounds are handled by projection with an active set, not by lmfit/MINPACK's sin/arcsin transform: the transform's
// derivative vanishes at a bound, so a parameter whose optimum lies on its bound (common for r and y0 of elements
// without a relation) is approached ever more slowly and never reached; projection reaches the bound exactly, keeps
// the Jacobian exact, and parameters pinned at a bound with the gradient pointing outward simply leave the step.
import { rescale, runLm, type LmSteps } from './lm-core';
import type { ModelDef } from './models';
import { PointBuffers, residualSquares } from './point-buffers';
import type { FitStatus } from './types';

export interface LmProblem {
  model: Pick<ModelDef, 'value' | 'normal'>;
  /** Length of the full parameter vector. */
  nParams: number;
  x: Float64Array;
  /** Data in the fitted domain (log10 for *_log models). */
  y: Float64Array;
  n: number;
  /** Full start vector; clipped into the bounds before the first evaluation. */
  start: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** 1 = optimised, 0 = held at its start value (a user constant). */
  free: Uint8Array;
  maxEvaluations: number;
  ftol: number;
  xtol: number;
  gtol: number;
}

export interface LmOutcome {
  /** ½ Σ r² at the returned parameters. */
  cost: number;
  /** Accepted steps + 1 (Jacobian evaluations, as MINPACK's njev). */
  iterations: number;
  /** Model evaluations (MINPACK's nfev). */
  evaluations: number;
  /**
   * First-order optimality at the returned parameters: the largest scaled cosine between the residual and the
   * Jacobian column of a free parameter not held at a bound (MINPACK's gtol measure; 0 at an exact stationary point,
   * NaN when no gradient was formed).
   */
  optimality: number;
  status: FitStatus;
  message: string;
}

/**
 * Owns every buffer of the loop; `solve` allocates nothing per iteration. Reuse one Solver for many elements. The
 * damping, step acceptance and stopping tests are lm-core.ts's (shared with the separable solver).
 */
export class Solver implements LmSteps {
  private capParams = 0;
  private readonly pts = new PointBuffers();
  private aFull = new Float64Array(0);
  private gFull = new Float64Array(0);
  private pTry = new Float64Array(0);
  // k×k work (k ≤ nParams): normal matrix, Cholesky factor, gradient, step, scaling, index lists.
  private a = new Float64Array(0);
  private l = new Float64Array(0);
  private g = new Float64Array(0);
  private delta = new Float64Array(0);
  private dc = new Float64Array(0);
  private d2 = new Float64Array(0);
  private freeIdx = new Int32Array(0);
  private inact = new Int32Array(0);
  // The problem being solved, for the diagnostics of `done`.
  private pr: LmProblem | null = null;
  private p: Float64Array = new Float64Array(0);
  private k = 0;
  private haveGradient = false;
  // Loop state read by runLm (lm-core.ts): current and trial cost, evaluations, last step's figures.
  cost = NaN;
  private costTry = NaN;
  evaluations = 0;
  stepNorm = 0;
  pNorm = 0;
  pred = 0;
  /** Unpinned free parameters at the current point (their positions in inact). */
  private m = 0;

  constructor(nPoints = 0, nParams = 4) {
    this.ensure(nPoints, nParams);
  }

  /** Grows the workspaces when a larger problem arrives (never shrinks, so steady state allocates nothing). */
  ensure(nPoints: number, nParams: number): void {
    this.pts.ensure(nPoints);
    if (nParams > this.capParams) {
      const k = nParams;
      this.pTry = new Float64Array(k);
      this.aFull = new Float64Array(k * k);
      this.gFull = new Float64Array(k);
      this.a = new Float64Array(k * k);
      this.l = new Float64Array(k * k);
      this.g = new Float64Array(k);
      this.delta = new Float64Array(k);
      this.dc = new Float64Array(k);
      this.d2 = new Float64Array(k);
      this.freeIdx = new Int32Array(k);
      this.inact = new Int32Array(k);
      this.capParams = k;
    }
  }

  /** Model values at the last returned parameters (valid until the next solve). */
  get fitted(): Float64Array {
    return this.pts.fCur;
  }

  /** Residuals (model − data) at the last returned parameters (valid until the next solve). */
  get residual(): Float64Array {
    return this.pts.rCur;
  }

  /** Minimises ½‖f(p) − y‖² within the bounds; writes the solution into `p` (full vector, length nParams). */
  solve(pr: LmProblem, p: Float64Array): LmOutcome {
    const { model, x, y, n, lower, upper, free, nParams } = pr;
    this.ensure(n, nParams);
    const freeIdx = this.freeIdx;
    let k = 0;
    for (let j = 0; j < nParams; j++) {
      const v = Math.min(Math.max(pr.start[j], lower[j]), upper[j]);
      p[j] = free[j] ? v : pr.start[j];
      if (free[j] && lower[j] < upper[j]) freeIdx[k++] = j;
    }
    this.pr = pr;
    this.p = p;
    this.k = k;
    this.haveGradient = false;
    this.evaluations = 1;
    const ok = model.value(p, x, n, this.pts.fCur, this.pts.auxCur);
    const cost = this.residualCost(this.pts.fCur, y, n, this.pts.rCur);
    this.cost = cost;
    if (!ok || !Number.isFinite(cost)) {
      const why = ok
        ? 'the model is not finite at the start values'
        : 'the model overflows at the start values (exponent ≥ 500)';
      return this.done(ok ? cost : Infinity, 0, this.evaluations, 'non-finite', why);
    }
    if (k === 0) return this.done(cost, 0, this.evaluations, 'converged', 'no free parameters');
    if (n < k) {
      return this.done(
        cost,
        0,
        this.evaluations,
        'invalid-input',
        `${n} points cannot determine ${k} free parameters`,
      );
    }
    const { a, d2 } = this;
    this.normalEquations(pr, p, k);
    for (let i = 0; i < k; i++) d2[i] = a[i * k + i] > 0 ? a[i * k + i] : 1;
    const end = runLm(this, pr);
    return this.done(this.cost, end.iterations, this.evaluations, end.status, end.message);
  }

  // The LmSteps side of the solver (called by runLm; valid during a solve).

  /** Projected gradient test; records the unpinned parameters (`inact`, `m`) the next steps solve for. */
  stationary(gtol: number): string | null {
    const { pr, p, k, g, d2, freeIdx } = this;
    const { lower, upper } = pr!;
    let m = 0;
    let gmax = 0;
    const rnorm = Math.sqrt(2 * this.cost);
    for (let i = 0; i < k; i++) {
      const j = freeIdx[i];
      const pinned = (p[j] <= lower[j] && g[i] > 0) || (p[j] >= upper[j] && g[i] < 0);
      if (pinned) continue;
      this.inact[m++] = i;
      gmax = Math.max(gmax, Math.abs(g[i]) / (Math.sqrt(d2[i]) * rnorm));
    }
    this.m = m;
    if (m === 0) return 'every free parameter is at a bound';
    if (!(gmax > gtol)) return 'gradient orthogonal to the residual (gtol)';
    return null;
  }

  propose(lambda: number): boolean {
    const { pr, p, k, a, g, d2, pTry, dc, freeIdx } = this;
    if (!this.dampedStep(k, this.m, lambda)) return false;
    const { lower, upper, nParams } = pr!;
    let stepNorm = 0;
    let pNorm = 0;
    for (let j = 0; j < nParams; j++) pTry[j] = p[j];
    for (let i = 0; i < k; i++) {
      const j = freeIdx[i];
      const v = Math.min(Math.max(p[j] + this.delta[i], lower[j]), upper[j]);
      pTry[j] = v;
      dc[i] = v - p[j];
      stepNorm += d2[i] * dc[i] * dc[i];
      pNorm += d2[i] * p[j] * p[j];
    }
    this.stepNorm = Math.sqrt(stepNorm);
    this.pNorm = Math.sqrt(pNorm);
    // Predicted reduction of the quadratic model along the (projected) step.
    let gd = 0;
    let dad = 0;
    for (let i = 0; i < k; i++) {
      gd += g[i] * dc[i];
      let s = 0;
      for (let q = 0; q < k; q++) s += a[i * k + q] * dc[q];
      dad += dc[i] * s;
    }
    this.pred = -(gd + 0.5 * dad);
    return true;
  }

  tryCost(): number {
    const { model, x, y, n } = this.pr!;
    const ok = model.value(this.pTry, x, n, this.pts.fTry, this.pts.auxTry);
    this.costTry = ok ? this.residualCost(this.pts.fTry, y, n, this.pts.rTry) : Infinity;
    return this.costTry;
  }

  accept(): void {
    const { pr, p, pTry, k, a, d2 } = this;
    this.pts.swap();
    for (let j = 0; j < pr!.nParams; j++) p[j] = pTry[j];
    this.cost = this.costTry;
    this.normalEquations(pr!, p, k);
    for (let i = 0; i < k; i++) d2[i] = rescale(a[i * k + i], d2[i]);
  }

  private done(
    cost: number,
    iterations: number,
    evaluations: number,
    status: FitStatus,
    message: string,
  ): LmOutcome {
    return { cost, iterations, evaluations, status, message, optimality: this.optimality(cost) };
  }

  private optimality(cost: number): number {
    const { pr, p, k, g, d2, freeIdx } = this;
    if (!pr || !this.haveGradient) return NaN;
    if (cost === 0) return 0;
    const rnorm = Math.sqrt(2 * cost);
    let worst = 0;
    for (let i = 0; i < k; i++) {
      const j = freeIdx[i];
      if ((p[j] <= pr.lower[j] && g[i] > 0) || (p[j] >= pr.upper[j] && g[i] < 0)) continue;
      worst = Math.max(worst, Math.abs(g[i]) / (Math.sqrt(d2[i]) * rnorm));
    }
    return worst;
  }

  private residualCost(f: Float64Array, y: Float64Array, n: number, r: Float64Array): number {
    return 0.5 * residualSquares(f, y, n, r);
  }

  /** A = JᵀJ and g = Jᵀr over the free parameters, at the current parameters (from the model's fused pass). */
  private normalEquations(pr: LmProblem, p: Float64Array, k: number): void {
    const { a, g, aFull, gFull, freeIdx } = this;
    const np = pr.nParams;
    pr.model.normal(p, pr.x, pr.n, this.pts.auxCur, this.pts.rCur, aFull, gFull);
    this.haveGradient = true;
    for (let u = 0; u < k; u++) {
      const ju = freeIdx[u];
      g[u] = gFull[ju];
      for (let v = 0; v < k; v++) a[u * k + v] = aFull[ju * np + freeIdx[v]];
    }
  }

  /**
   * Solves (A + λ·diag(d²)) δ = −g on the m unpinned parameters by Cholesky (δ = 0 for pinned ones).
   * Marquardt's diagonal scaling makes the step independent of the parameters' units (x0 in V/m, r in m/V).
   */
  private dampedStep(k: number, m: number, lambda: number): boolean {
    const { a, l, g, d2, delta, inact } = this;
    delta.fill(0, 0, k);
    for (let u = 0; u < m; u++) {
      const iu = inact[u];
      for (let v = 0; v <= u; v++) {
        const iv = inact[v];
        let s = a[iu * k + iv] + (u === v ? lambda * d2[iu] : 0);
        for (let w = 0; w < v; w++) s -= l[u * k + w] * l[v * k + w];
        if (u === v) {
          if (!(s > 0)) return false;
          l[u * k + u] = Math.sqrt(s);
        } else {
          l[u * k + v] = s / l[v * k + v];
        }
      }
    }
    // Forward then backward substitution (dc serves as the intermediate; it is overwritten after the step anyway).
    const z = this.dc;
    for (let u = 0; u < m; u++) {
      let s = -g[inact[u]];
      for (let w = 0; w < u; w++) s -= l[u * k + w] * z[w];
      z[u] = s / l[u * k + u];
    }
    for (let u = m - 1; u >= 0; u--) {
      let s = z[u];
      for (let w = u + 1; w < m; w++) s -= l[w * k + u] * delta[inact[w]];
      delta[inact[u]] = s / l[u * k + u];
    }
    for (let u = 0; u < m; u++) if (!Number.isFinite(delta[inact[u]])) return false;
    return true;
  }
}
