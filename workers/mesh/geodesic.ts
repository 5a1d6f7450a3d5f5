// Distances along a triangulated surface between triangle centroids (first-order fast marching with edge unfolding).
import { checkTriangles, nodeTriangles, type Csr } from './adjacency';
import { MinHeap } from './min-heap';

/** What the distance needs of a mesh: node coordinates, 0-based triangles and their centroids (flat n × 3, mm). */
export interface SurfaceGeometry {
  nodes: Float64Array;
  triangles: Uint32Array;
  centroids: Float64Array;
}

// Distances are asked for many sources on the same mesh (every hotspot of a convergence run): build the node→triangle map once.
const byNodeCache = new WeakMap<Uint32Array, Csr>();

function trianglesByNode(g: SurfaceGeometry): Csr {
  let csr = byNodeCache.get(g.triangles);
  if (!csr) {
    csr = nodeTriangles(g.triangles, g.nodes.length / 3);
    byNodeCache.set(g.triangles, csr);
  }
  return csr;
}

/**
 * Distance to point C, given distances dA and dB at the ends of the edge AB of a triangle ABC.
 * The front is unfolded into the plane of ABC: the virtual source S with |SA| = dA, |SB| = dB on the
 * far side of AB gives |SC| when the straight line S→C crosses the edge AB (exact on developable
 * patches); otherwise the path through the nearer end point, min(dA + |AC|, dB + |BC|).
 */
export function distanceThroughEdge(
  ax: number,
  ay: number,
  az: number,
  bx: number,
  by: number,
  bz: number,
  cx: number,
  cy: number,
  cz: number,
  dA: number,
  dB: number,
): number {
  const ex = bx - ax,
    ey = by - ay,
    ez = bz - az;
  const fx = cx - ax,
    fy = cy - ay,
    fz = cz - az;
  const ac = Math.sqrt(fx * fx + fy * fy + fz * fz);
  const bc = Math.sqrt((cx - bx) ** 2 + (cy - by) ** 2 + (cz - bz) ** 2);
  const viaVertex = Math.min(dA + ac, dB + bc);
  const len = Math.sqrt(ex * ex + ey * ey + ez * ez);
  if (!(len > 0) || !Number.isFinite(dA) || !Number.isFinite(dB)) return viaVertex;
  // Local 2-D frame: x along AB, y towards C in the triangle's plane.
  const px = (fx * ex + fy * ey + fz * ez) / len;
  const py = Math.sqrt(Math.max(ac * ac - px * px, 0));
  if (py <= 1e-12 * len) return viaVertex;
  const sx = (dA * dA - dB * dB + len * len) / (2 * len);
  const sy2 = dA * dA - sx * sx;
  if (sy2 < 0) return viaVertex;
  const sy = -Math.sqrt(sy2);
  const xCross = sx + ((px - sx) * -sy) / (py - sy);
  if (xCross < 0 || xCross > len) return viaVertex;
  return Math.min(viaVertex, Math.sqrt((px - sx) ** 2 + (py - sy) ** 2));
}

/**
 * Geodesic distance (mm along the surface) from triangle `source`'s centroid to every triangle's centroid.
 *
 * Approximation: the source triangle's nodes start at their straight-line distance to its centroid;
 * a label-correcting fast-marching sweep over the nodes updates each node from pairs of nodes of the
 * triangles around it by unfolding the front into the triangle's plane (distanceThroughEdge), which
 * avoids the zig-zag overestimate of a plain edge-graph Dijkstra (8–41 % on a regular grid, by direction).
 * Each centroid is then reached the same way from the edges of its own triangle. Exact on flat meshes
 * (up to rounding); on curved meshes it measures along the polyhedral surface, a first-order
 * approximation whose error shrinks with the edge length. Triangles not connected to the source get Infinity.
 */
export function geodesicDistances(geometry: SurfaceGeometry, source: number): Float64Array {
  const { nodes, triangles, centroids } = geometry;
  const nNodes = nodes.length / 3;
  const nTri = triangles.length / 3;
  if (!Number.isInteger(source) || source < 0 || source >= nTri) {
    throw new RangeError(`source triangle ${source} is outside [0, ${nTri})`);
  }
  if (centroids.length !== triangles.length) {
    throw new RangeError(`${centroids.length / 3} centroids for ${nTri} triangles`);
  }
  checkTriangles(triangles, nNodes);
  const byNode = trianglesByNode(geometry);
  const dist = new Float64Array(nNodes).fill(Infinity);
  const heap = new MinHeap(nNodes);
  const s0 = 3 * source;
  for (let k = 0; k < 3; k++) {
    const n = triangles[s0 + k];
    const d = Math.hypot(
      nodes[3 * n] - centroids[s0],
      nodes[3 * n + 1] - centroids[s0 + 1],
      nodes[3 * n + 2] - centroids[s0 + 2],
    );
    dist[n] = d;
    heap.push(d, n);
  }

  const relax = (c: number, a: number, b: number): void => {
    const d = distanceThroughEdge(
      nodes[3 * a],
      nodes[3 * a + 1],
      nodes[3 * a + 2],
      nodes[3 * b],
      nodes[3 * b + 1],
      nodes[3 * b + 2],
      nodes[3 * c],
      nodes[3 * c + 1],
      nodes[3 * c + 2],
      dist[a],
      dist[b],
    );
    // Relative margin: rounding must not re-queue a node forever.
    if (d < dist[c] - 1e-12 * (1 + d)) {
      dist[c] = d;
      heap.push(d, c);
    }
  };

  while (heap.size > 0) {
    const key = heap.peekKey();
    const u = heap.pop();
    if (key > dist[u]) continue; // stale entry
    for (let p = byNode.offsets[u]; p < byNode.offsets[u + 1]; p++) {
      const t = 3 * byNode.neighbours[p];
      const i = triangles[t],
        j = triangles[t + 1],
        k = triangles[t + 2];
      const [v, w] = i === u ? [j, k] : j === u ? [i, k] : [i, j];
      relax(v, u, w);
      relax(w, u, v);
    }
  }

  const out = new Float64Array(nTri);
  for (let t = 0; t < nTri; t++) {
    if (t === source) continue;
    const c = 3 * t;
    let best = Infinity;
    for (let e = 0; e < 3; e++) {
      const a = triangles[c + e],
        b = triangles[c + ((e + 1) % 3)];
      const d = distanceThroughEdge(
        nodes[3 * a],
        nodes[3 * a + 1],
        nodes[3 * a + 2],
        nodes[3 * b],
        nodes[3 * b + 1],
        nodes[3 * b + 2],
        centroids[c],
        centroids[c + 1],
        centroids[c + 2],
        dist[a],
        dist[b],
      );
      if (d < best) best = d;
    }
    out[t] = best;
  }
  return out;
}

/** Geodesic distance (mm) between the centroids of triangles `a` and `b`. */
export function geodesicDistance(geometry: SurfaceGeometry, a: number, b: number): number {
  const nTri = geometry.triangles.length / 3;
  if (!Number.isInteger(b) || b < 0 || b >= nTri)
    throw new RangeError(`triangle ${b} is outside [0, ${nTri})`);
  if (a === b) return 0;
  return geodesicDistances(geometry, a)[b];
}
