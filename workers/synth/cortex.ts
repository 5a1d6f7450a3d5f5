// A folded cortical patch around the vertex of a spherical head: triangulated grid, centroids, normals, areas, fold classes.

export interface CortexOptions {
  /** Radius of the unfolded cortical sphere (mm). */
  radius?: number;
  /** Edge length of the square patch in the tangent plane at the vertex (mm). */
  size?: number;
  /** Grid spacing (mm): 2 → ~2.5 k, 1.5 → ~4.4 k, 1 → ~10 k, 0.5 → ~39 k triangles at size 70. */
  spacing?: number;
  /** Fold height (mm) and wavelength (mm) of radius + A·cos(2π u / λ). */
  foldAmplitude?: number;
  foldWavelength?: number;
}

export const CORTEX_DEFAULTS: Required<CortexOptions> = {
  radius: 75,
  size: 70,
  spacing: 1.5,
  foldAmplitude: 6,
  foldWavelength: 24,
};

/** Where an element sits in the folding: by its height h/A in [−1, 1] (crown ≥ 0.85 > rim ≥ 0.3 > wall > −0.85 ≥ fundus). */
export type FoldClass = 'crown' | 'rim' | 'wall' | 'fundus';

export interface CortexPatch {
  options: Required<CortexOptions>;
  nNodes: number;
  nTriangles: number;
  /** Flat n × 3, mm. */
  nodes: Float64Array;
  /** 0-based, counter-clockwise seen from outside (normals point out of the head). */
  triangles: Uint32Array;
  centroids: Float64Array;
  normals: Float64Array;
  areas: Float64Array;
  /** Tangent-plane coordinates of each centroid (u anterior, v lateral-right; mm), flat n × 2. */
  uv: Float64Array;
  /** Fold height h/A at each centroid (1 = gyral crown, −1 = sulcal fundus). */
  fold: Float64Array;
}

export function foldClass(fold: number): FoldClass {
  if (fold >= 0.85) return 'crown';
  if (fold >= 0.3) return 'rim';
  if (fold > -0.85) return 'wall';
  return 'fundus';
}

/**
 * Head frame: x right, y anterior, z up; the patch is centred on the vertex (+z). A grid point at
 * tangent coordinates (u along y, v along x) is projected to the sphere along (v, u, R) and moved
 * out by the fold A·cos(2π u/λ): gyri run left–right, and a gyral crown runs through the centre
 * (the reference's sine, phased). Each grid cell gives two triangles.
 */
export function buildCortex(opts: CortexOptions = {}): CortexPatch {
  const o = { ...CORTEX_DEFAULTS, ...opts };
  if (!(o.spacing > 0 && o.size > o.spacing && o.radius > o.foldAmplitude && o.foldWavelength > 0)) {
    throw new RangeError(`invalid cortex options ${JSON.stringify(o)}`);
  }
  const n = Math.round(o.size / o.spacing);
  const step = o.size / n;
  const side = n + 1;
  const nNodes = side * side;
  const nodes = new Float64Array(3 * nNodes);
  const height = (u: number): number => o.foldAmplitude * Math.cos((2 * Math.PI * u) / o.foldWavelength);
  for (let i = 0; i <= n; i++) {
    const u = -o.size / 2 + i * step;
    for (let j = 0; j <= n; j++) {
      const v = -o.size / 2 + j * step;
      const s = (o.radius + height(u)) / Math.hypot(v, u, o.radius);
      nodes.set([v * s, u * s, o.radius * s], 3 * (i * side + j));
    }
  }
  const nTriangles = 2 * n * n;
  const triangles = new Uint32Array(3 * nTriangles);
  const uv = new Float64Array(2 * nTriangles);
  let t = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = i * side + j,
        b = a + 1,
        c = a + side,
        d = c + 1;
      const u0 = -o.size / 2 + i * step,
        v0 = -o.size / 2 + j * step;
      // (a, b, d) and (a, d, c): +v then +u, counter-clockwise seen from above.
      triangles.set([a, b, d, a, d, c], 3 * t);
      uv.set([u0 + step / 3, v0 + (2 * step) / 3, u0 + (2 * step) / 3, v0 + step / 3], 2 * t);
      t += 2;
    }
  }
  const centroids = new Float64Array(3 * nTriangles);
  const normals = new Float64Array(3 * nTriangles);
  const areas = new Float64Array(nTriangles);
  const fold = new Float64Array(nTriangles);
  for (let k = 0; k < nTriangles; k++) {
    const [p, q, r] = [triangles[3 * k], triangles[3 * k + 1], triangles[3 * k + 2]];
    const e1 = [0, 1, 2].map((x) => nodes[3 * q + x] - nodes[3 * p + x]);
    const e2 = [0, 1, 2].map((x) => nodes[3 * r + x] - nodes[3 * p + x]);
    const nx = e1[1] * e2[2] - e1[2] * e2[1],
      ny = e1[2] * e2[0] - e1[0] * e2[2],
      nz = e1[0] * e2[1] - e1[1] * e2[0];
    const len = Math.hypot(nx, ny, nz);
    areas[k] = len / 2;
    normals.set([nx / len, ny / len, nz / len], 3 * k);
    for (let x = 0; x < 3; x++)
      centroids[3 * k + x] = (nodes[3 * p + x] + nodes[3 * q + x] + nodes[3 * r + x]) / 3;
    fold[k] = height(uv[2 * k]) / o.foldAmplitude;
  }
  return { options: o, nNodes, nTriangles, nodes, triangles, centroids, normals, areas, uv, fold };
}

/** The element whose centroid's (u, v) is nearest to the given point, optionally only among one fold class. */
export function nearestElement(patch: CortexPatch, u: number, v: number, kind?: FoldClass): number {
  let best = -1;
  let bestD = Infinity;
  for (let k = 0; k < patch.nTriangles; k++) {
    if (kind && foldClass(patch.fold[k]) !== kind) continue;
    const d = (patch.uv[2 * k] - u) ** 2 + (patch.uv[2 * k + 1] - v) ** 2;
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  if (best < 0) throw new RangeError(`no ${kind ?? ''} element in the patch`);
  return best;
}
