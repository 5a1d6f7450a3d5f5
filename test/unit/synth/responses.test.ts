import { describe, expect, it } from 'vitest';
import { createSynthRng, quantile, recruitmentFor, sigmoid4, simulateMeps } from '../../../workers/synth';

describe('MEP model', () => {
  const p = { x0: 100, r: 0.08, amp: 2, y0: 0.01 };

  it('is the noiseless sigmoid when all noise is off', () => {
    const x = Float64Array.from([50, 90, 100, 110, 160]);
    const y = simulateMeps(x, p, { excitabilitySd: 0, log10Sd: 0, floorRange: [0, 0] }, createSynthRng(3));
    x.forEach((xi, k) => expect(y[k]).toBeCloseTo(sigmoid4(xi, p), 12));
    expect(sigmoid4(100, p)).toBeCloseTo((2 + 0.01) / 2, 12);
  });

  it('has log-normal output noise of the requested SD and a positive floor', () => {
    const x = new Float64Array(20000).fill(200); // on the plateau: only εy and the floor act
    const y = simulateMeps(
      x,
      p,
      { excitabilitySd: 0.1, log10Sd: 0.15, floorRange: [0.005, 0.02] },
      createSynthRng(5),
    );
    const logs = Array.from(y, (v) => Math.log10(v - 0.0125));
    const mean = logs.reduce((a, b) => a + b) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length);
    expect(sd).toBeGreaterThan(0.14);
    expect(sd).toBeLessThan(0.16);
    expect(Math.min(...y)).toBeGreaterThan(0);
  });

  it('places x0 at the requested quantile of the field and rises 10→90 % over width · x0', () => {
    const x = Float64Array.from({ length: 101 }, (_, i) => 40 + i);
    const q = recruitmentFor(x, 0.6, 0.5, 3, 0.01);
    expect(q.x0).toBeCloseTo(quantile(x, 0.6), 12);
    expect(q.x0).toBeCloseTo(100, 12);
    const rise = (Math.log(9) * 2) / q.r;
    expect(rise).toBeCloseTo(50, 9);
    expect(() => recruitmentFor(new Float64Array(5), 0.5, 0.5, 1, 0)).toThrow(RangeError);
  });

  it('is reproducible from the seed', () => {
    const x = Float64Array.from([80, 100, 120]);
    const noise = { excitabilitySd: 0.1, log10Sd: 0.2, floorRange: [0.005, 0.02] as [number, number] };
    expect(simulateMeps(x, p, noise, createSynthRng(9))).toEqual(
      simulateMeps(x, p, noise, createSynthRng(9)),
    );
    expect(simulateMeps(x, p, noise, createSynthRng(9))).not.toEqual(
      simulateMeps(x, p, noise, createSynthRng(10)),
    );
  });
});
