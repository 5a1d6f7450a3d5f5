// The reference's optimizer path (workers/fit/minpack.ts) against lmfit leastsq: numbers from lmfit-path-reference.py.
import { describe, expect, it } from 'vitest';
import { ElementFitter } from '../../../workers/fit/index';
import type { LmProblem } from '../../../workers/fit/lm';
import { MinpackSolver } from '../../../workers/fit/minpack';
import { MODELS } from '../../../workers/fit/models';
import { SeparableSolver } from '../../../workers/fit/separable';

// Data set D2: a weak step of size a under a deterministic scatter of size b (no RNG: python builds the same numbers).
const n = 80;
function d2(a: number, b: number): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = 20 + 100 * ((i * 0.6180339887) % 1);
    y[i] = 1 + a * (x[i] > 55 ? 1 : 0) + b * Math.abs(Math.sin(1.7 * i + 0.3 * i * i));
  }
  return { x, y };
}

// lmfit 1.1 leastsq from Element.setup_model's start and bounds, max_nfev = 10·n: chisqr, nfev, (x0, r, amp, y0).
const LMFIT = [
  {
    a: 0.2,
    b: 0.3,
    chisqr: 0.710549728929514,
    nfev: 171,
    p: [53.88581378064413, 0.874593503792784, 1.3753048861514063, 1.1968402218120295],
  },
  {
    a: 0.2,
    b: 0.5,
    chisqr: 1.9478951096092882,
    nfev: 330,
    p: [51.68809204191027, 13.401431914493301, 1.4888008735588714, 1.3233524196352824],
  },
  {
    a: 0.3,
    b: 0.8,
    chisqr: 5.0636226320338835,
    nfev: 241,
    p: [0.016362402639711192, 0.01590372527976432, 2.011722741028283, 0.7437602887507975],
  },
];

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** sigmoid4 from Element.setup_model's start and bounds with lmfit leastsq's tolerances, or null without a setup. */
function lmfitProblem(x: Float64Array, y: Float64Array, maxEvaluations: number): LmProblem | null {
  const setup = new ElementFitter({ fun: 'sigmoid4', score: 'R2' }, n).paramSetup(x, y);
  if (!setup) return null;
  return {
    model: MODELS.sigmoid4,
    nParams: 4,
    x,
    y,
    n,
    start: setup.start,
    lower: setup.lower,
    upper: setup.upper,
    free: setup.free,
    maxEvaluations,
    ftol: 1.49012e-8,
    xtol: 1.49012e-8,
    gtol: 0,
  };
}

describe('the reference optimizer path (MINPACK LM in lmfit’s coordinates)', () => {
  it.each(LMFIT)(
    'ends where lmfit leastsq ends on D2 (a = $a, b = $b), after as many evaluations as lmfit counts',
    ({ a, b, chisqr, nfev, p }) => {
      const { x, y } = d2(a, b);
      const res = new ElementFitter({ fun: 'sigmoid4', score: 'R2', solver: 'minpack' }, n).fit(x, y);
      expect(res.status).toBe('converged');
      // Forward differences (lmfit) against the secant-scaled analytic Jacobian (here): the same path, so the same
      // number of trial points and Jacobians, and the same minimum to the precision of lmfit's own stopping test.
      expect(res.evaluations).toBe(nfev);
      expect(rel(2 * res.cost, chisqr)).toBeLessThan(1e-8);
      // The curves agree (parameters along a flat direction of the cost, such as x0 and r of a near-linear fit, are
      // only as determined as the stopping test makes them).
      const curve = (q: ArrayLike<number>, xi: number): number =>
        q[3] + (q[2] - q[3]) / (1 + Math.exp(-q[1] * (xi - q[0])));
      for (const xi of x) expect(Math.abs(curve(res.params, xi) - curve(p, xi))).toBeLessThan(1e-4);
    },
  );

  it('where the engine’s own solver ends in another minimum (the path decides which: here a worse one)', () => {
    const { x, y } = d2(0.2, 0.3);
    const fast = new ElementFitter({ fun: 'sigmoid4', score: 'R2' }, n).fit(x, y);
    expect(2 * fast.cost).toBeGreaterThan(LMFIT[0].chisqr * 1.1);
  });

  it('gives the same fit from the kernel’s sums as from the model’s own passes, and the curve at it', () => {
    const { x, y } = d2(0.2, 0.3);
    const problem = lmfitProblem(x, y, 10 * n)!;
    const sep = new SeparableSolver();
    sep.load(x, y, n);
    const viaSums = new Float64Array(4);
    const viaModel = new Float64Array(4);
    const solver = new MinpackSolver();
    const a = solver.solve(problem, viaSums, sep);
    // The model values come from the kernel too (its scratch, or one more pass): the curve at the returned
    // parameters, and the cost is half their squared residuals.
    const fitted = Float64Array.from(solver.fitted.subarray(0, n));
    const curve = new Float64Array(n);
    MODELS.sigmoid4.value(viaSums, x, n, curve, new Float64Array(2 * n));
    let ss = 0;
    for (let i = 0; i < n; i++) {
      expect(Math.abs(fitted[i] - curve[i])).toBeLessThan(1e-14 * Math.max(1, Math.abs(curve[i])));
      ss += (fitted[i] - y[i]) ** 2;
    }
    expect(rel(a.cost, 0.5 * ss)).toBeLessThan(1e-14);
    const b = new MinpackSolver().solve(problem, viaModel, null);
    expect([a.status, a.evaluations]).toEqual([b.status, b.evaluations]);
    expect(rel(a.cost, b.cost)).toBeLessThan(1e-12);
    viaSums.forEach((v, j) => expect(rel(v, viaModel[j])).toBeLessThan(1e-6));
  });

  it('takes the same steps, to the bit, with its unrolled four-parameter algebra as with the general loops', () => {
    // lmpar4, factor4, the quadratic form and JᵀJ's scaling are the general code unrolled for sigmoid4: on clean
    // and structureless data, at-bound starts, x on two values (a nearly singular JᵀJ) and a tight evaluation limit,
    // every parameter, cost and count must be the same bits.
    const problems: { x: Float64Array; y: Float64Array; max: number }[] = [];
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let t = 0; t < 40; t++) {
      const x = Float64Array.from({ length: n }, () => 20 + 100 * rnd());
      const step = t % 3 === 0 ? 0 : 0.5 * rnd();
      const noise = 0.05 + 0.6 * rnd();
      const y = x.map(
        (xi) => 1 + step / (1 + Math.exp(-0.2 * (xi - 60))) + noise * rnd() - (t % 5 === 0 ? 1 : 0),
      );
      problems.push({ x, y, max: t % 7 === 0 ? 40 : 10 * n });
    }
    // x on two values only: the slope's and the threshold's columns of J nearly coincide.
    problems.push({
      x: Float64Array.from({ length: n }, (_, i) => (i % 2 ? 30 : 90)),
      y: d2(0.2, 0.3).y,
      max: 10 * n,
    });
    let fullRank = 0;
    let run = 0;
    for (const { x, y, max } of problems) {
      const problem = lmfitProblem(x, y, max);
      if (!problem) continue;
      run++;
      const sep = new SeparableSolver();
      sep.load(x, y, n);
      const pa = new Float64Array(4);
      const pb = new Float64Array(4);
      const a = new MinpackSolver(true).solve(problem, pa, sep);
      const b = new MinpackSolver(false).solve(problem, pb, sep);
      expect(a).toEqual(b);
      expect(Array.from(pa)).toEqual(Array.from(pb));
      if (a.iterations > 3) fullRank++;
    }
    expect(run).toBe(problems.length);
    expect(fullRank).toBeGreaterThan(30);
  });

  it('stops before lmfit’s max_nfev would be passed, with the best point so far', () => {
    const { x, y } = d2(0.2, 0.5);
    const capped = new ElementFitter(
      { fun: 'sigmoid4', score: 'R2', solver: 'minpack', maxEvaluations: 60 },
      n,
    );
    const res = capped.fit(x, y);
    expect(res.status).toBe('max-evaluations');
    expect(res.evaluations).toBeLessThanOrEqual(61);
    // Every accepted step lowers the cost: the point returned is better than the start.
    const start = new ElementFitter(
      { fun: 'sigmoid4', score: 'R2', solver: 'minpack', maxEvaluations: 1 },
      n,
    );
    expect(res.cost).toBeLessThan(start.fit(x, y).cost);
  });

  it('reports a start that is not a number (a failed neighbour’s parameters) instead of fitting from it', () => {
    const { x, y } = d2(0.2, 0.3);
    const res = new ElementFitter({ fun: 'sigmoid4', score: 'R2', solver: 'minpack' }, n).fit(x, y, [
      NaN,
      0.1,
      1,
      1,
    ]);
    expect([res.status, res.message]).toEqual(['non-finite', 'the start values are not finite']);
  });

  it('fits the other models through their own passes (sigmoid4_log: lmfit’s coordinates, no kernel)', () => {
    const { x, y } = d2(0.3, 0.3);
    const res = new ElementFitter({ fun: 'sigmoid4_log', score: 'R2', solver: 'minpack' }, n).fit(x, y);
    expect(['converged', 'max-evaluations']).toContain(res.status);
    expect(res.score).toBeGreaterThan(0);
    expect(res.params.every(Number.isFinite)).toBe(true);
  });
});
