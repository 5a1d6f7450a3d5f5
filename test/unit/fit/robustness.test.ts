// Seeded sweep over every model, preset and awkward data shape: every fit ends with a status, never a throw or hang.
import { describe, expect, it } from 'vitest';
import { createRng, ElementFitter, FUN_NAMES, type FitResult } from '../../../workers/fit/index';
import { gauss } from './problems';

/** Awkward data sets: outliers, few points, huge and tiny scales, ties, mixed signs, steps. */
function shapes(seed: number): { name: string; x: Float64Array; y: Float64Array }[] {
  const rng = createRng(seed);
  const mk = (n: number, fx: (i: number) => number, fy: (x: number, i: number) => number) => {
    const x = Float64Array.from({ length: n }, (_, i) => fx(i));
    return { x, y: Float64Array.from(x, (v, i) => fy(v, i)) };
  };
  return [
    {
      name: 'outliers',
      ...mk(
        200,
        () => 20 + 100 * rng(),
        (v) => (rng() < 0.05 ? 1e3 : 0.01 * v) + 0.1 * Math.abs(gauss(rng)),
      ),
    },
    {
      name: 'five points',
      ...mk(
        5,
        (i) => 30 + 10 * i,
        () => 0.1 + rng(),
      ),
    },
    {
      name: 'huge scale',
      ...mk(
        100,
        () => 1e6 * rng(),
        () => 1e8 * (0.1 + rng()),
      ),
    },
    {
      name: 'tiny scale',
      ...mk(
        100,
        () => 1e-6 * (1 + rng()),
        () => 1e-9 * (0.1 + rng()),
      ),
    },
    {
      name: 'ties',
      ...mk(
        120,
        (i) => 40 + (i % 3),
        (v) => (v > 41 ? 2 : 0.1) + 0.01 * rng(),
      ),
    },
    {
      name: 'mixed signs',
      ...mk(
        150,
        () => -50 + 100 * rng(),
        () => 0.05 + rng(),
      ),
    },
    {
      name: 'step',
      ...mk(
        150,
        () => 20 + 100 * rng(),
        (v) => (v > 70 ? 3 : 0.05) * (1 + 0.01 * rng()),
      ),
    },
    {
      name: 'decreasing',
      ...mk(
        150,
        () => 20 + 100 * rng(),
        (v) => 3 / (1 + Math.exp(0.2 * (v - 60))) + 0.05,
      ),
    },
  ];
}

describe('robustness', () => {
  // lmfit's optimizer path (the default of a job) and the engine's own solvers (the fitter's default, --fast-solver).
  it.each([['the fast solver', undefined] as const, ['lmfit’s path', 'minpack'] as const])(
    'every model × preset × awkward shape returns a status with bounded work (%s)',
    (_, solver) => {
      const statuses = new Map<string, number>();
      for (const fun of FUN_NAMES) {
        for (const preset of ['element', 'legacy'] as const) {
          for (const { name, x, y } of shapes(FUN_NAMES.indexOf(fun) + 1)) {
            const f = new ElementFitter({ fun, score: 'R2', preset, solver }, x.length);
            let res: FitResult | undefined;
            expect(() => {
              res = f.fitWithRestarts(x, y, createRng(1), 5);
            }, `${fun}/${preset}/${name}`).not.toThrow();
            const r = res!;
            statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
            expect(['converged', 'max-evaluations', 'non-finite', 'invalid-input']).toContain(r.status);
            // lmfit aborts on the evaluation past max_nfev = 10·n, so its path may take one more per solve.
            expect(r.evaluations).toBeLessThanOrEqual(6 * (10 * x.length + 1));
            expect(r.params).toHaveLength(f.nParams);
            if (r.status === 'converged' || r.status === 'max-evaluations') {
              expect(Number.isFinite(r.cost), `${fun}/${preset}/${name}: ${r.message}`).toBe(true);
              r.activeBounds?.forEach((_, j) => expect(Number.isFinite(r.params[j])).toBe(true));
            } else {
              expect(r.message.length).toBeGreaterThan(5);
            }
          }
        }
      }
      // Most of these still fit; the sweep is not just a wall of invalid inputs.
      expect(statuses.get('converged') ?? 0).toBeGreaterThan(60);
    },
    60_000,
  );
});
