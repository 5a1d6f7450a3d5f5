// Seeded element shuffling and chunking: spreads slow elements over chunks without making results depend on the order.
import { createRng } from '../../workers/fit/rng';
import { elementSeed } from '../../workers/element-seed';

/** Fisher–Yates permutation of 0..n-1 from a seeded stream (same seed → same permutation everywhere). */
export function seededPermutation(n: number, seed: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  const rng = createRng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * Splits the positions 0..n-1, shuffled by `seed`, into chunks of at most `chunkSize`. With `tail`, the chunks shrink
 * as the job nears its end (guided scheduling): a chunk holds at most ⌈R / (4 · tail.workers)⌉ of the R elements
 * still to be dispatched (these n and `tail.after` beyond them), and at least `tail.minChunk`. A worker that draws
 * the last large chunk otherwise keeps working for a whole chunk (~0.1 s on lmfit's path) while the other waits.
 */
export function shuffledChunks(
  n: number,
  chunkSize: number,
  seed: number,
  tail?: { after: number; workers: number; minChunk: number },
): Uint32Array[] {
  const perm = seededPermutation(n, seed);
  const out: Uint32Array[] = [];
  for (let i = 0; i < n;) {
    let size = chunkSize;
    if (tail) {
      const workers = tail.workers >= 1 ? tail.workers : 1;
      const guided = Math.ceil((n - i + Math.max(0, tail.after)) / (4 * workers));
      size = Math.min(chunkSize, Math.max(tail.minChunk, guided));
    }
    out.push(perm.subarray(i, Math.min(n, i + size)));
    i += size;
  }
  return out;
}

/** A sub-seed for one purpose (e.g. the shuffle of one block) that does not collide with element streams. */
export function subSeed(seed: number, what: number, index: number): number {
  return elementSeed(seed ^ 0x5bd1e995, what, index);
}
