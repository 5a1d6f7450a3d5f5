// The reference's optimiser path: MINPACK's Levenberg–Marquardt (lmdif) in lmfit's bound-transformed coordinates.
//
// pyNIBS fits with lmfit's leastsq: bounded parameters become unbounded internal ones through lmfit's sin/arcsin (one
// bound: sqrt) transform, and MINPACK's trust-region LM (Moré 1978: step bound Δ, Levenberg parameter by lmpar,
// scaling by the largest column norms seen) runs on those. Which local minimum an element without a clear relation
// ends in depends on that path (it can wander for hundreds of steps across flat ground), so the engine's own LM
// (separable.ts, the fast solver) ends elsewhere on some of them, lower or higher. This solver follows the reference's
// path step for step: the same trust-region updates and stopping tests, lmfit's transform, and lmfit's evaluation
// count (forward differences cost one evaluation per parameter). Its Jacobian is analytic, scaled by the transform's
// secant over MINPACK's difference step, instead of being differenced; the algebra uses the normal equations of the
// (at most 4) parameters instead of a QR of the n×k Jacobian: the pivoted Cholesky factor of JᵀJ is MINPACK's R up
// to signs, so every quantity of lmdif/lmpar/qrsolv has its exact counterpart. On sigmoid4/sigmoid each evaluation
// is one pass of the SIMD kernel (its sums give the cost and JᵀJ at once); other models use their own JS passes.
import type { LmOutcome, LmProblem } from './lm';
import { PointBuffers, residualSquares } from './point-buffers';

/**
 * The sigmoid's sums at (x0, r) for the data being fitted (separable.ts's accumulate: Σs, Σs², Σs·yc, Σu, Σu·s,
 * Σu·yc, Σu², Σu·t, Σu·t·s, Σu·t·yc, Σu·t·u, Σ(u·t)² with yc = y − ȳ): from them the cost, JᵀJ and Jᵀr of sigmoid4
 * (or sigmoid, y0 ≡ 0) follow at any (amp, y0), so each evaluation is one pass of the SIMD kernel.
 */
export interface SigmoidSums {
  /** ȳ and Σ(y − ȳ)² of the data. */
  readonly loadedMean: number;
  readonly loadedScatter: number;
  /** The twelve sums over (x, y, n) into out; false when the overflow guard fires (an exponent ≥ 500). */
  sumsAt(x: Float64Array, y: Float64Array, n: number, x0: number, r: number, out: Float64Array): boolean;
  /** Model values y0 + d·s and residuals at (x0, r) into fit and res, and ½ Σ res²; null where it cannot. */
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
  ): number | null;
}

/** The reference's flat value where its overflow guard fires (numpy's int32 max). */
const GUARD_VALUE = 2147483647;

/** MINPACK's dpmpar(2), the smallest positive normalised double. */
const DWARF = 2.2250738585072014e-308;
const EPSMCH = 2.220446049250313e-16;
/** lmfit's leastsq: factor 100 for the initial step bound; the Jacobian's scaling by column norms (mode 1). */
const FACTOR = 100;

/** MINPACK's forward-difference step factor with lmfit's default epsfcn (machine ε): √ε. */
const SQRT_EPS = Math.sqrt(EPSMCH);

/** One bounded parameter's transform, as lmfit's Parameter.setup_bounds. */
const enum Kind {
  Free,
  Both,
  Lower,
  Upper,
}

/** lmfit's from_internal for one parameter. */
function external(kind: Kind, w: number, lo: number, hi: number): number {
  switch (kind) {
    case Kind.Both:
      return lo + ((Math.sin(w) + 1) * (hi - lo)) / 2;
    case Kind.Lower:
      return lo - 1 + Math.sqrt(w * w + 1);
    case Kind.Upper:
      return hi + 1 - Math.sqrt(w * w + 1);
    default:
      return w;
  }
}

/**
 * vᵀ M v for M k×k (row-major): each row's sum and the total start from 0, as the general loop adds; unrolled for four
 * parameters (the hot case, once per trial step).
 */
function quadraticForm(m: Float64Array, v: Float64Array, k: number): number {
  if (k === 4) {
    const v0 = v[0];
    const v1 = v[1];
    const v2 = v[2];
    const v3 = v[3];
    const t0 = 0 + m[0] * v0 + m[1] * v1 + m[2] * v2 + m[3] * v3;
    const t1 = 0 + m[4] * v0 + m[5] * v1 + m[6] * v2 + m[7] * v3;
    const t2 = 0 + m[8] * v0 + m[9] * v1 + m[10] * v2 + m[11] * v3;
    const t3 = 0 + m[12] * v0 + m[13] * v1 + m[14] * v2 + m[15] * v3;
    return 0 + v0 * t0 + v1 * t1 + v2 * t2 + v3 * t3;
  }
  let sum = 0;
  for (let i = 0; i < k; i++) {
    const ik = i * k;
    let t = 0;
    for (let j = 0; j < k; j++) t += m[ik + j] * v[j];
    sum += v[i] * t;
  }
  return sum;
}

/** ‖v‖ over v[0..k) (MINPACK's enorm without its overflow-safe scaling: k ≤ 4 values of ordinary size). */
function enorm(v: Float64Array, k: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

export class MinpackSolver {
  /**
   * `unrolled` false: lmpar for four parameters of full rank runs through the general loops instead of lmpar4, its
   * unrolled twin (the same operations in the same order: the tests compare the two bit for bit).
   */
  constructor(private readonly unrolled = true) {}

  private capParams = 0;
  private readonly pts = new PointBuffers();
  private aFull = new Float64Array(0);
  private gFull = new Float64Array(0);
  private pExt = new Float64Array(0);
  private pTry = new Float64Array(0);
  // k-sized work (k ≤ nParams), named after lmder's and lmpar's arrays where they play the same part.
  private idx = new Int32Array(0);
  private kind = new Uint8Array(0);
  private u = new Float64Array(0);
  private uTry = new Float64Array(0);
  private scale = new Float64Array(0);
  private m = new Float64Array(0);
  private g = new Float64Array(0);
  private acnorm = new Float64Array(0);
  private diag = new Float64Array(0);
  private r = new Float64Array(0);
  private s = new Float64Array(0);
  private ipvt = new Int32Array(0);
  private qtb = new Float64Array(0);
  private step = new Float64Array(0);
  private wa1 = new Float64Array(0);
  private wa2 = new Float64Array(0);
  private wa3 = new Float64Array(0);
  private nsing = 0;
  private sumsCur = new Float64Array(12);
  private sumsTry = new Float64Array(12);
  private sig: SigmoidSums | null = null;

  /** Model values at the last returned parameters (valid until the next solve). */
  get fitted(): Float64Array {
    return this.pts.fCur;
  }

  private ensure(n: number, np: number): void {
    this.pts.ensure(n);
    if (np > this.capParams) {
      const f = (len: number): Float64Array<ArrayBuffer> => new Float64Array(len);
      this.aFull = f(np * np);
      this.gFull = f(np);
      this.pExt = f(np);
      this.pTry = f(np);
      this.idx = new Int32Array(np);
      this.kind = new Uint8Array(np);
      this.u = f(np);
      this.uTry = f(np);
      this.scale = f(np);
      this.m = f(np * np);
      this.g = f(np);
      this.acnorm = f(np);
      this.diag = f(np);
      this.r = f(np * np);
      this.s = f(np * np);
      this.ipvt = new Int32Array(np);
      this.qtb = f(np);
      this.step = f(np);
      this.wa1 = f(np);
      this.wa2 = f(np);
      this.wa3 = f(np);
      this.capParams = np;
    }
  }

  /**
   * Minimises ½‖f(p) − y‖² within the bounds from pr.start along lmfit leastsq's path; writes the solution into `p`.
   * `evaluations` counts as lmfit does with forward differences (one per trial point, k per Jacobian), and the fit
   * stops, as lmfit's max_nfev, before that count would pass pr.maxEvaluations; `iterations` counts Jacobians.
   */
  solve(pr: LmProblem, p: Float64Array, sig: SigmoidSums | null = null): LmOutcome {
    const { model, x, y, n, lower, upper, free, nParams: np } = pr;
    this.ensure(n, np);
    this.sig = sig;

    const { idx, kind, u, uTry, pExt, pTry, diag, acnorm, m, g, step, wa2, wa3 } = this;
    let k = 0;
    for (let j = 0; j < np; j++) {
      const lo = lower[j];
      const hi = upper[j];
      // lmfit clips the start into the bounds before transforming it.
      const v = free[j] ? Math.min(Math.max(pr.start[j], lo), hi) : pr.start[j];
      pExt[j] = v;
      if (!free[j] || !(lo < hi)) continue;
      idx[k] = j;
      if (Number.isFinite(lo) && Number.isFinite(hi)) {
        kind[k] = Kind.Both;
        u[k] = Math.asin((2 * (v - lo)) / (hi - lo) - 1);
      } else if (Number.isFinite(lo)) {
        kind[k] = Kind.Lower;
        u[k] = Math.sqrt((v - lo + 1) * (v - lo + 1) - 1);
      } else if (Number.isFinite(hi)) {
        kind[k] = Kind.Upper;
        u[k] = Math.sqrt((hi - v + 1) * (hi - v + 1) - 1);
      } else {
        kind[k] = Kind.Free;
        u[k] = v;
      }
      k++;
    }
    // A start that is not a number (e.g. a failed neighbour's parameters) cannot be transformed or evaluated.
    for (let j = 0; j < k; j++) {
      if (!Number.isFinite(u[j])) {
        p.set(pExt.subarray(0, np));
        return {
          cost: NaN,
          iterations: 0,
          evaluations: 0,
          optimality: NaN,
          status: 'non-finite',
          message: 'the start values are not finite',
        };
      }
    }
    pTry.set(pExt.subarray(0, np));
    this.toExternal(pr, u, k, pExt);
    let evaluations = 1;
    const ok = this.evaluate(pr, pExt, true);
    let fnorm = Math.sqrt(this.ssCur);
    const done = (status: LmOutcome['status'], message: string, iterations: number): LmOutcome => {
      p.set(pExt.subarray(0, np));
      // The sums' path has no model values yet: one residual pass gives them and the exact cost (the kernel's, from
      // its scratch or one more pass; the model's JS pass where it has none).
      if (sig && Number.isFinite(fnorm)) {
        const y0 = np === 4 ? pExt[3] : 0;
        const pts = this.pts;
        const half = sig.fittedAt(x, y, n, pExt[0], pExt[1], y0, pExt[2] - y0, pts.fCur, pts.rCur);
        if (half !== null) fnorm = Math.sqrt(2 * half);
        else {
          model.value(pExt, x, n, pts.fCur, pts.auxCur);
          fnorm = Math.sqrt(residualSquares(pts.fCur, y, n, pts.rCur));
        }
      }
      return { cost: 0.5 * fnorm * fnorm, iterations, evaluations, optimality: NaN, status, message };
    };
    if (!ok || !Number.isFinite(fnorm)) {
      fnorm = Infinity;
      return done(
        'non-finite',
        ok
          ? 'the model is not finite at the start values'
          : 'the model overflows at the start values (exponent ≥ 500)',
        0,
      );
    }
    if (k === 0) return done('converged', 'no free parameters', 0);
    if (n < k) return done('invalid-input', `${n} points cannot determine ${k} free parameters`, 0);
    const max = pr.maxEvaluations;
    let par = 0;
    let delta = 0;
    let xnorm = 0;
    let iter = 1;
    let njev = 0;
    for (;;) {
      // lmfit's forward-difference Jacobian costs k evaluations; it aborts the fit on the one past max_nfev.
      if (evaluations + k > max + 1)
        return done('max-evaluations', `stopped after ${evaluations} evaluations`, njev);
      evaluations += k;
      njev++;
      this.normal(pr, pExt, k);
      for (let j = 0; j < k; j++) acnorm[j] = Math.sqrt(m[j * (k + 1)]);
      this.factor(k);
      if (iter === 1) {
        for (let j = 0; j < k; j++) {
          diag[j] = acnorm[j] === 0 ? 1 : acnorm[j];
          wa3[j] = diag[j] * u[j];
        }
        xnorm = enorm(wa3, k);
        delta = FACTOR * xnorm;
        if (delta === 0) delta = FACTOR;
      }
      // The scaled gradient test (lmfit passes gtol 0, so only an exactly orthogonal residual stops here).
      let gnorm = 0;
      if (fnorm !== 0) {
        for (let j = 0; j < k; j++) {
          if (acnorm[j] !== 0) gnorm = Math.max(gnorm, Math.abs(g[j] / fnorm / acnorm[j]));
        }
      }
      if (gnorm <= pr.gtol) return done('converged', 'gradient orthogonal to the residual (gtol)', njev);
      for (let j = 0; j < k; j++) diag[j] = Math.max(diag[j], acnorm[j]);
      for (;;) {
        par = this.lmpar(k, delta, par);
        let pnorm = 0;
        for (let j = 0; j < k; j++) {
          step[j] = -step[j];
          uTry[j] = u[j] + step[j];
          pnorm += diag[j] * step[j] * diag[j] * step[j];
        }
        pnorm = Math.sqrt(pnorm);
        if (iter === 1) delta = Math.min(delta, pnorm);
        if (evaluations + 1 > max + 1)
          return done('max-evaluations', `stopped after ${evaluations} evaluations`, njev);
        evaluations++;
        this.toExternal(pr, uTry, k, pTry);
        const okTry = this.evaluate(pr, pTry, false);
        const fnorm1 = Math.sqrt(this.ssTry);
        let actred = -1;
        if (0.1 * fnorm1 < fnorm) actred = 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm);
        // ‖R Pᵀ step‖² = stepᵀ JᵀJ step.
        const sms = quadraticForm(m, step, k);
        const temp1 = Math.sqrt(Math.max(sms, 0)) / fnorm;
        const temp2 = (Math.sqrt(par) * pnorm) / fnorm;
        const prered = temp1 * temp1 + (temp2 * temp2) / 0.5;
        const dirder = -(temp1 * temp1 + temp2 * temp2);
        const ratio = prered !== 0 ? actred / prered : 0;
        if (ratio <= 0.25) {
          let temp = actred >= 0 ? 0.5 : (0.5 * dirder) / (dirder + 0.5 * actred);
          if (0.1 * fnorm1 >= fnorm || temp < 0.1) temp = 0.1;
          delta = temp * Math.min(delta, pnorm / 0.1);
          par /= temp;
        } else if (par === 0 || ratio >= 0.75) {
          delta = pnorm / 0.5;
          par *= 0.5;
        }
        if (ratio >= 1e-4 && okTry) {
          for (let j = 0; j < k; j++) {
            u[j] = uTry[j];
            wa2[j] = diag[j] * u[j];
          }
          for (let q = 0; q < np; q++) pExt[q] = pTry[q];
          this.swap();
          xnorm = enorm(wa2, k);
          fnorm = fnorm1;
          iter++;
        }
        const small = Math.abs(actred) <= pr.ftol && prered <= pr.ftol && 0.5 * ratio <= 1;
        if (small) return done('converged', 'relative reduction of the cost below ftol', njev);
        if (delta <= pr.xtol * xnorm) return done('converged', 'relative step size below xtol', njev);
        if (Math.abs(actred) <= EPSMCH && prered <= EPSMCH && 0.5 * ratio <= 1)
          return done('converged', 'ftol is too small: no further reduction possible', njev);
        if (delta <= EPSMCH * xnorm)
          return done('converged', 'xtol is too small: no further improvement possible', njev);
        if (gnorm <= EPSMCH)
          return done('converged', 'gtol is too small: the residual is orthogonal to the Jacobian', njev);
        if (ratio >= 1e-4 && okTry) break;
      }
    }
  }

  private ssCur = NaN;
  private ssTry = NaN;

  /** Σ res² at p into ssCur (current) or ssTry (trial); false when the overflow guard fired. */
  private evaluate(pr: LmProblem, pv: Float64Array, current: boolean): boolean {
    const sig = this.sig;
    let ok: boolean;
    let ss: number;
    if (sig) {
      const S = current ? this.sumsCur : this.sumsTry;
      const n = pr.n;
      ok = sig.sumsAt(pr.x, pr.y, n, pv[0], pv[1], S);
      if (ok) {
        // sigmoid4 has y0 as its fourth parameter; sigmoid has y0 ≡ 0.
        const y0 = pr.nParams === 4 ? pv[3] : 0;
        const c = y0 - sig.loadedMean;
        const d = pv[2] - y0;
        // Σ (c + d·s − yc)², expanded (Σ yc = 0).
        ss = Math.max(0, sig.loadedScatter + n * c * c + 2 * c * d * S[0] + d * d * S[1] - 2 * d * S[2]);
      } else {
        const c = GUARD_VALUE - sig.loadedMean;
        ss = sig.loadedScatter + n * c * c;
      }
    } else {
      ok = current
        ? pr.model.value(pv, pr.x, pr.n, this.pts.fCur, this.pts.auxCur)
        : pr.model.value(pv, pr.x, pr.n, this.pts.fTry, this.pts.auxTry);
      ss = current
        ? residualSquares(this.pts.fCur, pr.y, pr.n, this.pts.rCur)
        : residualSquares(this.pts.fTry, pr.y, pr.n, this.pts.rTry);
    }
    if (current) this.ssCur = ss;
    else this.ssTry = ss;
    return ok;
  }

  /** JᵀJ and Jᵀr of sigmoid4/sigmoid at p (external coordinates, full np×np) from the current point's sums. */
  private normalFromSums(sig: SigmoidSums, pv: Float64Array, n: number, np: number): void {
    const S = this.sumsCur;
    const a = this.aFull;
    const g = this.gFull;
    const r = pv[1];
    const withY0 = np === 4;
    const y0 = withY0 ? pv[3] : 0;
    const c = y0 - sig.loadedMean;
    const d = pv[2] - y0;
    // Columns ∂f/∂(x0, r, amp, y0) = (−d·r·u, d·t·u, s, 1 − s), with u = s(1 − s) and t = x − x0.
    a[0] = d * d * r * r * S[6];
    a[1] = -d * d * r * S[10];
    a[2] = -d * r * S[4];
    a[np + 1] = d * d * S[11];
    a[np + 2] = d * S[8];
    a[2 * np + 2] = S[1];
    const sRes = c * S[0] + d * S[1] - S[2];
    g[0] = -d * r * (c * S[3] + d * S[4] - S[5]);
    g[1] = d * (c * S[7] + d * S[8] - S[9]);
    g[2] = sRes;
    if (withY0) {
      a[3] = -d * r * (S[3] - S[4]);
      a[np + 3] = d * (S[7] - S[8]);
      a[2 * np + 3] = S[0] - S[1];
      a[3 * np + 3] = n - 2 * S[0] + S[1];
      g[3] = n * c + d * S[0] - sRes;
    }
    for (let i = 0; i < np; i++) for (let j = 0; j < i; j++) a[i * np + j] = a[j * np + i];
  }

  /** Internal → external parameters (lmfit's from_internal). */
  private toExternal(pr: LmProblem, uv: Float64Array, k: number, out: Float64Array): void {
    const { idx, kind } = this;
    for (let j = 0; j < k; j++) {
      const q = idx[j];
      out[q] = external(kind[j], uv[j], pr.lower[q], pr.upper[q]);
    }
  }

  /** JᵀJ and Jᵀf in internal coordinates at the current point (m, g), from the model's fused pass. */
  private normal(pr: LmProblem, pCur: Float64Array, k: number): void {
    const { idx, kind, u, scale, aFull, gFull, m, g } = this;
    const np = pr.nParams;
    if (this.sig) this.normalFromSums(this.sig, pCur, pr.n, np);
    else pr.model.normal(pCur, pr.x, pr.n, this.pts.auxCur, this.pts.rCur, aFull, gFull);
    // dp/du as MINPACK's forward difference sees it: the secant of the transform over its step h = √ε·|u| (ε if
    // u = 0), not the tangent. The two differ by orders of magnitude at a bound (where the tangent vanishes and the
    // secant does not), which is where the reference's path is decided for many elements.
    for (let j = 0; j < k; j++) {
      const q = idx[j];
      const w = u[j];
      const h = w === 0 ? SQRT_EPS : SQRT_EPS * Math.abs(w);
      scale[j] = (external(kind[j], w + h, pr.lower[q], pr.upper[q]) - pCur[q]) / h;
    }
    // Both sources fill JᵀJ symmetrically to the bit, and scale[a]·scale[b] = scale[b]·scale[a]: the lower triangle is a
    // copy of the upper one.
    if (k === 4 && np === 4) {
      // All four free (idx is the identity): unrolled, the same products.
      const s0 = scale[0];
      const s1 = scale[1];
      const s2 = scale[2];
      const s3 = scale[3];
      const A = aFull;
      g[0] = s0 * gFull[0];
      g[1] = s1 * gFull[1];
      g[2] = s2 * gFull[2];
      g[3] = s3 * gFull[3];
      m[0] = s0 * s0 * A[0];
      m[1] = m[4] = s0 * s1 * A[1];
      m[2] = m[8] = s0 * s2 * A[2];
      m[3] = m[12] = s0 * s3 * A[3];
      m[5] = s1 * s1 * A[5];
      m[6] = m[9] = s1 * s2 * A[6];
      m[7] = m[13] = s1 * s3 * A[7];
      m[10] = s2 * s2 * A[10];
      m[11] = m[14] = s2 * s3 * A[11];
      m[15] = s3 * s3 * A[15];
      return;
    }
    for (let a = 0; a < k; a++) {
      const sa = scale[a];
      const ra = idx[a] * np;
      const ak = a * k;
      g[a] = sa * gFull[idx[a]];
      for (let b = a; b < k; b++) {
        const v = sa * scale[b] * aFull[ra + idx[b]];
        m[ak + b] = v;
        m[b * k + a] = v;
      }
    }
  }

  /**
   * MINPACK's qrfac with column pivoting, through JᵀJ: R (upper, pivoted order, r[i·k + j]) and ipvt, choosing at
   * each stage the column with the largest remaining norm; a stage whose remaining norm is not positive ends the
   * rank (nsing). Also qtb, the first k entries of Qᵀf: Rᵀ qtb = Pᵀ Jᵀ f.
   */
  private factor(k: number): void {
    if (k === 4 && this.unrolled && this.factor4()) return;
    const { m, r, ipvt, g, qtb, wa1 } = this;
    // A working copy of JᵀJ in this.s (free until lmpar's damped solves): its Schur complement, permuted as we go.
    const a = this.s;
    for (let i = 0; i < k * k; i++) {
      r[i] = 0;
      a[i] = m[i];
    }
    for (let j = 0; j < k; j++) ipvt[j] = j;
    this.nsing = k;
    for (let j = 0; j < k; j++) {
      const jk = j * k;
      // Remaining column norms² are the Schur complement's diagonal.
      let best = j;
      let bestNorm = a[jk + j];
      for (let c = j + 1; c < k; c++) {
        const v = a[c * k + c];
        if (v > bestNorm) {
          best = c;
          bestNorm = v;
        }
      }
      if (best !== j) {
        // Swap rows/columns j and best of a, the columns of r above row j, and ipvt.
        const bk = best * k;
        for (let t = 0; t < k; t++) {
          const v = a[jk + t];
          a[jk + t] = a[bk + t];
          a[bk + t] = v;
        }
        for (let t = 0; t < k * k; t += k) {
          const v = a[t + j];
          a[t + j] = a[t + best];
          a[t + best] = v;
        }
        for (let t = 0; t < j * k; t += k) {
          const v = r[t + j];
          r[t + j] = r[t + best];
          r[t + best] = v;
        }
        const v = ipvt[j];
        ipvt[j] = ipvt[best];
        ipvt[best] = v;
      }
      const d = a[jk + j];
      if (!(d > 0)) {
        this.nsing = j;
        break;
      }
      const rjj = Math.sqrt(d);
      r[jk + j] = rjj;
      for (let c = j + 1; c < k; c++) r[jk + c] = a[jk + c] / rjj;
      for (let i = j + 1; i < k; i++) {
        const rji = r[jk + i];
        const ik = i * k;
        for (let c = j + 1; c < k; c++) a[ik + c] -= rji * r[jk + c];
      }
    }
    // qtb: forward substitution Rᵀ qtb = Pᵀ g over the rank; beyond it MINPACK's qtb does not enter lmpar.
    for (let j = 0; j < k; j++) wa1[j] = g[ipvt[j]];
    for (let j = 0; j < k; j++) {
      if (j >= this.nsing) {
        qtb[j] = 0;
        continue;
      }
      let s = wa1[j];
      for (let i = 0; i < j; i++) s -= r[i * k + j] * qtb[i];
      qtb[j] = s / r[j * k + j];
    }
  }

  /**
   * factor for four parameters, unrolled (false, having changed nothing that factor does not set anew, when JᵀJ is
   * not of full rank: the general code handles that). The working copy of JᵀJ stays in place and a permutation
   * P (p0…p3) names its rows instead of swapping them: every entry gets the same operations in the same order as
   * in the general code, whose swaps only move values. Both triangles are updated alike, as there.
   */
  private factor4(): boolean {
    const { m, r, ipvt, g, qtb } = this;
    const a = this.s;
    for (let i = 0; i < 16; i++) a[i] = m[i];
    for (let j = 0; j < 4; j++) ipvt[j] = j;
    let v: number;
    // Stage 0: the column of largest remaining norm² (the first of equal ones) leads.
    let b = 0;
    let bn = a[0];
    if (a[5] > bn) {
      b = 1;
      bn = a[5];
    }
    if (a[10] > bn) {
      b = 2;
      bn = a[10];
    }
    if (a[15] > bn) b = 3;
    ipvt[0] = b;
    ipvt[b] = 0;
    const p0 = ipvt[0];
    let p1 = ipvt[1];
    let p2 = ipvt[2];
    let p3 = ipvt[3];
    let d = a[p0 * 5];
    if (!(d > 0)) return false;
    const r00 = Math.sqrt(d);
    let r01 = a[p0 * 4 + p1] / r00;
    let r02 = a[p0 * 4 + p2] / r00;
    let r03 = a[p0 * 4 + p3] / r00;
    // The Schur complement: a[i][c] −= r0i·r0c for i, c > 0 (both triangles get the same product).
    a[p1 * 5] -= r01 * r01;
    v = a[p1 * 4 + p2] - r01 * r02;
    a[p1 * 4 + p2] = v;
    a[p2 * 4 + p1] = v;
    v = a[p1 * 4 + p3] - r01 * r03;
    a[p1 * 4 + p3] = v;
    a[p3 * 4 + p1] = v;
    a[p2 * 5] -= r02 * r02;
    v = a[p2 * 4 + p3] - r02 * r03;
    a[p2 * 4 + p3] = v;
    a[p3 * 4 + p2] = v;
    a[p3 * 5] -= r03 * r03;
    // Stage 1 (a swap moves row 0's entries of R along).
    b = 1;
    bn = a[p1 * 5];
    if (a[p2 * 5] > bn) {
      b = 2;
      bn = a[p2 * 5];
    }
    if (a[p3 * 5] > bn) b = 3;
    if (b === 2) {
      ipvt[1] = p2;
      ipvt[2] = p1;
      v = r01;
      r01 = r02;
      r02 = v;
    } else if (b === 3) {
      ipvt[1] = p3;
      ipvt[3] = p1;
      v = r01;
      r01 = r03;
      r03 = v;
    }
    p1 = ipvt[1];
    p2 = ipvt[2];
    p3 = ipvt[3];
    d = a[p1 * 5];
    if (!(d > 0)) return false;
    const r11 = Math.sqrt(d);
    let r12 = a[p1 * 4 + p2] / r11;
    let r13 = a[p1 * 4 + p3] / r11;
    a[p2 * 5] -= r12 * r12;
    v = a[p2 * 4 + p3] - r12 * r13;
    a[p2 * 4 + p3] = v;
    a[p3 * 4 + p2] = v;
    a[p3 * 5] -= r13 * r13;
    // Stage 2.
    if (a[p3 * 5] > a[p2 * 5]) {
      ipvt[2] = p3;
      ipvt[3] = p2;
      v = r02;
      r02 = r03;
      r03 = v;
      v = r12;
      r12 = r13;
      r13 = v;
      p2 = ipvt[2];
      p3 = ipvt[3];
    }
    d = a[p2 * 5];
    if (!(d > 0)) return false;
    const r22 = Math.sqrt(d);
    const r23 = a[p2 * 4 + p3] / r22;
    a[p3 * 5] -= r23 * r23;
    // Stage 3.
    d = a[p3 * 5];
    if (!(d > 0)) return false;
    const r33 = Math.sqrt(d);
    r.fill(0, 0, 16);
    r[0] = r00;
    r[1] = r01;
    r[2] = r02;
    r[3] = r03;
    r[5] = r11;
    r[6] = r12;
    r[7] = r13;
    r[10] = r22;
    r[11] = r23;
    r[15] = r33;
    this.nsing = 4;
    // qtb: Rᵀ qtb = Pᵀ g, forward substitution.
    const q0 = g[p0] / r00;
    const q1 = (g[p1] - r01 * q0) / r11;
    const q2 = (g[p2] - r02 * q0 - r12 * q1) / r22;
    qtb[0] = q0;
    qtb[1] = q1;
    qtb[2] = q2;
    qtb[3] = (g[p3] - r03 * q0 - r13 * q1 - r23 * q2) / r33;
    return true;
  }

  /**
   * MINPACK's lmpar: the Levenberg parameter for the step bound Δ (‖D·step‖ within 10 % of Δ, or the Gauss–Newton
   * step when it lies inside), starting from `par`; the step (MINPACK's x, before lmder negates it) into `step`.
   */
  private lmpar(k: number, delta: number, par0: number): number {
    if (k === 4 && this.nsing === 4 && this.unrolled) return this.lmpar4(delta, par0);
    const { r, ipvt, diag, qtb, step, wa1, wa2, g } = this;
    const nsing = this.nsing;
    for (let j = 0; j < k; j++) wa1[j] = j < nsing ? qtb[j] : 0;
    for (let j = nsing - 1; j >= 0; j--) {
      wa1[j] /= r[j * k + j];
      const t = wa1[j];
      for (let i = 0; i < j; i++) wa1[i] -= r[i * k + j] * t;
    }
    for (let j = 0; j < k; j++) step[ipvt[j]] = wa1[j];
    for (let j = 0; j < k; j++) wa2[j] = diag[j] * step[j];
    let dxnorm = enorm(wa2, k);
    let fp = dxnorm - delta;
    if (fp <= 0.1 * delta) return 0;
    let parl = 0;
    if (nsing >= k) {
      for (let j = 0; j < k; j++) {
        const l = ipvt[j];
        wa1[j] = diag[l] * (wa2[l] / dxnorm);
      }
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let i = 0; i < j; i++) s += r[i * k + j] * wa1[i];
        wa1[j] = (wa1[j] - s) / r[j * k + j];
      }
      const t = enorm(wa1, k);
      parl = fp / delta / t / t;
    }
    // Rᵀ qtb = Pᵀ Jᵀ f, scaled: the gradient's norm bounds the parameter from above.
    for (let j = 0; j < k; j++) {
      const l = ipvt[j];
      wa1[j] = g[l] / diag[l];
    }
    const gnorm = enorm(wa1, k);
    let paru = gnorm / delta;
    if (paru === 0) paru = DWARF / Math.min(delta, 0.1);
    let par = Math.max(par0, parl);
    par = Math.min(par, paru);
    if (par === 0) par = gnorm / dxnorm;
    for (let iter = 1; ; iter++) {
      if (par === 0) par = Math.max(DWARF, 0.001 * paru);
      if (!this.dampedSolve(k, par)) return par;
      for (let j = 0; j < k; j++) wa2[j] = diag[j] * step[j];
      dxnorm = enorm(wa2, k);
      const temp = fp;
      fp = dxnorm - delta;
      if (Math.abs(fp) <= 0.1 * delta || (parl === 0 && fp <= temp && temp < 0) || iter === 10) return par;
      // Newton's correction: Sᵀ w = P D (D·step)/‖D·step‖ with Sᵀ S = Pᵀ(JᵀJ + par·D²)P.
      for (let j = 0; j < k; j++) {
        const l = ipvt[j];
        wa1[j] = diag[l] * (wa2[l] / dxnorm);
      }
      const s = this.s;
      for (let j = 0; j < k; j++) {
        let v = wa1[j];
        for (let i = 0; i < j; i++) v -= s[i * k + j] * wa1[i];
        wa1[j] = v / s[j * k + j];
      }
      const t = enorm(wa1, k);
      const parc = fp / delta / t / t;
      if (fp > 0) parl = Math.max(parl, par);
      if (fp < 0) paru = Math.min(paru, par);
      par = Math.max(parl, par + parc);
    }
  }

  /**
   * lmpar for four parameters of full rank (sigmoid4, the hot case), with qrsolv's damped solve inline: the general
   * code's operations in the same order, each sum from the same first term, on scalars instead of four-element loops
   * (whose loop control and typed-array checks cost about as much as the arithmetic). ~35 % less time per call.
   */
  private lmpar4(delta: number, par0: number): number {
    const { r, ipvt, diag, qtb, step, wa2, g, m } = this;
    const p0 = ipvt[0];
    const p1 = ipvt[1];
    const p2 = ipvt[2];
    const p3 = ipvt[3];
    const r00 = r[0];
    const r01 = r[1];
    const r02 = r[2];
    const r03 = r[3];
    const r11 = r[5];
    const r12 = r[6];
    const r13 = r[7];
    const r22 = r[10];
    const r23 = r[11];
    const r33 = r[15];
    // The Gauss–Newton step: R z = qtb, back substitution column by column.
    let z0 = qtb[0];
    let z1 = qtb[1];
    let z2 = qtb[2];
    let z3 = qtb[3];
    z3 /= r33;
    z0 -= r03 * z3;
    z1 -= r13 * z3;
    z2 -= r23 * z3;
    z2 /= r22;
    z0 -= r02 * z2;
    z1 -= r12 * z2;
    z1 /= r11;
    z0 -= r01 * z1;
    z0 /= r00;
    step[p0] = z0;
    step[p1] = z1;
    step[p2] = z2;
    step[p3] = z3;
    const d0 = diag[0];
    const d1 = diag[1];
    const d2 = diag[2];
    const d3 = diag[3];
    let x0 = d0 * step[0];
    let x1 = d1 * step[1];
    let x2 = d2 * step[2];
    let x3 = d3 * step[3];
    let dxnorm = Math.sqrt(x0 * x0 + x1 * x1 + x2 * x2 + x3 * x3);
    let fp = dxnorm - delta;
    if (fp <= 0.1 * delta) return 0;
    // The pivoted diagonal, and D·step in pivoted order.
    const e0 = diag[p0];
    const e1 = diag[p1];
    const e2 = diag[p2];
    const e3 = diag[p3];
    wa2[0] = x0;
    wa2[1] = x1;
    wa2[2] = x2;
    wa2[3] = x3;
    // parl: Rᵀ q = P D (D·step)/‖D·step‖, forward substitution.
    let q0 = e0 * (wa2[p0] / dxnorm);
    let q1 = e1 * (wa2[p1] / dxnorm);
    let q2 = e2 * (wa2[p2] / dxnorm);
    let q3 = e3 * (wa2[p3] / dxnorm);
    // Each sum starts from 0, as in the general loop (0 + x turns a −0 into +0).
    q0 = (q0 - 0) / r00;
    q1 = (q1 - (0 + r01 * q0)) / r11;
    q2 = (q2 - (0 + r02 * q0 + r12 * q1)) / r22;
    q3 = (q3 - (0 + r03 * q0 + r13 * q1 + r23 * q2)) / r33;
    let t = Math.sqrt(q0 * q0 + q1 * q1 + q2 * q2 + q3 * q3);
    let parl = fp / delta / t / t;
    const g0 = g[p0] / e0;
    const g1 = g[p1] / e1;
    const g2 = g[p2] / e2;
    const g3 = g[p3] / e3;
    const gnorm = Math.sqrt(g0 * g0 + g1 * g1 + g2 * g2 + g3 * g3);
    let paru = gnorm / delta;
    if (paru === 0) paru = DWARF / Math.min(delta, 0.1);
    let par = Math.max(par0, parl);
    par = Math.min(par, paru);
    if (par === 0) par = gnorm / dxnorm;
    // JᵀJ in pivoted order (symmetric: the upper triangle).
    const m00 = m[p0 * 4 + p0];
    const m01 = m[p0 * 4 + p1];
    const m02 = m[p0 * 4 + p2];
    const m03 = m[p0 * 4 + p3];
    const m11 = m[p1 * 4 + p1];
    const m12 = m[p1 * 4 + p2];
    const m13 = m[p1 * 4 + p3];
    const m22 = m[p2 * 4 + p2];
    const m23 = m[p2 * 4 + p3];
    const m33 = m[p3 * 4 + p3];
    const h0 = g[p0];
    const h1 = g[p1];
    const h2 = g[p2];
    const h3 = g[p3];
    for (let iter = 1; ; iter++) {
      if (par === 0) par = Math.max(DWARF, 0.001 * paru);
      // qrsolv: S (upper) with Sᵀ S = Pᵀ(JᵀJ + par·D²)P, row by row; off the diagonal m + 0 as the general code adds.
      let v = m00 + par * e0 * e0;
      if (!(v > 0)) return par;
      const s00 = Math.sqrt(v);
      const s01 = (m01 + 0) / s00;
      const s02 = (m02 + 0) / s00;
      const s03 = (m03 + 0) / s00;
      v = m11 + par * e1 * e1 - s01 * s01;
      if (!(v > 0)) return par;
      const s11 = Math.sqrt(v);
      const s12 = (m12 + 0 - s01 * s02) / s11;
      const s13 = (m13 + 0 - s01 * s03) / s11;
      v = m22 + par * e2 * e2 - s02 * s02 - s12 * s12;
      if (!(v > 0)) return par;
      const s22 = Math.sqrt(v);
      const s23 = (m23 + 0 - s02 * s03 - s12 * s13) / s22;
      v = m33 + par * e3 * e3 - s03 * s03 - s13 * s13 - s23 * s23;
      if (!(v > 0)) return par;
      const s33 = Math.sqrt(v);
      // Sᵀ w = Pᵀ g, then S z = w.
      z0 = h0 / s00;
      z1 = (h1 - s01 * z0) / s11;
      z2 = (h2 - s02 * z0 - s12 * z1) / s22;
      z3 = (h3 - s03 * z0 - s13 * z1 - s23 * z2) / s33;
      z3 = z3 / s33;
      z2 = (z2 - s23 * z3) / s22;
      z1 = (z1 - s12 * z2 - s13 * z3) / s11;
      z0 = (z0 - s01 * z1 - s02 * z2 - s03 * z3) / s00;
      step[p0] = z0;
      step[p1] = z1;
      step[p2] = z2;
      step[p3] = z3;
      x0 = d0 * step[0];
      x1 = d1 * step[1];
      x2 = d2 * step[2];
      x3 = d3 * step[3];
      dxnorm = Math.sqrt(x0 * x0 + x1 * x1 + x2 * x2 + x3 * x3);
      const temp = fp;
      fp = dxnorm - delta;
      if (Math.abs(fp) <= 0.1 * delta || (parl === 0 && fp <= temp && temp < 0) || iter === 10) return par;
      // Newton's correction: Sᵀ w = P D (D·step)/‖D·step‖.
      wa2[0] = x0;
      wa2[1] = x1;
      wa2[2] = x2;
      wa2[3] = x3;
      q0 = e0 * (wa2[p0] / dxnorm);
      q1 = e1 * (wa2[p1] / dxnorm);
      q2 = e2 * (wa2[p2] / dxnorm);
      q3 = e3 * (wa2[p3] / dxnorm);
      q0 = q0 / s00;
      q1 = (q1 - s01 * q0) / s11;
      q2 = (q2 - s02 * q0 - s12 * q1) / s22;
      q3 = (q3 - s03 * q0 - s13 * q1 - s23 * q2) / s33;
      t = Math.sqrt(q0 * q0 + q1 * q1 + q2 * q2 + q3 * q3);
      const parc = fp / delta / t / t;
      if (fp > 0) parl = Math.max(parl, par);
      if (fp < 0) paru = Math.min(paru, par);
      par = Math.max(parl, par + parc);
    }
  }

  /**
   * MINPACK's qrsolv, through the normal equations: S (upper, pivoted order, in this.s) with Sᵀ S = Pᵀ(JᵀJ + par·D²)P,
   * and the step solving (JᵀJ + par·D²) step = Jᵀf into `step`. False when S is not positive definite.
   */
  private dampedSolve(k: number, par: number): boolean {
    const { m, s, ipvt, diag, g, step, wa3 } = this;
    for (let i = 0; i < k; i++) {
      const pi = ipvt[i];
      const pik = pi * k;
      const ik = i * k;
      // The diagonal first (it divides the rest of row i), then the row; each entry subtracts in the same order.
      let v = m[pik + pi] + par * diag[pi] * diag[pi];
      for (let t = 0; t < ik; t += k) v -= s[t + i] * s[t + i];
      if (!(v > 0)) return false;
      const sii = Math.sqrt(v);
      s[ik + i] = sii;
      for (let j = i + 1; j < k; j++) {
        let w = m[pik + ipvt[j]] + 0;
        for (let t = 0; t < ik; t += k) w -= s[t + i] * s[t + j];
        s[ik + j] = w / sii;
      }
    }
    // Sᵀ z = Pᵀ g, then S w = z.
    for (let j = 0; j < k; j++) {
      let v = g[ipvt[j]];
      for (let i = 0; i < j; i++) v -= s[i * k + j] * wa3[i];
      wa3[j] = v / s[j * k + j];
    }
    for (let j = k - 1; j >= 0; j--) {
      let v = wa3[j];
      for (let i = j + 1; i < k; i++) v -= s[j * k + i] * wa3[i];
      wa3[j] = v / s[j * k + j];
    }
    for (let j = 0; j < k; j++) step[ipvt[j]] = wa3[j];
    return true;
  }

  private swap(): void {
    const q = this.sumsCur;
    this.sumsCur = this.sumsTry;
    this.sumsTry = q;
    this.ssCur = this.ssTry;
    this.pts.swap();
  }
}
