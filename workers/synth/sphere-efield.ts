// Induced E-field of magnetic dipoles over a spherical conductor (Heller & van Hulsteyn 1992), vectorised over field points.

/** Magnetic dipoles outside the sphere: positions (m) and moments per ampere of coil current (m²), flat n × 3. */
export interface DipoleSet {
  positions: Float64Array;
  moments: Float64Array;
}

/** μ0 / 4π in SI units. */
const MU0_OVER_4PI = 1e-7;

/**
 * E (V/m) at `points` (flat p × 3, metres, inside the sphere centred at the origin) for a coil current
 * changing at `dIdt` (A/s). The result does not depend on the (radially symmetric) conductivity.
 *
 * With a = r' − r, F = a (ρ a + r'·a) and ∇F = c1 r' − c2 r, the sum over dipoles
 *   E = −(μ0/4π) dI/dt Σ [ (r × m)/F − (m·∇F)/F² (r × r') ]
 * is accumulated as E = −(μ0/4π) dI/dt · r × (Σ m/F − Σ (m·∇F)/F² r'), one cross product per point.
 */
export function sphereEfield(
  dipoles: DipoleSet,
  points: Float64Array,
  dIdt: number,
  out?: Float64Array,
): Float64Array {
  const { positions: dp, moments: dm } = dipoles;
  const nd = dp.length / 3;
  const np = points.length / 3;
  if (dm.length !== dp.length) throw new RangeError(`${dm.length / 3} moments for ${nd} dipole positions`);
  const e = out ?? new Float64Array(points.length);
  if (e.length !== points.length) throw new RangeError(`output holds ${e.length / 3} points, expected ${np}`);
  // Per-dipole constants: ρ = |r'|, ρ², m·r'.
  const rho = new Float64Array(nd);
  const rho2 = new Float64Array(nd);
  const invRho = new Float64Array(nd);
  const mDotRp = new Float64Array(nd);
  for (let d = 0; d < nd; d++) {
    const x = dp[3 * d],
      y = dp[3 * d + 1],
      z = dp[3 * d + 2];
    rho2[d] = x * x + y * y + z * z;
    rho[d] = Math.sqrt(rho2[d]);
    invRho[d] = 1 / rho[d];
    mDotRp[d] = dm[3 * d] * x + dm[3 * d + 1] * y + dm[3 * d + 2] * z;
  }
  const k = -MU0_OVER_4PI * dIdt;
  for (let p = 0; p < np; p++) {
    const rx = points[3 * p],
      ry = points[3 * p + 1],
      rz = points[3 * p + 2];
    let vx = 0,
      vy = 0,
      vz = 0;
    for (let d = 0; d < nd; d++) {
      const px = dp[3 * d],
        py = dp[3 * d + 1],
        pz = dp[3 * d + 2];
      const ax = px - rx,
        ay = py - ry,
        az = pz - rz;
      const a2 = ax * ax + ay * ay + az * az;
      const a = Math.sqrt(a2);
      const rpDotA = rho2[d] - (px * rx + py * ry + pz * rz);
      const f = a * (rho[d] * a + rpDotA);
      const ra = (rpDotA * a) / a2;
      const c1 = a2 * invRho[d] + 2 * a + 2 * rho[d] + ra;
      const c2 = a + 2 * rho[d] + ra;
      const mx = dm[3 * d],
        my = dm[3 * d + 1],
        mz = dm[3 * d + 2];
      const mDotGradF = c1 * mDotRp[d] - c2 * (mx * rx + my * ry + mz * rz);
      const invF = 1 / f;
      const q = mDotGradF * invF * invF;
      vx += mx * invF - q * px;
      vy += my * invF - q * py;
      vz += mz * invF - q * pz;
    }
    e[3 * p] = k * (ry * vz - rz * vy);
    e[3 * p + 1] = k * (rz * vx - rx * vz);
    e[3 * p + 2] = k * (rx * vy - ry * vx);
  }
  return e;
}
