import { describe, expect, it } from 'vitest';
import { nodeNeighbours, nodeTriangles, triangleNeighbours } from '../../../workers/mesh';
import { gridMesh } from './grids';

function row(csr: { offsets: Uint32Array; neighbours: Uint32Array }, i: number): number[] {
  return Array.from(csr.neighbours.subarray(csr.offsets[i], csr.offsets[i + 1]));
}

describe('triangleNeighbours', () => {
  it('lists the triangles sharing a node, without the triangle itself', () => {
    // Two triangles sharing an edge, one touching only at node 2.
    const tri = Uint32Array.from([0, 1, 2, 1, 3, 2, 2, 4, 5]);
    const csr = triangleNeighbours(tri, 6);
    expect(row(csr, 0)).toEqual([1, 2]);
    expect(row(csr, 1)).toEqual([0, 2]);
    expect(row(csr, 2)).toEqual([0, 1]);
  });

  it('gives an interior triangle of a regular grid its 12 node-sharing neighbours, symmetrically', () => {
    const g = gridMesh(6, 6, (i, j) => [i, j, 0]);
    const csr = triangleNeighbours(g.triangles, g.nodes.length / 3);
    const interior = 2 * (3 * 6 + 3);
    expect(row(csr, interior)).toHaveLength(12);
    for (let t = 0; t < g.triangles.length / 3; t++) {
      for (const u of row(csr, t)) expect(row(csr, u)).toContain(t);
    }
  });

  it('rejects triangles that name missing nodes', () => {
    expect(() => triangleNeighbours(Uint32Array.from([0, 1, 7]), 3)).toThrow(/node 7/);
  });
});

describe('nodeTriangles / nodeNeighbours', () => {
  it('inverts the triangle list and finds the edges', () => {
    const tri = Uint32Array.from([0, 1, 2, 1, 3, 2]);
    expect(row(nodeTriangles(tri, 4), 1)).toEqual([0, 1]);
    expect(row(nodeTriangles(tri, 4), 0)).toEqual([0]);
    expect(row(nodeNeighbours(tri, 4), 1)).toEqual([0, 2, 3]);
    expect(row(nodeNeighbours(tri, 4), 0)).toEqual([1, 2]);
  });
});
