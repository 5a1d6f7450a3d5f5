// Statistics of the permutation test (max statistic, FWE) and of the hotspot bootstrap; pure functions on plain arrays.
import type { ScoreType } from '../../workers/fit/types';
import { scoreDirection } from '../contract';

/** AIC and BIC are better when lower. */
const lowerIsBetter = (score: ScoreType): boolean => scoreDirection(score) === 'lower';

/** FWE level of the reported threshold. */
export const FWE_ALPHA = 0.05;

/**
 * `a` is at least as good as `b` in the score's direction (≥, or ≤ for AIC/BIC). A missing `a` (a permuted map
 * without any score) is never as good; ties count as "as good", which keeps the test conservative.
 */
export function atLeastAsGood(a: number, b: number, score: ScoreType): boolean {
  if (Number.isNaN(a)) return false;
  return lowerIsBetter(score) ? a <= b : a >= b;
}

/** Best finite score of `scores[start..end)` in the score's direction (−∞, or +∞ for AIC/BIC, when none). */
export function bestScore(scores: Float64Array, start: number, end: number, score: ScoreType): number {
  const low = lowerIsBetter(score);
  let best = low ? Infinity : -Infinity;
  for (let j = start; j < end; j++) {
    const v = scores[j];
    if (!Number.isFinite(v)) continue;
    if (low ? v < best : v > best) best = v;
  }
  return best;
}

/** Elementwise best of several maxima vectors (shards of one permutation test: the max over all elements). */
export function combineMaxima(parts: Float64Array[], score: ScoreType): Float64Array {
  const low = lowerIsBetter(score);
  const out = new Float64Array(parts[0].length).fill(low ? Infinity : -Infinity);
  for (const p of parts) {
    if (p.length !== out.length) throw new Error(`maxima of ${p.length} and ${out.length} permutations`);
    for (let i = 0; i < p.length; i++) {
      const v = p[i];
      if (Number.isNaN(v)) continue;
      if (low ? v < out[i] : v > out[i]) out[i] = v;
    }
  }
  return out;
}

/**
 * FWE-corrected p of an observed score against the permutation maxima: (1 + #{max at least as good}) / (N + 1),
 * counting the observed map as one of the orderings (so the smallest possible p is 1/(N + 1), never 0).
 * A map without any score (bestScore's −∞, +∞ for AIC/BIC: every element screened out) gets p = 1: no evidence.
 */
export function pFwe(observed: number, maxima: Float64Array, score: ScoreType): number {
  if (Number.isNaN(observed)) return NaN;
  if (observed === (lowerIsBetter(score) ? Infinity : -Infinity)) return 1;
  let k = 0;
  for (const m of maxima) if (atLeastAsGood(m, observed, score)) k++;
  return (1 + k) / (maxima.length + 1);
}

/** Corrected p of every element of `scores` (sorting the maxima once: O((n + N) log N)). */
export function elementPFwe(scores: Float64Array, maxima: Float64Array, score: ScoreType): Float64Array {
  const low = lowerIsBetter(score);
  // Maxima in the "better = larger" orientation, ascending; NaN maxima never count.
  const m = Float64Array.from(
    Array.from(maxima).filter((v) => !Number.isNaN(v)),
    (v) => (low ? -v : v),
  ).sort();
  const n1 = maxima.length + 1;
  const out = new Float64Array(scores.length);
  for (let j = 0; j < scores.length; j++) {
    const s = scores[j];
    if (!Number.isFinite(s)) {
      out[j] = NaN;
      continue;
    }
    const t = low ? -s : s;
    // #{m ≥ t} = length − (first index with m ≥ t).
    let lo = 0;
    let hi = m.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (m[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    out[j] = (1 + m.length - lo) / n1;
  }
  return out;
}

/**
 * The score threshold for FWE level `alpha`: an element is significant (p ≤ alpha) when its score is strictly
 * better than the returned value, i.e. when at most ⌊alpha·(N + 1)⌋ − 1 permutation maxima reach it; that is the
 * ⌊alpha·(N + 1)⌋-th best maximum. NaN when N is too small for the level (N + 1 < 1/alpha).
 */
export function fweThreshold(maxima: Float64Array, score: ScoreType, alpha = FWE_ALPHA): number {
  const k = Math.floor(alpha * (maxima.length + 1) + 1e-9);
  if (k < 1) return NaN;
  const low = lowerIsBetter(score);
  // NaN maxima (a permuted map without scores) rank last.
  const sorted = Array.from(maxima, (v) => (Number.isNaN(v) ? -Infinity : low ? -v : v)).sort(
    (a, b) => b - a,
  );
  const v = sorted[k - 1];
  return low ? -v : v;
}

/** Median (mean of the two middle values for an even count); Infinity sorts last. NaN for an empty list. */
export function median(values: Float64Array): number {
  if (values.length === 0) return NaN;
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Nearest-rank q-quantile: the ⌈q·n⌉-th smallest value (never interpolates past a resample). */
export function nearestRankQuantile(values: Float64Array, q: number): number {
  if (values.length === 0) return NaN;
  const s = Float64Array.from(values).sort();
  const r = Math.min(s.length, Math.max(1, Math.ceil(q * s.length - 1e-9)));
  return s[r - 1];
}

/** Per element, the fraction of resamples whose hotspot it was (resamples without a hotspot count in the total). */
export function hotspotFrequency(elements: Int32Array, nElements: number): Float64Array {
  const f = new Float64Array(nElements);
  for (const e of elements) if (e >= 0) f[e] += 1;
  for (let j = 0; j < nElements; j++) f[j] /= Math.max(1, elements.length);
  return f;
}

/**
 * Joins the per-resample hotspots of shards: for each resample the best score over the shards wins (the lower
 * element on ties, as findHotspot does over a whole map, given the parts in ascending element order).
 */
export function combineHotspots(
  parts: { elements: Int32Array; scores: Float64Array }[],
  score: ScoreType,
): { elements: Int32Array; scores: Float64Array } {
  const n = parts[0].elements.length;
  const elements = new Int32Array(n).fill(-1);
  const scores = new Float64Array(n).fill(NaN);
  for (const p of parts) {
    if (p.elements.length !== n) throw new Error(`hotspots of ${p.elements.length} and ${n} resamples`);
    for (let i = 0; i < n; i++) {
      const e = p.elements[i];
      const s = p.scores[i];
      if (e < 0 || !Number.isFinite(s)) continue;
      const better =
        elements[i] < 0 ||
        (lowerIsBetter(score) ? s < scores[i] : s > scores[i]) ||
        (s === scores[i] && e < elements[i]);
      if (better) {
        elements[i] = e;
        scores[i] = s;
      }
    }
  }
  return { elements, scores };
}

export interface BootstrapFigures {
  frequency: Float64Array;
  distances: Float64Array;
  radius95: number;
  medianDistance: number;
  stability: number;
}

/**
 * What the resampled hotspots say about the observed one. `distanceFrom[e]`: geodesic distance (mm) from the
 * observed hotspot to element e. Resamples without a hotspot count as infinitely far (conservative).
 */
export function bootstrapFigures(
  elements: Int32Array,
  observed: number,
  distanceFrom: Float64Array,
): BootstrapFigures {
  const distances = Float64Array.from(elements, (e) =>
    e < 0 || observed < 0 ? Infinity : e === observed ? 0 : distanceFrom[e],
  );
  let same = 0;
  for (const e of elements) if (e >= 0 && e === observed) same++;
  return {
    frequency: hotspotFrequency(elements, distanceFrom.length),
    distances,
    radius95: nearestRankQuantile(distances, 0.95),
    medianDistance: median(distances),
    stability: elements.length > 0 ? same / elements.length : NaN,
  };
}
