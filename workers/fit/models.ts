// The input–output functions of the reference (pyNIBS fit_funs) with analytic Jacobians and the overflow guard.
import { FIT_DEFAULTS } from './defaults';
import { fastExp } from './fast-exp';
import type { FunName } from './types';

/**
 * Model values over x[0..n) in the fitted domain (log10 for *_log) into `out`; per-point intermediates (the
 * exponentials) into `aux` (length 2n) for a following `normal` call at the same parameters. Returns false when the
 * overflow guard fired: then `out` holds the reference's flat value (so an optimiser backs away).
 */
export type ModelValue = (
  p: Float64Array,
  x: Float64Array,
  n: number,
  out: Float64Array,
  aux: Float64Array,
) => boolean;

/**
 * JᵀJ (full nParams×nParams, row-major, into `a`) and Jᵀr (into `g`) at the parameters of the `value` call that
 * filled `aux`; r = model − data. One fused pass: no Jacobian is stored, and no exponential is recomputed.
 */
export type ModelNormal = (
  p: Float64Array,
  x: Float64Array,
  n: number,
  aux: Float64Array,
  r: Float64Array,
  a: Float64Array,
  g: Float64Array,
) => void;

export interface ModelDef {
  readonly fun: FunName;
  /** pyNIBS parameter names, in the order of the parameter vector. */
  readonly paramNames: readonly string[];
  /** Fitted to log10(y) with log10 of the model. */
  readonly log: boolean;
  readonly value: ModelValue;
  readonly normal: ModelNormal;
  /** The Jacobian column-major (∂f/∂p_k at jac[k·n + i]); for checks and diagnostics. Returns false when guarded. */
  readonly jacobian: (p: Float64Array, x: Float64Array, n: number, jac: Float64Array) => boolean;
}

const LN10 = Math.LN10;
const MAX_EXP = FIT_DEFAULTS.maxExponent;

function guard(n: number, out: Float64Array, log: boolean): false {
  out.fill(log ? Math.log10(FIT_DEFAULTS.guardValue) : FIT_DEFAULTS.guardValue, 0, n);
  return false;
}

/** Writes the symmetric sums (a00 a01 a02 a03 a11 a12 a13 a22 a23 a33) into a (np×np) and g (np); np ≤ 4. */
function store(
  a: Float64Array,
  g: Float64Array,
  np: number,
  a00: number,
  a01: number,
  a02: number,
  a03: number,
  a11: number,
  a12: number,
  a13: number,
  a22: number,
  a23: number,
  a33: number,
  g0: number,
  g1: number,
  g2: number,
  g3: number,
): void {
  a[0] = a00;
  a[1] = a01;
  a[np] = a01;
  a[np + 1] = a11;
  g[0] = g0;
  g[1] = g1;
  if (np < 3) return;
  a[2] = a02;
  a[np + 2] = a12;
  a[2 * np] = a02;
  a[2 * np + 1] = a12;
  a[2 * np + 2] = a22;
  g[2] = g2;
  if (np < 4) return;
  a[3] = a03;
  a[np + 3] = a13;
  a[2 * np + 3] = a23;
  a[3 * np] = a03;
  a[3 * np + 1] = a13;
  a[3 * np + 2] = a23;
  a[3 * np + 3] = a33;
  g[3] = g3;
}

/**
 * y0 + (amp − y0) / (1 + exp(−r (x − x0))), optionally log10 of it; parameters x0, r, amp[, y0]. aux = (e, s).
 */
function sigmoidValue(
  x0: number,
  r: number,
  amp: number,
  y0: number,
  log: boolean,
  x: Float64Array,
  n: number,
  out: Float64Array,
  aux: Float64Array,
): boolean {
  const d = amp - y0;
  for (let i = 0; i < n; i++) {
    const z = -r * (x[i] - x0);
    if (z >= MAX_EXP) return guard(n, out, log);
    const e = fastExp(z);
    const s = 1 / (1 + e);
    aux[i] = e;
    aux[n + i] = s;
    const f = y0 + d * s;
    out[i] = log ? Math.log10(f) : f;
  }
  return true;
}

/** ∂/∂(x0, r, amp, y0) of the sigmoid at point i; 1 − s is taken as e·s so the lower tail keeps full precision. */
function sigmoidNormal(
  x0: number,
  r: number,
  amp: number,
  y0: number,
  withY0: boolean,
  log: boolean,
  x: Float64Array,
  n: number,
  aux: Float64Array,
  res: Float64Array,
  a: Float64Array,
  g: Float64Array,
): void {
  const d = amp - y0;
  let a00 = 0,
    a01 = 0,
    a02 = 0,
    a03 = 0,
    a11 = 0,
    a12 = 0,
    a13 = 0,
    a22 = 0,
    a23 = 0,
    a33 = 0;
  let g0 = 0,
    g1 = 0,
    g2 = 0,
    g3 = 0;
  for (let i = 0; i < n; i++) {
    const e = aux[i];
    const s = aux[n + i];
    const es = e * s;
    const ss = es * s;
    const c = log ? 1 / ((y0 + d * s) * LN10) : 1;
    const j0 = -d * r * ss * c;
    const j1 = d * (x[i] - x0) * ss * c;
    const j2 = s * c;
    const j3 = withY0 ? es * c : 0;
    const ri = res[i];
    a00 += j0 * j0;
    a01 += j0 * j1;
    a02 += j0 * j2;
    a03 += j0 * j3;
    a11 += j1 * j1;
    a12 += j1 * j2;
    a13 += j1 * j3;
    a22 += j2 * j2;
    a23 += j2 * j3;
    a33 += j3 * j3;
    g0 += j0 * ri;
    g1 += j1 * ri;
    g2 += j2 * ri;
    g3 += j3 * ri;
  }
  store(a, g, withY0 ? 4 : 3, a00, a01, a02, a03, a11, a12, a13, a22, a23, a33, g0, g1, g2, g3);
}

/** y0 + exp(r (x − x0)); parameters x0, r[, y0]. aux = e. */
function expValue(
  x0: number,
  r: number,
  y0: number,
  x: Float64Array,
  n: number,
  out: Float64Array,
  aux: Float64Array,
): boolean {
  for (let i = 0; i < n; i++) {
    const z = r * (x[i] - x0);
    if (z >= MAX_EXP) return guard(n, out, false);
    const e = fastExp(z);
    aux[i] = e;
    out[i] = y0 + e;
  }
  return true;
}

function expNormal(
  x0: number,
  r: number,
  withY0: boolean,
  x: Float64Array,
  n: number,
  aux: Float64Array,
  res: Float64Array,
  a: Float64Array,
  g: Float64Array,
): void {
  let a00 = 0,
    a01 = 0,
    a02 = 0,
    a11 = 0,
    a12 = 0,
    a22 = 0;
  let g0 = 0,
    g1 = 0,
    g2 = 0;
  const w = withY0 ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const e = aux[i];
    const j0 = -r * e;
    const j1 = (x[i] - x0) * e;
    const ri = res[i];
    a00 += j0 * j0;
    a01 += j0 * j1;
    a02 += j0 * w;
    a11 += j1 * j1;
    a12 += j1 * w;
    a22 += w;
    g0 += j0 * ri;
    g1 += j1 * ri;
    g2 += w * ri;
  }
  store(a, g, withY0 ? 3 : 2, a00, a01, a02, 0, a11, a12, 0, a22, 0, 0, g0, g1, g2, 0);
}

function linearNormal(x: Float64Array, n: number, res: Float64Array, a: Float64Array, g: Float64Array): void {
  let a00 = 0,
    a01 = 0,
    g0 = 0,
    g1 = 0;
  for (let i = 0; i < n; i++) {
    a00 += x[i] * x[i];
    a01 += x[i];
    g0 += x[i] * res[i];
    g1 += res[i];
  }
  store(a, g, 2, a00, a01, 0, 0, n, 0, 0, 0, 0, 0, g0, g1, 0, 0);
}

/** Column-major Jacobian by one `normal`-style pass per point; only for checks, so clarity over speed. */
function jacobianOf(def: Omit<ModelDef, 'jacobian'>) {
  const np = def.paramNames.length;
  return (p: Float64Array, x: Float64Array, n: number, jac: Float64Array): boolean => {
    const out = new Float64Array(n);
    const aux = new Float64Array(2 * n);
    const xi = new Float64Array(1);
    const ai = new Float64Array(2);
    const r = Float64Array.of(1);
    const a = new Float64Array(np * np);
    const g = new Float64Array(np);
    if (!def.value(p, x, n, out, aux)) {
      jac.fill(0, 0, np * n);
      return false;
    }
    for (let i = 0; i < n; i++) {
      xi[0] = x[i];
      ai[0] = aux[i];
      ai[1] = aux[n + i];
      // With one point and residual 1, Jᵀr is the Jacobian row.
      def.normal(p, xi, 1, ai, r, a, g);
      for (let k = 0; k < np; k++) jac[k * n + i] = g[k];
    }
    return true;
  };
}

const floor = FIT_DEFAULTS.sigmoidLogFloor;

function define(def: Omit<ModelDef, 'jacobian'>): ModelDef {
  return { ...def, jacobian: jacobianOf(def) };
}

export const MODELS: Record<FunName, ModelDef> = {
  sigmoid4: define({
    fun: 'sigmoid4',
    paramNames: ['x0', 'r', 'amp', 'y0'],
    log: false,
    value: (p, x, n, out, aux) => sigmoidValue(p[0], p[1], p[2], p[3], false, x, n, out, aux),
    normal: (p, x, n, aux, r, a, g) => sigmoidNormal(p[0], p[1], p[2], p[3], true, false, x, n, aux, r, a, g),
  }),
  sigmoid: define({
    fun: 'sigmoid',
    paramNames: ['x0', 'r', 'amp'],
    log: false,
    value: (p, x, n, out, aux) => sigmoidValue(p[0], p[1], p[2], 0, false, x, n, out, aux),
    normal: (p, x, n, aux, r, a, g) => sigmoidNormal(p[0], p[1], p[2], 0, false, false, x, n, aux, r, a, g),
  }),
  sigmoid4_log: define({
    fun: 'sigmoid4_log',
    paramNames: ['x0', 'r', 'amp', 'y0'],
    log: true,
    value: (p, x, n, out, aux) => sigmoidValue(p[0], p[1], p[2], p[3], true, x, n, out, aux),
    normal: (p, x, n, aux, r, a, g) => sigmoidNormal(p[0], p[1], p[2], p[3], true, true, x, n, aux, r, a, g),
  }),
  sigmoid_log: define({
    fun: 'sigmoid_log',
    paramNames: ['x0', 'r', 'amp'],
    log: true,
    // The reference adds a 1e-12 floor so log10 stays finite when amp → 0.
    value: (p, x, n, out, aux) => sigmoidValue(p[0], p[1], p[2], floor, true, x, n, out, aux),
    normal: (p, x, n, aux, r, a, g) =>
      sigmoidNormal(p[0], p[1], p[2], floor, false, true, x, n, aux, r, a, g),
  }),
  linear: define({
    fun: 'linear',
    paramNames: ['m', 'n'],
    log: false,
    value: (p, x, n, out) => {
      for (let i = 0; i < n; i++) out[i] = p[0] * x[i] + p[1];
      return true;
    },
    normal: (_p, x, n, _aux, r, a, g) => linearNormal(x, n, r, a, g),
  }),
  // ridge_from_hdf5's line: the same function as linear, but solved in closed form without bounds (element.ts).
  ridge: define({
    fun: 'ridge',
    paramNames: ['m', 'n'],
    log: false,
    value: (p, x, n, out) => {
      for (let i = 0; i < n; i++) out[i] = p[0] * x[i] + p[1];
      return true;
    },
    normal: (_p, x, n, _aux, r, a, g) => linearNormal(x, n, r, a, g),
  }),
  exp0: define({
    fun: 'exp0',
    paramNames: ['x0', 'r'],
    log: false,
    value: (p, x, n, out, aux) => expValue(p[0], p[1], 0, x, n, out, aux),
    normal: (p, x, n, aux, r, a, g) => expNormal(p[0], p[1], false, x, n, aux, r, a, g),
  }),
  exp: define({
    fun: 'exp',
    paramNames: ['x0', 'r', 'y0'],
    log: false,
    value: (p, x, n, out, aux) => expValue(p[0], p[1], p[2], x, n, out, aux),
    normal: (p, x, n, aux, r, a, g) => expNormal(p[0], p[1], true, x, n, aux, r, a, g),
  }),
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
  const ok = def.value(p, x, x.length, out, new Float64Array(2 * x.length));
  if (linear && def.log) for (let i = 0; i < x.length; i++) out[i] = 10 ** out[i];
  return ok;
}
