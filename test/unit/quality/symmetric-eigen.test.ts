import { describe, expect, it } from 'vitest';
import { symmetricEigenvalues } from '../../../workers/quality/symmetric-eigen';
import { createRng } from '../../../workers/fit/rng';

/** Q D Qᵀ with Q a product of random Householder reflections: a symmetric matrix with known eigenvalues. */
function withEigenvalues(d: number[], seed: number): Float64Array {
  const n = d.length;
  const rng = createRng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = d[i];
  for (let r = 0; r < 3; r++) {
    const v = Float64Array.from({ length: n }, () => rng() - 0.5);
    const vv = v.reduce((s, x) => s + x * x, 0);
    // A ← H A H with H = I − 2 v vᵀ / vᵀv.
    const av = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) av[i] += a[i * n + j] * v[j];
    const vav = v.reduce((s, x, i) => s + x * av[i], 0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        a[i * n + j] += (-2 * (av[i] * v[j] + v[i] * av[j])) / vv + (4 * vav * v[i] * v[j]) / (vv * vv);
      }
    }
  }
  return a;
}

describe('symmetricEigenvalues', () => {
  it.each([
    { name: '1 × 1', d: [3] },
    { name: 'diagonal', d: [5, -1, 2] },
    { name: 'repeated', d: [1, 1, 1, 4] },
    { name: 'spread 1e-8 … 1e4', d: [1e-8, 1e-3, 1, 10, 1e4] },
  ])('recovers the eigenvalues: $name', ({ d }) => {
    const ev = symmetricEigenvalues(withEigenvalues(d, 3), d.length);
    const want = [...d].sort((a, b) => a - b);
    ev.forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
  });

  it('handles a 120 × 120 Gram matrix (trace and Frobenius norm preserved)', () => {
    const n = 120;
    const rng = createRng(1);
    const d = Array.from({ length: n }, () => rng() * 10);
    const ev = symmetricEigenvalues(withEigenvalues(d, 9), n);
    const want = [...d].sort((a, b) => a - b);
    ev.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-9));
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => symmetricEigenvalues(new Float64Array(5), 2)).toThrow(RangeError);
  });
});
