// The run's one-line description names the step start (beyond the reference) when it ran, and nothing for the default.
import { describe, expect, it } from 'vitest';
import { runDescription } from '../../../../renderer/src/results/runDescription';
import { DEFAULT_MODEL } from '../../../../main/contract';

describe('runDescription', () => {
  it('describes muscles × QOIs, zaps and model; says "step start" only when it was turned on', () => {
    const line = runDescription(['p2p_FDI', 'p2p_ADM'], ['E_mag'], 120, DEFAULT_MODEL);
    expect(line).toBe('FDI, ADM × |E| · 120 zaps · sigmoid4, R²');
    expect(runDescription(['p2p_FDI'], ['E_mag'], 120, { ...DEFAULT_MODEL, stepStart: true })).toBe(
      'FDI × |E| · 120 zaps · sigmoid4, R² · step start',
    );
    expect(runDescription(['p2p_FDI'], ['E_mag'], 120, { ...DEFAULT_MODEL, fastSolver: true })).toBe(
      'FDI × |E| · 120 zaps · sigmoid4, R² · fast solver',
    );
  });
});
