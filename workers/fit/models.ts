// The input–output functions of the reference (pyNIBS fit_funs) with analytic Jacobians and the overflow guard.
import { FIT_DEFAULTS } from './defaults';
import type { FunName } from './types';

/**
 * Evaluates a model over x[0..n) in the fitted domain (log10 for *_log): values into `out`, and when `jac` is given
 * the Jacobian column-major (∂f/∂p_k at jac[k·n + i]). Returns false when the overflow guard fired: then `out`
 * holds the flat guard value and `jac` zeros, exactly what the reference returns so an optimiser backs away.
 */
export type ModelEval = (
  p: Float64Array,
  x: Float64Array,
  n: number,
  out: Float64Array,
  jac: Float64Array | null,
) => boolean;

export interface ModelDef {
  readonly fun: FunName;
  /** pyNIBS parameter names, in the order of the parameter vector. */
  readonly paramNames: readonly string[];
  /** Fitted to log10(y) with log10 of the model. */
  readonly log: boolean;
  readonly eval: ModelEval;
}

const LN10 = Math.LN10;
const MAX_EXP = FIT_DEFAULTS.maxExponent;

function guard(n: number, out: Float64Array, jac: Float64Array | null, nCols: number, log: boolean): false {
  out.fill(log ? Math.log10(FIT_DEFAULTS.guardValue) : FIT_DEFAULTS.guardValue, 0, n);
  if (jac) jac.fill(0, 0, nCols * n);
  return false;
}

/**
 * y0 + (amp − y0) / (1 + exp(−r (x − x0))), optionally log10 of it; columns x0, r, amp[, y0].
 * 1 − s is computed as e·s so the lower tail keeps full precision.
 */
function sigmoidCore(
  x0: number,
  r: number,
  amp: number,
  y0: number,
  withY0: boolean,
  log: boolean,
  x: Float64Array,
  n: number,
  out: Float64Array,
  jac: Float64Array | null,
): boolean {
  const nCols = withY0 ? 4 : 3;
  for (let i = 0; i < n; i++) if (-r * (x[i] - x0) >= MAX_EXP) return guard(n, out, jac, nCols, log);
  const d = amp - y0;
  if (!jac) {
    for (let i = 0; i < n; i++) {
      const f = y0 + d / (1 + Math.exp(-r * (x[i] - x0)));
      out[i] = log ? Math.log10(f) : f;
    }
    return true;
  }
  const n2 = 2 * n;
  const n3 = 3 * n;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - x0;
    const e = Math.exp(-r * dx);
    const s = 1 / (1 + e);
    const es = e * s;
    const ss = es * s;
    const f = y0 + d * s;
    const c = log ? 1 / (f * LN10) : 1;
    out[i] = log ? Math.log10(f) : f;
    jac[i] = -d * r * ss * c;
    jac[n + i] = d * dx * ss * c;
    jac[n2 + i] = s * c;
    if (withY0) jac[n3 + i] = es * c;
  }
  return true;
}

/** y0 + exp(r (x − x0)); columns x0, r[, y0]. */
function expCore(
  x0: number,
  r: number,
  y0: number,
  withY0: boolean,
  x: Float64Array,
  n: number,
  out: Float64Array,
  jac: Float64Array | null,
): boolean {
  const nCols = withY0 ? 3 : 2;
  for (let i = 0; i < n; i++) if (r * (x[i] - x0) >= MAX_EXP) return guard(n, out, jac, nCols, false);
  for (let i = 0; i < n; i++) {
    const dx = x[i] - x0;
    const e = Math.exp(r * dx);
    out[i] = y0 + e;
    if (jac) {
      jac[i] = -r * e;
      jac[n + i] = dx * e;
      if (withY0) jac[2 * n + i] = 1;
    }
  }
  return true;
}

const floor = FIT_DEFAULTS.sigmoidLogFloor;

export const MODELS: Record<FunName, ModelDef> = {
  sigmoid4: {
    fun: 'sigmoid4',
    paramNames: ['x0', 'r', 'amp', 'y0'],
    log: false,
    eval: (p, x, n, out, jac) => sigmoidCore(p[0], p[1], p[2], p[3], true, false, x, n, out, jac),
  },
  sigmoid: {
    fun: 'sigmoid',
    paramNames: ['x0', 'r', 'amp'],
    log: false,
    eval: (p, x, n, out, jac) => sigmoidCore(p[0], p[1], p[2], 0, false, false, x, n, out, jac),
  },
  sigmoid4_log: {
    fun: 'sigmoid4_log',
    paramNames: ['x0', 'r', 'amp', 'y0'],
    log: true,
    eval: (p, x, n, out, jac) => sigmoidCore(p[0], p[1], p[2], p[3], true, true, x, n, out, jac),
  },
  sigmoid_log: {
    fun: 'sigmoid_log',
    paramNames: ['x0', 'r', 'amp'],
    log: true,
    // The reference adds a 1e-12 floor so log10 stays finite when amp → 0.
    eval: (p, x, n, out, jac) => sigmoidCore(p[0], p[1], p[2], floor, false, true, x, n, out, jac),
  },
  linear: {
    fun: 'linear',
    paramNames: ['m', 'n'],
    log: false,
    eval: (p, x, n, out, jac) => {
      const m = p[0];
      const b = p[1];
      for (let i = 0; i < n; i++) {
        out[i] = m * x[i] + b;
        if (jac) {
          jac[i] = x[i];
          jac[n + i] = 1;
        }
      }
      return true;
    },
  },
  exp0: {
    fun: 'exp0',
    paramNames: ['x0', 'r'],
    log: false,
    eval: (p, x, n, out, jac) => expCore(p[0], p[1], 0, false, x, n, out, jac),
  },
  exp: {
    fun: 'exp',
    paramNames: ['x0', 'r', 'y0'],
    log: false,
    eval: (p, x, n, out, jac) => expCore(p[0], p[1], p[2], true, x, n, out, jac),
  },
};

export function paramNames(fun: FunName): readonly string[] {
  return MODELS[fun].paramNames;
}

/**
 * Writes the model at `params` over all of x into `out` (for drawing IO curves). Values are in the fitted domain
 * (log10 for *_log) unless `linear` is set, which returns the response domain (10^value for *_log).
 * Returns false when the overflow guard fired (then `out` holds the reference's flat value).
 */
export function evaluateModel(
  fun: FunName,
  params: ArrayLike<number>,
  x: Float64Array,
  out: Float64Array,
  linear = false,
): boolean {
  const def = MODELS[fun];
  const p = params instanceof Float64Array ? params : Float64Array.from(params);
  const ok = def.eval(p, x, x.length, out, null);
  if (linear && def.log) for (let i = 0; i < x.length; i++) out[i] = 10 ** out[i];
  return ok;
}
