// The engine against numbers from python (lmfit 1.1 leastsq, scipy 1.17), made by lmfit-reference.py beside this file.
import { describe, expect, it } from 'vitest';
import { computeScore, ElementFitter, lineFit, spearman } from '../../../workers/fit/index';
import { incompleteBeta, studentTTwoSided } from '../../../workers/fit/student-t';

// Deterministic data set D1 (no RNG, so python and TypeScript build the same numbers).
const n = 60;
const x = new Float64Array(n);
const y = new Float64Array(n);
for (let i = 0; i < n; i++) {
  x[i] = 20 + 100 * ((i * 0.6180339887) % 1);
  y[i] = 0.05 + (2 - 0.05) / (1 + Math.exp(-0.15 * (x[i] - 60))) + 0.1 * Math.sin(1.7 * i);
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('sigmoid4 on D1 against lmfit', () => {
  const fitter = new ElementFitter({ fun: 'sigmoid4', score: 'R2' }, n);

  it('computes the data-driven start of Element.setup_model exactly', () => {
    const s = fitter.paramSetup(x, y)!;
    expect(Array.from(s.start)).toEqual([
      94.39020338749991, 0.16131156326447696, 2.086647420440317, -0.03796954967903865,
    ]);
    expect(s.lower[3]).toBe(1e-12);
    expect(s.upper[0]).toBeCloseTo(9439.020338749991, 9);
  });

  it('reaches lmfit’s global minimum (from the true parameters) from the data-driven start', () => {
    // lmfit from the same data-driven start stops in a local minimum: chisqr 9.002806762817714 (x0 89.5, r 0.031).
    // From the true parameters it finds chisqr 0.2943961383812647 at the values below.
    const res = fitter.fit(x, y);
    expect(res.status).toBe('converged');
    expect(2 * res.cost).toBeLessThanOrEqual(0.2943961383812647 * (1 + 1e-9));
    const lm = [59.933229299248005, 0.15165203318872392, 1.9951272368146937, 0.05350660750287092];
    res.params.forEach((v, j) => expect(rel(v, lm[j])).toBeLessThan(1e-6));
    expect(res.score).toBeCloseTo(0.9925964359408651, 12);
  });

  it('scores the lmfit optimum as lmfit/numpy do (R2, R2_old, SR, AIC, BIC)', () => {
    const res = fitter.fit(x, y, [60, 0.15, 2, 0.05]);
    const yhat = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const [x0, r, amp, y0] = res.params;
      yhat[i] = y0 + (amp - y0) / (1 + Math.exp(-r * (x[i] - x0)));
    }
    expect(computeScore('R2', x, y, yhat, 4)).toBeCloseTo(0.9925964359408651, 12);
    expect(computeScore('R2_old', x, y, yhat, 4)).toBeCloseTo(0.9925964359408651, 10);
    expect(computeScore('SR', x, y, yhat, 4)).toBeCloseTo(0.9522482457631498, 10);
    expect(computeScore('AIC', x, y, yhat, 4)).toBeCloseTo(-311.03041428082054, 6);
    expect(computeScore('BIC', x, y, yhat, 4)).toBeCloseTo(-302.6530360319321, 6);
  });

  it('scores lmfit’s local minimum as lmfit does', () => {
    const p = [89.52409238061037, 0.030642430342045036, 3.0132084336492544, 0.001807659290686661];
    const yhat = x.map((xi) => p[3] + (p[2] - p[3]) / (1 + Math.exp(-p[1] * (xi - p[0]))));
    expect(computeScore('R2', x, y, yhat, 4)).toBeCloseTo(0.773594664158898, 10);
    expect(computeScore('R2_old', x, y, yhat, 4)).toBeCloseTo(0.7850506545255027, 10);
    expect(computeScore('SR', x, y, yhat, 4)).toBeCloseTo(0.7359341498617409, 10);
    expect(computeScore('AIC', x, y, yhat, 4)).toBeCloseTo(-105.80849025817552, 6);
    expect(computeScore('BIC', x, y, yhat, 4)).toBeCloseTo(-97.43111200928712, 6);
  });
});

describe('statistics against scipy', () => {
  it('spearman with ties ranked by average (scipy.stats.spearmanr)', () => {
    const xt = [1, 2, 2, 3, 5, 5, 5, 8, 9, 10];
    const yt = [2, 1, 4, 4, 3, 7, 6, 9, 9, 8];
    expect(spearman(xt, yt)).toBeCloseTo(0.8514299141873076, 14);
    expect(spearman(x, y)).toBeCloseTo(0.9306474020561268, 14);
    expect(computeScore('rho', xt, yt, yt, 0)).toBeCloseTo(0.8514299141873076, 14);
  });

  it('line fit slope, intercept, r and p (scipy.stats.linregress)', () => {
    const l = lineFit(x.subarray(0, 25), y.subarray(0, 25));
    expect(l.slope).toBeCloseTo(0.026269987708680876, 14);
    expect(l.intercept).toBeCloseTo(-0.6164234133172555, 12);
    expect(l.r).toBeCloseTo(0.9346601098552162, 13);
    expect(rel(l.pValue, 8.198366717782043e-12)).toBeLessThan(1e-8);
    const yy = x.map((xi, i) => 0.3 + 0.001 * xi + 0.2 * Math.sin(3.1 * i));
    const w = lineFit(x, yy);
    expect(w.slope).toBeCloseTo(0.0010528567242813975, 14);
    expect(rel(w.pValue, 0.13689235849482767)).toBeLessThan(1e-9);
  });

  it('regularised incomplete beta (scipy.special.betainc) and two-sided t tails (2·scipy.stats.t.sf)', () => {
    expect(rel(incompleteBeta(0.3, 2.5, 0.5), 0.01892712407194565)).toBeLessThan(1e-12);
    expect(rel(incompleteBeta(0.9, 10, 0.5), 0.15164090963470997)).toBeLessThan(1e-12);
    expect(rel(incompleteBeta(0.01, 0.5, 3), 0.18625375000000005)).toBeLessThan(1e-12);
    expect(rel(studentTTwoSided(2.1, 7), 0.0738711962129226)).toBeLessThan(1e-12);
    expect(rel(studentTTwoSided(3.7, 23), 0.0011812978284520019)).toBeLessThan(1e-11);
    expect(rel(studentTTwoSided(0.4, 120), 0.6898676535264606)).toBeLessThan(1e-12);
    expect(studentTTwoSided(0, 5)).toBe(1);
    expect(studentTTwoSided(Infinity, 5)).toBe(0);
  });
});
