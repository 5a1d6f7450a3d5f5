// ElementFitter: parameter recovery per model, degenerate inputs, bounds, constants, presets, restarts.
import { describe, expect, it } from 'vitest';
import {
  createRng,
  ElementFitter,
  evaluateModel,
  FUN_NAMES,
  type FitOptions,
  type FitResult,
  type FunName,
} from '../../../workers/fit/index';
import { cleanSigmoid, gauss, noRelation } from './problems';

const TRUTH: Record<FunName, number[]> = {
  sigmoid4: [60, 0.15, 2, 0.05],
  sigmoid: [60, 0.15, 2],
  sigmoid4_log: [60, 0.15, 2, 0.05],
  sigmoid_log: [60, 0.15, 2],
  linear: [0.02, 0.5],
  exp0: [80, 0.05],
  exp: [80, 0.05, 0.1],
  ridge: [0.02, 0.5],
};

/** 300 points, x uniform in [20, 120]; 1 % noise (additive, or multiplicative for the log models). */
function data(fun: FunName, seed = 3, n = 300): { x: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: n }, () => 20 + 100 * rng());
  const y = new Float64Array(n);
  evaluateModel(fun, TRUTH[fun], x, y, true);
  const log = fun.endsWith('_log');
  for (let i = 0; i < n; i++) y[i] = log ? y[i] * 10 ** (0.01 * gauss(rng)) : y[i] + 0.01 * gauss(rng);
  return { x, y };
}

const fitter = (fun: FunName, extra: Partial<FitOptions> = {}) =>
  new ElementFitter({ fun, score: 'R2', ...extra }, 300);

describe('parameter recovery', () => {
  it.each(FUN_NAMES)('%s recovers its parameters from its data-driven start', (fun) => {
    const { x, y } = data(fun);
    const res = fitter(fun).fit(x, y);
    expect(res.status).toBe('converged');
    res.params.forEach((v, j) =>
      expect(Math.abs(v - TRUTH[fun][j])).toBeLessThan(0.05 * Math.abs(TRUTH[fun][j]) + 0.005),
    );
    expect(res.score).toBeGreaterThan(0.99);
    expect(res.evaluations).toBeLessThanOrEqual(3000);
    expect(res.cost).toBeGreaterThan(0);
  });

  it.each(['sigmoid4', 'sigmoid'] as const)('%s recovers its parameters under the legacy preset', (fun) => {
    const { x, y } = data(fun);
    const res = fitter(fun, { preset: 'legacy' }).fit(x, y);
    expect(res.status).toBe('converged');
    res.params.forEach((v, j) =>
      expect(Math.abs(v - TRUTH[fun][j])).toBeLessThan(0.05 * Math.abs(TRUTH[fun][j]) + 0.005),
    );
  });

  it('fits all-negative x (E_norm pointing inwards) as the mirrored curve', () => {
    const { x, y } = data('sigmoid4');
    const neg = x.map((v) => -v);
    const res = fitter('sigmoid4').fit(neg, y);
    expect(res.status).toBe('converged');
    expect(res.params[0]).toBeCloseTo(-60, 0);
    expect(res.params[1]).toBeCloseTo(-0.15, 2);
    expect(res.score).toBeGreaterThan(0.99);
  });

  it('reports iterations, evaluations, cost ½Σr² and a message', () => {
    const { x, y } = data('sigmoid4');
    const res = fitter('sigmoid4').fit(x, y);
    const f = new Float64Array(x.length);
    evaluateModel('sigmoid4', res.params, x, f);
    let ss = 0;
    for (let i = 0; i < x.length; i++) ss += (f[i] - y[i]) ** 2;
    expect(res.cost).toBeCloseTo(ss / 2, 12);
    expect(res.iterations).toBeGreaterThan(1);
    expect(res.evaluations).toBeGreaterThanOrEqual(res.iterations);
    expect(res.message.length).toBeGreaterThan(5);
  });
});

describe('degenerate inputs give a status, never a throw', () => {
  const x = Float64Array.from({ length: 50 }, (_, i) => 20 + i);
  const y = Float64Array.from({ length: 50 }, (_, i) => 0.1 + i / 50);
  const cases: [string, Float64Array, Float64Array, RegExp][] = [
    ['empty', new Float64Array(0), new Float64Array(0), /no data/],
    ['length mismatch', x, y.subarray(0, 10), /50 values but y has 10/],
    ['constant x', new Float64Array(50).fill(3), y, /x is constant/],
    ['constant y', x, new Float64Array(50).fill(0.2), /y is constant/],
    ['NaN in x', Float64Array.from(x, (v, i) => (i === 7 ? NaN : v)), y, /x\[7\] is NaN/],
    ['Inf in y', x, Float64Array.from(y, (v, i) => (i === 9 ? Infinity : v)), /y\[9\] is Infinity/],
    ['fewer points than parameters', x.subarray(0, 3), y.subarray(0, 3), /3 points cannot determine 4/],
  ];
  it.each(cases)('%s', (_name, xs, ys, msg) => {
    const f = fitter('sigmoid4');
    for (const res of [
      f.fit(xs, ys),
      f.fitWithRestarts(xs, ys, createRng(1), 5),
      f.fitMultiStart(xs, ys, createRng(1), 3),
    ]) {
      expect(res.status).toBe('invalid-input');
      expect(res.message).toMatch(msg);
      expect(Number.isNaN(res.score)).toBe(true);
      expect(res.params).toHaveLength(4);
    }
  });

  it('log models need y > 0', () => {
    const res = fitter('sigmoid4_log').fit(
      x,
      Float64Array.from(y, (v, i) => (i === 4 ? 0 : v)),
    );
    expect(res.status).toBe('invalid-input');
    expect(res.message).toMatch(/y\[4\] is 0; sigmoid4_log fits log10\(y\)/);
  });

  it('a start where the model overflows is reported as non-finite', () => {
    const { x: xs, y: ys } = data('sigmoid4');
    const res = fitter('sigmoid4').fit(xs, ys, [110, 12, 2, 0.05]);
    expect(res.status).toBe('non-finite');
    expect(res.message).toMatch(/overflow/);
  });

  it('maxEvaluations stops the fit with status max-evaluations', () => {
    const { x: xs, y: ys } = data('sigmoid4');
    const res = fitter('sigmoid4', { maxEvaluations: 3 }).fit(xs, ys);
    expect(res.status).toBe('max-evaluations');
    expect(res.evaluations).toBe(3);
    expect(Number.isFinite(res.score)).toBe(true);
  });

  it('unknown parameter names in constants or bounds are invalid input', () => {
    const { x: xs, y: ys } = data('sigmoid4');
    expect(fitter('sigmoid4', { constants: { q: 1 } }).fit(xs, ys).message).toMatch(/unknown parameter "q"/);
    expect(fitter('sigmoid4', { bounds: { r: [2, 1] } }).fit(xs, ys).message).toMatch(
      /bounds of "r" are empty/,
    );
  });
});

describe('bounds and constants', () => {
  it('keeps every parameter inside user bounds (30 seeded problems)', () => {
    const bounds: FitOptions['bounds'] = { x0: [0, 55], r: [0.2, 0.5], amp: [0.1, 1.5], y0: [0.2, 0.3] };
    const f = fitter('sigmoid4', { bounds });
    for (let s = 0; s < 30; s++) {
      const p = s % 2 ? cleanSigmoid(s) : noRelation(s);
      const res = f.fit(p.x, p.y);
      expect(['converged', 'max-evaluations']).toContain(res.status);
      const names = ['x0', 'r', 'amp', 'y0'] as const;
      names.forEach((name, j) => {
        expect(res.params[j]).toBeGreaterThanOrEqual(bounds[name]![0]);
        expect(res.params[j]).toBeLessThanOrEqual(bounds[name]![1]);
      });
    }
  });

  it('keeps every parameter inside the preset bounds, also on data without a relation', () => {
    const f = fitter('sigmoid4');
    for (let s = 0; s < 30; s++) {
      const p = noRelation(s);
      const setup = f.paramSetup(p.x, p.y)!;
      const res = f.fit(p.x, p.y);
      res.params.forEach((v, j) => {
        expect(v).toBeGreaterThanOrEqual(setup.lower[j]);
        expect(v).toBeLessThanOrEqual(setup.upper[j]);
      });
    }
  });

  it('holds constants fixed (also when a start vector is passed) and fits the rest', () => {
    const { x, y } = data('sigmoid4');
    const f = fitter('sigmoid4', { constants: { y0: 0.05, r: 0.15 } });
    for (const res of [
      f.fit(x, y),
      f.fit(x, y, [50, 0.3, 1, 0.9]),
      f.fitWithRestarts(x, y, createRng(4), 3),
    ]) {
      expect(res.params[3]).toBe(0.05);
      expect(res.params[1]).toBe(0.15);
      expect(res.params[0]).toBeCloseTo(60, 0);
      expect(res.params[2]).toBeCloseTo(2, 1);
    }
    // AIC counts only the optimised parameters: fixing two lowers it by 2·2 at the same residual.
    const free = fitter('sigmoid4', { score: 'AIC' }).fit(x, y);
    const fixed = fitter('sigmoid4', {
      score: 'AIC',
      constants: { y0: free.params[3], r: free.params[1] },
    }).fit(x, y);
    expect(free.score - fixed.score).toBeCloseTo(4, 3);
  });
});

describe('restarts', () => {
  const same = (a: FitResult, b: FitResult) => {
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
    expect(a.score).toBe(b.score);
    expect(a.evaluations).toBe(b.evaluations);
  };

  it('zero-score restarts are reproducible for a seed, and run only while the score is below 1e-6', () => {
    const f = fitter('sigmoid4');
    const p = noRelation(11);
    const a = f.fitWithRestarts(p.x, p.y, createRng(42), 50);
    const b = new ElementFitter({ fun: 'sigmoid4', score: 'R2' }, 300).fitWithRestarts(
      p.x,
      p.y,
      createRng(42),
      50,
    );
    same(a, b);
    // A clean curve never needs a restart: the result equals the single fit.
    const c = cleanSigmoid(5);
    same(f.fitWithRestarts(c.x, c.y, createRng(1), 50), f.fit(c.x, c.y));
  });

  it('a zero-score first fit (stuck start) is rescued by random restarts, keeping the better score', () => {
    const c = cleanSigmoid(8);
    const f = fitter('sigmoid4');
    // Start far below the data: amp ≈ y0 makes the curve flat, so the first fit may stay at R² ≈ 0.
    const stuck = f.fit(c.x, c.y, [500, 1e-12, 1e-12, 1e-12]);
    const rescued = f.fitWithRestarts(c.x, c.y, createRng(3), 50, [500, 1e-12, 1e-12, 1e-12]);
    expect(rescued.score).toBeGreaterThanOrEqual(stuck.score);
    expect(rescued.score).toBeGreaterThan(0.5);
  });

  it('refitRandom keeps the better of the previous and the new fit', () => {
    const p = noRelation(2);
    const f = fitter('sigmoid4');
    const first = f.fit(p.x, p.y);
    const rng = createRng(9);
    let best = first;
    for (let k = 0; k < 5; k++) {
      const next = f.refitRandom(p.x, p.y, rng, best);
      expect(next.score).toBeGreaterThanOrEqual(best.score);
      best = next;
    }
  });

  it('multi-start is reproducible and never worse than the single start', () => {
    const f = fitter('sigmoid4');
    for (let s = 20; s < 30; s++) {
      const p = noRelation(s);
      const single = f.fit(p.x, p.y);
      const a = f.fitMultiStart(p.x, p.y, createRng(s), 6);
      const b = f.fitMultiStart(p.x, p.y, createRng(s), 6);
      same(a, b);
      expect(a.cost).toBeLessThanOrEqual(single.cost);
    }
  });

  it('score rho needs no fit', () => {
    const c = cleanSigmoid(1);
    const res = fitter('sigmoid4', { score: 'rho' }).fitWithRestarts(c.x, c.y, createRng(1), 50);
    expect(res.evaluations).toBe(0);
    expect(res.score).toBeGreaterThan(0.8);
  });
});

describe('workspace reuse', () => {
  it('one fitter gives the same results as fresh fitters across problems of different size', () => {
    const shared = new ElementFitter({ fun: 'sigmoid4', score: 'R2' }, 50);
    for (const n of [300, 80, 600, 120]) {
      const p = cleanSigmoid(n, n);
      const fresh = new ElementFitter({ fun: 'sigmoid4', score: 'R2' }, n).fit(p.x, p.y);
      const again = shared.fit(p.x, p.y);
      expect(Array.from(again.params)).toEqual(Array.from(fresh.params));
      expect(again.cost).toBe(fresh.cost);
    }
  });

  it('keeps nothing of earlier responses: new values, changed in place, bad then good again', () => {
    // The fitter reuses what follows from y alone while y holds the same values (every element of a job).
    const shared = new ElementFitter({ fun: 'sigmoid4', score: 'R2' }, 300);
    const p = cleanSigmoid(5, 300);
    const q = noRelation(6, 300);
    const y = Float64Array.from(p.y);
    const fresh = (yy: Float64Array) => new ElementFitter({ fun: 'sigmoid4', score: 'R2' }, 300).fit(p.x, yy);
    const same = (a: FitResult, b: FitResult) => {
      expect(Array.from(a.params)).toEqual(Array.from(b.params));
      expect(a.score).toBe(b.score);
      expect(a.cost).toBe(b.cost);
    };
    same(shared.fit(p.x, y), fresh(y));
    same(shared.fit(p.x, q.y), fresh(q.y));
    // The same array, one value changed in place.
    y[17] *= 1.5;
    same(shared.fit(p.x, y), fresh(y));
    y[17] = NaN;
    expect(shared.fit(p.x, y).message).toMatch(/y\[17\] is NaN/);
    y[17] = p.y[17];
    same(shared.fit(p.x, y), fresh(p.y));
    // x is checked per element even when y is unchanged; the first bad point is named, x before y at one index.
    const xBad = Float64Array.from(p.x, (v, i) => (i === 4 ? Infinity : v));
    expect(shared.fit(xBad, y).message).toMatch(/x\[4\] is Infinity/);
    y[4] = NaN;
    expect(shared.fit(xBad, y).message).toMatch(/x\[4\] is Infinity/);
    y[4] = p.y[4];
    y[2] = NaN;
    expect(shared.fit(xBad, y).message).toMatch(/y\[2\] is NaN/);
  });
});

describe('diagnostics', () => {
  it('reports first-order optimality and which parameters sit on a bound', () => {
    const { x, y } = data('sigmoid4');
    const res = fitter('sigmoid4').fit(x, y);
    expect(res.optimality).toBeLessThan(1e-4);
    expect(Array.from(res.activeBounds!)).toEqual([0, 0, 0, 0]);
    // A bound below the true amplitude holds amp at its upper bound.
    const capped = fitter('sigmoid4', { bounds: { amp: [0.1, 1.5] } }).fit(x, y);
    expect(capped.params[2]).toBe(1.5);
    expect(Array.from(capped.activeBounds!)).toEqual([0, 0, 1, 0]);
  });
});

describe('option checks', () => {
  const { x, y } = data('sigmoid4');
  it.each([
    [{ maxEvaluations: 0 }, /maxEvaluations is 0; expected an integer ≥ 1/],
    [{ maxEvaluations: NaN }, /maxEvaluations is NaN/],
    [{ ftol: -1 }, /ftol is -1; expected a relative tolerance/],
    [{ gtol: NaN }, /gtol is NaN/],
    [{ score: 'R3' as never }, /unknown score "R3"/],
    [{ preset: 'old' as never }, /unknown preset "old"/],
    [{ fun: 'tanh' as never }, /unknown function "tanh"/],
  ])('%o → invalid-input', (extra, msg) => {
    const f = new ElementFitter({ fun: 'sigmoid4', score: 'R2', ...extra }, NaN);
    const res = f.fitWithRestarts(x, y, createRng(1), 3);
    expect(res.status).toBe('invalid-input');
    expect(res.message).toMatch(msg);
  });
});
