// Convergence of maps over growing zap counts: the default steps, the NRMSD between two maps, and one step's figures.
import type { ScoreType } from '../../workers/fit/types';
import { geodesicDistance } from '../../workers/mesh/geodesic';
import type { ConvergenceStep } from '../contract';
import type { RoiGeometry } from '../io/types';
import { findHotspot } from './hotspot';

/** 20, 40, … up to all zaps (all is always the last step). */
export function defaultConvergenceSteps(nZaps: number, step = 20): number[] {
  const out: number[] = [];
  for (let n = step; n < nZaps; n += step) out.push(n);
  out.push(nZaps);
  return out;
}

/** Checks user steps: ascending integers in [2, nZaps]; returns them deduplicated and sorted. */
export function normaliseSteps(steps: number[], nZaps: number): number[] {
  const ok = [...new Set(steps.filter((n) => Number.isInteger(n) && n >= 2 && n <= nZaps))].sort(
    (a, b) => a - b,
  );
  return ok;
}

/**
 * NRMSD = sqrt(mean((c − c_ref)²)) / (max c_ref − min c_ref), over elements finite in both maps (the
 * reference's definition; c_ref is the later map of two consecutive steps).
 */
export function nrmsd(c: Float64Array, ref: Float64Array): number {
  let s = 0;
  let n = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < ref.length; j++) {
    if (!Number.isFinite(c[j]) || !Number.isFinite(ref[j])) continue;
    const d = c[j] - ref[j];
    s += d * d;
    n++;
    if (ref[j] < lo) lo = ref[j];
    if (ref[j] > hi) hi = ref[j];
  }
  if (n === 0 || !(hi > lo)) return NaN;
  return Math.sqrt(s / n) / (hi - lo);
}

/**
 * One convergence step from its map: the hotspot, the NRMSD to the previous step and the geodesic distance between
 * their hotspots over the whole ROI. Shared by the job and by the merge of shards, so both compute it alike.
 */
export function convergenceStep(
  prev: ConvergenceStep | undefined,
  nZaps: number,
  scores: Float64Array,
  roi: RoiGeometry,
  score: ScoreType,
  figures: { mutualCoherence: number; svRatio: number },
): ConvergenceStep {
  const hotspot = findHotspot(scores, roi.centroids, score);
  return {
    nZaps,
    scores,
    nrmsd: prev ? nrmsd(prev.scores, scores) : NaN,
    hotspotDistance:
      prev && prev.hotspot.element >= 0 && hotspot.element >= 0
        ? geodesicDistance(roi, prev.hotspot.element, hotspot.element)
        : NaN,
    hotspot,
    mutualCoherence: figures.mutualCoherence,
    svRatio: figures.svRatio,
  };
}
