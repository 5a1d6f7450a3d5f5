// Seeded random numbers for the synthetic data (xoshiro128**, Gaussian by Box–Muller): same seed, same dataset, on every platform.

export interface SynthRng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
}

/** SplitMix32 spreads a small integer seed over the 128-bit state, so seeds 1, 2, 3 give unrelated streams. */
function splitMix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createSynthRng(seed: number): SynthRng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const init = splitMix32(Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32));
  let a = init(),
    b = init(),
    c = init(),
    d = init();
  if ((a | b | c | d) === 0) a = 1;
  const next = (): number => {
    const result = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = ((d << 11) | (d >>> 21)) >>> 0;
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    return result;
  };
  let spare: number | null = null;
  const uniform = (): number => (next() + (next() >>> 11) / 2 ** 21) / 2 ** 32;
  return {
    uniform,
    normal(): number {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = uniform();
      const v = uniform();
      const rad = Math.sqrt(-2 * Math.log(u));
      spare = rad * Math.sin(2 * Math.PI * v);
      return rad * Math.cos(2 * Math.PI * v);
    },
  };
}
