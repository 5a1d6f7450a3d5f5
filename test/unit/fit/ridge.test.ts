// ridge_from_hdf5 of the seed: a closed-form least-squares line per element, scored by R² (LinearRegression.score).
import { describe, expect, it } from 'vitest';
import { createRng, ElementFitter, lineFit } from '../../../workers/fit/index';
import { gauss } from './problems';

function data(seed: number): { x: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: 200 }, () => 30 + 70 * rng());
  const y = x.map((v) => 0.02 * v - 0.3 + 0.2 * gauss(rng));
  return { x, y };
}

describe("fun 'ridge'", () => {
  it('is the OLS line with intercept and R² = r² (as sklearn LinearRegression.fit/score), in one evaluation', () => {
    const { x, y } = data(5);
    const line = lineFit(x, y);
    const fit = new ElementFitter({ fun: 'ridge', score: 'R2' }, x.length).fitWithRestarts(
      x,
      y,
      createRng(1),
    );
    expect(fit.status).toBe('converged');
    expect(fit.evaluations).toBe(1);
    expect(fit.params[0]).toBeCloseTo(line.slope, 12);
    expect(fit.params[1]).toBeCloseTo(line.intercept, 12);
    expect(fit.score).toBeCloseTo(line.r * line.r, 12);
    expect(fit.score).toBeGreaterThan(0.5);
  });

  it('is unbounded (a steep negative line is fitted as it is) and needs no restarts when R² is 0', () => {
    const rng = createRng(9);
    const x = Float64Array.from({ length: 100 }, () => rng());
    const y = x.map((v) => -500 * v + 1e3);
    const fit = new ElementFitter({ fun: 'ridge', score: 'R2' }, 100).fit(x, y);
    expect(fit.params[0]).toBeCloseTo(-500, 8);
    expect(fit.params[1]).toBeCloseTo(1e3, 8);
    const flat = new ElementFitter({ fun: 'ridge', score: 'R2' }, 100).fitWithRestarts(
      Float64Array.of(1, 2, 3, 4),
      Float64Array.of(1, 2, 2, 1),
      createRng(1),
    );
    expect(flat.score).toBeCloseTo(0, 12);
    expect(flat.evaluations).toBe(1);
  });
});
