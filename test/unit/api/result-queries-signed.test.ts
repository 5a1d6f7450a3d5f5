import { describe, expect, it } from 'vitest';
import type { ElementMap } from '../../../main/contract';
import { sampleCurve, signedFit } from '../../../main/api/result-queries';
import { evaluateModel, selectSignedData } from '../../../workers/fit/index';

/** One element of a sigmoid4 map; optionally with signed-data selection's count and sign. */
function map(signed?: { nFit: number; sign: number }): ElementMap {
  return {
    response: 'p2p_FDI',
    qoi: 'E_norm',
    fun: 'sigmoid4',
    score: 'R2',
    paramNames: ['x0', 'r', 'amp', 'y0'],
    scores: Float64Array.of(0.8),
    params: Float64Array.of(30, 0.3, 2, 0.05),
    status: Uint8Array.of(0),
    hotspot: { element: 0, score: 0.8, centroid: [0, 0, 0] },
    failed: 0,
    seconds: 0,
    ...(signed ? { nFit: Uint32Array.of(signed.nFit), fitSign: Int8Array.of(signed.sign) } : {}),
  };
}

describe('signedFit (which zaps the IO curve marks as fitted)', () => {
  // 30 zaps that rise with E < 0 (the negative part qualifies), 25 with E ≥ 0 that do not, one exact 0.
  const e = new Float64Array(56);
  const y = new Float64Array(56);
  for (let k = 0; k < 30; k++) {
    e[k] = -5 - 2 * k;
    y[k] = 0.1 + 0.05 * k + 0.01 * Math.sin(k);
  }
  for (let k = 30; k < 55; k++) {
    e[k] = 3 + k;
    y[k] = 0.2 + 0.1 * Math.cos(k * 1.7);
  }
  e[55] = 0;
  y[55] = 0.1;

  it('marks exactly the zaps the workers selected, and their number equals n_fit', () => {
    const sel = selectSignedData(e, y);
    expect(sel?.sign).toBe(-1);
    const got = signedFit(map({ nFit: sel?.x.length ?? 0, sign: -1 }), 0, e);
    expect(got?.sign).toBe(-1);
    expect(Array.from(got?.fitted ?? [])).toEqual(Array.from(sel?.mask ?? []));
    expect(got?.fitted[55]).toBe(1); // E = 0 belongs to the negative part, as in the reference's split
    expect(got?.fitted.reduce((a, b) => a + b, 0)).toBe(got?.nFit);
    expect(got?.nFit).toBe(31);
  });

  it('is absent without signed-data selection or for an element that had no sign', () => {
    expect(signedFit(map(), 0, e)).toBeUndefined();
    expect(signedFit(map({ nFit: 0, sign: 0 }), 0, e)).toBeUndefined();
  });

  it('samples the curve the score was computed with: f(max(sign·E, 0))', () => {
    const m = map({ nFit: 31, sign: -1 });
    const c = sampleCurve(m, 0, Float64Array.of(-60, 40), -1);
    const want = new Float64Array(c.x.length);
    evaluateModel(
      'sigmoid4',
      m.params,
      c.x.map((v) => Math.max(-v, 0)),
      want,
      true,
    );
    expect(Array.from(c.y)).toEqual(Array.from(want));
    // At E = -60 the fitted side is high, at E = 40 the curve sits at its baseline f(0).
    const base = new Float64Array(1);
    evaluateModel('sigmoid4', m.params, Float64Array.of(0), base, true);
    expect(c.y[c.y.length - 1]).toBe(base[0]);
    expect(c.y[0]).toBeGreaterThan(1.5);
  });
});
