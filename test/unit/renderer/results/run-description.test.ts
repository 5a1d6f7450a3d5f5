// The run's one-line description names a turned-off step start (beyond the reference) and nothing for the default.
import { describe, expect, it } from 'vitest';
import { runDescription } from '../../../../renderer/src/results/runDescription';
import { DEFAULT_MODEL } from '../../../../main/contract';

describe('runDescription', () => {
  it('describes muscles × QOIs, zaps and model; says "no step start" only when it was turned off', () => {
    const line = runDescription(['p2p_FDI', 'p2p_ADM'], ['E_mag'], 120, DEFAULT_MODEL);
    expect(line).toBe('FDI, ADM × |E| · 120 zaps · sigmoid4, R²');
    expect(runDescription(['p2p_FDI'], ['E_mag'], 120, { ...DEFAULT_MODEL, stepStart: false })).toBe(
      'FDI × |E| · 120 zaps · sigmoid4, R² · no step start',
    );
    // A session from before the option: absent means on.
    const { stepStart: _absent, ...older } = DEFAULT_MODEL;
    expect(runDescription(['p2p_FDI'], ['E_mag'], null, older)).toBe('FDI × |E| · ? zaps · sigmoid4, R²');
  });
});
