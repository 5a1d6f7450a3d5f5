// A figure-8 TMS coil as magnetic dipoles, and its placement over the head (centre, outward normal, current direction).
import type { DipoleSet } from './sphere-efield';

export interface Figure8Options {
  /** Distance of each wing centre from the coil centre along the coil's x axis (mm). */
  wingOffset?: number;
  /** Radii of the innermost and outermost turn (mm). */
  innerRadius?: number;
  outerRadius?: number;
  /** Turns per wing, evenly spaced between the two radii. */
  turns?: number;
  /** Rings per wing; each ring is cut into sectors about as long as the ring is wide. */
  rings?: number;
}

export const FIGURE8_DEFAULTS: Required<Figure8Options> = {
  wingOffset: 45,
  innerRadius: 26,
  outerRadius: 44,
  turns: 9,
  rings: 4,
};

/** Coil-frame dipoles (metres, moments along +z in m² per ampere) of a figure-8 coil lying in z = 0. */
export interface CoilModel {
  options: Required<Figure8Options>;
  /** Flat n × 3 positions in the coil frame (m). */
  local: Float64Array;
  /** Signed moment along the coil normal per dipole (m²). */
  moment: Float64Array;
}

/**
 * Discretises each wing into rings × sectors. A dipole's moment is the area of its sector that each
 * turn encloses, summed over turns (so a wing's total moment is Σ π R_i², exactly that of the spiral).
 * The wing at +x carries +z moments and the wing at −x −z moments, so the induced field under the
 * coil centre points along the coil's +y axis (the coil's current direction, see placeCoil).
 */
export function figure8Coil(opts: Figure8Options = {}): CoilModel {
  const o = { ...FIGURE8_DEFAULTS, ...opts };
  if (!(o.outerRadius > o.innerRadius && o.innerRadius > 0 && o.turns >= 1 && o.rings >= 1)) {
    throw new RangeError(`invalid figure-8 coil ${JSON.stringify(o)}`);
  }
  const turnRadii = Array.from({ length: o.turns }, (_, i) =>
    o.turns === 1 ? o.outerRadius : o.innerRadius + ((o.outerRadius - o.innerRadius) * i) / (o.turns - 1),
  );
  const width = o.outerRadius / o.rings;
  const pos: number[] = [];
  const mom: number[] = [];
  for (const side of [-1, 1]) {
    for (let k = 0; k < o.rings; k++) {
      const r1 = k * width,
        r2 = (k + 1) * width;
      const sectors = Math.max(k === 0 ? 3 : 6, Math.round((2 * Math.PI * (r1 + r2)) / 2 / width));
      // Area centroid of an annulus sector sits at 2/3 (r2³ − r1³)/(r2² − r1²) · sinc(half angle); the sinc is ~1 here.
      const half = Math.PI / sectors;
      const rc = (((2 / 3) * (r2 ** 3 - r1 ** 3)) / (r2 ** 2 - r1 ** 2)) * (Math.sin(half) / half);
      let enclosed = 0;
      for (const R of turnRadii)
        enclosed += Math.PI * Math.max(0, Math.min(r2, R) ** 2 - Math.min(r1, R) ** 2);
      const m = (side * enclosed) / sectors;
      for (let s = 0; s < sectors; s++) {
        const phi = (2 * Math.PI * (s + 0.5)) / sectors;
        pos.push((side * o.wingOffset + rc * Math.cos(phi)) * 1e-3, rc * Math.sin(phi) * 1e-3, 0);
        mom.push(m * 1e-6);
      }
    }
  }
  return { options: o, local: Float64Array.from(pos), moment: Float64Array.from(mom) };
}

/** Where the coil sits: centre (m), outward unit normal (coil z), unit current direction (coil y, tangent). */
export interface CoilPlacement {
  centre: [number, number, number];
  normal: [number, number, number];
  direction: [number, number, number];
}

/** World-frame dipoles of a coil at `placement` (x axis = direction × normal, right-handed). */
export function placeCoil(coil: CoilModel, placement: CoilPlacement, out?: DipoleSet): DipoleSet {
  const n = coil.moment.length;
  const [cx, cy, cz] = placement.centre;
  const [zx, zy, zz] = placement.normal;
  const [yx, yy, yz] = placement.direction;
  const xx = yy * zz - yz * zy,
    xy = yz * zx - yx * zz,
    xz = yx * zy - yy * zx;
  const positions = out?.positions ?? new Float64Array(3 * n);
  const moments = out?.moments ?? new Float64Array(3 * n);
  for (let d = 0; d < n; d++) {
    const lx = coil.local[3 * d],
      ly = coil.local[3 * d + 1],
      lz = coil.local[3 * d + 2];
    positions[3 * d] = cx + lx * xx + ly * yx + lz * zx;
    positions[3 * d + 1] = cy + lx * xy + ly * yy + lz * zy;
    positions[3 * d + 2] = cz + lx * xz + ly * yz + lz * zz;
    moments[3 * d] = coil.moment[d] * zx;
    moments[3 * d + 1] = coil.moment[d] * zy;
    moments[3 * d + 2] = coil.moment[d] * zz;
  }
  return { positions, moments };
}
