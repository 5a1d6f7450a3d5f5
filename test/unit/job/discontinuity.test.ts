import { describe, expect, it } from 'vitest';
import { median, planDiscontinuityRefits } from '../../../main/job/discontinuity';
import { triangleNeighbours } from '../../../workers/mesh/adjacency';

/** A strip of 2·k triangles on a (k+1) × 2 node grid: triangle i neighbours i±1 and i±2 (sharing a node). */
function strip(k: number): { triangles: Uint32Array; nNodes: number } {
  const t: number[] = [];
  for (let i = 0; i < k; i++) {
    const a = 2 * i;
    t.push(a, a + 1, a + 2, a + 1, a + 3, a + 2);
  }
  return { triangles: Uint32Array.from(t), nNodes: 2 * (k + 1) };
}

describe('planDiscontinuityRefits', () => {
  const { triangles, nNodes } = strip(5);
  const nb = triangleNeighbours(triangles, nNodes);
  const all = Uint32Array.from({ length: 10 }, (_, i) => i);

  it('flags an element far below or above its neighbours and starts from the neighbour closest to their median', () => {
    const s = Float64Array.from([0.8, 0.8, 0.81, 0.79, 0.05, 0.8, 0.82, 0.8, 0.8, 0.8]);
    const plan = planDiscontinuityRefits(s, nb, all);
    expect([...plan.elements]).toEqual([4]);
    const src = plan.sources[0];
    const neighbours = [...nb.neighbours.subarray(nb.offsets[4], nb.offsets[5])];
    expect(neighbours).toContain(src);
    const med = median(neighbours.map((n) => s[n]));
    for (const n of neighbours) expect(Math.abs(s[src] - med)).toBeLessThanOrEqual(Math.abs(s[n] - med));
  });

  it('leaves a smooth map alone (also a uniformly negative one) and ignores NaN elements', () => {
    expect(planDiscontinuityRefits(new Float64Array(10).fill(0.5), nb, all).elements.length).toBe(0);
    const s = new Float64Array(10).fill(NaN);
    s[3] = 0.9;
    expect(planDiscontinuityRefits(s, nb, all).elements.length).toBe(0);
    expect(planDiscontinuityRefits(new Float64Array(10).fill(-0.2), nb, all).elements.length).toBe(0);
  });

  it('follows the reference on signs and zeros: a negative median flags, an exact 0 counts as 1e-12', () => {
    // Neighbours of 4 mostly negative: the reference divides by the negative median and flags element 4.
    const s = Float64Array.from([-0.1, -0.1, -0.2, -0.1, 0.6, -0.1, -0.3, -0.1, -0.1, -0.1]);
    expect([...planDiscontinuityRefits(s, nb, all).elements]).toContain(4);
    // All zero: 1e-12 / 1e-12 = 1, nothing flagged (a plain 0/0 would be NaN, a 0 median would skip).
    expect(planDiscontinuityRefits(new Float64Array(10), nb, all).elements.length).toBe(0);
    // A positive element among zero neighbours: median 0 → 1e-12, ratio huge, flagged.
    const z = new Float64Array(10);
    z[4] = 0.5;
    expect([...planDiscontinuityRefits(z, nb, all).elements]).toContain(4);
  });

  it('uses the factor as an open interval (ratio exactly 2 is flagged)', () => {
    const s = new Float64Array(10).fill(0.2);
    s[5] = 0.4;
    expect([...planDiscontinuityRefits(s, nb, all).elements]).toContain(5);
    s[5] = 0.39;
    expect([...planDiscontinuityRefits(s, nb, all).elements]).not.toContain(5);
  });
});
