// fastExp against Math.exp over the whole double range the models can reach.
import { describe, expect, it } from 'vitest';
import { fastExp } from '../../../workers/fit/fast-exp';
import { createRng } from '../../../workers/fit/index';

describe('fastExp', () => {
  it('agrees with Math.exp to 3 ulp (relative 7e-16) on 10⁶ seeded points in [−745, 709]', () => {
    const rng = createRng(5);
    let worst = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const z = -745 + 1454 * rng();
      const e = Math.exp(z);
      if (e < 1e-300) continue; // subnormal results carry fewer digits in both
      worst = Math.max(worst, Math.abs(fastExp(z) - e) / e);
    }
    expect(worst).toBeLessThan(7e-16);
  });

  it('is exact at 0 and handles the edges like Math.exp', () => {
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-800)).toBe(0);
    expect(fastExp(-Infinity)).toBe(0);
    expect(fastExp(Infinity)).toBe(Infinity);
    expect(fastExp(710)).toBe(Infinity);
    expect(Number.isNaN(fastExp(NaN))).toBe(true);
    expect(fastExp(709.5)).toBe(Math.exp(709.5));
    for (const z of [1, -1, 0.5, 1e-10, -1e-10, 100, -100]) expect(fastExp(z)).toBeCloseTo(Math.exp(z), 12);
  });
});
