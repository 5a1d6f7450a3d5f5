// Seeded test problems for the fit engine (shared by the unit tests and test/bench/fit.bench.ts): clean sigmoid
// recruitment curves and "no relation" data, plus the same model handed to ml-levenberg-marquardt as an oracle.
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import {
  createRng,
  ElementFitter,
  evaluateModel,
  MODELS,
  type FitOptions,
  type FunName,
} from '../../../workers/fit/index';

export interface Problem {
  x: Float64Array;
  y: Float64Array;
  /** Parameters the data were made from (NaN for no-relation data). */
  truth: Float64Array;
}

/** Standard normal deviate from a uniform generator (Box–Muller). */
export function gauss(rng: () => number): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** E values like a cortical element's over ~n zaps: uniform in [20, 120] V/m. */
function efield(rng: () => number, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = 20 + 100 * rng();
  return x;
}

/** A sigmoid4 recruitment curve (x0 40–90 V/m, r 0.05–0.3, amp 0.5–4 mV, y0 0.01–0.1 mV) plus Gaussian noise. */
export function cleanSigmoid(seed: number, n = 300, noise = 0.05): Problem {
  const rng = createRng(seed);
  const truth = Float64Array.of(40 + 50 * rng(), 0.05 + 0.25 * rng(), 0.5 + 3.5 * rng(), 0.01 + 0.09 * rng());
  const x = efield(rng, n);
  const y = new Float64Array(n);
  evaluateModel('sigmoid4', truth, x, y);
  for (let i = 0; i < n; i++) y[i] += noise * truth[2] * gauss(rng);
  return { x, y, truth };
}

/** MEP-like amplitudes (log-normal) that do not depend on x at all. */
export function noRelation(seed: number, n = 300): Problem {
  const rng = createRng(seed);
  const x = efield(rng, n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.exp(-1 + gauss(rng));
  return { x, y, truth: new Float64Array(4).fill(NaN) };
}

/** ½ Σ (model − y)² in the fitted domain, computed the same way for every solver. */
export function costOf(fun: FunName, params: ArrayLike<number>, x: Float64Array, y: Float64Array): number {
  const f = new Float64Array(x.length);
  evaluateModel(fun, params, x, f);
  const log = MODELS[fun].log;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = f[i] - (log ? Math.log10(y[i]) : y[i]);
    s += d * d;
  }
  return 0.5 * s;
}

/** Plain sigmoid4 and its analytic gradient in ml-levenberg-marquardt's curried form. */
const sig4 =
  ([x0, r, amp, y0]: number[]) =>
  (x: number): number =>
    y0 + (amp - y0) / (1 + Math.exp(-r * (x - x0)));
const sig4Jac =
  ([x0, r, amp, y0]: number[]) =>
  (x: number): number[] => {
    // 1 − s rather than e·s: e may overflow to Infinity for far-off trial parameters (ml-matrix then throws on NaN).
    const s = 1 / (1 + Math.exp(-r * (x - x0)));
    const ss = s * (1 - s);
    return [-(amp - y0) * r * ss, (amp - y0) * (x - x0) * ss, s, 1 - s];
  };

/**
 * Fits sigmoid4 with ml-levenberg-marquardt 5.1 from the engine's data-driven start and bounds, with the analytic
 * Jacobian (its default would be finite differences) and its default damping and iteration limit (100).
 */
export function oracleFit(p: Problem, opts: Partial<FitOptions> = {}, maxIterations = 100): Float64Array {
  const fitter = new ElementFitter({ fun: 'sigmoid4', score: 'R2', ...opts }, p.x.length);
  const setup = fitter.paramSetup(p.x, p.y);
  if (!setup) throw new Error('oracleFit: invalid problem');
  const start = Array.from(setup.start, (v, j) => Math.min(Math.max(v, setup.lower[j]), setup.upper[j]));
  const res = levenbergMarquardt({ x: p.x, y: p.y }, sig4, {
    initialValues: start,
    minValues: setup.lower,
    maxValues: setup.upper,
    maxIterations,
    jacobianFunction: sig4Jac,
  });
  return Float64Array.from(res.parameterValues);
}
