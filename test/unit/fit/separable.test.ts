// The variable-projection solver against full LM, the 2 × 2 box least squares against brute force, the step scan
// against an O(n²) scan, and the step start of fitWithRestarts on data without a relation.
import { describe, expect, it, vi } from 'vitest';
import { createRng, ElementFitter, FIT_DEFAULTS } from '../../../workers/fit/index';
import { boxLsq2 } from '../../../workers/fit/separable';
import { sigmoidKernel } from '../../../workers/fit/sigmoid-kernel';
import { StepScanner } from '../../../workers/fit/step-scan';
import { cleanSigmoid, costOf, noRelation } from './problems';

describe('separable solver (sigmoid4, sigmoid)', () => {
  it('reaches the full LM cost or lower on clean curves, and never leaves the bounds', () => {
    const sep = new ElementFitter({ fun: 'sigmoid4', score: 'R2', stepStart: false }, 300);
    const full = new ElementFitter({ fun: 'sigmoid4', score: 'R2', solver: 'full' }, 300);
    for (let s = 0; s < 60; s++) {
      const p = cleanSigmoid(9100 + s, 300, [0.02, 0.1, 0.3][s % 3]);
      const a = sep.fit(p.x, p.y);
      const b = full.fit(p.x, p.y);
      expect(a.status).toBe('converged');
      // The reported cost is the cost of the reported parameters.
      expect(costOf('sigmoid4', a.params, p.x, p.y)).toBeCloseTo(a.cost, 10);
      expect(a.cost).toBeLessThanOrEqual(b.cost * (1 + 1e-6));
      const setup = sep.paramSetup(p.x, p.y)!;
      a.params.forEach((v, j) => {
        expect(v).toBeGreaterThanOrEqual(setup.lower[j]);
        expect(v).toBeLessThanOrEqual(setup.upper[j]);
      });
    }
  });

  it('approaches in float32 and ends on exact sums: the exact solver’s minimum, every stop judged exactly', () => {
    const kernel = sigmoidKernel()!;
    const calls: boolean[] = [];
    const real = kernel.accumulate.bind(kernel);
    const spy = vi
      .spyOn(kernel, 'accumulate')
      .mockImplementation((x0: number, r: number, ym: number, out: Float64Array, approximate = false) => {
        calls.push(approximate);
        real(x0, r, ym, out, approximate);
      });
    try {
      const fast = new ElementFitter({ fun: 'sigmoid4', score: 'R2', stepStart: false }, 300);
      const exact = new ElementFitter(
        { fun: 'sigmoid4', score: 'R2', stepStart: false, approximateApproach: false },
        300,
      );
      let approximated = 0;
      for (let s = 0; s < 40; s++) {
        const p = cleanSigmoid(9500 + s, 300, [0.02, 0.1, 0.3][s % 3]);
        const b = exact.fit(p.x, p.y);
        calls.length = 0;
        const a = fast.fit(p.x, p.y);
        expect(a.status).toBe('converged');
        // The same minimum: clean curves have one basin, and both end on ftol from exact evaluations.
        expect(Math.abs(a.cost - b.cost) / b.cost).toBeLessThan(1e-8);
        a.params.forEach((v, j) =>
          expect(Math.abs(v - b.params[j]) / Math.abs(b.params[j])).toBeLessThan(1e-4),
        );
        // Approximate evaluations only before the first exact one, and the last one exact.
        const firstExact = calls.indexOf(false);
        expect(firstExact).toBeGreaterThanOrEqual(0);
        expect(calls.slice(firstExact).every((c) => !c)).toBe(true);
        if (firstExact > 0) approximated++;
      }
      expect(approximated).toBeGreaterThan(30);
      // Random restarts (zero refits, refitRandom, multi-start) are short solves: exact throughout.
      const p = noRelation(9600, 300);
      calls.length = 0;
      fast.refitRandom(p.x, p.y, createRng(3));
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((c) => !c)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('needs fewer evaluations than full LM on the same problems', () => {
    const sep = new ElementFitter({ fun: 'sigmoid4', score: 'R2', stepStart: false }, 300);
    const full = new ElementFitter({ fun: 'sigmoid4', score: 'R2', solver: 'full' }, 300);
    let es = 0;
    let ef = 0;
    for (let s = 0; s < 60; s++) {
      const p = s % 2 ? cleanSigmoid(9300 + s, 300, 0.1) : noRelation(9300 + s, 300);
      es += sep.fit(p.x, p.y).evaluations;
      ef += full.fit(p.x, p.y).evaluations;
    }
    expect(es).toBeLessThan(ef);
  });

  it('holds y0 at its bound when the best offset lies below it', () => {
    // A curve that starts at −0.5: the unconstrained offset is negative, the bound is 1e-12.
    const n = 200;
    const x = Float64Array.from({ length: n }, (_, i) => 20 + (100 * i) / n);
    const y = Float64Array.from(x, (v) => -0.5 + 2.5 / (1 + Math.exp(-0.1 * (v - 70))) + 0.6);
    for (let i = 0; i < n; i++) y[i] -= 0.6 * (i % 2);
    const f = new ElementFitter({ fun: 'sigmoid4', score: 'R2', stepStart: false }, n);
    const r = f.fit(x, y);
    expect(r.status).toBe('converged');
    expect(r.params[3]).toBe(1e-12);
    expect(r.activeBounds![3]).toBe(-1);
    expect(costOf('sigmoid4', r.params, x, y)).toBeCloseTo(r.cost, 10);
  });

  it('handles the legacy preset (y0 bounds around ±2|y0|) and user bounds as well as full LM', () => {
    for (const opts of [
      { preset: 'legacy' as const },
      { bounds: { amp: [0.5, 2] as [number, number], y0: [0.02, 0.2] as [number, number] } },
    ]) {
      const sep = new ElementFitter({ fun: 'sigmoid4', score: 'R2', stepStart: false, ...opts }, 300);
      const full = new ElementFitter({ fun: 'sigmoid4', score: 'R2', solver: 'full', ...opts }, 300);
      for (let s = 0; s < 20; s++) {
        const p = s % 2 ? cleanSigmoid(9400 + s, 300, 0.1) : noRelation(9400 + s, 300);
        const a = sep.fit(p.x, p.y);
        const b = full.fit(p.x, p.y);
        expect(a.status).toBe('converged');
        expect(costOf('sigmoid4', a.params, p.x, p.y)).toBeCloseTo(a.cost, 10);
        const setup = sep.paramSetup(p.x, p.y)!;
        a.params.forEach((v, j) => {
          expect(v).toBeGreaterThanOrEqual(setup.lower[j]);
          expect(v).toBeLessThanOrEqual(setup.upper[j]);
        });
        // Same start, same objective: on clean curves the same minimum; on noise at least as low as a rule.
        if (s % 2) expect(a.cost).toBeLessThanOrEqual(b.cost * (1 + 1e-6));
      }
    }
  });

  it('fits the 3-parameter sigmoid (no offset) as well as full LM', () => {
    const sep = new ElementFitter({ fun: 'sigmoid', score: 'R2', stepStart: false }, 300);
    const full = new ElementFitter({ fun: 'sigmoid', score: 'R2', solver: 'full' }, 300);
    for (let s = 0; s < 20; s++) {
      const p = cleanSigmoid(9500 + s, 300, 0.05);
      const a = sep.fit(p.x, p.y);
      const b = full.fit(p.x, p.y);
      expect(a.params.length).toBe(3);
      expect(costOf('sigmoid', a.params, p.x, p.y)).toBeCloseTo(a.cost, 10);
      expect(a.cost).toBeLessThanOrEqual(b.cost * (1 + 1e-6));
    }
  });

  it('keeps the overflow guard: a start whose exponent reaches 500 is non-finite, then refits take over', () => {
    const p = cleanSigmoid(9600, 100, 0.05);
    const f = new ElementFitter({ fun: 'sigmoid4', score: 'R2', stepStart: false }, 100);
    const bad = f.fit(p.x, p.y, [200, 50, 1, 0.1]);
    expect(bad.status).toBe('non-finite');
    expect(f.fit(p.x, p.y, [NaN, 0.1, 1, 0.1]).status).toBe('non-finite');
    // With random restarts the element still gets a finite fit.
    const ok = f.fitWithRestarts(p.x, p.y, createRng(1), 50, [200, 50, 1, 0.1]);
    expect(ok.status).toBe('converged');
  });

  it('a user constant (y0 fixed) falls back to full LM and keeps the constant', () => {
    const p = cleanSigmoid(9700, 200, 0.05);
    const f = new ElementFitter({ fun: 'sigmoid4', score: 'R2', constants: { y0: 0.05 } }, 200);
    const r = f.fit(p.x, p.y);
    expect(r.params[3]).toBe(0.05);
    expect(r.status).toBe('converged');
  });
});

describe('boxLsq2', () => {
  it('matches a brute-force search of the box on random problems', () => {
    const rng = createRng(42);
    for (let t = 0; t < 300; t++) {
      // M = AᵀA of a random 2-column A (positive semidefinite), b = Aᵀc.
      const a = Array.from({ length: 8 }, () => rng() - 0.5);
      const c = Array.from({ length: 4 }, () => 3 * (rng() - 0.5));
      const m00 = a[0] ** 2 + a[2] ** 2 + a[4] ** 2 + a[6] ** 2;
      const m01 = a[0] * a[1] + a[2] * a[3] + a[4] * a[5] + a[6] * a[7];
      const m11 = a[1] ** 2 + a[3] ** 2 + a[5] ** 2 + a[7] ** 2;
      const b0 = a[0] * c[0] + a[2] * c[1] + a[4] * c[2] + a[6] * c[3];
      const b1 = a[1] * c[0] + a[3] * c[1] + a[5] * c[2] + a[7] * c[3];
      const lo0 = -rng();
      const hi0 = lo0 + 2 * rng();
      const lo1 = -rng();
      const hi1 = lo1 + 2 * rng();
      const q = (u: number, v: number) =>
        0.5 * (m00 * u * u + 2 * m01 * u * v + m11 * v * v) - b0 * u - b1 * v;
      const sol = boxLsq2(m00, m01, m11, b0, b1, lo0, hi0, lo1, hi1);
      expect(sol.q0).toBeGreaterThanOrEqual(lo0);
      expect(sol.q0).toBeLessThanOrEqual(hi0);
      expect(sol.q1).toBeGreaterThanOrEqual(lo1);
      expect(sol.q1).toBeLessThanOrEqual(hi1);
      let best = Infinity;
      for (let i = 0; i <= 200; i++)
        for (let j = 0; j <= 200; j++)
          best = Math.min(best, q(lo0 + ((hi0 - lo0) * i) / 200, lo1 + ((hi1 - lo1) * j) / 200));
      expect(q(sol.q0, sol.q1)).toBeLessThanOrEqual(best + 1e-12);
    }
  });
});

describe('StepScanner', () => {
  const brute = (x: Float64Array, y: Float64Array, freeLeft: boolean) => {
    const n = x.length;
    let mean = 0;
    for (const v of y) mean += v / n;
    let ss = 0;
    for (const v of y) ss += (v - mean) ** 2;
    let best = Infinity;
    let thr = NaN;
    const xs = [...new Set(x)].sort((a, b) => a - b);
    for (let k = 1; k < xs.length; k++) {
      const t = 0.5 * (xs[k - 1] + xs[k]);
      const l = [...y].filter((_, i) => x[i] < t);
      const r = [...y].filter((_, i) => x[i] > t);
      const ml = freeLeft ? l.reduce((s, v) => s + v, 0) / l.length : 0;
      const mr = r.reduce((s, v) => s + v, 0) / r.length;
      const sse = l.reduce((s, v) => s + (v - ml) ** 2, 0) + r.reduce((s, v) => s + (v - mr) ** 2, 0);
      if (sse < best - 1e-12) {
        best = sse;
        thr = t;
      }
    }
    return { threshold: thr, r2: 1 - best / ss };
  };

  it('finds the same split and R² as an O(n²) scan, with ties and negative x', () => {
    const rng = createRng(7);
    const scanner = new StepScanner();
    for (let t = 0; t < 40; t++) {
      const n = 20 + Math.floor(rng() * 150);
      // Rounded values make ties; a shift makes some x negative.
      const x = Float64Array.from({ length: n }, () => Math.round(rng() * 40) / 4 - (t % 2 ? 5 : 0));
      const y = Float64Array.from(x, (v) => (v > 2 ? 1.5 : 0.3) + 0.4 * rng());
      for (const freeLeft of [true, false]) {
        const a = scanner.scan(x, y, n, freeLeft);
        const b = brute(x, y, freeLeft);
        expect(a.threshold).toBeCloseTo(b.threshold, 12);
        expect(a.r2).toBeCloseTo(b.r2, 10);
      }
    }
  });

  it('reports NaN when x has a single value', () => {
    const s = new StepScanner().scan(
      new Float64Array(10).fill(3),
      Float64Array.from({ length: 10 }, (_, i) => i),
      10,
    );
    expect(s.r2).toBeNaN();
  });
});

describe('step start (first visits of elements without a clear relation)', () => {
  it('never ends above the single-start cost, and often below it', () => {
    const withStep = new ElementFitter({ fun: 'sigmoid4', score: 'R2', stepStart: true }, 300);
    const single = new ElementFitter({ fun: 'sigmoid4', score: 'R2', stepStart: false }, 300);
    let lower = 0;
    for (let s = 0; s < 40; s++) {
      const p = noRelation(9800 + s, 300);
      const a = withStep.fitWithRestarts(p.x, p.y, createRng(s), FIT_DEFAULTS.nRefit);
      const b = single.fitWithRestarts(p.x, p.y, createRng(s), FIT_DEFAULTS.nRefit);
      expect(a.cost).toBeLessThanOrEqual(b.cost);
      expect(costOf('sigmoid4', a.params, p.x, p.y)).toBeCloseTo(a.cost, 10);
      if (a.cost < b.cost * (1 - 1e-6)) {
        lower++;
        expect(a.message).toContain('step start');
      }
    }
    expect(lower).toBeGreaterThan(0);
  });

  it('leaves clean curves alone (their fit explains more than any step)', () => {
    const f = new ElementFitter({ fun: 'sigmoid4', score: 'R2', stepStart: true }, 300);
    for (let s = 0; s < 10; s++) {
      const p = cleanSigmoid(9900 + s, 300, 0.05);
      expect(f.fitWithRestarts(p.x, p.y, createRng(s)).message).not.toContain('step start');
    }
  });
});
