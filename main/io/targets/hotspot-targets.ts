// One navigation target per response × QOI hotspot: centroid, outward normal and a SimNIBS coil pose with its origin.
import type { ElementMap, MappingResult } from '../../contract';
import type { RoiGeometry } from '../types';
import { responseDisplayName } from '../responses';
import { mapKey, type BestPose, type TargetInputs } from './best-pose';
import { outwardNormal, poseFromNormal, type Mat4 } from './pose-math';

type Vec3 = [number, number, number];

export interface HotspotTarget {
  /** e.g. hotspot_FDI_E_mag: letters, digits, _ . - only (safe in every file format and file name). */
  name: string;
  response: string;
  qoi: string;
  element: number;
  score: number;
  scoreType: string;
  /** Hotspot centroid, mm, subject space of the head mesh (= summary.json hotspot.centroid). */
  centroid: Vec3;
  /** Unit normal of the element, turned away from the head's inside. */
  outward: Vec3;
  /** How `outward` was turned: towards the recorded coil, or away from the subject-space origin. */
  outwardFrom: 'recorded coil' | 'origin';
  /** SimNIBS orientation for the target (translation = centroid). */
  orientation: Mat4;
  orientationFrom: 'recorded pose' | 'element normal';
  best: BestPose | null;
}

export function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]+/g, '_');
}

/** Maps without a hotspot (every element failed) get no target. */
export function hotspotTargets(
  result: MappingResult,
  roi: RoiGeometry,
  inputs: TargetInputs | undefined,
): HotspotTarget[] {
  return result.maps.filter((m) => m.hotspot.element >= 0).map((m) => targetOf(m, roi, inputs));
}

function targetOf(m: ElementMap, roi: RoiGeometry, inputs: TargetInputs | undefined): HotspotTarget {
  const j = m.hotspot.element;
  const centroid: Vec3 = [...m.hotspot.centroid];
  let normal: Vec3 = [roi.normals[3 * j], roi.normals[3 * j + 1], roi.normals[3 * j + 2]];
  // a degenerate (zero-area) triangle has no normal: fall back to the direction from the origin
  if (!normal.every(Number.isFinite) || Math.hypot(...normal) < 0.5) {
    const r = Math.hypot(...centroid);
    normal = r > 0 ? [centroid[0] / r, centroid[1] / r, centroid[2] / r] : [0, 0, 1];
  }
  const best = inputs?.best.get(mapKey(m.response, m.qoi)) ?? null;
  // the recorded coil is outside the head: a point mirrored through the centroid is inside
  const inside: Vec3 = best
    ? [2 * centroid[0] - best.pose[3], 2 * centroid[1] - best.pose[7], 2 * centroid[2] - best.pose[11]]
    : [0, 0, 0];
  const outward = outwardNormal(normal, centroid, inside);
  let orientation: Mat4;
  if (best) {
    orientation = Float64Array.from(best.pose);
    orientation[3] = centroid[0];
    orientation[7] = centroid[1];
    orientation[11] = centroid[2];
  } else orientation = poseFromNormal(centroid, outward);
  return {
    name: safeName(`hotspot_${responseDisplayName(m.response)}_${m.qoi}`),
    response: m.response,
    qoi: m.qoi,
    element: j,
    score: m.hotspot.score,
    scoreType: m.score,
    centroid,
    outward,
    outwardFrom: best ? 'recorded coil' : 'origin',
    orientation,
    orientationFrom: best ? 'recorded pose' : 'element normal',
    best,
  };
}
