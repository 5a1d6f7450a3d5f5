// Discontinuity refits: which elements stand out from their neighbours, and which neighbour's parameters to start from.
import type { Csr } from '../../workers/mesh/adjacency';

export interface DiscontinuityPlan {
  /** Ascending elements to refit. */
  elements: Uint32Array;
  /** For each, the neighbour whose parameters start the refit. */
  sources: Uint32Array;
}

/**
 * The reference rule (pyNIBS get_indices_discontinuous_data as regress_data calls it): an element is flagged when
 * score / median(neighbour scores) lies outside (1/factor, factor); it restarts from the neighbour whose score is
 * closest to that median (the lower index on ties, so the plan is deterministic). Elements and neighbours without a
 * finite score are left out. As the reference, a score of exactly 0 counts as 1e-12 (so a zero element among zero
 * neighbours is not flagged) and so does a median of exactly 0; a negative median is used as it is, so an element
 * with a positive score among mostly negative neighbours is flagged.
 */
export function planDiscontinuityRefits(
  scores: Float64Array,
  neighbours: Csr,
  candidates: Uint32Array,
  factor = 2,
): DiscontinuityPlan {
  const els: number[] = [];
  const src: number[] = [];
  // The neighbours' scores of one element; a typed buffer sorted by insertion (a dozen values), not Array.sort
  // with a comparator: this runs once per map on the main process while every worker waits (~60 ms → a few ms cold).
  let buf = new Float64Array(16);
  for (const j of candidates) {
    const s = nonZero(scores[j]);
    if (!Number.isFinite(s)) continue;
    const from = neighbours.offsets[j];
    const to = neighbours.offsets[j + 1];
    if (to - from > buf.length) buf = new Float64Array(2 * (to - from));
    let m = 0;
    for (let k = from; k < to; k++) {
      const v = scores[neighbours.neighbours[k]];
      if (Number.isFinite(v)) buf[m++] = nonZero(v);
    }
    if (m === 0) continue;
    const med = nonZero(medianInPlace(buf, m));
    const ratio = s / med;
    if (ratio > 1 / factor && ratio < factor) continue;
    let best = -1;
    let bestDiff = Infinity;
    for (let k = neighbours.offsets[j]; k < neighbours.offsets[j + 1]; k++) {
      const n = neighbours.neighbours[k];
      const v = nonZero(scores[n]);
      if (!Number.isFinite(v)) continue;
      const d = Math.abs(v - med);
      if (d < bestDiff || (d === bestDiff && n < best)) {
        bestDiff = d;
        best = n;
      }
    }
    els.push(j);
    src.push(best);
  }
  return { elements: Uint32Array.from(els), sources: Uint32Array.from(src) };
}

/** The reference replaces exact zeros (scores and the median) by 1e-12 before it divides. */
export const ZERO_SCORE = 1e-12;
function nonZero(v: number): number {
  return v === 0 ? ZERO_SCORE : v;
}

/** Median of a small list (sorts it in place). */
export function median(v: number[]): number {
  const a = Float64Array.from(v);
  return medianInPlace(a, a.length);
}

/** Median of v[0..n) (no NaN), sorting that part in place by insertion (n is small: a mesh element's neighbours). */
function medianInPlace(v: Float64Array, n: number): number {
  for (let i = 1; i < n; i++) {
    const x = v[i];
    let k = i - 1;
    while (k >= 0 && v[k] > x) {
      v[k + 1] = v[k];
      k--;
    }
    v[k + 1] = x;
  }
  const m = n >> 1;
  return n % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}
