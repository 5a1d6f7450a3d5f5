// The shared Levenberg–Marquardt loop: damping sequence, step acceptance and the stopping tests, on a 1-D problem.
import { describe, expect, it } from 'vitest';
import { FIT_DEFAULTS } from '../../../workers/fit/defaults';
import { runLm, rescale, type LmSteps } from '../../../workers/fit/lm-core';

/** ½ (a·p − b)² with d = a² scaling; `refuse` trial evaluations return Infinity (as the overflow guard does). */
class Line implements LmSteps {
  p = 0;
  pt = 0;
  evaluations = 1;
  stepNorm = 0;
  pNorm = 0;
  pred = 0;
  lambdas: number[] = [];
  constructor(
    private readonly a: number,
    private readonly b: number,
    private refuse = 0,
  ) {}
  get cost(): number {
    return 0.5 * (this.a * this.p - this.b) ** 2;
  }
  stationary(gtol: number): string | null {
    const g = this.a * (this.a * this.p - this.b);
    return Math.abs(g) / (Math.abs(this.a) * Math.sqrt(2 * this.cost)) > gtol ? null : 'gtol';
  }
  propose(lambda: number): boolean {
    this.lambdas.push(lambda);
    const h = this.a * this.a;
    const g = this.a * (this.a * this.p - this.b);
    const d = -g / (h + lambda * h);
    this.pt = this.p + d;
    this.stepNorm = Math.abs(this.a * d);
    this.pNorm = Math.abs(this.a * this.p);
    this.pred = -(g * d + 0.5 * h * d * d);
    return true;
  }
  tryCost(): number {
    if (this.refuse > 0) {
      this.refuse--;
      return Infinity;
    }
    return 0.5 * (this.a * this.pt - this.b) ** 2;
  }
  accept(): void {
    this.p = this.pt;
  }
}

const limits = { maxEvaluations: 100, ftol: 1.5e-8, xtol: 1.5e-8, gtol: 1e-12 };

describe('runLm', () => {
  it('converges on a quadratic, shrinking λ by Nielsen’s rule after good steps', () => {
    const s = new Line(2, 3);
    const end = runLm(s, limits);
    expect(end.status).toBe('converged');
    expect(s.p).toBeCloseTo(1.5, 10);
    // ρ = 1 on a quadratic: λ · max(1/3, 1 − 1) = λ/3 per accepted step.
    const l0 = FIT_DEFAULTS.initialDamping;
    expect(s.lambdas[0]).toBe(l0);
    expect(s.lambdas[1]).toBeCloseTo(l0 / 3, 15);
    expect(end.iterations).toBe(s.lambdas.length + 1);
  });

  it('rejects a failed trial and doubles the damping growth (λ·2, then ·4)', () => {
    const s = new Line(2, 3, 2);
    runLm(s, limits);
    const l0 = FIT_DEFAULTS.initialDamping;
    expect(s.lambdas.slice(0, 3)).toEqual([l0, 2 * l0, 8 * l0]);
  });

  it('stops at the evaluation budget with max-evaluations', () => {
    const s = new Line(2, 3, 1000);
    const end = runLm(s, { ...limits, maxEvaluations: 5 });
    expect(end.status).toBe('max-evaluations');
    expect(s.evaluations).toBe(5);
  });

  it('rescale keeps the larger of the new diagonal and half the old scaling', () => {
    expect(rescale(1, 4)).toBe(2);
    expect(rescale(3, 4)).toBe(3);
  });
});
