// Which way a score is better, for the renderer's ranking, threshold and colour scale: the contract's direction
// (every map carries `better`), plus the two small rules the views add on top of it.
import { compareScores, scoreDirection, type ScoreDirection } from '../../../main/contract';

export type Better = ScoreDirection;
export { compareScores, scoreDirection };

/** True when v passes a threshold: at least it for higher-is-better, at most it for lower-is-better. */
export function passesThreshold(v: number, threshold: number, better: Better): boolean {
  return better === 'higher' ? v >= threshold : v <= threshold;
}

/** The words a label or a help text uses. */
export function directionWords(better: Better): string {
  return better === 'higher' ? 'higher is better' : 'lower is better';
}
