// compareMaps: the counts of `tms-mapper compare` on small maps whose answer is known by hand.
import { describe, expect, it } from 'vitest';
import { compareMaps } from '../../../main/contract/compare-maps';

const f = (...v: number[]): Float64Array => Float64Array.from(v);

describe('compareMaps', () => {
  it('counts below, above and equal elements against one reference, and the largest shortfall', () => {
    const ref = f(0.5, 0.2, 0.1, 0.3, 0.05);
    // 0: equal; 1: 2e-3 below; 2: 5e-4 below (within the tolerance, not within 1e-6); 3: 4e-3 above; 4: 5e-3 below.
    const map = f(0.5, 0.198, 0.0995, 0.304, 0.045);
    const c = compareMaps(map, [ref], 1e-3);
    expect(c.compared).toBe(5);
    expect(c.references).toHaveLength(1);
    const s = c.references[0];
    expect(s.below).toBe(2);
    expect(s.belowElements).toEqual([1, 4]);
    expect(s.above).toBe(1);
    expect(s.aboveElements).toEqual([3]);
    expect(s.within1e6).toBe(1);
    expect(s.largestShortfallElement).toBe(4);
    expect(s.largestShortfall).toBeCloseTo(5e-3, 12);
    // With one reference, "below every reference" is "below it".
    expect(c.belowAll).toBe(2);
    expect(c.aboveAll).toBe(1);
    expect(c.worstBelowAll).toBe(4);
    expect(c.referencesApart).toBe(0);
    expect(c.best.map).toEqual({ element: 0, score: 0.5 });
    expect(c.best.references[0]).toEqual({ element: 0, score: 0.5 });
  });

  it('with two references, counts as below only what is below both', () => {
    const a = f(0.3, 0.3, 0.3, 0.6);
    const b = f(0.3, 0.31, 0.3, 0.6);
    // 0: below both; 1: below b only (a and b differ by 1e-2, the map sits between them); 2: above both; 3: equal.
    const map = f(0.29, 0.305, 0.32, 0.6);
    const c = compareMaps(map, [a, b], 1e-3);
    expect(c.references.map((s) => s.below)).toEqual([1, 2]);
    expect(c.references.map((s) => s.above)).toEqual([2, 1]);
    expect(c.belowAll).toBe(1);
    expect(c.belowAllElements).toEqual([0]);
    expect(c.worstBelowAll).toBe(0);
    expect(c.aboveAll).toBe(1);
    expect(c.referencesApart).toBe(1);
    expect(c.best.map.element).toBe(3);
  });

  it('leaves non-finite scores out of every count and names the furthest element below all', () => {
    const ref = f(0.2, NaN, 0.2, 0.2);
    const map = f(NaN, 0.1, 0.15, 0.19);
    const c = compareMaps(map, [ref], 1e-3);
    expect(c.nonFiniteMap).toBe(1);
    expect(c.nonFiniteReferences).toEqual([1]);
    expect(c.compared).toBe(2);
    expect(c.belowAll).toBe(2);
    expect(c.worstBelowAll).toBe(2);
    // The best element skips NaN wherever it stands.
    expect(c.best.map).toEqual({ element: 3, score: 0.19 });
    expect(c.best.references[0].element).toBe(0);
  });

  it('reads "below" as worse: a higher AIC is below the reference', () => {
    const ref = f(100, 100, 100);
    const map = f(102, 98, 100);
    const c = compareMaps(map, [ref], 1, 'lower');
    expect(c.references[0].below).toBe(1);
    expect(c.references[0].above).toBe(1);
    expect(c.references[0].largestShortfallElement).toBe(0);
    expect(c.best.map.element).toBe(1);
  });

  it('takes the tolerance as a strict bound', () => {
    const ref = f(0.5);
    expect(compareMaps(f(0.25), [ref], 0.25).references[0].below).toBe(0);
    expect(compareMaps(f(0.24), [ref], 0.25).references[0].below).toBe(1);
  });
});
