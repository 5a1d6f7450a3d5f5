// Turns raw replicate outcomes (permutation maxima, resampled hotspots) into the reported results; shared by the job and `merge`.
import type { ScoreType } from '../../workers/fit/types';
import { geodesicDistances, type SurfaceGeometry } from '../../workers/mesh/geodesic';
import { bestScore, bootstrapFigures, elementPFwe, fweThreshold, pFwe } from './resampling-stats';
import type { BootstrapResult, SignificanceResult } from '../contract';

/** The permutation test of one map from its scores (NaN outside `range`) and the maxima of its permuted maps. */
export function significanceResult(
  scores: Float64Array,
  maxima: Float64Array,
  range: [number, number],
  score: ScoreType,
  seed: number,
  partial: boolean,
): SignificanceResult {
  const observed = bestScore(scores, range[0], range[1], score);
  return {
    permutations: maxima.length,
    seed,
    maxima,
    observed,
    pFwe: pFwe(observed, maxima, score),
    thresholdFwe05: fweThreshold(maxima, score),
    elementP: elementPFwe(scores, maxima, score),
    partial,
  };
}

/** The bootstrap of one map's hotspot from each resample's hotspot element and score. */
export function bootstrapResult(
  geometry: SurfaceGeometry,
  observedHotspot: number,
  elements: Int32Array,
  scores: Float64Array,
  seed: number,
  partial: boolean,
): BootstrapResult {
  const nElements = geometry.centroids.length / 3;
  const from =
    observedHotspot >= 0
      ? geodesicDistances(geometry, observedHotspot)
      : new Float64Array(nElements).fill(Infinity);
  const f = bootstrapFigures(elements, observedHotspot, from);
  return {
    n: elements.length,
    seed,
    elements,
    scores,
    frequency: f.frequency,
    distances: f.distances,
    radius95: f.radius95,
    medianDistance: f.medianDistance,
    stability: f.stability,
    partial,
  };
}
