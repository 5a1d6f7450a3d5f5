// The engine against ml-levenberg-marquardt (dev-only oracle, analytic Jacobian) on 120 seeded problems.
import { describe, expect, it } from 'vitest';
import { ElementFitter } from '../../../workers/fit/index';
import { cleanSigmoid, costOf, oracleFit } from './problems';

describe('agreement with ml-levenberg-marquardt', () => {
  it('reaches a cost ≤ the oracle’s · (1 + 1e-6) on every one of 120 seeded sigmoid problems', () => {
    const fitter = new ElementFitter({ fun: 'sigmoid4', score: 'R2' }, 100);
    const noises = [0.02, 0.1, 0.3];
    let worse = 0;
    let sumRel = 0;
    for (let s = 0; s < 120; s++) {
      const p = cleanSigmoid(5000 + s, 100, noises[s % 3]);
      const res = fitter.fit(p.x, p.y);
      expect(res.status).toBe('converged');
      // 400 iterations (4× its default) so the oracle itself gets close to its minimum.
      const oracle = costOf('sigmoid4', oracleFit(p, {}, 400), p.x, p.y);
      const ours = costOf('sigmoid4', res.params, p.x, p.y);
      expect(ours).toBeCloseTo(res.cost, 12);
      if (ours > oracle * (1 + 1e-6)) worse++;
      sumRel += (oracle - ours) / oracle;
    }
    expect(worse).toBe(0);
    // Not just ties: on average the oracle ends higher (it stops on its iteration limit).
    expect(sumRel / 120).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
