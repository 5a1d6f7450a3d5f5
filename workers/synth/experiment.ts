// The simulated mapping session: random coil placements and intensities per zap, and the E-field QOIs they induce in the patch.
import { figure8Coil, placeCoil, type CoilModel, type CoilPlacement, type Figure8Options } from './coil';
import type { CortexPatch } from './cortex';
import type { SynthRng } from './rng';
import { sphereEfield, type DipoleSet } from './sphere-efield';

export interface ExperimentOptions {
  nZaps: number;
  /** Scalp sphere radius (mm) and the coil's height above it (mm). */
  scalpRadius?: number;
  coilGap?: number;
  /** Coil centres are drawn uniformly from a disc of this radius (mm) around the target's scalp point. */
  maxOffset?: number;
  /** Current direction: this angle to the midline (degrees, towards anterior-medial) ± spread, uniform. */
  orientation?: number;
  orientationSpread?: number;
  /** Stimulator output per zap, uniform in this range (% of the maximum output, MSO). */
  msoRange?: [number, number];
  /** dI/dt (A/s) at 100 % MSO. */
  dIdtAtMaxOutput?: number;
  /** Zaps per acquisition block; the block name is the zap's condition. */
  blockSize?: number;
}

export const EXPERIMENT_DEFAULTS: Required<Omit<ExperimentOptions, 'nZaps'>> = {
  scalpRadius: 95,
  coilGap: 5,
  maxOffset: 25,
  orientation: 45,
  orientationSpread: 60,
  msoRange: [45, 80],
  dIdtAtMaxOutput: 1.3e8,
  blockSize: 100,
};

/** One zap: where the coil was and how strong the pulse was. Positions in mm, head frame. */
export interface Zap {
  /** Coil centre on the scalp (mm) — the coil itself sits coilGap above it. */
  centre: [number, number, number];
  /** Unit current direction under the coil centre (tangent to the scalp). */
  direction: [number, number, number];
  /** Angle of `direction` to the midline (degrees; 0 = anterior, positive towards the right). */
  angle: number;
  mso: number;
  /** Realised dI/dt (A/s). */
  dIdt: number;
  condition: string;
}

type Vec3 = [number, number, number];
const unit = (v: Vec3): Vec3 => {
  const l = Math.hypot(...v);
  return [v[0] / l, v[1] / l, v[2] / l];
};
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];

/**
 * Draws the zaps. The target is the scalp point radially above `target` (mm); centres are uniform in a
 * disc of the tangent plane there, projected onto the scalp. Angles are measured from the local
 * anterior direction (the midline runs along y), so 45° points anterior-right.
 */
export function planExperiment(target: Vec3, options: ExperimentOptions, rng: SynthRng): Zap[] {
  const o = { ...EXPERIMENT_DEFAULTS, ...options };
  if (!(Number.isInteger(o.nZaps) && o.nZaps > 0))
    throw new RangeError(`nZaps must be a positive integer, got ${o.nZaps}`);
  const n0 = unit(target);
  // Tangent frame at the target: e1 towards anterior (y projected), e2 = e1 × n0 (right).
  const e1 = unit([-n0[1] * n0[0], 1 - n0[1] * n0[1], -n0[1] * n0[2]]);
  const e2 = cross(e1, n0);
  const zaps: Zap[] = [];
  for (let k = 0; k < o.nZaps; k++) {
    const rho = o.maxOffset * Math.sqrt(rng.uniform());
    const phi = 2 * Math.PI * rng.uniform();
    const a = rho * Math.cos(phi),
      b = rho * Math.sin(phi);
    const n = unit([
      n0[0] * o.scalpRadius + a * e1[0] + b * e2[0],
      n0[1] * o.scalpRadius + a * e1[1] + b * e2[1],
      n0[2] * o.scalpRadius + a * e1[2] + b * e2[2],
    ]);
    const centre: Vec3 = [n[0] * o.scalpRadius, n[1] * o.scalpRadius, n[2] * o.scalpRadius];
    const ant = unit([-n[1] * n[0], 1 - n[1] * n[1], -n[1] * n[2]]);
    const right = cross(ant, n);
    const angle = o.orientation + o.orientationSpread * (2 * rng.uniform() - 1);
    const t = (angle * Math.PI) / 180;
    const direction = unit([
      Math.cos(t) * ant[0] + Math.sin(t) * right[0],
      Math.cos(t) * ant[1] + Math.sin(t) * right[1],
      Math.cos(t) * ant[2] + Math.sin(t) * right[2],
    ]);
    const mso = o.msoRange[0] + (o.msoRange[1] - o.msoRange[0]) * rng.uniform();
    zaps.push({
      centre,
      direction,
      angle,
      mso,
      dIdt: (mso / 100) * o.dIdtAtMaxOutput,
      condition: `block${Math.floor(k / o.blockSize) + 1}`,
    });
  }
  return zaps;
}

/** E-field QOIs, zap-major like the users' e.hdf5: value(zap k, element j) = qoi[k * nElements + j]. */
export interface EfieldQois {
  E_mag: Float32Array;
  E_norm: Float32Array;
  E_tan: Float32Array;
}

/** The coil placement of a zap: coil centre coilGap above the scalp point, normal radial. */
export function zapPlacement(zap: Zap, coilGap = EXPERIMENT_DEFAULTS.coilGap): CoilPlacement {
  const n = unit(zap.centre);
  const r = Math.hypot(...zap.centre) + coilGap;
  return { centre: [n[0] * r * 1e-3, n[1] * r * 1e-3, n[2] * r * 1e-3], normal: n, direction: zap.direction };
}

/**
 * Computes E at every element centroid for every zap (V/m): E_mag = |E|, E_norm = E·n (signed,
 * outward normal), E_tan = |E − (E·n) n|. `onZap` reports progress.
 */
export function computeEfields(
  patch: CortexPatch,
  zaps: Zap[],
  coilOptions: Figure8Options | CoilModel = {},
  coilGap = EXPERIMENT_DEFAULTS.coilGap,
  onZap?: (done: number, total: number) => void,
): EfieldQois {
  const coil = 'local' in coilOptions ? coilOptions : figure8Coil(coilOptions);
  const ne = patch.nTriangles;
  const points = new Float64Array(3 * ne);
  for (let i = 0; i < points.length; i++) points[i] = patch.centroids[i] * 1e-3;
  const out: EfieldQois = {
    E_mag: new Float32Array(zaps.length * ne),
    E_norm: new Float32Array(zaps.length * ne),
    E_tan: new Float32Array(zaps.length * ne),
  };
  const e = new Float64Array(3 * ne);
  let dipoles: DipoleSet | undefined;
  const nrm = patch.normals;
  zaps.forEach((zap, k) => {
    dipoles = placeCoil(coil, zapPlacement(zap, coilGap), dipoles);
    sphereEfield(dipoles, points, zap.dIdt, e);
    const row = k * ne;
    for (let j = 0; j < ne; j++) {
      const ex = e[3 * j],
        ey = e[3 * j + 1],
        ez = e[3 * j + 2];
      const en = ex * nrm[3 * j] + ey * nrm[3 * j + 1] + ez * nrm[3 * j + 2];
      const mag2 = ex * ex + ey * ey + ez * ez;
      out.E_mag[row + j] = Math.sqrt(mag2);
      out.E_norm[row + j] = en;
      out.E_tan[row + j] = Math.sqrt(Math.max(mag2 - en * en, 0));
    }
    onZap?.(k + 1, zaps.length);
  });
  return out;
}
