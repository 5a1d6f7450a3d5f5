// The recorded pose that best stimulated each hotspot: the used zap with the largest E at the hotspot per unit intensity.
import { openDataset } from '../dataset';
import type { EfieldSource } from '../types';
import type { MappingResult } from '../../contract';
import { checkPoseCount, readCoilPoses, type CoilPoses } from './coil-poses';

/** The chosen zap of one map and what its choice rests on. */
export interface BestPose {
  /** 0-based zap index into the input files. */
  zap: number;
  /** SimNIBS pose (row-major 4×4, mm), orthonormalised. */
  pose: Float64Array;
  /** E of the map's QOI at the hotspot element in that zap (V/m, as stored). */
  e: number;
  /** The zap's realised intensity (A/µs) when the responses hold one, else null (E compared as stored). */
  intensity: number | null;
  /** e / intensity (or e): what was maximised. */
  perUnit: number;
  /** Zaps of the selection whose pose was unusable and therefore not considered. */
  skippedZaps: number;
}

/** What the target writers get besides the result and the ROI: poses and the best one per map (key response/qoi). */
export interface TargetInputs {
  poses: CoilPoses | null;
  best: Map<string, BestPose | null>;
  /** Everything skipped or assumed, for the user (CLI stderr, targets/README.txt). */
  warnings: string[];
}

export const mapKey = (response: string, qoi: string): string => `${response}/${qoi}`;

/**
 * Reads the poses (`posesFile`, or else the responses file when it holds them) and picks the best zap per map.
 * An explicitly named poses file that is wrong is an error (POSE_COUNT_MISMATCH, COLUMN_NOT_FOUND, …); poses
 * found in passing in the responses file that cannot be used only give a warning, and targets then fall back to
 * the element normal. Never throws for per-zap problems (NaN, shear, reflection, untracked): those zaps are skipped.
 */
export async function resolveTargetInputs(
  result: MappingResult,
  posesFile?: string | null,
): Promise<TargetInputs> {
  const warnings: string[] = [];
  const inputs = result.spec.inputs;
  const explicit = !!posesFile;
  let poses: CoilPoses | null = null;
  try {
    poses = await readCoilPoses(posesFile || inputs.responsesFile, { required: explicit });
  } catch (e) {
    if (explicit) throw e;
    warnings.push(
      `coil poses in ${inputs.responsesFile} not used: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (!poses) return { poses: null, best: new Map(), warnings };
  for (const s of poses.skipped.slice(0, 10))
    warnings.push(`zap ${s.zap}: pose skipped (${s.reason}) in ${poses.file} ${poses.source}`);
  if (poses.skipped.length > 10)
    warnings.push(`… ${poses.skipped.length - 10} more zaps with unusable poses`);
  try {
    return { poses, best: await bestPerMap(result, poses, warnings), warnings };
  } catch (e) {
    if (explicit) throw e;
    warnings.push(`coil poses of ${poses.file} not used: ${e instanceof Error ? e.message : String(e)}`);
    return { poses: null, best: new Map(), warnings };
  }
}

/** Opens the job's E-field again and reads each hotspot's column over the used zaps. */
async function bestPerMap(
  result: MappingResult,
  poses: CoilPoses,
  warnings: string[],
): Promise<Map<string, BestPose | null>> {
  const best = new Map<string, BestPose | null>();
  const ds = await openDataset(result.spec.inputs);
  try {
    checkPoseCount(poses, ds.efield.nZaps, ds.efield.file);
    for (const m of result.maps) {
      const key = mapKey(m.response, m.qoi);
      if (m.hotspot.element < 0) {
        best.set(key, null);
        continue;
      }
      const e = await readHotspotE(ds.efield, m.qoi, m.hotspot.element, result.zapIndices);
      const choice = chooseBestPose(e, result.zapIndices, poses.poses, ds.responses.intensity);
      if (!choice)
        warnings.push(`${key}: no zap of the selection has a usable pose; orientation from the normal`);
      best.set(key, choice);
    }
  } finally {
    ds.close();
  }
  return best;
}

function readHotspotE(
  efield: EfieldSource,
  qoi: MappingResult['maps'][number]['qoi'],
  element: number,
  zaps: Uint32Array,
): Promise<Float32Array> {
  return efield.readColumns(qoi, element, element + 1, zaps);
}

/**
 * The zap (of `zaps`) maximising E / intensity at the hotspot, among zaps with a usable pose and a finite
 * positive intensity (or all when there is no intensity column). The lowest zap wins ties. Null when none qualifies.
 */
export function chooseBestPose(
  e: ArrayLike<number>,
  zaps: ArrayLike<number>,
  poses: (Float64Array | null)[],
  intensity: Float64Array | null,
): BestPose | null {
  let best: BestPose | null = null;
  let skipped = 0;
  for (let k = 0; k < zaps.length; k++) {
    const zap = zaps[k];
    const pose = poses[zap];
    const i = intensity ? intensity[zap] : null;
    if (!pose || !Number.isFinite(e[k]) || (i !== null && !(Number.isFinite(i) && i > 0))) {
      skipped++;
      continue;
    }
    const perUnit = i === null ? e[k] : e[k] / i;
    if (!best || perUnit > best.perUnit) best = { zap, pose, e: e[k], intensity: i, perUnit, skippedZaps: 0 };
  }
  if (best) best.skippedZaps = skipped;
  return best;
}
