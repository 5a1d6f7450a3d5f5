// The hotspot of a map: the best-scoring element and its centroid (what users hand to neuronavigation next).
import { isBetterScore } from '../../workers/fit/scores';
import type { ScoreType } from '../../workers/fit/types';
import type { Hotspot } from './types';

/** AIC and BIC are better when lower; every other score when higher. */
export function lowerIsBetter(score: ScoreType): boolean {
  return score === 'AIC' || score === 'BIC';
}

/** True when score `a` beats `b` (a finite score beats a missing one; the fit engine's rule otherwise). */
export function isBetter(a: number, b: number, score: ScoreType): boolean {
  if (!Number.isFinite(a)) return false;
  if (!Number.isFinite(b)) return true;
  return isBetterScore(score, a, b);
}

/** Best finite element (lowest index on ties); element −1 and NaN score when the map has none. */
export function findHotspot(scores: Float64Array, centroids: Float64Array, score: ScoreType): Hotspot {
  let best = -1;
  for (let j = 0; j < scores.length; j++)
    if (isBetter(scores[j], best < 0 ? NaN : scores[best], score)) best = j;
  if (best < 0) return { element: -1, score: NaN, centroid: [NaN, NaN, NaN] };
  return {
    element: best,
    score: scores[best],
    centroid: [centroids[3 * best], centroids[3 * best + 1], centroids[3 * best + 2]],
  };
}
