// Start values, bounds and random-restart ranges of each model under both presets, plus user constants and bounds.
import { FIT_DEFAULTS } from './defaults';
import { MODELS } from './models';
import type { BoundsPreset, FunName } from './types';

/** Everything the solver needs about the parameters of one element (full vectors in the model's order). */
export interface ParamSetup {
  start: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** 1 = optimised, 0 = user constant. */
  free: Uint8Array;
  /** Random restarts draw each free parameter uniformly from [randomLow, randomHigh]. */
  randomLow: Float64Array;
  randomHigh: Float64Array;
}

export interface ParamOptions {
  preset?: BoundsPreset;
  constants?: Partial<Record<string, number>>;
  bounds?: Partial<Record<string, [number, number]>>;
}

export function createParamSetup(nParams: number): ParamSetup {
  return {
    start: new Float64Array(nParams),
    lower: new Float64Array(nParams),
    upper: new Float64Array(nParams),
    free: new Uint8Array(nParams),
    randomLow: new Float64Array(nParams),
    randomHigh: new Float64Array(nParams),
  };
}

/** Data ranges over the first n points. */
export interface Ranges {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  allNegative: boolean;
  absMin: number;
  absMax: number;
  /** Every x is a float32 value (E as stored): differences of x values are then rounded to float32, as numpy does. */
  float32: boolean;
  /** Index of the first x that is NaN or ±Infinity, −1 when all are finite (the ranges are then meaningless). */
  firstNonFinite: number;
}

/** The x part of Ranges over x[0..n) (one loop; callers that know y's range already add it). */
export function xRanges(x: Float64Array, n: number, out: Ranges): Ranges {
  let xMin = Infinity;
  let xMax = -Infinity;
  let absMin = Infinity;
  let absMax = -Infinity;
  let allNegative = true;
  let float32 = true;
  // 0·v is 0 for every finite v and NaN for NaN and ±Infinity: one addition per point finds them all.
  let zero = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    zero += 0 * v;
    if (float32 && Math.fround(v) !== v) float32 = false;
    if (v < xMin) xMin = v;
    if (v > xMax) xMax = v;
    if (!(v < 0)) allNegative = false;
    const av = Math.abs(v);
    if (av < absMin) absMin = av;
    if (av > absMax) absMax = av;
  }
  out.xMin = xMin;
  out.xMax = xMax;
  out.absMin = absMin;
  out.absMax = absMax;
  out.allNegative = allNegative;
  out.float32 = float32;
  out.firstNonFinite = -1;
  if (zero !== 0) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(x[i])) {
        out.firstNonFinite = i;
        break;
      }
    }
  }
  return out;
}

function ranges(x: Float64Array, y: Float64Array, n: number): Ranges {
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < n; i++) {
    if (y[i] < yMin) yMin = y[i];
    if (y[i] > yMax) yMax = y[i];
  }
  const r: Ranges = {
    xMin: NaN,
    xMax: NaN,
    yMin,
    yMax,
    allNegative: true,
    absMin: NaN,
    absMax: NaN,
    float32: true,
    firstNonFinite: -1,
  };
  return xRanges(x, n, r);
}

/**
 * a − b of two x values as the reference computes it: numpy subtracts two float32 scalars in float32 (only the
 * later products with Python floats widen to float64), so the start values of E stored as float32 carry that rounding.
 */
function xDiff(a: number, b: number, r: Ranges): number {
  return r.float32 ? Math.fround(a - b) : a - b;
}

/** [min(floor, f·v), max(floor, f·v)]: the reference's bound around a start value that may be negative. */
function around(v: number, factor: number, floor: number): [number, number] {
  return [Math.min(floor, factor * v), Math.max(floor, factor * v)];
}

function set(
  s: ParamSetup,
  j: number,
  start: number,
  bounds: [number, number],
  random: [number, number],
): void {
  s.start[j] = start;
  s.lower[j] = bounds[0];
  s.upper[j] = bounds[1];
  s.randomLow[j] = random[0];
  s.randomHigh[j] = random[1];
}

/** Element.setup_model of the reference (sigmoid family). */
function sigmoidElement(fun: FunName, r: Ranges, s: ParamSetup): void {
  const { limitFactor: lf, rangeFactor: rf } = FIT_DEFAULTS;
  let y0 = 0;
  if (fun === 'sigmoid4_log' && r.yMin <= 0) y0 = 1e-3;
  else if (fun === 'sigmoid4' || fun === 'sigmoid4_log') y0 = r.yMin;
  // All-negative x (e.g. E_norm pointing inwards): the curve rises towards smaller x, so the ends swap.
  const [x1, x2, y1, y2] = r.allNegative
    ? [r.xMax, r.xMin, r.yMax, r.yMin]
    : [r.xMin, r.xMax, r.yMin, r.yMax];
  const amp = r.yMax;
  const x0 = x1 + 0.75 * xDiff(x2, x1, r);
  const rate = (16 / xDiff(r.xMax, r.xMin, r)) * ((y2 - y1) / (amp - y0));
  set(s, 0, x0, around(x0, lf, 0), around(x0, rf, 0));
  set(s, 1, rate, around(rate, lf, 1e-12), around(rate, rf, 0));
  set(s, 2, amp, around(amp, lf, 1e-12), around(amp, rf, 0));
  if (fun === 'sigmoid4' || fun === 'sigmoid4_log') set(s, 3, y0, [1e-12, r.yMax], [1e-12, y0 * rf]);
}

/** get_model_init_values of the reference (sigmoid family), computed on |x|. */
function sigmoidLegacy(fun: FunName, r: Ranges, s: ParamSetup): void {
  const x0 = r.absMin + r.absMax / 2;
  const amp = r.yMax;
  const rate = (r.yMax - r.yMin) / xDiff(r.absMax, r.absMin, r);
  set(s, 0, x0, [0, 3 * x0], [0, 3 * x0]);
  set(s, 1, rate, [1e-12, 100 * rate], [0, 3 * rate]);
  set(s, 2, amp, [1e-12, 3 * amp], [0, 3 * amp]);
  if (fun === 'sigmoid4' || fun === 'sigmoid4_log') {
    const y0 = r.yMin;
    set(s, 3, y0, [-2 * Math.abs(y0), 2 * Math.abs(y0)], around(y0, 3, 0));
  }
}

/**
 * Fills `s` with start values, bounds and restart ranges for the data x[0..n), y[0..n) (y in the response domain,
 * not log10). User bounds replace the preset's; user constants are held fixed and leave the optimisation.
 * Returns null, or a message when the options name an unknown parameter or leave an empty interval.
 */
export function setupParams(
  fun: FunName,
  x: Float64Array,
  y: Float64Array,
  n: number,
  opts: ParamOptions,
  s: ParamSetup,
  known?: Ranges,
): string | null {
  const preset = opts.preset ?? FIT_DEFAULTS.preset;
  // `known`: the ranges of these data computed by the caller (ElementFitter shares one pass over x with its checks).
  const r = known ?? ranges(x, y, n);
  switch (fun) {
    case 'sigmoid4':
    case 'sigmoid':
    case 'sigmoid4_log':
    case 'sigmoid_log':
      if (preset === 'legacy') sigmoidLegacy(fun, r, s);
      else sigmoidElement(fun, r, s);
      break;
    case 'linear':
      set(s, 0, 0.3, [-100, 100], [0, 100]);
      set(s, 1, -1, [-100, 100], [0, 0.3]);
      break;
    case 'ridge':
      // Solved in closed form (no start needed); unbounded, as sklearn's LinearRegression.
      set(s, 0, 0, [-Infinity, Infinity], [0, 0]);
      set(s, 1, 0, [-Infinity, Infinity], [0, 0]);
      break;
    case 'exp0':
      set(s, 0, preset === 'legacy' ? 1 : 10, [0, 1000], [0, 10]);
      set(s, 1, 0.1, [1e-12, 100], [0, 0.2]);
      break;
    case 'exp': {
      // The reference defines no start for `exp`; ours puts the curve through the data's ends: it rises by the
      // y range A over the x range, from 1 % of A at x_min, with the offset just below min(y).
      const a = r.yMax - r.yMin;
      const rate = Math.log(100) / (r.xMax - r.xMin);
      const x0 = r.xMax - Math.log(a) / rate;
      const w = r.xMax - r.xMin;
      set(s, 0, x0, [r.xMin - 100 * w, r.xMax + 100 * w], [r.xMin, r.xMax]);
      set(s, 1, rate, [1e-12, 100 * rate], [0, 3 * rate]);
      set(s, 2, r.yMin - 0.01 * a, [r.yMin - a, r.yMax], [r.yMin - a, r.yMin]);
      break;
    }
  }
  const names = MODELS[fun].paramNames;
  s.free.fill(1);
  for (const [name, b] of Object.entries(opts.bounds ?? {})) {
    const j = names.indexOf(name);
    if (j < 0) return `bounds name unknown parameter "${name}" (${fun} has ${names.join(', ')})`;
    if (!b) continue;
    if (!(b[0] <= b[1])) return `bounds of "${name}" are empty: [${b[0]}, ${b[1]}]`;
    s.lower[j] = b[0];
    s.upper[j] = b[1];
  }
  for (const [name, v] of Object.entries(opts.constants ?? {})) {
    const j = names.indexOf(name);
    if (j < 0) return `constants name unknown parameter "${name}" (${fun} has ${names.join(', ')})`;
    if (v === undefined) continue;
    if (!Number.isFinite(v)) return `constant "${name}" is not a finite number: ${v}`;
    s.free[j] = 0;
    s.start[j] = v;
  }
  for (let j = 0; j < names.length; j++) {
    if (!s.free[j]) continue;
    if (!Number.isFinite(s.start[j])) return `start value of "${names[j]}" is not finite (${s.start[j]})`;
    if (!(s.lower[j] <= s.upper[j])) {
      return `bounds of "${names[j]}" are empty: [${s.lower[j]}, ${s.upper[j]}] (max(y) = ${r.yMax})`;
    }
  }
  return null;
}

/** Draws a random start for every free parameter from its restart range (into s.start's copy `out`). */
export function randomStart(s: ParamSetup, rng: () => number, out: Float64Array): void {
  for (let j = 0; j < s.start.length; j++) {
    out[j] = s.free[j] ? s.randomLow[j] + rng() * (s.randomHigh[j] - s.randomLow[j]) : s.start[j];
  }
}
