import { describe, expect, it } from 'vitest';
import { buildCortex, foldClass, nearestElement } from '../../../workers/synth';

describe('buildCortex', () => {
  it('triangulates the grid with outward normals, positive areas and the expected element counts', () => {
    const p = buildCortex({ spacing: 2 });
    expect(p.nTriangles).toBe(2 * 35 * 35);
    expect(buildCortex({ spacing: 1 }).nTriangles).toBe(9800);
    for (let k = 0; k < p.nTriangles; k++) {
      const c = [p.centroids[3 * k], p.centroids[3 * k + 1], p.centroids[3 * k + 2]];
      expect(p.areas[k]).toBeGreaterThan(0);
      // Outward: the normal never points into the head by more than the steepest sulcal wall (~60°).
      const cos =
        (p.normals[3 * k] * c[0] + p.normals[3 * k + 1] * c[1] + p.normals[3 * k + 2] * c[2]) /
        Math.hypot(...c);
      expect(cos).toBeGreaterThan(0.4);
    }
  });

  it('folds the sphere: crowns at radius + A, fundi at radius − A', () => {
    const p = buildCortex({ spacing: 1, radius: 76, foldAmplitude: 6 });
    const crown = nearestElement(p, 0, 0, 'crown');
    const fundus = nearestElement(p, 12, 0, 'fundus');
    const r = (k: number) => Math.hypot(p.centroids[3 * k], p.centroids[3 * k + 1], p.centroids[3 * k + 2]);
    expect(r(crown)).toBeGreaterThan(81.5);
    expect(r(fundus)).toBeLessThan(70.5);
    expect(foldClass(p.fold[crown])).toBe('crown');
    const rim = nearestElement(p, 3.5, 0, 'rim');
    expect(p.fold[rim]).toBeGreaterThan(0.3);
    expect(p.fold[rim]).toBeLessThan(0.85);
    // The surface between crown and fundus is about a quarter of the fold's arc longer than the flat distance.
    let area = 0;
    for (const a of p.areas) area += a;
    expect(area).toBeGreaterThan(70 * 70 * 1.2);
  });
});
