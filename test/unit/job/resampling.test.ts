// Statistics of the permutation test and the bootstrap, the seeded replicate plans and the checks that refuse meaningless tests.
import { describe, expect, it } from 'vitest';
import {
  atLeastAsGood,
  bestScore,
  bootstrapFigures,
  combineHotspots,
  combineMaxima,
  elementPFwe,
  fweThreshold,
  hotspotFrequency,
  median,
  nearestRankQuantile,
  pFwe,
} from '../../../main/job/resampling-stats';
import {
  checkResampling,
  exchangeBlocks,
  lnDistinctOrderings,
  permutationOf,
  resampleOf,
} from '../../../main/job/resampling-plan';
import { checkJobSpec, isAppError, type JobSpec } from '../../../main/contract';

const f = (...v: number[]): Float64Array => Float64Array.from(v);

describe('permutation p and threshold', () => {
  it('counts maxima at least as good as the observed score, plus one, over N + 1', () => {
    const maxima = f(0.1, 0.5, 0.3, 0.5, 0.9);
    expect(pFwe(0.5, maxima, 'R2')).toBeCloseTo(4 / 6, 15); // 0.5, 0.5, 0.9 tie or beat it
    expect(pFwe(0.95, maxima, 'R2')).toBeCloseTo(1 / 6, 15); // the smallest possible p
    expect(pFwe(0.0, maxima, 'R2')).toBe(1);
    expect(pFwe(NaN, maxima, 'R2')).toBeNaN();
    // A map whose every element was screened out has no hotspot: p = 1.
    expect(pFwe(bestScore(f(NaN, NaN), 0, 2, 'R2'), maxima, 'R2')).toBe(1);
    expect(pFwe(bestScore(f(NaN), 0, 1, 'AIC'), maxima, 'AIC')).toBe(1);
    // AIC: lower is better, so "at least as good" is ≤.
    expect(pFwe(-10, f(-5, -20, -10), 'AIC')).toBeCloseTo(3 / 4, 15);
    expect(atLeastAsGood(NaN, 0, 'R2')).toBe(false);
  });

  it('gives every element the p of its own score, the hotspot the smallest', () => {
    const maxima = f(0.2, 0.4, 0.6);
    const p = elementPFwe(f(0.1, 0.4, 0.7, NaN), maxima, 'R2');
    expect(Array.from(p.subarray(0, 3))).toEqual([4 / 4, 3 / 4, 1 / 4]);
    expect(p[3]).toBeNaN();
    const scores = f(0.3, 0.65, 0.05, 0.41);
    scores.forEach((s, j) => expect(elementPFwe(scores, maxima, 'R2')[j]).toBe(pFwe(s, maxima, 'R2')));
    const low = f(-3, -8, 1);
    low.forEach((s, j) =>
      expect(elementPFwe(low, f(-4, -6, 0), 'BIC')[j]).toBe(pFwe(s, f(-4, -6, 0), 'BIC')),
    );
  });

  it('puts the FWE 0.05 threshold at the ⌊0.05·(N+1)⌋-th best maximum, consistent with p ≤ 0.05', () => {
    // N = 39: k = 2, the second largest maximum; a score above it has p = (1 + ≤1)/40 ≤ 0.05.
    const maxima = Float64Array.from({ length: 39 }, (_, i) => i / 100);
    const t = fweThreshold(maxima, 'R2');
    expect(t).toBeCloseTo(0.37, 15);
    expect(pFwe(t + 1e-9, maxima, 'R2')).toBeLessThanOrEqual(0.05);
    expect(pFwe(t, maxima, 'R2')).toBeGreaterThan(0.05);
    // N = 999: the 50th largest.
    const big = Float64Array.from({ length: 999 }, (_, i) => i);
    expect(fweThreshold(big, 'R2')).toBe(949);
    // Too few permutations for 0.05.
    expect(fweThreshold(f(1, 2, 3), 'R2')).toBeNaN();
    // Lower is better: the second lowest of 39.
    expect(
      fweThreshold(
        Float64Array.from({ length: 39 }, (_, i) => -i),
        'AIC',
      ),
    ).toBe(-37);
  });

  it('takes the best finite score of a range and combines shards by the best per permutation', () => {
    expect(bestScore(f(NaN, 0.2, 0.9, 0.5), 0, 4, 'R2')).toBe(0.9);
    expect(bestScore(f(NaN, 0.2, 0.9, 0.5), 0, 2, 'R2')).toBe(0.2);
    expect(bestScore(f(NaN, NaN), 0, 2, 'R2')).toBe(-Infinity);
    expect(bestScore(f(3, -1, 2), 0, 3, 'AIC')).toBe(-1);
    expect(Array.from(combineMaxima([f(0.1, 0.5, -Infinity), f(0.3, 0.2, 0.4)], 'R2'))).toEqual([
      0.3, 0.5, 0.4,
    ]);
    expect(Array.from(combineMaxima([f(1, 5), f(2, 3)], 'BIC'))).toEqual([1, 3]);
  });
});

describe('bootstrap figures', () => {
  it('frequencies, distances, nearest-rank 95 % radius, median and stability', () => {
    const elements = Int32Array.from([2, 2, 5, 2, -1, 7, 2, 5, 2, 2]);
    const from = f(9, 9, 0, 9, 9, 1.5, 9, 4);
    const b = bootstrapFigures(elements, 2, from);
    expect(Array.from(b.frequency)).toEqual([0, 0, 0.6, 0, 0, 0.2, 0, 0.1]);
    expect(Array.from(b.distances)).toEqual([0, 0, 1.5, 0, Infinity, 4, 0, 1.5, 0, 0]);
    expect(b.stability).toBe(0.6);
    expect(b.medianDistance).toBe(0);
    // ⌈0.95·10⌉ = 10th smallest: the resample without a hotspot counts as infinitely far.
    expect(b.radius95).toBe(Infinity);
    expect(
      nearestRankQuantile(f(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19), 0.95),
    ).toBe(18);
    expect(median(f(4, 1, 3, 2))).toBe(2.5);
    expect(hotspotFrequency(Int32Array.from([1, 1, 0]), 3)[1]).toBeCloseTo(2 / 3, 15);
  });

  it('joins shard hotspots per resample: best score, lower element on ties', () => {
    const a = { elements: Int32Array.from([1, 3, -1]), scores: f(0.5, 0.7, NaN) };
    const b = { elements: Int32Array.from([10, 12, 11]), scores: f(0.6, 0.7, 0.2) };
    const j = combineHotspots([b, a], 'R2');
    expect(Array.from(j.elements)).toEqual([10, 3, 11]);
    expect(Array.from(j.scores)).toEqual([0.6, 0.7, 0.2]);
  });
});

describe('replicate plans', () => {
  const conditions = ['a', 'b', 'a', 'b', 'a', 'c', 'c'];
  const blocks = exchangeBlocks(conditions, 7);

  it('shuffles within condition blocks, seeded by index only', () => {
    expect(blocks.map((b) => Array.from(b))).toEqual([
      [0, 2, 4],
      [1, 3],
      [5, 6],
    ]);
    const p = permutationOf(blocks, 7, 42, 3);
    expect(Array.from(p)).toEqual(Array.from(permutationOf(blocks, 7, 42, 3)));
    expect([...p].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    p.forEach((src, k) => expect(conditions[src]).toBe(conditions[k]));
    expect(Array.from(permutationOf(blocks, 7, 42, 0))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // Different indices give different shuffles (on a larger block).
    const one = exchangeBlocks(null, 50);
    expect(Array.from(permutationOf(one, 50, 1, 1))).not.toEqual(Array.from(permutationOf(one, 50, 1, 2)));
  });

  it('resamples with replacement within blocks, keeping each block size', () => {
    const r = resampleOf(blocks, 7, 9, 1);
    expect(Array.from(r)).toEqual(Array.from(resampleOf(blocks, 7, 9, 1)));
    expect(r.length).toBe(7);
    expect(Array.from(r.subarray(0, 3)).every((k) => conditions[k] === 'a')).toBe(true);
    expect(Array.from(r.subarray(3, 5)).every((k) => conditions[k] === 'b')).toBe(true);
    expect(Array.from(r.subarray(5)).every((k) => conditions[k] === 'c')).toBe(true);
  });

  it('counts distinct orderings with ties and refuses more permutations than there are', () => {
    const y = f(1, 2, 1, 5, 3, 4, 4);
    // a: values 1, 1, 3 → 3!/2! = 3; b: 2, 5 → 2; c: 4, 4 → 1.
    expect(Math.exp(lnDistinctOrderings(y, blocks))).toBeCloseTo(6, 9);
    expect(() => checkResampling({ permutations: 5 }, [{ name: 'm', y }], blocks, 'r.csv')).not.toThrow();
    let err: unknown;
    try {
      checkResampling({ permutations: 6 }, [{ name: 'm', y }], blocks, 'r.csv');
    } catch (e) {
      err = e;
    }
    expect(isAppError(err) && err.code).toBe('PERMUTATIONS_EXCEED_ORDERINGS');
    expect((err as Error).message).toMatch(/file r\.csv.*response m.*found --permutations 6.*6 distinct/);
    // Constant responses have one ordering, the observed one: no permutation can differ from it.
    expect(() =>
      checkResampling({ permutations: 1 }, [{ name: 'm', y: f(2, 2, 2, 2, 2, 2, 2) }], blocks, 'r.csv'),
    ).toThrow(/^PERMUTATIONS_EXCEED_ORDERINGS: .*1 distinct orderings.*at most 0 permutations/);
    expect(() =>
      checkResampling(
        { bootstrap: 10 },
        [{ name: 'm', y: f(1, 2, 3) }],
        exchangeBlocks(['a', 'b', 'c'], 3),
        'r.csv',
      ),
    ).toThrow(/^RESAMPLING_MEANINGLESS/);
  });

  it('checks replicate counts given through the API (checkJobSpec)', () => {
    const spec: JobSpec = {
      inputs: { roiFile: 'r', efieldFile: 'e', responsesFile: 'm' },
      responses: ['p2p_FDI'],
      qois: ['E_mag'],
      fun: 'sigmoid4',
      score: 'R2',
      preset: 'element',
      nRefit: 0,
      discontinuityRefit: false,
      stepdown: false,
      badElementScreen: true,
      convergence: false,
      workers: 1,
      seed: 1,
    };
    expect(() => checkJobSpec({ ...spec, permutations: 1000, bootstrap: 200 })).not.toThrow();
    for (const bad of [0, -1, 2.5, 1_000_001, '5', NaN])
      expect(() => checkJobSpec({ ...spec, permutations: bad as number })).toThrow(
        /^BAD_ARGUMENT: .*at permutations/,
      );
    expect(() => checkJobSpec({ ...spec, bootstrap: 100_001 })).toThrow(/^BAD_ARGUMENT: .*at bootstrap/);
  });
});
