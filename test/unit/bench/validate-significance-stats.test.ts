// Helpers of the significance validation: the Wilson interval the README quotes, seed lists, where the truth falls.
import { describe, expect, it } from 'vitest';
import { meanSd, parseList, shareCloser, wilson } from '../../../test/bench/validate-significance-stats';

describe('validate-significance helpers', () => {
  it('gives the Wilson 95 % interval of a binomial share', () => {
    const [lo, hi] = wilson(3, 100);
    expect(lo).toBeCloseTo(0.01026, 4);
    expect(hi).toBeCloseTo(0.08455, 4);
    // All successes: the upper end is 1, the lower end n / (n + z²).
    const [l60, h60] = wilson(60, 60);
    expect(h60).toBe(1);
    expect(l60).toBeCloseTo(60 / (60 + 1.959964 ** 2), 9);
    expect(wilson(0, 40)[0]).toBe(0);
    expect(wilson(0, 0).every(Number.isNaN)).toBe(true);
  });

  it('parses seed lists with ranges and refuses anything else', () => {
    expect(parseList('1-3,7')).toEqual([1, 2, 3, 7]);
    expect(parseList('')).toEqual([]);
    expect(() => parseList('1-x')).toThrow(/not a number or range/);
  });

  it('counts the resampled hotspots strictly closer than the truth; no hotspot is farther than anything', () => {
    const d = [0, 0, 1.5, 2.3, Infinity];
    expect(shareCloser(d, 0)).toBe(0);
    expect(shareCloser(d, 1.5)).toBe(0.4);
    expect(shareCloser(d, 2.4)).toBe(0.8);
    expect(shareCloser([], 1)).toBeNaN();
  });

  it('takes mean and sample SD over finite values only', () => {
    const m = meanSd([1, 2, 3, -Infinity, NaN]);
    expect(m.mean).toBe(2);
    expect(m.sd).toBeCloseTo(1, 12);
  });
});
