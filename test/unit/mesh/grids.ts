// Test meshes with known geodesics: a regular grid mapped onto a plane, a cylinder or a sphere.
import type { SurfaceGeometry } from '../../../workers/mesh';

/** An nu × nv cell grid, two triangles per cell, its (i, j) nodes placed by `place`. */
export function gridMesh(
  nu: number,
  nv: number,
  place: (i: number, j: number) => [number, number, number],
): SurfaceGeometry {
  const nodes = new Float64Array((nu + 1) * (nv + 1) * 3);
  for (let i = 0; i <= nu; i++) {
    for (let j = 0; j <= nv; j++) nodes.set(place(i, j), 3 * (i * (nv + 1) + j));
  }
  const triangles = new Uint32Array(nu * nv * 6);
  let p = 0;
  for (let i = 0; i < nu; i++) {
    for (let j = 0; j < nv; j++) {
      const a = i * (nv + 1) + j,
        b = a + nv + 1;
      triangles.set([a, b, a + 1, a + 1, b, b + 1], p);
      p += 6;
    }
  }
  const centroids = new Float64Array(triangles.length);
  for (let t = 0; t < triangles.length; t++) {
    const c = 3 * Math.floor(t / 3);
    for (let k = 0; k < 3; k++) centroids[c + k] += nodes[3 * triangles[t] + k] / 3;
  }
  return { nodes, triangles, centroids };
}

export function centroid(g: SurfaceGeometry, t: number): [number, number, number] {
  return [g.centroids[3 * t], g.centroids[3 * t + 1], g.centroids[3 * t + 2]];
}
