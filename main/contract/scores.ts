// Each score's direction (AIC/BIC: lower is better), carried with every map so no viewer guesses, and the one comparison.
import type { ScoreType } from '../../workers/fit/types';

/** Which way a score improves. */
export type ScoreDirection = 'higher' | 'lower';

/** AIC and BIC are better when lower; every other score (R², SR, ρ) when higher. */
export function scoreDirection(score: ScoreType): ScoreDirection {
  return score === 'AIC' || score === 'BIC' ? 'lower' : 'higher';
}

/** True when score `a` beats `b`: a finite score beats a missing (NaN/±Inf) one; ties are not better. */
export function isBetter(a: number, b: number, better: ScoreDirection): boolean {
  if (!Number.isFinite(a)) return false;
  if (!Number.isFinite(b)) return true;
  return better === 'lower' ? a < b : a > b;
}

/** Sort comparator, best first (non-finite scores last); 0 on ties so a stable sort keeps the prior order. */
export function compareScores(a: number, b: number, better: ScoreDirection): number {
  return isBetter(a, b, better) ? -1 : isBetter(b, a, better) ? 1 : 0;
}
