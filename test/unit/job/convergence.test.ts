import { describe, expect, it } from 'vitest';
import { defaultConvergenceSteps, normaliseSteps, nrmsd } from '../../../main/job/convergence';
import { findHotspot } from '../../../main/job/hotspot';
import { isBetter, scoreDirection } from '../../../main/contract';
import { seededPermutation, shuffledChunks } from '../../../main/job/element-order';

describe('convergence helpers', () => {
  it('steps of 20 up to all zaps', () => {
    expect(defaultConvergenceSteps(75)).toEqual([20, 40, 60, 75]);
    expect(defaultConvergenceSteps(40)).toEqual([20, 40]);
    expect(normaliseSteps([40, 20, 20, 500, 1], 300)).toEqual([20, 40]);
  });

  it('NRMSD: 0 for equal maps, RMS over the reference range, NaN-safe', () => {
    const ref = Float64Array.from([0, 0.5, 1, NaN]);
    expect(nrmsd(ref, ref)).toBe(0);
    expect(nrmsd(Float64Array.from([0.1, 0.6, 1.1, 3]), ref)).toBeCloseTo(0.1, 12);
    expect(Number.isNaN(nrmsd(new Float64Array(2).fill(NaN), new Float64Array(2)))).toBe(true);
  });
});

describe('hotspot', () => {
  it('takes the best finite score (lowest for AIC/BIC)', () => {
    const s = Float64Array.from([0.2, NaN, 0.9, 0.9, -1]);
    const c = Float64Array.from({ length: 15 }, (_, i) => i);
    const h = findHotspot(s, c, 'R2');
    expect(h.element).toBe(2);
    expect(h.centroid).toEqual([6, 7, 8]);
    expect(findHotspot(s, c, 'AIC').element).toBe(4);
    expect(findHotspot(new Float64Array(2).fill(NaN), c, 'R2').element).toBe(-1);
    expect(isBetter(0.1, NaN, scoreDirection('R2'))).toBe(true);
    expect(isBetter(NaN, 0.1, scoreDirection('R2'))).toBe(false);
  });
});

describe('element order', () => {
  it('is a seeded permutation split into chunks covering every position once', () => {
    const p = seededPermutation(100, 5);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...seededPermutation(100, 5)]).toEqual([...p]);
    expect([...seededPermutation(100, 6)]).not.toEqual([...p]);
    const chunks = shuffledChunks(10, 4, 1);
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 2]);
  });

  it('shrinks the chunks toward the end of a pass (guided), over the same permutation', () => {
    const tail = { after: 0, workers: 2, minChunk: 16 };
    const chunks = shuffledChunks(2120, 256, 9, tail);
    const sizes = chunks.map((c) => c.length);
    // ⌈R/8⌉ capped at 256 while R ≥ 2 041, then shrinking, never below 16 (but the very last, which takes the rest).
    expect(sizes.slice(0, 2)).toEqual([256, 233]);
    expect(sizes.slice(-4)).toEqual([16, 16, 16, 14]);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThanOrEqual(sizes[i - 1]);
    const joined = chunks.flatMap((c) => [...c]);
    expect(joined).toEqual([...seededPermutation(2120, 9)]);
    // With many elements still to come after this group, the chunks keep the full size.
    expect(shuffledChunks(600, 256, 9, { ...tail, after: 20_000 }).map((c) => c.length)).toEqual([
      256, 256, 88,
    ]);
    // A chunk size below the floor wins; a worker count that is not a number counts as one worker.
    expect(shuffledChunks(40, 4, 9, tail).every((c) => c.length === 4)).toBe(true);
    expect(shuffledChunks(100, 256, 9, { ...tail, workers: NaN }).flatMap((c) => [...c])).toHaveLength(100);
  });
});
