// Joins the permutation tests and bootstraps of element shards: per replicate the best over the shards, as one unsharded run.
import type { SurfaceGeometry } from '../../workers/mesh/geodesic';
import { AppError } from '../contract';
import { bootstrapResult, significanceResult } from './resampling-results';
import { combineHotspots, combineMaxima } from './resampling-stats';
import type { ElementMap } from '../contract';

export interface ShardMap {
  dir: string;
  map: ElementMap;
}

/**
 * Every shard ran the same permutations and resamples (they derive from the seed and the replicate index only) on
 * its own elements. The best score of permuted map i over the whole ROI is the best of the shards' bests, and
 * resample i's hotspot is the best of the shards' hotspots; p, threshold, corrected p, frequencies and distances
 * are then recomputed over the merged map. With shard maps equal to the unsharded map's elements this gives the
 * unsharded run's numbers exactly.
 */
export function mergeResampling(
  shards: ShardMap[],
  merged: Pick<ElementMap, 'scores' | 'hotspot' | 'score'>,
  geometry: SurfaceGeometry,
): Pick<ElementMap, 'significance' | 'bootstrap'> {
  const out: Pick<ElementMap, 'significance' | 'bootstrap'> = {};
  const first = shards[0];
  const mismatch = (s: ShardMap, what: string, found: string, expected: string): never => {
    throw new AppError('BAD_ARGUMENT', {
      file: s.dir,
      path: `${s.map.response}/${s.map.qoi} ${what}`,
      found,
      expected: `${expected} as in ${first.dir}`,
    });
  };
  const sig = (s: ShardMap): string =>
    s.map.significance
      ? `${s.map.significance.permutations} permutations, seed ${s.map.significance.seed}`
      : 'none';
  const boot = (s: ShardMap): string =>
    s.map.bootstrap ? `${s.map.bootstrap.n} resamples, seed ${s.map.bootstrap.seed}` : 'none';
  for (const s of shards) {
    if (sig(s) !== sig(first)) mismatch(s, 'permutation test', sig(s), sig(first));
    if (boot(s) !== boot(first)) mismatch(s, 'bootstrap', boot(s), boot(first));
  }
  const n = merged.scores.length;
  const s0 = first.map.significance;
  if (s0) {
    const maxima = combineMaxima(
      shards.map((s) => s.map.significance!.maxima),
      merged.score,
    );
    out.significance = significanceResult(merged.scores, maxima, [0, n], merged.score, s0.seed, false);
  }
  const b0 = first.map.bootstrap;
  if (b0) {
    const best = combineHotspots(
      shards.map((s) => ({ elements: s.map.bootstrap!.elements, scores: s.map.bootstrap!.scores })),
      merged.score,
    );
    out.bootstrap = bootstrapResult(
      geometry,
      merged.hotspot.element,
      best.elements,
      best.scores,
      b0.seed,
      false,
    );
  }
  return out;
}
