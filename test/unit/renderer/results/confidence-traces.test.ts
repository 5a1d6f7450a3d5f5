// Confidence panel figures: the permutation-maxima histogram, the p / radius texts and the 95 % ring.
import { describe, expect, it } from 'vitest';
import {
  bootstrapText,
  maximaFigure,
  radiusRing,
  significanceText,
} from '../../../../renderer/src/results/confidenceTraces';

const sig = {
  permutations: 19,
  seed: 1,
  maxima: Float64Array.from({ length: 19 }, (_, i) => 0.1 + i * 0.01),
  observed: 0.8,
  pFwe: 0.05,
  thresholdFwe05: 0.28,
  elementP: new Float64Array([0.05, 1]),
};

describe('confidence traces', () => {
  it('bins every permutation maximum and marks observed and threshold inside the range', () => {
    const f = maximaFigure(sig, { scoreName: 'R2', bins: 10 });
    const bars = f.data[0] as { y: number[]; x: number[] };
    expect(bars.y.reduce((a, b) => a + b, 0)).toBe(19);
    // The observed score (far beyond the null) still falls in the last bin's range.
    expect(Math.max(...bars.x)).toBeLessThan(0.8);
    expect(Math.max(...bars.x)).toBeGreaterThan(0.7);
    const xs = (f.layout.shapes ?? []).map((s) => Number(s.x0));
    expect(xs).toEqual([0.28, 0.8]);
  });

  it('draws no threshold line when there are too few permutations for 0.05', () => {
    const f = maximaFigure(
      { ...sig, permutations: 5, thresholdFwe05: NaN, maxima: new Float64Array(5) },
      { scoreName: 'R2' },
    );
    expect(f.layout.shapes).toHaveLength(1);
    expect(significanceText({ ...sig, permutations: 5, pFwe: 1 / 6, thresholdFwe05: NaN }, 'R2')).toMatch(
      /p_FWE ≤ 0\.167.*no FWE 0\.05 threshold/,
    );
  });

  it('states p at its floor as an upper bound and otherwise as is', () => {
    expect(significanceText(sig, 'R2')).toContain('p_FWE ≤ 0.05');
    expect(significanceText({ ...sig, pFwe: 0.4 }, 'R2')).toContain('p_FWE = 0.4');
  });

  it('reports the bootstrap radius, median and stability', () => {
    const t = bootstrapText({
      n: 200,
      seed: 1,
      frequency: new Float64Array(2),
      radius95: 7.5,
      medianDistance: 2,
      stability: 0.42,
    });
    expect(t).toContain('within 7.5 mm');
    expect(t).toContain('median 2 mm');
    expect(t).toContain('42 %');
    expect(
      bootstrapText({
        n: 3,
        seed: 1,
        frequency: new Float64Array(2),
        radius95: Infinity,
        medianDistance: 1,
        stability: 0,
      }),
    ).toContain('unreachable');
  });

  it('draws the ring at the radius in the plane of the hotspot triangle, 1 mm off the surface', () => {
    // One triangle in the z = 0 plane: normal ±z.
    const g = { nodes: [0, 0, 0, 10, 0, 0, 0, 10, 0], triangles: [0, 1, 2] };
    const ring = radiusRing(g, [3, 3, 0], 0, 5, 36);
    const x = ring.x as number[];
    const y = ring.y as number[];
    const z = ring.z as number[];
    expect(x).toHaveLength(37);
    for (let k = 0; k < x.length; k++) {
      expect(Math.hypot(x[k] - 3, y[k] - 3)).toBeCloseTo(5, 9);
      expect(Math.abs(z[k])).toBeCloseTo(1, 9);
    }
  });
});
