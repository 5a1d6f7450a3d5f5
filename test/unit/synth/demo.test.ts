import { describe, expect, it } from 'vitest';

const sameBytes = (a: ArrayBufferView, b: ArrayBufferView) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
import {
  elementColumn,
  foldClass,
  generateDemo,
  planExperiment,
  createSynthRng,
} from '../../../workers/synth';
import { geodesicDistance } from '../../../workers/mesh';

describe('generateDemo', () => {
  const small = { seed: 4, nZaps: 60, gridSpacing: 2.5 };

  it('is deterministic from the seed and differs between seeds', () => {
    const a = generateDemo(small);
    const b = generateDemo(small);
    const c = generateDemo({ ...small, seed: 5 });
    expect(sameBytes(a.efield.E_mag, b.efield.E_mag)).toBe(true);
    expect(sameBytes(a.responses.FDI, b.responses.FDI)).toBe(true);
    expect(a.truth).toEqual(b.truth);
    expect(sameBytes(c.efield.E_mag, a.efield.E_mag)).toBe(false);
  });

  it('holds consistent QOIs: E_mag² = E_norm² + E_tan², all finite', () => {
    const d = generateDemo(small);
    const { E_mag, E_norm, E_tan } = d.efield;
    expect(E_mag.length).toBe(60 * d.cortex.nTriangles);
    let bad = 0;
    for (let i = 0; i < E_mag.length; i++) {
      const ok =
        Number.isFinite(E_mag[i]) &&
        E_mag[i] > 0 &&
        Math.abs(E_mag[i] ** 2 - E_norm[i] ** 2 - E_tan[i] ** 2) < 1e-3 * E_mag[i] ** 2;
      if (!ok) bad++;
    }
    expect(bad).toBe(0);
    // Sulcal walls see the field cross them: E_norm takes both signs over the patch.
    expect(E_norm.some((v) => v > 5) && E_norm.some((v) => v < -5)).toBe(true);
  });

  it('puts three muscles on crowns/rims several mm apart, their curves well sampled', () => {
    const d = generateDemo(small);
    const [fdi, adm, apb] = d.truth.muscles;
    expect([fdi.fold, adm.fold, apb.fold]).toEqual(['crown', 'crown', 'rim']);
    for (const [a, b] of [
      [fdi, adm],
      [fdi, apb],
      [adm, apb],
    ])
      expect(geodesicDistance(d.cortex, a.element, b.element)).toBeGreaterThan(5);
    for (const m of d.truth.muscles) {
      expect(foldClass(d.cortex.fold[m.element])).toBe(m.fold);
      const x = elementColumn(d.efield, m.qoi, m.element, d.cortex.nTriangles);
      const below = x.filter((v) => v < m.params.x0).length;
      // The threshold sits inside the sampled range: a good share of zaps on both sides.
      expect(below).toBeGreaterThan(15);
      expect(below).toBeLessThan(50);
      expect(d.responses[m.muscle].every((y) => y > 0)).toBe(true);
    }
  });

  it('generates the default demo (a few thousand elements, 300 zaps) and logs the time', () => {
    // CPU time next to wall time: on a shared machine the wall time mostly measures the other jobs.
    const cpu0 = process.cpuUsage();
    const d = generateDemo();
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    console.log(
      `default demo: ${d.cortex.nTriangles} elements × ${d.zaps.length} zaps in ${d.seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU`,
    );
    expect(d.cortex.nTriangles).toBeGreaterThan(2000);
    expect(d.cortex.nTriangles).toBeLessThan(10000);
    expect(d.zaps.length).toBe(300);
    expect(new Set(d.zaps.map((z) => z.condition))).toEqual(new Set(['block1', 'block2', 'block3']));
  });
});

describe('planExperiment', () => {
  it('keeps coils on the scalp within the offset disc, at 45 ± 60° and 45–80 % MSO', () => {
    const zaps = planExperiment([0, 0, 80], { nZaps: 500 }, createSynthRng(1));
    for (const z of zaps) {
      expect(Math.hypot(...z.centre)).toBeCloseTo(95, 9);
      expect(Math.hypot(z.centre[0], z.centre[1])).toBeLessThan(25.01);
      expect(z.angle).toBeGreaterThanOrEqual(-15);
      expect(z.angle).toBeLessThanOrEqual(105);
      expect(z.mso).toBeGreaterThanOrEqual(45);
      expect(z.mso).toBeLessThanOrEqual(80);
      // The current direction is tangent to the scalp.
      expect(
        Math.abs(z.direction[0] * z.centre[0] + z.direction[1] * z.centre[1] + z.direction[2] * z.centre[2]),
      ).toBeLessThan(1e-9);
    }
    expect(() => planExperiment([0, 0, 80], { nZaps: 0 }, createSynthRng(1))).toThrow(RangeError);
  });
});
