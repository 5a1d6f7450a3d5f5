// The WebAssembly SIMD kernel: its committed bytes match kernel.wat, and its sums match the JS loop.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../workers/fit/index';
import { KERNEL_WASM_BASE64 } from '../../../workers/fit/kernel-bytes';
import { accumulate } from '../../../workers/fit/separable';
import { sigmoidKernel } from '../../../workers/fit/sigmoid-kernel';
import { StepScanner } from '../../../workers/fit/step-scan';

const root = join(import.meta.dirname, '../../..');

/**
 * A random problem for the kernel: n ≤ maxN points, x in [10, 160], y log-normal-ish, x0 inside the data and r steep
 * enough in a quarter of the cases (t % 4 === 0) that far points drop below exp(−300); null when the exponent would
 * reach the overflow guard.
 */
function randomCase(rng: () => number, t: number, maxN: number) {
  const n = 1 + Math.floor(rng() * maxN);
  const x = Float64Array.from({ length: n }, () => 10 + 150 * rng());
  const y = Float64Array.from({ length: n }, () => Math.exp(rng() * 2 - 1));
  let xMin = Infinity;
  let xMax = -Infinity;
  for (const v of x) {
    xMin = Math.min(xMin, v);
    xMax = Math.max(xMax, v);
  }
  const x0 = xMin + (xMax - xMin) * rng();
  const r = t % 4 === 0 ? (450 / (xMax - x0 + 1e-9)) * rng() : 0.5 * rng() - 0.05;
  if (Math.max(-r * (xMin - x0), -r * (xMax - x0)) >= 500) return null;
  return { n, x, y, xMin, xMax, x0, r };
}

describe('WebAssembly kernel', () => {
  it('kernel-bytes.ts is the assembly of kernel.wat (run npm run assemble:kernel after editing the .wat)', async () => {
    const mod = (await import(join(root, 'scripts/assemble-kernel.mjs'))) as {
      assembleKernel: () => Promise<Buffer>;
      kernelModuleSource: (bytes: Buffer) => string;
    };
    const bytes = await mod.assembleKernel();
    expect(bytes.toString('base64')).toBe(KERNEL_WASM_BASE64);
    expect(readFileSync(join(root, 'workers/fit/kernel-bytes.ts'), 'utf8')).toBe(
      mod.kernelModuleSource(bytes),
    );
  });

  it('gives the JS loop’s twelve sums (odd and even n, shallow and steep curves, tails below e^-300)', () => {
    const k = sigmoidKernel();
    expect(k).not.toBeNull();
    const rng = createRng(11);
    const js = new Float64Array(12);
    const wasm = new Float64Array(12);
    for (let t = 0; t < 200; t++) {
      const c = randomCase(rng, t, 700);
      if (!c) continue;
      const { n, x, y, xMin, xMax, x0, r } = c;
      const ym = 0.7;
      expect(accumulate(x, y, n, x0, r, ym, js, xMin, xMax)).toBe(true);
      k!.setData(x, y, n);
      expect(accumulate(x, y, n, x0, r, ym, wasm, xMin, xMax, k)).toBe(true);
      for (let i = 0; i < 12; i++) {
        const scale = Math.max(1e-300, Math.abs(js[i]), i < 3 ? n : 0);
        expect(Math.abs(wasm[i] - js[i]) / scale).toBeLessThan(1e-12);
      }
    }
  });

  it('computes each s = 1/(1 + e^z) within 3 ε of Math.exp’s (tails below e^-300 count as s = 1)', () => {
    // The Padé exp shares the sigmoid's division; measured on 85 713 points its worst error is 2.25 ε, as the
    // Taylor polynomial's before it (2.28 ε).
    const k = sigmoidKernel()!;
    const rng = createRng(3);
    let worst = 0;
    let points = 0;
    for (let t = 0; t < 120; t++) {
      const c = randomCase(rng, t, 700);
      if (!c) continue;
      const { n, x, y, xMin, xMax, x0, r } = c;
      k.setData(x, y, n);
      expect(accumulate(x, y, n, x0, r, 0.7, new Float64Array(12), xMin, xMax, k)).toBe(true);
      // With y0 = 0 and amp = 1 the model values from the scratch are the kernel's s, unrounded.
      const s = new Float64Array(n);
      expect(k.fitted(x0, r, 0, 1, y, s, new Float64Array(n))).not.toBeNull();
      for (let i = 0; i < n; i++) {
        const z = -r * (x[i] - x0);
        const ref = z > -300 ? 1 / (1 + Math.exp(z)) : 1;
        worst = Math.max(worst, Math.abs(s[i] - ref) / ref);
        points++;
      }
    }
    expect(points).toBeGreaterThan(30_000);
    expect(worst).toBeLessThan(3 * 2.220446049250313e-16);
  });

  it('gives the bits recorded from this kernel (hash of 275 cases): a change to its arithmetic must be deliberate', () => {
    // The lmfit-path tests and the benchmark map's fidelity rest on these bits; the three passes add every sum in
    // the order the fused loop did (2026-12-02), and the Padé exp (2026-12-03) is the last deliberate change.
    const k = sigmoidKernel()!;
    const rng = createRng(7);
    const out = new Float64Array(12);
    const bits = new BigUint64Array(out.buffer);
    let hash = 0xcbf29ce484222325n;
    let cases = 0;
    for (let t = 0; t < 300; t++) {
      const c = randomCase(rng, t, 900);
      if (!c) continue;
      const { n, x, y, xMin, xMax, x0, r } = c;
      k.setData(x, y, n);
      expect(accumulate(x, y, n, x0, r, 0.7, out, xMin, xMax, k)).toBe(true);
      // FNV-1a over the sums' bits (a zero of either sign counts as +0: padding may add −0).
      for (let i = 0; i < 12; i++) {
        hash = ((hash ^ (out[i] === 0 ? 0n : bits[i])) * 0x100000001b3n) & 0xffffffffffffffffn;
      }
      cases++;
    }
    expect(cases).toBe(275);
    expect(hash.toString(16)).toBe('5f88a21de12ec437');
  });

  it('skips pass 1’s mask where every exponent is above −300: the same bits as the masked loop, evaluation after evaluation', () => {
    // Only evaluations that keep y − ȳ (all but a fit's first) can take the unmasked loop: three per case, the data
    // copied in anew for each contestant.
    const k = sigmoidKernel()!;
    const rng = createRng(31);
    let inside = 0;
    let outside = 0;
    const run = (c: NonNullable<ReturnType<typeof randomCase>>, unmasked: boolean): number[] => {
      const { n, x, y, xMin, xMax, x0, r } = c;
      k.unmasked = unmasked;
      k.setData(x, y, n);
      const got: number[] = [];
      const out = new Float64Array(12);
      for (const [dx, f] of [
        [0, 1],
        [0.5, 1.1],
        [-0.5, 0.9],
        [0, 1],
      ]) {
        const ok = accumulate(x, y, n, x0 + dx, r * f, 0.7, out, xMin, xMax, k);
        got.push(ok ? 1 : 0, ...out);
      }
      return got;
    };
    try {
      for (let t = 0; t < 240; t++) {
        const c = randomCase(rng, t, 700);
        if (!c) continue;
        expect(run(c, true)).toEqual(run(c, false));
        const nr = -c.r;
        if (nr * (c.xMin - c.x0) > -300 && nr * (c.xMax - c.x0) > -300) inside++;
        else outside++;
      }
    } finally {
      k.unmasked = true;
    }
    expect(inside).toBeGreaterThan(100);
    expect(outside).toBeGreaterThan(10);
  });

  it('grows its memory for long data (3 001 points: x, y, the scratch and x as float32 need 157 kB) and keeps its constants', () => {
    const k = sigmoidKernel()!;
    const rng = createRng(5);
    const n = 3001;
    const x = Float64Array.from({ length: n }, () => 10 + 150 * rng());
    const y = Float64Array.from({ length: n }, () => rng());
    const js = new Float64Array(12);
    const wasm = new Float64Array(12);
    expect(k.setData(x, y, n)).toBe(true);
    expect(accumulate(x, y, n, 80, 0.05, 0.5, js, 10, 160)).toBe(true);
    expect(accumulate(x, y, n, 80, 0.05, 0.5, wasm, 10, 160, k)).toBe(true);
    for (let i = 0; i < 12; i++)
      expect(Math.abs(wasm[i] - js[i]) / Math.max(Math.abs(js[i]), n)).toBeLessThan(1e-12);
    // The float32 copy of x lives beyond the first 64 kB too.
    expect(accumulate(x, y, n, 80, 0.05, 0.5, wasm, 10, 160, k, true)).toBe(true);
    for (let i = 0; i < 12; i++)
      expect(Math.abs(wasm[i] - js[i]) / Math.max(Math.abs(js[i]), n)).toBeLessThan(1e-6);
  });

  it('scans step thresholds to the same split, bit for bit, as the JS scanner (ties, odd n, both levels)', () => {
    const k = sigmoidKernel()!;
    const js = new StepScanner();
    const rng = createRng(13);
    let compared = 0;
    for (let t = 0; t < 300; t++) {
      const n = 2 + Math.floor(rng() * 900);
      // Every third case on a coarse grid, so that many x values tie (splits between equal x are skipped).
      const x = Float64Array.from({ length: n }, () =>
        t % 3 === 0 ? Math.round(rng() * 20) / 4 : Math.fround(0.2 + 3 * rng() * rng()),
      );
      const y = Float64Array.from({ length: n }, () => rng() * rng());
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of x) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      const freeLeft = t % 4 !== 1;
      k.setData(x, y, n);
      const a = k.stepScan(lo, hi, freeLeft);
      const b = js.scan(x, y, n, freeLeft);
      expect(Object.is(a.threshold, b.threshold)).toBe(true);
      expect(Object.is(a.r2, b.r2)).toBe(true);
      compared++;
    }
    expect(compared).toBe(300);
    // The same y under new x (every element of a job: the same owner and generation of y): the kernel keeps y and
    // its sums of y, still the JS split to the bit; a new generation (y changed in place) or another owner in
    // between copies y again and sums it again.
    const owner = {};
    const other = {};
    for (let t = 0; t < 40; t++) {
      const n = 3 + Math.floor(rng() * 600);
      const y = Float64Array.from({ length: n }, () => rng() * rng());
      for (let round = 0; round < 4; round++) {
        if (round === 2) y[Math.floor(rng() * n)] += 0.25;
        if (round === 3) {
          const yOther = Float64Array.from(y, (v) => v + 1);
          k.setData(Float64Array.from(y), yOther, n, other, 1, 10 * t + 2);
          k.stepScan(0, 4, t % 2 === 0);
        }
        const x = Float64Array.from({ length: n }, () => Math.fround(0.2 + 3 * rng()));
        let lo = Infinity;
        let hi = -Infinity;
        for (const v of x) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        const freeLeft = t % 2 === 0;
        k.setData(x, y, n, owner, t * 10 + round, 10 * t + [0, 0, 1, 2][round]);
        const a = k.stepScan(lo, hi, freeLeft);
        const b = js.scan(x, y, n, freeLeft);
        expect(Object.is(a.threshold, b.threshold) && Object.is(a.r2, b.r2)).toBe(true);
      }
    }
    // One x value only: no split, as in JS.
    k.setData(Float64Array.of(2, 2, 2), Float64Array.of(1, 2, 3), 3);
    expect(k.stepScan(2, 2, true)).toEqual({ threshold: NaN, r2: NaN });
  });

  it('keeps y − ȳ between evaluations, and computes it again when ȳ, y or the scratch change', () => {
    // Every evaluation must give the sums a fresh kernel (no cache) gives: compared bit for bit with a JS-side
    // recomputation through setData, which always starts afresh.
    const k = sigmoidKernel()!;
    const rng = createRng(21);
    const c = randomCase(rng, 1, 300)!;
    const { n, x, y, xMin, xMax } = c;
    const y2 = y.map((v) => v * 1.5 + 0.1);
    const owner = {};
    const fresh = (yy: Float64Array, x0: number, r: number, ym: number): Float64Array => {
      const out = new Float64Array(12);
      k.setData(x, yy, n);
      accumulate(x, yy, n, x0, r, ym, out, xMin, xMax, k);
      return out;
    };
    const cached = (yy: Float64Array, gen: number, x0: number, r: number, ym: number): Float64Array => {
      const out = new Float64Array(12);
      if (!k.holds(owner, gen)) k.setData(x, yy, n, owner, gen, gen);
      accumulate(x, yy, n, x0, r, ym, out, xMin, xMax, k);
      return out;
    };
    const steps: [Float64Array, number, number, number, number][] = [
      [y, 1, c.x0, 0.05, 0.7],
      [y, 1, c.x0 + 1, 0.06, 0.7], // the same ȳ: yc kept
      [y, 1, c.x0 + 2, 0.07, 0.3], // another ȳ
      [y, 1, c.x0 + 2, 0.07, 0.7], // back
      [y2, 2, c.x0, 0.05, 0.7], // other y, the same ȳ
      [y2, 2, c.x0 + 1, 0.05, 0.7],
    ];
    // The expected sums first (each from freshly copied data), then the sequence on one owner's data, uninterrupted.
    const expected = steps.map(([yy, , x0, r, ym]) => Array.from(fresh(yy, x0, r, ym)));
    const got = steps.map(([yy, gen, x0, r, ym]) => Array.from(cached(yy, gen, x0, r, ym)));
    expect(got).toEqual(expected);
    // The step scan sorts in the scratch; the float32 approach writes it too.
    const want = Array.from(fresh(y, c.x0, 0.05, 0.7));
    const after = (disturb: () => void, gen: number): number[] => {
      k.setData(x, y, n, owner, gen, gen);
      accumulate(x, y, n, c.x0, 0.05, 0.7, new Float64Array(12), xMin, xMax, k);
      disturb();
      const out = new Float64Array(12);
      accumulate(x, y, n, c.x0, 0.05, 0.7, out, xMin, xMax, k);
      return Array.from(out);
    };
    expect(after(() => k.stepScan(xMin, xMax, true), 3)).toEqual(want);
    expect(
      after(() => accumulate(x, y, n, c.x0, 0.05, 0.3, new Float64Array(12), xMin, xMax, k, true), 4),
    ).toEqual(want);
  });

  it('gives the model values and residuals at the last evaluation from its scratch, and nothing elsewhere', () => {
    const k = sigmoidKernel()!;
    const rng = createRng(17);
    let compared = 0;
    for (let t = 0; t < 100; t++) {
      const c = randomCase(rng, t, 700);
      if (!c) continue;
      const { n, x, y, xMin, xMax, x0, r } = c;
      const y0 = 0.2;
      const d = 1.7;
      k.setData(x, y, n);
      const fit = new Float64Array(n);
      const res = new Float64Array(n);
      // Nothing evaluated since the data came in.
      expect(k.fitted(x0, r, y0, d, y, fit, res)).toBeNull();
      expect(accumulate(x, y, n, x0, r, 0.7, new Float64Array(12), xMin, xMax, k)).toBe(true);
      expect(k.fitted(x0, r + 1e-9, y0, d, y, fit, res)).toBeNull();
      const cost = k.fitted(x0, r, y0, d, y, fit, res)!;
      // One expect per case (not per point: 100 cases of up to 700 points).
      let c2 = 0;
      let worst = 0;
      let residualsExact = true;
      for (let i = 0; i < n; i++) {
        const f = y0 + d / (1 + Math.exp(-r * (x[i] - x0)));
        worst = Math.max(worst, Math.abs(fit[i] - f) / Math.max(1, Math.abs(f)));
        if (res[i] !== fit[i] - y[i]) residualsExact = false;
        c2 += res[i] * res[i];
      }
      expect(worst).toBeLessThan(1e-14);
      expect(residualsExact).toBe(true);
      expect(cost).toBe(0.5 * c2);
      // The step scan sorts in the same scratch: afterwards the kernel has nothing to give.
      k.stepScan(xMin, xMax, true);
      expect(k.fitted(x0, r, y0, d, y, fit, res)).toBeNull();
      compared++;
    }
    expect(compared).toBeGreaterThan(80);
  });

  it('gives the twelve sums with the first loop in float32 (a fit’s approach phase) to ~1e-5, any n mod 4', () => {
    const k = sigmoidKernel()!;
    const rng = createRng(19);
    const exact = new Float64Array(12);
    const approx = new Float64Array(12);
    const residues = new Set<number>();
    let compared = 0;
    let worst = 0;
    for (let t = 0; t < 200; t++) {
      const c = randomCase(rng, t, 700);
      if (!c) continue;
      const { n, x, y, xMin, xMax, x0, r } = c;
      // E is stored as float32: the float32 copy of x is then exact.
      for (let i = 0; i < n; i++) x[i] = Math.fround(x[i]);
      k.setData(x, y, n);
      expect(accumulate(x, y, n, x0, r, 0.7, exact, xMin, xMax, k)).toBe(true);
      expect(accumulate(x, y, n, x0, r, 0.7, approx, xMin, xMax, k, true)).toBe(true);
      for (let i = 0; i < 12; i++) {
        // The s sums against n; the others against 1 where they nearly cancel (steep curves).
        const scale = Math.max(Math.abs(exact[i]), i < 3 ? n : 1);
        worst = Math.max(worst, Math.abs(approx[i] - exact[i]) / scale);
      }
      // The float32 pass leaves no s to reuse for the final model values.
      expect(k.fitted(x0, r, 0, 1, y, new Float64Array(n), new Float64Array(n))).toBeNull();
      residues.add(n % 4);
      compared++;
    }
    expect(compared).toBeGreaterThan(150);
    expect(residues.size).toBe(4);
    // 1.1e-5 at worst over these cases (x − x0 in float32 near steep thresholds); 2.6e-7 on real E.
    expect(worst).toBeLessThan(5e-5);
  });

  it('leaves the overflow guard to the caller: an exponent ≥ 500 returns false before the kernel runs', () => {
    const k = sigmoidKernel()!;
    const x = Float64Array.of(0, 10, 20);
    const y = Float64Array.of(1, 2, 3);
    k.setData(x, y, 3);
    expect(accumulate(x, y, 3, 20, 30, 2, new Float64Array(12), 0, 20, k)).toBe(false);
  });
});
