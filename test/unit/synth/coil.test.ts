import { describe, expect, it } from 'vitest';
import { figure8Coil, placeCoil, sphereEfield } from '../../../workers/synth';

describe('figure8Coil', () => {
  it('carries each wing the moment of its spiral (Σ π R_i²), with opposite signs', () => {
    const coil = figure8Coil({ turns: 9, innerRadius: 26, outerRadius: 44 });
    let plus = 0,
      minus = 0;
    coil.moment.forEach((m, d) => {
      if (coil.local[3 * d] > 0) plus += m;
      else minus += m;
    });
    let expected = 0;
    for (let i = 0; i < 9; i++) expected += Math.PI * (26 + (18 * i) / 8) ** 2 * 1e-6;
    expect(plus).toBeCloseTo(expected, 8);
    expect(minus).toBeCloseTo(-expected, 8);
  });

  it('converges with the discretisation: 4 rings within 2 % of 16 rings at 15 mm depth', () => {
    const at = (rings: number) => {
      const d = placeCoil(figure8Coil({ rings }), {
        centre: [0, 0, 0.1],
        normal: [0, 0, 1],
        direction: [0, 1, 0],
      });
      const e = sphereEfield(d, Float64Array.from([0.005, 0.008, 0.08]), 1e8);
      return Math.hypot(e[0], e[1], e[2]);
    };
    expect(Math.abs(at(4) / at(16) - 1)).toBeLessThan(0.02);
  });

  it('places the dipoles in the frame of the placement (rotation keeps the field pattern)', () => {
    const coil = figure8Coil();
    // Coil over a point at 45° latitude, current direction tangent.
    const n: [number, number, number] = [Math.SQRT1_2, 0, Math.SQRT1_2];
    const dir: [number, number, number] = [0, 1, 0];
    const d = placeCoil(coil, { centre: [0.1 * n[0], 0, 0.1 * n[2]], normal: n, direction: dir });
    const e = sphereEfield(d, Float64Array.from([0.085 * n[0], 0, 0.085 * n[2]]), 1e8);
    expect(e[1]).toBeGreaterThan(150);
    expect(Math.abs(e[0]) + Math.abs(e[2])).toBeLessThan(1e-6 * e[1]);
  });

  it('rejects impossible coils', () => {
    expect(() => figure8Coil({ innerRadius: 50, outerRadius: 40 })).toThrow(RangeError);
  });
});
