// 4×4 coil poses (SimNIBS `matsimnibs`, row-major, mm): checks, nearest rotation, and the navigators' axis conventions.

/** Row-major 4×4: columns 0–2 are the coil's x, y, z axes, column 3 its centre (mm). */
export type Mat4 = Float64Array;

/**
 * Largest |RᵀR − I| a recorded pose may show before it is rejected as sheared or scaled. pyNIBS' coil_mean is the
 * element-wise mean of two trackers' matrices and is not re-orthonormalised: two trackers 3° apart give ~3e-4.
 */
export const POSE_TOLERANCE = 1e-3;

/** Localite's axes from SimNIBS': x_loc = z_sim, y_loc = −y_sim, z_loc = x_sim (its own inverse; SimNIBS nnav.py). */
export const SIMNIBS_TO_LOCALITE: readonly number[] = [0, 0, 1, 0, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1];
/** Brainsight's coil axes negate SimNIBS' x and z (SimNIBS nnav.py). */
export const SIMNIBS_TO_BRAINSIGHT: readonly number[] = [-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1];
/** RAS world → LPS world (negate x and y); applied on the left. */
export const RAS_TO_LPS: readonly number[] = [-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

export function mul(a: ArrayLike<number>, b: ArrayLike<number>): Mat4 {
  const out = new Float64Array(16);
  for (let r = 0; r < 4; r++)
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[r * 4 + k] * b[k * 4 + c];
      out[r * 4 + c] = s;
    }
  return out;
}

/** max over i, j of |(RᵀR − I)ij| for the 3×3 part. */
export function orthonormalityError(m: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += m[k * 4 + i] * m[k * 4 + j];
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
  return worst;
}

export function det3(m: ArrayLike<number>): number {
  const a = (r: number, c: number): number => m[r * 4 + c];
  return (
    a(0, 0) * (a(1, 1) * a(2, 2) - a(1, 2) * a(2, 1)) -
    a(0, 1) * (a(1, 0) * a(2, 2) - a(1, 2) * a(2, 0)) +
    a(0, 2) * (a(1, 0) * a(2, 1) - a(1, 1) * a(2, 0))
  );
}

/** Why a recorded pose cannot be used, or null when it can (after `nearestRotation`). */
export function poseProblem(m: ArrayLike<number>, tolerance = POSE_TOLERANCE): string | null {
  for (let i = 0; i < 16; i++) if (!Number.isFinite(m[i])) return 'NaN or Inf in the matrix';
  if (m[12] !== 0 || m[13] !== 0 || m[14] !== 0 || m[15] !== 1) return 'bottom row is not 0 0 0 1';
  if (m[3] === 0 && m[7] === 0 && m[11] === 0) return 'coil centre at (0, 0, 0): coil not tracked';
  const err = orthonormalityError(m);
  if (err > tolerance)
    return `axes not orthonormal (|RᵀR − I| = ${err.toExponential(2)} > ${tolerance}): sheared or scaled`;
  if (det3(m) < 0) return 'axes form a left-handed frame (a reflection)';
  return null;
}

/**
 * The rotation nearest to a nearly orthonormal 3×3 part (polar decomposition by Newton's iteration
 * R ← (R + R⁻ᵀ)/2), centre kept. Call only on poses `poseProblem` accepted.
 */
export function nearestRotation(m: ArrayLike<number>): Mat4 {
  let r = [0, 1, 2].map((i) => [0, 1, 2].map((j) => m[i * 4 + j]));
  for (let it = 0; it < 30; it++) {
    const inv = invert3(r);
    const next = r.map((row, i) => row.map((v, j) => (v + inv[j][i]) / 2));
    const delta = Math.max(...next.flatMap((row, i) => row.map((v, j) => Math.abs(v - r[i][j]))));
    r = next;
    if (delta < 1e-15) break;
  }
  const out = new Float64Array(16);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) out[i * 4 + j] = r[i][j];
    out[i * 4 + 3] = m[i * 4 + 3];
  }
  out[15] = 1;
  return out;
}

function invert3(a: number[][]): number[][] {
  const [[a00, a01, a02], [a10, a11, a12], [a20, a21, a22]] = a;
  const c00 = a11 * a22 - a12 * a21;
  const c01 = a12 * a20 - a10 * a22;
  const c02 = a10 * a21 - a11 * a20;
  const det = a00 * c00 + a01 * c01 + a02 * c02;
  return [
    [c00 / det, (a02 * a21 - a01 * a22) / det, (a01 * a12 - a02 * a11) / det],
    [c01 / det, (a00 * a22 - a02 * a20) / det, (a02 * a10 - a00 * a12) / det],
    [c02 / det, (a01 * a20 - a00 * a21) / det, (a00 * a11 - a01 * a10) / det],
  ];
}

/** A SimNIBS pose in Localite's coil axes, in the navigation T1's RAS or LPS world. */
export function simnibsToLocalite(m: ArrayLike<number>, space: 'RAS' | 'LPS'): Mat4 {
  const loc = mul(m, SIMNIBS_TO_LOCALITE);
  return space === 'LPS' ? mul(RAS_TO_LPS, loc) : loc;
}

/** A SimNIBS pose in Brainsight's coil axes (NIfTI:Aligned world = SimNIBS' subject space). */
export function simnibsToBrainsight(m: ArrayLike<number>): Mat4 {
  return mul(m, SIMNIBS_TO_BRAINSIGHT);
}

type Vec3 = [number, number, number];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const unit = (a: Vec3): Vec3 => {
  const n = Math.hypot(a[0], a[1], a[2]);
  return [a[0] / n, a[1] / n, a[2] / n];
};

/**
 * The normal of `element` turned outward: away from `inside` (a point inside the head; the subject-space
 * origin when nothing better is known, the recorded coil centres are outside the head when known).
 */
export function outwardNormal(normal: Vec3, centroid: Vec3, inside: Vec3): Vec3 {
  const away: Vec3 = [centroid[0] - inside[0], centroid[1] - inside[1], centroid[2] - inside[2]];
  return dot(normal, away) < 0 ? [-normal[0], -normal[1], -normal[2]] : [...normal];
}

/**
 * A SimNIBS pose at `centre` facing the head along −`outward` (SimNIBS' coil z points into the head) with the
 * handle (SimNIBS' −y) pointing backwards and 45° away from the midline (x = 0): the usual motor-hotspot
 * orientation, current in the brain flowing posterior → anterior, perpendicular to the central sulcus.
 */
export function poseFromNormal(centre: Vec3, outward: Vec3): Mat4 {
  const z = unit([-outward[0], -outward[1], -outward[2]]);
  const lateral = centre[0] < 0 ? -1 : 1;
  const s = Math.SQRT1_2;
  let handle: Vec3 = [lateral * s, -s, 0];
  // project onto the coil plane; a normal along the handle falls back to straight backwards, then to −x
  for (const h of [handle, [0, -1, 0] as Vec3, [-1, 0, 0] as Vec3]) {
    const p: Vec3 = [h[0] - dot(h, z) * z[0], h[1] - dot(h, z) * z[1], h[2] - dot(h, z) * z[2]];
    if (Math.hypot(...p) > 1e-6) {
      handle = unit(p);
      break;
    }
  }
  const y: Vec3 = [-handle[0], -handle[1], -handle[2]];
  const x = cross(y, z);
  return Float64Array.from([
    x[0],
    y[0],
    z[0],
    centre[0],
    x[1],
    y[1],
    z[1],
    centre[1],
    x[2],
    y[2],
    z[2],
    centre[2],
    0,
    0,
    0,
    1,
  ]);
}
