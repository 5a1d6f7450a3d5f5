// Signed-data selection scores every element on all zaps, and reports how many zaps were fitted and on which sign.
import { describe, expect, it } from 'vitest';
import { ElementJob } from '../../../workers/element-job';
import { createRng, ElementFitter, selectSignedData } from '../../../workers/fit/index';
import type { InitMessage } from '../../../workers/protocol';
import { gauss } from './problems';

const N = 200;
const MINORITY = 23;

/**
 * y is driven by element 1 (all-positive E, a sigmoid); element 0 has negative E on 23 zaps, where |E| happens to
 * follow y, and unrelated positive E on the rest: its fit to the 23 zaps is excellent, but says nothing about the
 * other 177 (the E⊥ "hotspot" resting on a minority sign).
 */
function data(): { x: Float32Array; y: Float64Array } {
  const rng = createRng(7);
  const drive = Float64Array.from({ length: N }, () => 40 + 60 * rng());
  const y = drive.map((e) => 0.05 + 2 / (1 + Math.exp(-0.15 * (e - 70))) + 0.05 * gauss(rng));
  const x = new Float32Array(2 * N);
  for (let k = 0; k < N; k++) {
    x[k] = k < MINORITY ? -(10 + 30 * (y[k] + 0.02 * gauss(rng))) : 5 + 50 * rng();
    x[N + k] = drive[k];
  }
  return { x, y };
}

describe('signed-data selection scored on all zaps', () => {
  it('a minority-sign fit cannot outrank an element that explains every zap; n_fit and sign are reported', async () => {
    const { x, y } = data();
    const init: InitMessage = {
      type: 'init',
      fit: { fun: 'sigmoid4', score: 'R2' },
      nZaps: N,
      seed: 1,
      nRefit: 0,
      badElementScreen: false,
      signedData: true,
    };
    const job = new ElementJob(init);
    const res = await job.run(
      { type: 'fit-block', blockId: 0, elements: Uint32Array.of(0, 1), x, y, mode: 'first' },
      { progress: () => true },
    );
    expect(res).not.toBeNull();
    const r = res!;
    expect(Array.from(r.nFit!)).toEqual([MINORITY, N]);
    expect(Array.from(r.sign!)).toEqual([-1, 1]);

    // The subset's own R² is high (what the old rule compared) ...
    const x0 = Float64Array.from(x.subarray(0, N));
    const sel = selectSignedData(x0, y)!;
    const fitter = new ElementFitter({ fun: 'sigmoid4', score: 'R2' }, N);
    const subset = fitter.fit(sel.x, sel.y);
    expect(subset.score).toBeGreaterThan(0.8);
    // ... but on all zaps (the rest predicted at the curve's value at E = 0) it is far below the true driver.
    const clipped = x0.map((v) => Math.max(-v, 0));
    expect(r.scores[0]).toBeCloseTo(fitter.scoreOn(clipped, y, subset.params), 12);
    expect(r.scores[0]).toBeLessThan(0.5);
    expect(r.scores[1]).toBeGreaterThan(0.8);
    expect(r.scores[1]).toBeGreaterThan(r.scores[0]);
  });

  it('without signed-data selection no per-element counts are sent', async () => {
    const { x, y } = data();
    const job = new ElementJob({
      type: 'init',
      fit: { fun: 'sigmoid4', score: 'R2' },
      nZaps: N,
      seed: 1,
      nRefit: 0,
      badElementScreen: false,
      signedData: false,
    });
    const r = await job.run(
      { type: 'fit-block', blockId: 0, elements: Uint32Array.of(1), x: x.slice(N), y, mode: 'first' },
      { progress: () => true },
    );
    expect(r?.nFit).toBeUndefined();
    expect(r?.sign).toBeUndefined();
  });
});
