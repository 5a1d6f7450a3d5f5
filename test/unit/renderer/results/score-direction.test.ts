// The renderer follows a map's score direction: with AIC (lower is better) ranking, threshold and colours favour low values.
import { describe, expect, it } from 'vitest';
import { scoreDirection } from '../../../../renderer/src/results/scoreDirection';
import { topElements } from '../../../../renderer/src/results/topElements';
import { autoRange, colourCells } from '../../../../renderer/src/results/scoreMapTraces';
import { colourStops } from '../../../../renderer/src/results/colourScales';

const aic = [-120, 35, -300, 80, NaN];
const input = {
  scores: aic,
  params: new Float64Array(aic.length),
  paramNames: [],
  status: new Uint8Array(aic.length),
  statusNames: { 0: 'converged' },
  centroids: new Float64Array(3 * aic.length),
};

describe('score direction', () => {
  it('names AIC and BIC lower-is-better and the R² family higher-is-better', () => {
    expect((['AIC', 'BIC'] as const).map((s) => scoreDirection(s))).toEqual(['lower', 'lower']);
    expect((['R2', 'R2_old', 'SR', 'rho'] as const).map((s) => scoreDirection(s))).toEqual([
      'higher',
      'higher',
      'higher',
      'higher',
    ]);
  });

  it('ranks the lowest AIC first and the highest R² first', () => {
    expect(topElements({ ...input, better: 'lower' }, 3).map((r) => r.element)).toEqual([2, 0, 1]);
    expect(topElements({ ...input, better: 'higher' }, 3).map((r) => r.element)).toEqual([3, 1, 0]);
  });

  it('greys out elements worse than the threshold: above it for AIC, below it for R²', () => {
    const range = autoRange(aic, 'lower');
    // No zero floor for AIC: negative values are good fits, not "no fit".
    expect(range).toEqual([-300, 80]);
    const lower = colourCells(aic, { scale: 'viridis', range, threshold: 0, better: 'lower' });
    // 35 and 80 are worse than 0; NaN is grey too.
    expect(lower.greyCount).toBe(3);
    expect(lower.intensity[2]).toBe(-300);
    expect(lower.intensity[1]).toBe(lower.cmin);
    const higher = colourCells(aic, { scale: 'viridis', range, threshold: 0, better: 'higher' });
    expect(higher.greyCount).toBe(3);
    expect(higher.intensity[3]).toBe(80);
    expect(higher.intensity[2]).toBe(higher.cmin);
  });

  it('gives the best AIC the bright end of the colour scale', () => {
    const c = colourCells(aic, { scale: 'viridis', range: [-300, 80], threshold: null, better: 'lower' });
    const stops = colourStops('viridis');
    const bright = stops[stops.length - 1][1];
    // Just above the grey band (lowest score = best) sits the scale's bright end.
    expect(c.colorscale[2][1]).toBe(bright);
    expect(c.colorscale.at(-1)![1]).toBe(stops[0][1]);
  });
});
