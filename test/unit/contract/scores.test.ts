import { describe, expect, it } from 'vitest';
import { compareScores, isBetter, scoreDirection } from '../../../main/contract/scores';
import { SCORE_TYPES } from '../../../workers/fit/types';
import { isBetterScore } from '../../../workers/fit/scores';

describe('score direction', () => {
  it('says AIC and BIC are better when lower, every other score when higher', () => {
    expect(SCORE_TYPES.filter((s) => scoreDirection(s) === 'lower')).toEqual(['AIC', 'BIC']);
    expect(isBetter(-120, -80, scoreDirection('AIC'))).toBe(true);
    expect(isBetter(0.9, 0.5, scoreDirection('R2'))).toBe(true);
    expect(isBetter(0.5, 0.5, 'higher')).toBe(false);
  });

  it('ranks finite scores before missing ones in either direction', () => {
    for (const better of ['higher', 'lower'] as const) {
      expect(isBetter(1, NaN, better)).toBe(true);
      expect(isBetter(Infinity, 1, better)).toBe(false);
      expect(isBetter(NaN, NaN, better)).toBe(false);
    }
  });

  it('sorts best first with compareScores (AIC: ascending, R²: descending, NaN last)', () => {
    const v = [3, NaN, -2, 7];
    expect([...v].sort((a, b) => compareScores(a, b, 'lower'))).toEqual([-2, 3, 7, NaN]);
    expect([...v].sort((a, b) => compareScores(a, b, 'higher'))).toEqual([7, 3, -2, NaN]);
  });

  it('agrees with the fit engine on finite scores for every score type', () => {
    const pairs = [
      [1, 2],
      [2, 1],
      [-5, -3],
      [0.5, 0.5],
    ];
    for (const s of SCORE_TYPES)
      for (const [a, b] of pairs) expect(isBetter(a, b, scoreDirection(s))).toBe(isBetterScore(s, a, b));
  });
});
