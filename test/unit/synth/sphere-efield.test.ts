import { describe, expect, it } from 'vitest';
import { figure8Coil, placeCoil, sphereEfield } from '../../../workers/synth';

const dot = (e: Float64Array, p: Float64Array, i: number) =>
  e[3 * i] * p[3 * i] + e[3 * i + 1] * p[3 * i + 1] + e[3 * i + 2] * p[3 * i + 2];

// Field points scattered inside a 90 mm sphere.
const points = Float64Array.from([
  0.01, 0.02, 0.07, -0.03, 0.01, 0.08, 0, 0, 0.05, 0.04, -0.04, 0.05, 0.001, 0.002, 0.003,
]);

describe('sphereEfield (Heller & van Hulsteyn)', () => {
  it('has no radial component: r·E = 0', () => {
    const dipoles = {
      positions: Float64Array.from([0.01, 0.02, 0.1, -0.02, 0, 0.1]),
      moments: Float64Array.from([1e-3, 2e-3, 3e-3, 0, -1e-3, 2e-3]),
    };
    const e = sphereEfield(dipoles, points, 1e8);
    for (let i = 0; i < 5; i++) {
      const scale =
        Math.hypot(e[3 * i], e[3 * i + 1], e[3 * i + 2]) *
        Math.hypot(points[3 * i], points[3 * i + 1], points[3 * i + 2]);
      expect(Math.abs(dot(e, points, i))).toBeLessThan(1e-10 * scale + 1e-15);
      expect(scale).toBeGreaterThan(0);
    }
  });

  it('reduces to −(μ0/4π) dI/dt (r′ − r) × m / |r − r′|³ for a radial dipole', () => {
    const rp = [0.02, -0.01, 0.095];
    const m = rp.map((c) => c * 0.05); // parallel to r'
    const e = sphereEfield({ positions: Float64Array.from(rp), moments: Float64Array.from(m) }, points, 3e7);
    for (let i = 0; i < 5; i++) {
      const a = [rp[0] - points[3 * i], rp[1] - points[3 * i + 1], rp[2] - points[3 * i + 2]];
      const a3 = Math.hypot(...a) ** 3;
      const expected = [a[1] * m[2] - a[2] * m[1], a[2] * m[0] - a[0] * m[2], a[0] * m[1] - a[1] * m[0]].map(
        (c) => (-1e-7 * 3e7 * c) / a3,
      );
      for (let k = 0; k < 3; k++) expect(e[3 * i + k]).toBeCloseTo(expected[k], 9);
    }
  });

  it('cancels for two opposite dipoles at one point', () => {
    const e = sphereEfield(
      {
        positions: Float64Array.from([0.01, 0, 0.1, 0.01, 0, 0.1]),
        moments: Float64Array.from([1e-3, 0, 2e-3, -1e-3, 0, -2e-3]),
      },
      points,
      1e8,
    );
    for (const v of e) expect(Math.abs(v)).toBeLessThan(1e-9);
  });

  it('scales linearly with dI/dt and rejects mismatched inputs', () => {
    const d = { positions: Float64Array.from([0, 0, 0.1]), moments: Float64Array.from([1e-3, 0, 0]) };
    const e1 = sphereEfield(d, points, 1e8);
    const e2 = sphereEfield(d, points, 2e8);
    e1.forEach((v, i) => expect(e2[i]).toBeCloseTo(2 * v, 9));
    expect(() => sphereEfield({ positions: d.positions, moments: new Float64Array(6) }, points, 1)).toThrow(
      RangeError,
    );
  });

  it('gives the expected ~210 / 130 / 80 V/m at 10 / 20 / 30 mm depth under a figure-8 coil 5 mm above a 95 mm scalp', () => {
    const coil = figure8Coil();
    const dipoles = placeCoil(coil, { centre: [0, 0, 0.1], normal: [0, 0, 1], direction: [0, 1, 0] });
    const depth = Float64Array.from([0, 0, 0.085, 0, 0, 0.075, 0, 0, 0.065]);
    const e = sphereEfield(dipoles, depth, 1e8);
    const mags = [0, 1, 2].map((i) => Math.hypot(e[3 * i], e[3 * i + 1], e[3 * i + 2]));
    console.log(
      `|E| at 10/20/30 mm depth: ${mags.map((v) => v.toFixed(1)).join(' / ')} V/m (${coil.moment.length} dipoles)`,
    );
    [210, 130, 80].forEach((expected, i) => {
      expect(mags[i]).toBeGreaterThan(0.8 * expected);
      expect(mags[i]).toBeLessThan(1.2 * expected);
    });
    // Under the centre the field runs along the coil's current direction (+y).
    expect(e[1]).toBeGreaterThan(0);
    expect(Math.abs(e[0]) + Math.abs(e[2])).toBeLessThan(1e-6 * e[1]);
  });
});
