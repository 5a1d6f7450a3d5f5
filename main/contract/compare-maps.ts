// Element-by-element agreement of a score map with one or more reference maps (e.g. pyNIBS run on two lab PCs).
import { isBetter, type ScoreDirection } from './scores';

/** How one map stands against one reference. */
export interface AgainstReference {
  /** Elements worse than the reference by more than the tolerance, and better by more than it. */
  below: number;
  above: number;
  /** Those elements, in index order. */
  belowElements: number[];
  aboveElements: number[];
  /** Elements within 1e-6 of the reference (the same answer up to rounding). */
  within1e6: number;
  /** The largest shortfall (≥ 0) and where; element −1 when none is worse at all. */
  largestShortfall: number;
  largestShortfallElement: number;
}

export interface Best {
  element: number;
  score: number;
}

export interface MapComparison {
  elements: number;
  tolerance: number;
  direction: ScoreDirection;
  /** Elements where the map, or each reference, has no finite score; such elements are not counted anywhere else. */
  nonFiniteMap: number;
  nonFiniteReferences: number[];
  /** Elements compared: finite in the map and in every reference. */
  compared: number;
  references: AgainstReference[];
  /**
   * Worse than every reference by more than the tolerance (with one reference: below it). Where references disagree
   * with each other, an element the map places between them is the references' own spread, not a departure.
   */
  belowAll: number;
  aboveAll: number;
  /** The elements below every reference, in index order. */
  belowAllElements: number[];
  /** The belowAll element furthest below the best of the references (−1: none). */
  worstBelowAll: number;
  /** With two or more references: elements on which they differ from each other by more than the tolerance. */
  referencesApart: number;
  best: { map: Best; references: Best[] };
}

/** One QOI's comparison as `tms-mapper compare` and the app's Compare tab report it. */
export interface QoiComparison extends MapComparison {
  qoi: string;
  /** The map's score type (R2 unless the file says; references must match it). */
  scoreType: string;
  /** Distance (mm, the map's geometry) from the map's best element to each reference's; null without geometry. */
  bestDistances: (number | null)[];
}

function worse(a: number, ref: number, direction: ScoreDirection): number {
  return direction === 'higher' ? ref - a : a - ref;
}

function bestOf(scores: Float64Array, direction: ScoreDirection): Best {
  let element = -1;
  for (let i = 0; i < scores.length; i++) {
    if (element < 0 ? Number.isFinite(scores[i]) : isBetter(scores[i], scores[element], direction))
      element = i;
  }
  return { element, score: element >= 0 ? scores[element] : NaN };
}

/** Compares `map` with each of `refs` (same length) at `tolerance` (worse/better by more than it counts). */
export function compareMaps(
  map: Float64Array,
  refs: Float64Array[],
  tolerance: number,
  direction: ScoreDirection = 'higher',
): MapComparison {
  const n = map.length;
  const references: AgainstReference[] = refs.map(() => ({
    below: 0,
    above: 0,
    belowElements: [],
    aboveElements: [],
    within1e6: 0,
    largestShortfall: 0,
    largestShortfallElement: -1,
  }));
  const nonFiniteReferences = refs.map((r) => r.reduce((c, v) => c + (Number.isFinite(v) ? 0 : 1), 0));
  let nonFiniteMap = 0;
  let compared = 0;
  const belowAllElements: number[] = [];
  let aboveAll = 0;
  let worstBelowAll = -1;
  let worstGap = -Infinity;
  let referencesApart = 0;
  for (let i = 0; i < n; i++) {
    const a = map[i];
    if (!Number.isFinite(a)) nonFiniteMap++;
    if (!Number.isFinite(a) || refs.some((r) => !Number.isFinite(r[i]))) continue;
    compared++;
    // The smallest and largest shortfall over the references: below every one ⇔ the smallest exceeds the tolerance,
    // above every one ⇔ the largest is under minus the tolerance.
    let minShort = Infinity;
    let maxShort = -Infinity;
    let lo = Infinity;
    let hi = -Infinity;
    refs.forEach((r, k) => {
      const d = worse(a, r[i], direction);
      const s = references[k];
      if (d > tolerance) s.belowElements.push(i);
      if (d < -tolerance) s.aboveElements.push(i);
      if (Math.abs(d) <= 1e-6) s.within1e6++;
      if (d > s.largestShortfall) {
        s.largestShortfall = d;
        s.largestShortfallElement = i;
      }
      minShort = Math.min(minShort, d);
      maxShort = Math.max(maxShort, d);
      lo = Math.min(lo, r[i]);
      hi = Math.max(hi, r[i]);
    });
    if (minShort > tolerance) {
      belowAllElements.push(i);
      if (minShort > worstGap) {
        worstGap = minShort;
        worstBelowAll = i;
      }
    }
    if (maxShort < -tolerance) aboveAll++;
    if (refs.length > 1 && hi - lo > tolerance) referencesApart++;
  }
  for (const s of references) {
    s.below = s.belowElements.length;
    s.above = s.aboveElements.length;
  }
  return {
    elements: n,
    tolerance,
    direction,
    nonFiniteMap,
    nonFiniteReferences,
    compared,
    references,
    belowAll: belowAllElements.length,
    aboveAll,
    belowAllElements,
    worstBelowAll,
    referencesApart,
    best: { map: bestOf(map, direction), references: refs.map((r) => bestOf(r, direction)) },
  };
}
