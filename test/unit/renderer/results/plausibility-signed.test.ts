import { describe, expect, it } from 'vitest';
import { dataFlags } from '../../../../renderer/src/results/plausibility';

describe('dataFlags with signed-data selection', () => {
  // 40 zaps: 32 with E < 0, 8 with E > 0.
  const e = Float64Array.from({ length: 40 }, (_, k) => (k < 32 ? -10 - k : 10 + k));

  it('counts the zaps the run fitted, whichever sign it kept (here the minority)', () => {
    const ids = (f: ReturnType<typeof dataFlags>): string[] => f.map((x) => x.id);
    const minoritySign = dataFlags({ e, signed: { nFit: 8 } });
    expect(ids(minoritySign)).toEqual(['few-zaps', 'sign-minority']);
    expect(minoritySign[0].short).toBe('8 zaps');
    expect(minoritySign[1].detail).toContain('32 of 40 zaps');
    const majority = dataFlags({ e, signed: { nFit: 32 } });
    expect(majority.find((f) => f.id === 'sign-minority')?.detail).toContain('8 of 40 zaps');
    // Without selection every zap was fitted, whatever the QOI.
    expect(ids(dataFlags({ e }))).toEqual([]);
  });
});
