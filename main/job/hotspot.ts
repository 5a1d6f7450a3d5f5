// The hotspot of a map: the best-scoring element and its centroid (what users hand to neuronavigation next).
import type { ScoreType } from '../../workers/fit/types';
import { isBetter, scoreDirection, type Hotspot } from '../contract';

/** Best finite element (lowest index on ties); element −1 and NaN score when the map has none. */
export function findHotspot(scores: Float64Array, centroids: Float64Array, score: ScoreType): Hotspot {
  const better = scoreDirection(score);
  let best = -1;
  for (let j = 0; j < scores.length; j++)
    if (isBetter(scores[j], best < 0 ? NaN : scores[best], better)) best = j;
  if (best < 0) return { element: -1, score: NaN, centroid: [NaN, NaN, NaN] };
  return {
    element: best,
    score: scores[best],
    centroid: [centroids[3 * best], centroids[3 * best + 1], centroids[3 * best + 2]],
  };
}
