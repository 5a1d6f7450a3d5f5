import { describe, expect, it } from 'vitest';
import { matrixQuality, sampleColumns } from '../../../workers/quality/e-quality';
import { symmetricEigenvalues } from '../../../workers/quality/symmetric-eigen';
import { createRng } from '../../../workers/fit/rng';

describe('E-matrix quality', () => {
  it('orthogonal columns: coherence 0 and singular-value ratio 1', () => {
    // 3 zaps × 3 elements, columns e1, 2·e2, 5·e3 (normalised: identity).
    const cols = Float32Array.from([1, 0, 0, 0, 2, 0, 0, 0, 5]);
    const q = matrixQuality(cols, 3, 3, 3);
    expect(q.mutualCoherence).toBeCloseTo(0, 12);
    expect(q.svRatio).toBeCloseTo(1, 10);
  });

  it('two equal columns: coherence 1 and rank deficiency → Infinity; zap prefixes change the figures', () => {
    const cols = Float32Array.from([1, 2, 3, 1, 2, 3]);
    const q = matrixQuality(cols, 2, 3, 3);
    expect(q.mutualCoherence).toBeCloseTo(1, 6);
    expect(q.svRatio).toBe(Infinity);
    // Columns (1,1) and (1,-1) on the first 2 zaps; 2 columns × 2 zaps.
    const c2 = Float32Array.from([1, 1, 7, 1, -1, 7]);
    const q2 = matrixQuality(c2, 2, 3, 2);
    expect(q2.mutualCoherence).toBeCloseTo(0, 6);
    expect(q2.svRatio).toBeCloseTo(1, 6);
  });

  it("with more columns than zaps, the zap Gram gives the ratio of the column Gram's non-zero eigenvalues", () => {
    const rng = createRng(3);
    const m = 40;
    const n = 6;
    const cols = Float32Array.from({ length: m * n }, () => rng() - 0.5);
    const q = matrixQuality(cols, m, n, n);
    // Direct: normalise the columns, build the 40 × 40 column Gram, take its 6 non-zero eigenvalues.
    const x = new Float64Array(m * n);
    let coherence = 0;
    for (let j = 0; j < m; j++) {
      const c = cols.subarray(j * n, (j + 1) * n);
      const norm = Math.hypot(...c);
      for (let k = 0; k < n; k++) x[j * n + k] = c[k] / norm;
    }
    const g = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += x[a * n + k] * x[b * n + k];
        g[a * m + b] = s;
        if (a !== b) coherence = Math.max(coherence, Math.abs(s));
      }
    }
    const ev = symmetricEigenvalues(g, m);
    expect(q.svRatio).toBeCloseTo(Math.sqrt(ev[m - 1] / ev[m - n]), 8);
    expect(q.mutualCoherence).toBeCloseTo(coherence, 12);
  });

  it('samples distinct sorted columns', () => {
    const s = sampleColumns(10, 1010, 50, createRng(1));
    expect(s.length).toBe(50);
    expect(new Set(s).size).toBe(50);
    expect([...s]).toEqual([...s].sort((a, b) => a - b));
    expect(sampleColumns(0, 5, 50, createRng(1)).length).toBe(5);
  });
});
