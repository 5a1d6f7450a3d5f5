// Discontinuity refits: which elements stand out from their neighbours, and which neighbour's parameters to start from.
import type { Csr } from '../../workers/mesh/adjacency';

export interface DiscontinuityPlan {
  /** Ascending elements to refit. */
  elements: Uint32Array;
  /** For each, the neighbour whose parameters start the refit. */
  sources: Uint32Array;
}

/**
 * The reference rule: an element is flagged when score / median(neighbour scores) lies outside
 * (1/factor, factor); it restarts from the neighbour whose score is closest to that median (the lower index
 * on ties, so the plan is deterministic). Elements and neighbours without a finite score are left out, and
 * neighbourhoods whose median is not positive carry no information about the ratio.
 */
export function planDiscontinuityRefits(
  scores: Float64Array,
  neighbours: Csr,
  candidates: Uint32Array,
  factor = 2,
): DiscontinuityPlan {
  const els: number[] = [];
  const src: number[] = [];
  const buf: number[] = [];
  for (const j of candidates) {
    const s = scores[j];
    if (!Number.isFinite(s)) continue;
    buf.length = 0;
    for (let k = neighbours.offsets[j]; k < neighbours.offsets[j + 1]; k++) {
      const v = scores[neighbours.neighbours[k]];
      if (Number.isFinite(v)) buf.push(v);
    }
    if (buf.length === 0) continue;
    const med = median(buf);
    if (!(med > 0)) continue;
    const ratio = s / med;
    if (ratio > 1 / factor && ratio < factor) continue;
    let best = -1;
    let bestDiff = Infinity;
    for (let k = neighbours.offsets[j]; k < neighbours.offsets[j + 1]; k++) {
      const n = neighbours.neighbours[k];
      const v = scores[n];
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

/** Median of a small list (sorts it in place). */
export function median(v: number[]): number {
  v.sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}
