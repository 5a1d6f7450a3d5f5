// The score map's hover text carries each element's FWE-corrected p when the map ran a permutation test.
import { describe, expect, it } from 'vitest';
import { cellHoverTexts, pFweHover } from '../../../../renderer/src/results/scoreMapTraces';

describe('p_FWE on hover', () => {
  it('adds the corrected p per element, "≤ floor" at 1/(N + 1), nothing without a score', () => {
    const scores = [0.9, 0.4, NaN];
    const texts = cellHoverTexts(scores, 'R²', null, undefined, {
      values: new Float64Array([0.01, 0.37, NaN]),
      permutations: 99,
    });
    expect(texts[0]).toBe('element 0<br>R² = 0.9<br>p_FWE ≤ 0.01');
    expect(texts[1]).toBe('element 1<br>R² = 0.4<br>p_FWE = 0.37');
    expect(texts[2]).not.toContain('p_FWE');
  });

  it('keeps the status note after the p and leaves maps without a test as they were', () => {
    const withStatus = cellHoverTexts(
      [0.5],
      'R²',
      new Uint8Array([2]),
      { 2: 'refitted' },
      {
        values: [1],
        permutations: 19,
      },
    );
    expect(withStatus[0]).toBe('element 0<br>R² = 0.5<br>p_FWE = 1<br>refitted');
    expect(cellHoverTexts([0.5], 'R²')[0]).toBe('element 0<br>R² = 0.5');
    expect(pFweHover(0.05, 19)).toBe('<br>p_FWE ≤ 0.05');
    expect(pFweHover(0.1, 19)).toBe('<br>p_FWE = 0.1');
  });
});
