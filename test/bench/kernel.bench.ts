// bench:kernel — one evaluation of the separable fit's twelve sums: the WebAssembly kernel against the JS loop, and
// optionally against the kernel.wat of an earlier commit (--against <rev>), side by side in one process.
//
// The kernel is the fitting's hot loop (~27 evaluations per element on the benchmark map), so its µs per evaluation
// sets most of a worker's CPU. Times are the best of 9 rounds of 20 000 evaluations each (the least disturbed round
// on a shared machine); every contestant gets the same data and (x0, r) sequence, and the sums are compared bit for
// bit with the current kernel's (the float32 first loop of a fit's approach phase: by its largest difference).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import initWabt from 'wabt';
import { accumulate } from '../../workers/fit/separable';
import { sigmoidKernel } from '../../workers/fit/sigmoid-kernel';

const { values: args } = parseArgs({
  options: {
    points: { type: 'string', default: '100,500,1000' },
    against: { type: 'string' },
  },
});
const root = resolve(import.meta.dirname, '../..');
const ROUNDS = 9;
const EVALS = 20_000;

interface Contestant {
  name: string;
  /** Loads n points; returns the function that evaluates the sums at (x0, r) into `out`. */
  load(x: Float64Array, y: Float64Array, n: number): (x0: number, r: number, out: Float64Array) => void;
}

const ym = 0.7;

/** The smallest and largest of x[0..n) (NaN if any is). */
function range(x: Float64Array, n: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, x[i]);
    hi = Math.max(hi, x[i]);
  }
  return [lo, hi];
}
const kernel = sigmoidKernel();
if (!kernel) throw new Error('WebAssembly SIMD is not available in this Node');

const contestants: Contestant[] = [
  {
    name: 'WebAssembly kernel',
    load(x, y, n) {
      kernel.setData(x, y, n);
      return (x0, r, out) => kernel.accumulate(x0, r, ym, out);
    },
  },
  {
    // The approach phase of a fit: s, u and u·t in float32 (four points per step), the sums in f64.
    name: 'WebAssembly kernel, float32 first loop',
    load(x, y, n) {
      kernel.setData(x, y, n);
      return (x0, r, out) => kernel.accumulate(x0, r, ym, out, true);
    },
  },
  {
    name: 'JS loop (fallback)',
    load(x, y, n) {
      const [xMin, xMax] = range(x, n);
      return (x0, r, out) => {
        accumulate(x, y, n, x0, r, ym, out, xMin, xMax);
      };
    },
  },
];

/**
 * The kernel.wat of an earlier commit, assembled here: the fused single loop (until a4d50a6) took a weight per point
 * and no init; the three-loop kernel takes a scratch offset and writes its constants once with init().
 */
async function earlierKernel(rev: string): Promise<Contestant> {
  const text = execFileSync('git', ['show', `${rev}:workers/fit/kernel.wat`], {
    cwd: root,
    encoding: 'utf8',
  });
  const wabt = await initWabt();
  const mod = wabt.parseWat('kernel.wat', text, { simd: true });
  mod.resolveNames();
  mod.validate();
  const bytes = new Uint8Array(mod.toBinary({}).buffer);
  mod.destroy();
  const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as {
    memory: WebAssembly.Memory;
    init?: () => void;
    accumulate(
      n: number,
      x0: number,
      r: number,
      ym: number,
      a: number,
      b: number,
      c: number,
      fresh?: number,
      inside?: number,
    ): void;
  };
  ex.init?.();
  const withInit = typeof ex.init === 'function';
  return {
    name: `kernel.wat of ${rev}`,
    load(x, y, n) {
      const nPad = n + (n & 1);
      // Data from byte 1 024 since the float32 loop's constants (accumulate32), 512 before, 128 in the fused kernel.
      const base = 'accumulate32' in ex ? 1024 : withInit ? 512 : 128;
      const need = base + 48 * nPad;
      if (need > ex.memory.buffer.byteLength)
        ex.memory.grow(Math.ceil((need - ex.memory.buffer.byteLength) / 65536));
      const f = new Float64Array(ex.memory.buffer);
      const xo = base;
      const yo = base + 8 * nPad;
      const third = base + 16 * nPad;
      f.set(x.subarray(0, n), xo / 8);
      f.set(y.subarray(0, n), yo / 8);
      if (nPad > n) {
        f[xo / 8 + n] = x[0];
        f[yo / 8 + n] = 0;
      }
      // The fused kernel's third region holds the weights (1, and 0 for the padding point).
      if (!withInit) {
        f.fill(1, third / 8, third / 8 + n);
        if (nPad > n) f[third / 8 + n] = 0;
      }
      const len = withInit ? n : nPad;
      // Kernels since 2026-12-03 take an eighth argument, 0 once the scratch holds y − ȳ (older ones ignore it): the
      // first evaluation computes it, as in a fit.
      let fresh = 1;
      // Kernels since 2026-12-03 afternoon take a ninth, 1 where no point's exponent is at or below −300 (the same test
      // as sigmoid-kernel.ts's; older ones ignore it): without it they would run their masked loop only.
      const [xMin, xMax] = range(x, n);
      return (x0, r, out) => {
        const inside = -r * (xMin - x0) > -300 && -r * (xMax - x0) > -300 ? 1 : 0;
        ex.accumulate(len, x0, r, ym, xo, yo, third, fresh, inside);
        fresh = 0;
        const g = new Float64Array(ex.memory.buffer, 0, 12);
        out.set(g);
      };
    },
  };
}

if (args.against) contestants.push(await earlierKernel(args.against));

// Deterministic data shaped like an element's E (0.5–1.5) and MEPs (0–1); a sweep of x0 near the data's middle.
function data(n: number): { x: Float64Array; y: Float64Array } {
  const x = Float64Array.from({ length: n }, (_, i) => 0.5 + ((i * 7919) % 1000) / 1000);
  const y = Float64Array.from({ length: n }, (_, i) => ((i * 104729) % 997) / 997);
  return { x, y };
}

const summary: string[] = [];
for (const n of (args.points ?? '').split(',').map(Number)) {
  const { x, y } = data(n);
  const ref = new Float64Array(12);
  const out = new Float64Array(12);
  const fns = contestants.map((c) => c.load(x, y, n));
  const best = contestants.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    fns.forEach((fn, j) => {
      const t = performance.now();
      for (let k = 0; k < EVALS; k++) fn(1.0 + (k & 7) * 0.01, 5, out);
      best[j] = Math.min(best[j], ((performance.now() - t) * 1000) / EVALS);
    });
  }
  // Against the current kernel at a few points: the same bits (zeros of either sign count as equal), and the largest
  // difference relative to each sum (to 1 for sums below 1 in magnitude: near-cancelling sums of steep curves would
  // make any relative measure meaningless), which is what the float32 loop is judged by.
  const compare = (fn: (typeof fns)[number]): { same: boolean; worst: number } => {
    let same = true;
    let worst = 0;
    for (const [x0, r] of [
      [1.03, 5],
      [1.2, 40],
      [0.7, 0.1],
      [1.0, 300],
    ]) {
      fns[0](x0, r, ref);
      fn(x0, r, out);
      for (let i = 0; i < 12; i++) {
        if (!(Object.is(ref[i], out[i]) || (ref[i] === 0 && out[i] === 0))) same = false;
        worst = Math.max(worst, Math.abs(out[i] - ref[i]) / Math.max(Math.abs(ref[i]), 1));
      }
    }
    return { same, worst };
  };
  const checks = fns.map(compare);
  const line = contestants
    .map(
      (c, j) =>
        `${c.name} ${best[j].toFixed(2)} µs${
          j === 1
            ? ` (sums within ${checks[1].worst.toExponential(1)} relative)`
            : j > 0
              ? checks[j].same
                ? ' (same bits)'
                : ' (other bits)'
              : ''
        }`,
    )
    .join('; ');
  console.log(`${n} points: ${line}`);
  summary.push(
    `n${n}_us=${best[0].toFixed(2)} n${n}_f32_us=${best[1].toFixed(2)}${args.against ? ` n${n}_against_us=${best[3].toFixed(2)}` : ''}`,
  );
}
console.log(`bench:kernel ${summary.join(' ')}`);
