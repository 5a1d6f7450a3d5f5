// Which way a score is better: the one place the renderer decides it (ranking, threshold, colour scale, hotspot checks).
// At merge this reads the contract's `better` field of a map; until then it follows the backend's isBetter rule.
import type { ScoreType } from '../../../main/api/contract';

export type Better = 'higher' | 'lower';

/** R², R²(old), SR and Spearman ρ: higher is better; AIC and BIC (information criteria): lower is better. */
export function scoreDirection(score: ScoreType): Better {
  return score === 'AIC' || score === 'BIC' ? 'lower' : 'higher';
}

/** Sort comparator value: negative when score a is better than b (NaN last is the caller's job). */
export function compareScores(a: number, b: number, better: Better): number {
  return better === 'higher' ? b - a : a - b;
}

/** True when v passes a threshold: at least it for higher-is-better, at most it for lower-is-better. */
export function passesThreshold(v: number, threshold: number, better: Better): boolean {
  return better === 'higher' ? v >= threshold : v <= threshold;
}

/** The words a label or a help text uses. */
export function directionWords(better: Better): string {
  return better === 'higher' ? 'higher is better' : 'lower is better';
}
