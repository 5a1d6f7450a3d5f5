// Per-element random seeds: a hash of (job seed, element, round), so results never depend on worker, chunk or order.

/** Mixes the job seed with an element index and a round number into a 32-bit seed (murmur3-style finaliser). */
export function elementSeed(seed: number, element: number, round: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const v of [element, round]) {
    h = Math.imul(h ^ (v >>> 0), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}
