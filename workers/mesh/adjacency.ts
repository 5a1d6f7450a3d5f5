// Mesh connectivity in CSR form: the triangles around each node, and the triangles sharing a node with each triangle.

/** Compressed sparse rows: the entries of row i are `values[offsets[i] .. offsets[i + 1])`. */
export interface Csr {
  offsets: Uint32Array;
  neighbours: Uint32Array;
}

/** Throws a RangeError naming the first triangle that refers to a node outside [0, nNodes). */
export function checkTriangles(triangles: Uint32Array, nNodes: number): void {
  if (triangles.length % 3 !== 0)
    throw new RangeError(`triangle list length ${triangles.length} is not a multiple of 3`);
  for (let i = 0; i < triangles.length; i++) {
    if (triangles[i] >= nNodes) {
      throw new RangeError(
        `triangle ${Math.floor(i / 3)} refers to node ${triangles[i]}, but the mesh has ${nNodes} nodes`,
      );
    }
  }
}

/** For every node, the triangles that use it (ascending). `neighbours` holds triangle indices. */
export function nodeTriangles(triangles: Uint32Array, nNodes: number): Csr {
  checkTriangles(triangles, nNodes);
  const nTri = triangles.length / 3;
  const offsets = new Uint32Array(nNodes + 1);
  for (let i = 0; i < triangles.length; i++) offsets[triangles[i] + 1]++;
  for (let n = 0; n < nNodes; n++) offsets[n + 1] += offsets[n];
  const fill = offsets.slice(0, nNodes);
  const neighbours = new Uint32Array(triangles.length);
  for (let t = 0; t < nTri; t++) {
    for (let k = 0; k < 3; k++) neighbours[fill[triangles[3 * t + k]]++] = t;
  }
  return { offsets, neighbours };
}

/**
 * Triangles sharing at least one node with each triangle (itself excluded, ascending): the
 * neighbourhood the reference's discontinuity refit compares scores over.
 */
export function triangleNeighbours(triangles: Uint32Array, nNodes: number): Csr {
  const byNode = nodeTriangles(triangles, nNodes);
  const nTri = triangles.length / 3;
  const offsets = new Uint32Array(nTri + 1);
  const lists: Uint32Array[] = new Array<Uint32Array>(nTri);
  // `seen[t] === stamp` marks t as already collected for the current triangle, avoiding a Set per triangle.
  const seen = new Int32Array(nTri).fill(-1);
  const buf: number[] = [];
  for (let t = 0; t < nTri; t++) {
    buf.length = 0;
    seen[t] = t;
    for (let k = 0; k < 3; k++) {
      const n = triangles[3 * t + k];
      for (let p = byNode.offsets[n]; p < byNode.offsets[n + 1]; p++) {
        const u = byNode.neighbours[p];
        if (seen[u] !== t) {
          seen[u] = t;
          buf.push(u);
        }
      }
    }
    const row = Uint32Array.from(buf).sort();
    lists[t] = row;
    offsets[t + 1] = offsets[t] + row.length;
  }
  const neighbours = new Uint32Array(offsets[nTri]);
  for (let t = 0; t < nTri; t++) neighbours.set(lists[t], offsets[t]);
  return { offsets, neighbours };
}

/** Node–node edges of the mesh (each undirected edge in both rows, ascending). */
export function nodeNeighbours(triangles: Uint32Array, nNodes: number): Csr {
  const byNode = nodeTriangles(triangles, nNodes);
  const offsets = new Uint32Array(nNodes + 1);
  const lists: Uint32Array[] = new Array<Uint32Array>(nNodes);
  const seen = new Int32Array(nNodes).fill(-1);
  const buf: number[] = [];
  for (let n = 0; n < nNodes; n++) {
    buf.length = 0;
    seen[n] = n;
    for (let p = byNode.offsets[n]; p < byNode.offsets[n + 1]; p++) {
      const t = byNode.neighbours[p];
      for (let k = 0; k < 3; k++) {
        const m = triangles[3 * t + k];
        if (seen[m] !== n) {
          seen[m] = n;
          buf.push(m);
        }
      }
    }
    lists[n] = Uint32Array.from(buf).sort();
    offsets[n + 1] = offsets[n] + lists[n].length;
  }
  const neighbours = new Uint32Array(offsets[nNodes]);
  for (let n = 0; n < nNodes; n++) neighbours.set(lists[n], offsets[n]);
  return { offsets, neighbours };
}
