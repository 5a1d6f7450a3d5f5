// Pre-fit screens: the bad-element screen and the reference's signed-data selection.
import { describe, expect, it } from 'vitest';
import { createRng, isBadElement, linearSlope, selectSignedData } from '../../../workers/fit/index';
import { gauss } from './problems';

/** x with both signs: nNeg points in [−100, 0), nPos in (0, 100]; y from the given rules plus a little noise. */
function signed(
  nNeg: number,
  nPos: number,
  yNeg: (x: number) => number,
  yPos: (x: number) => number,
  seed = 1,
) {
  const rng = createRng(seed);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < nNeg + nPos; i++) {
    const v = i < nNeg ? -100 * (1 - rng()) : 100 * (1 - rng());
    x.push(v);
    y.push((v > 0 ? yPos(v) : yNeg(v)) + 0.02 * gauss(rng));
  }
  return { x: Float64Array.from(x), y: Float64Array.from(y) };
}

describe('bad-element screen', () => {
  it('slope of the closed-form line', () => {
    expect(linearSlope([1, 2, 3, 4], [3, 5, 7, 9])).toBeCloseTo(2, 14);
    expect(linearSlope([1, 2, 3, 4], [1, 0, 1, 0])).toBeCloseTo(-0.2, 14);
    expect(Number.isNaN(linearSlope([2, 2, 2], [1, 2, 3]))).toBe(true);
  });

  it('flags a negative slope only', () => {
    expect(isBadElement([1, 2, 3, 4], [1, 0, 1, 0])).toBe(true);
    expect(isBadElement([1, 2, 3, 4], [0, 1, 0, 1])).toBe(false);
    expect(isBadElement([2, 2, 2], [1, 2, 3])).toBe(false);
  });
});

describe('signed-data selection', () => {
  it('passes one-signed x through (negative as |x|)', () => {
    const pos = selectSignedData([1, 2, 3], [4, 5, 6])!;
    expect(pos.sign).toBe(1);
    expect(Array.from(pos.x)).toEqual([1, 2, 3]);
    const neg = selectSignedData([-1, -2, -3], [4, 5, 6])!;
    expect(neg.sign).toBe(-1);
    expect(Array.from(neg.x)).toEqual([1, 2, 3]);
    expect(Array.from(neg.mask)).toEqual([1, 1, 1]);
  });

  it('keeps the positive part when only it rises with |x|', () => {
    const d = signed(
      100,
      100,
      () => 0.5,
      (v) => 0.01 * v,
    );
    const s = selectSignedData(d.x, d.y)!;
    expect(s.sign).toBe(1);
    expect(s.x.length).toBe(100);
    expect(s.x.every((v) => v > 0)).toBe(true);
    expect(s.line!.pValue).toBeLessThan(0.001);
    d.x.forEach((v, i) => expect(s.mask[i]).toBe(v > 0 ? 1 : 0));
  });

  it('keeps the negative part as |x| when only it rises with |x|', () => {
    const d = signed(
      100,
      100,
      (v) => -0.01 * v,
      () => 0.5,
    );
    const s = selectSignedData(d.x, d.y)!;
    expect(s.sign).toBe(-1);
    expect(s.x.every((v) => v >= 0)).toBe(true);
    expect(s.line!.slope).toBeLessThan(0);
    // y values stay paired with their x.
    const firstNeg = d.x.findIndex((v) => v <= 0);
    expect(s.x[0]).toBe(Math.abs(d.x[firstNeg]));
    expect(s.y[0]).toBe(d.y[firstNeg]);
  });

  it('of two qualifying parts keeps the one with the higher linear R²', () => {
    const tight = signed(
      100,
      100,
      (v) => -0.01 * v,
      (v) => 0.01 * v + 0.3 * Math.sin(v),
    );
    expect(selectSignedData(tight.x, tight.y)!.sign).toBe(-1);
    const other = signed(
      100,
      100,
      (v) => -0.01 * v + 0.3 * Math.sin(v),
      (v) => 0.01 * v,
    );
    expect(selectSignedData(other.x, other.y)!.sign).toBe(1);
  });

  it('skips the element when no part qualifies (wrong direction, no relation, or ≤ 20 points)', () => {
    const wrong = signed(
      100,
      100,
      (v) => 0.01 * v,
      (v) => -0.01 * v,
    );
    expect(selectSignedData(wrong.x, wrong.y)).toBeNull();
    const flat = signed(
      100,
      100,
      () => 0.5,
      () => 0.5,
    );
    expect(selectSignedData(flat.x, flat.y)).toBeNull();
    const few = signed(
      20,
      20,
      (v) => -0.01 * v,
      (v) => 0.01 * v,
    );
    expect(selectSignedData(few.x, few.y)).toBeNull();
    const justEnough = signed(
      10,
      21,
      () => 0.5,
      (v) => 0.01 * v,
    );
    expect(selectSignedData(justEnough.x, justEnough.y)!.sign).toBe(1);
  });
});
