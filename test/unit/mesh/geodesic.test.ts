import { describe, expect, it } from 'vitest';
import {
  geodesicDistance,
  geodesicDistances,
  MinHeap,
  nodeNeighbours,
  type SurfaceGeometry,
} from '../../../workers/mesh';
import { centroid, gridMesh } from './grids';

/** Shortest path along mesh edges only: what the unfolding improves on. */
function edgeDijkstra(g: SurfaceGeometry, from: number): Float64Array {
  const n = g.nodes.length / 3;
  const adj = nodeNeighbours(g.triangles, n);
  const d = new Float64Array(n).fill(Infinity);
  const heap = new MinHeap();
  d[from] = 0;
  heap.push(0, from);
  while (heap.size > 0) {
    const key = heap.peekKey();
    const u = heap.pop();
    if (key > d[u]) continue;
    for (let p = adj.offsets[u]; p < adj.offsets[u + 1]; p++) {
      const v = adj.neighbours[p];
      const w =
        d[u] +
        Math.hypot(
          g.nodes[3 * u] - g.nodes[3 * v],
          g.nodes[3 * u + 1] - g.nodes[3 * v + 1],
          g.nodes[3 * u + 2] - g.nodes[3 * v + 2],
        );
      if (w < d[v]) {
        d[v] = w;
        heap.push(w, v);
      }
    }
  }
  return d;
}

describe('geodesicDistances', () => {
  it('beats a plain edge Dijkstra, which zig-zags 8–41 % too far on a grid depending on direction', () => {
    const g = gridMesh(30, 30, (i, j) => [i, j, 0]);
    const d = edgeDijkstra(g, 15 * 31 + 15);
    // The grid's diagonal edges run along (+1, −1): straight there, 8 % too long at (+2, −1), √2 too long at (+1, +1).
    expect(d[25 * 31 + 5]).toBeCloseTo(Math.hypot(10, 10), 9);
    expect(d[25 * 31 + 10] / Math.hypot(10, 5)).toBeCloseTo((5 * Math.SQRT2 + 5) / Math.hypot(10, 5), 9);
    expect(d[25 * 31 + 10] / Math.hypot(10, 5)).toBeGreaterThan(1.07);
    expect(d[25 * 31 + 25] / Math.hypot(10, 10)).toBeCloseTo(Math.SQRT2, 9);
    const exact = geodesicDistances(g, 2 * (15 * 30 + 15));
    expect(Math.abs(exact[2 * (25 * 30 + 25)] - Math.hypot(10, 10))).toBeLessThan(1e-6);
  });

  it('equals the straight-line distance on a flat grid (a plain edge Dijkstra is off by up to 8 %)', () => {
    const h = 1.3;
    const g = gridMesh(30, 24, (i, j) => [i * h, j * h, 0]);
    const source = 2 * (12 * 24 + 11);
    const d = geodesicDistances(g, source);
    const [sx, sy] = centroid(g, source);
    let maxErr = 0;
    for (let t = 0; t < d.length; t++) {
      const [x, y] = centroid(g, t);
      maxErr = Math.max(maxErr, Math.abs(d[t] - Math.hypot(x - sx, y - sy)));
    }
    expect(d[source]).toBe(0);
    expect(maxErr).toBeLessThan(1e-6);
  });

  it('follows the arc on a cylinder (unrolled: sqrt((R dphi)^2 + dz^2))', () => {
    const R = 40,
      nphi = 80,
      nz = 40,
      dphi = Math.PI / 2 / nphi,
      dz = 1;
    const g = gridMesh(nphi, nz, (i, j) => [R * Math.cos(i * dphi), R * Math.sin(i * dphi), j * dz]);
    const source = 2 * (10 * nz + 5);
    const d = geodesicDistances(g, source);
    const s = centroid(g, source);
    const phi = (p: [number, number, number]) => Math.atan2(p[1], p[0]);
    let maxRel = 0;
    for (let t = 0; t < d.length; t++) {
      const c = centroid(g, t);
      const exact = Math.hypot(R * (phi(c) - phi(s)), c[2] - s[2]);
      if (exact > 5) maxRel = Math.max(maxRel, Math.abs(d[t] - exact) / exact);
    }
    expect(maxRel).toBeLessThan(0.01);
  });

  it('follows the great-circle arc on a sphere patch, and is never shorter than the chord', () => {
    const R = 78,
      n = 60,
      span = 70;
    const g = gridMesh(n, n, (i, j) => {
      const u = -span / 2 + (span * i) / n,
        v = -span / 2 + (span * j) / n;
      const k = R / Math.hypot(u, v, R);
      return [u * k, v * k, R * k];
    });
    const source = 2 * (20 * n + 31);
    const d = geodesicDistances(g, source);
    const s = centroid(g, source);
    let maxRel = 0;
    for (let t = 0; t < d.length; t++) {
      const c = centroid(g, t);
      const chord = Math.hypot(c[0] - s[0], c[1] - s[1], c[2] - s[2]);
      const cos = (c[0] * s[0] + c[1] * s[1] + c[2] * s[2]) / (Math.hypot(...c) * Math.hypot(...s));
      const arc = R * Math.acos(Math.min(1, cos));
      expect(d[t]).toBeGreaterThanOrEqual(chord - 1e-9);
      if (arc > 5) maxRel = Math.max(maxRel, Math.abs(d[t] - arc) / arc);
    }
    expect(maxRel).toBeLessThan(0.02);
  });

  it('measures a pair, symmetric within rounding, and rejects a bad source', () => {
    const g = gridMesh(10, 10, (i, j) => [i, j, 0.1 * i * i]);
    expect(geodesicDistance(g, 3, 150)).toBeCloseTo(geodesicDistance(g, 150, 3), 6);
    expect(geodesicDistance(g, 7, 7)).toBe(0);
    expect(() => geodesicDistances(g, 200)).toThrow(RangeError);
  });

  it('gives Infinity to triangles not connected to the source', () => {
    const nodes = Float64Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, 5, 5, 0, 6, 5, 0, 5, 6, 0]);
    const triangles = Uint32Array.from([0, 1, 2, 3, 4, 5]);
    const centroids = Float64Array.from([1 / 3, 1 / 3, 0, 16 / 3, 16 / 3, 0]);
    expect(geodesicDistances({ nodes, triangles, centroids }, 0)[1]).toBe(Infinity);
  });
});
