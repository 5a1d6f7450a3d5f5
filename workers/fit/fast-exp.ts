// exp(z) to ≤ 3 ulp, inlined into the model loops, which spend most of their time in exp (3× faster than Math.exp).
//
// Table-driven as in fdlibm/glibc: z = (32·k + j)·ln2/32 + r with |r| ≤ ln2/64 (Cody–Waite split of ln2/32), a
// degree-6 Taylor polynomial for e^r (truncation < 4e-18 relative), 2^(j/32) and 2^k from tables; V8 inlines the
// whole function, while Math.exp is a call into the runtime. Two details decide the speed in V8 (measured with
// test/bench/fit.bench.ts): Math.round costs more than the rest of the function together, so the nearest integer
// comes from the 1.5·2^52 shifter trick (round-to-nearest-even in the FPU; exact for |z·32/ln2| < 2^51), and the
// constants are literals because bundlers turn module constants into mutable `var`s that V8 reloads every time.

const POW2 = new Float64Array(2048);
for (let k = -1022; k <= 1023; k++) POW2[k + 1023] = 2 ** k;
const FRAC = new Float64Array(32);
for (let j = 0; j < 32; j++) FRAC[j] = 2 ** (j / 32);

export function fastExp(z: number): number {
  // Below −708 the result is subnormal (and 0 below −745.1): rare, and left to Math.exp.
  if (!(z > -708) || z > 709) return Math.exp(z);
  return expInRange(z);
}

/** exp(z) for −708 < z ≤ 709 only (no checks): for loops that checked the range of z once for all points. */
export function expInRange(z: number): number {
  // 46.166… = 32/ln2; 6755399441055744 = 1.5·2^52.
  const m = z * 46.16624130844683 + 6755399441055744 - 6755399441055744;
  // ln2/32 split into a high part with trailing zero bits (m·hi is exact) and the rest.
  const r = z - m * 0.02166084938653512 - m * 5.9631716539705866e-12;
  const r2 = r * r;
  // Estrin's scheme keeps the dependency chain short.
  const p =
    1 +
    r +
    r2 * (0.5 + r * 0.16666666666666666) +
    r2 * r2 * (0.041666666666666664 + r * 0.008333333333333333 + r2 * 0.001388888888888889);
  const mi = m | 0;
  return p * FRAC[mi & 31] * POW2[(mi >> 5) + 1023];
}
