// Start values, bounds and restart ranges of both presets, worked out by hand from the reference's formulas.
import { describe, expect, it } from 'vitest';
import { createParamSetup, setupParams, type ParamSetup } from '../../../workers/fit/index';
import type { FunName } from '../../../workers/fit/types';
import type { ParamOptions } from '../../../workers/fit/init';

const x = Float64Array.of(10, 20, 30, 40);
const y = Float64Array.of(0.1, 0.2, 1.0, 2.0);

function setup(fun: FunName, opts: ParamOptions = {}, xs = x, ys = y): ParamSetup {
  const s = createParamSetup(fun === 'linear' || fun === 'exp0' ? 2 : fun.startsWith('sigmoid4') ? 4 : 3);
  expect(setupParams(fun, xs, ys, xs.length, opts, s)).toBeNull();
  return s;
}

const close = (a: ArrayLike<number>, b: number[]) => b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, 12));

describe("preset 'element' (Element.setup_model)", () => {
  it('sigmoid4: x0 at 3/4 of the x range, amp = max y, y0 = min y, r = 16/Δx · Δy/(amp − y0)', () => {
    const s = setup('sigmoid4');
    close(s.start, [32.5, 16 / 30, 2, 0.1]);
    close(s.lower, [0, 1e-12, 1e-12, 1e-12]);
    close(s.upper, [3250, 1600 / 30, 200, 2]);
    close(s.randomLow, [0, 0, 0, 1e-12]);
    close(s.randomHigh, [97.5, 1.6, 6, 0.3]);
    expect(Array.from(s.free)).toEqual([1, 1, 1, 1]);
  });

  it('sigmoid: y0 = 0 in the slope formula', () => {
    close(setup('sigmoid').start, [32.5, (16 / 30) * (1.9 / 2), 2]);
  });

  it('sigmoid4_log: y0 = 1e-3 when min y ≤ 0', () => {
    close(setup('sigmoid4_log', {}, x, Float64Array.of(0, 0.2, 1, 2)).start, [
      32.5,
      (16 / 30) * (2 / (2 - 1e-3)),
      2,
      1e-3,
    ]);
  });

  it('all-negative x swaps the ends: x0 and r come out negative, bounds around them', () => {
    const s = setup('sigmoid4', {}, Float64Array.of(-40, -30, -20, -10), Float64Array.of(2, 1, 0.2, 0.1));
    close(s.start, [-32.5, -16 / 30, 2, 0.1]);
    close(s.lower, [-3250, -1600 / 30, 1e-12, 1e-12]);
    close(s.upper, [0, 1e-12, 200, 2]);
  });

  it('linear and exp0 use the reference’s fixed values', () => {
    const l = setup('linear');
    close(l.start, [0.3, -1]);
    close(l.lower, [-100, -100]);
    close(l.upper, [100, 100]);
    const e = setup('exp0');
    close(e.start, [10, 0.1]);
    close(e.lower, [0, 1e-12]);
    close(e.upper, [1000, 100]);
  });
});

describe("preset 'legacy' (get_model_init_values)", () => {
  it('sigmoid4: x0 = min|x| + max|x|/2, r = Δy/Δ|x|, bounds [0, 3v], r up to 100 r, y0 within ±2|y0|', () => {
    const s = setup('sigmoid4', { preset: 'legacy' });
    close(s.start, [30, 1.9 / 30, 2, 0.1]);
    close(s.lower, [0, 1e-12, 1e-12, -0.2]);
    close(s.upper, [90, 190 / 30, 6, 0.2]);
  });

  it('exp0 starts at x0 = 1', () => {
    close(setup('exp0', { preset: 'legacy' }).start, [1, 0.1]);
  });
});

describe('user options', () => {
  it('bounds replace the preset’s and constants leave the optimisation', () => {
    const s = setup('sigmoid4', { bounds: { r: [0.1, 0.2] }, constants: { y0: 0.07 } });
    close([s.lower[1], s.upper[1]], [0.1, 0.2]);
    expect(s.start[3]).toBe(0.07);
    expect(Array.from(s.free)).toEqual([1, 1, 1, 0]);
  });

  it('names the problem for unknown names, empty or non-finite values', () => {
    const s = createParamSetup(4);
    expect(setupParams('sigmoid4', x, y, 4, { bounds: { k: [0, 1] } }, s)).toMatch(
      /unknown parameter "k" \(sigmoid4 has x0, r, amp, y0\)/,
    );
    expect(setupParams('sigmoid4', x, y, 4, { constants: { amp: NaN } }, s)).toMatch(
      /constant "amp" is not a finite number/,
    );
    // y0's preset interval [1e-12, max y] is empty when every y ≤ 0.
    expect(setupParams('sigmoid4', x, Float64Array.of(-1, -2, -3, -0.5), 4, {}, s)).toMatch(
      /bounds of "y0" are empty/,
    );
  });
});

describe('start values from E as stored (float32), as numpy computes them', () => {
  // The x values are float32 (as E is stored); numpy subtracts two float32 scalars in float32. Expected values
  // printed by numpy 1.24 for np.float32 x (x0 = x_min + 3/4 (x_max − x_min), r = 16/(x_max − x_min) · Δy/(amp − y0)).
  const x32 = Float64Array.from(Float32Array.of(0.1, 0.37, 0.9, 1.3, 2.71));
  const y5 = Float64Array.of(0.05, 0.1, 0.4, 1.2, 1.6);

  it("'element': the x differences are rounded to float32", () => {
    const s = setup('sigmoid4', {}, x32, y5);
    expect(s.start[0]).toBe(2.0575001016259193);
    expect(s.start[1]).toBe(6.130267885640205);
  });

  it("'legacy': the |x| range in the slope is rounded to float32", () => {
    expect(setup('sigmoid4', { preset: 'legacy' }, x32, y5).start[1]).toBe(0.5938697014213948);
  });

  it('x that is not float32 (float64 E) keeps float64 differences', () => {
    const x64 = Float64Array.of(0.1, 0.37, 0.9, 1.3, 2.71);
    expect(setup('sigmoid4', {}, x64, y5).start[0]).toBeCloseTo(0.1 + 0.75 * 2.61, 15);
  });
});
