// Which zaps each permutation/resample uses: exchangeable blocks (conditions), seeded per index, and the up-front checks.
import { createRng } from '../../workers/fit/rng';
import { AppError, OPTION_RANGES } from '../contract';
import { subSeed } from './element-order';

/** Purposes of sub-seeds (distinct from the job's other sub-seed purposes: 11 stepdown, 21 quality sample). */
const PERMUTATION_STREAM = 31;
const BOOTSTRAP_STREAM = 32;

/** Largest counts accepted (the contract's ranges; checkJobSpec refuses the rest). */
export const MAX_PERMUTATIONS = OPTION_RANGES.permutations.max;
export const MAX_BOOTSTRAP = OPTION_RANGES.bootstrap.max;

/**
 * Positions (into the selected zaps) grouped by condition, in order of first appearance; one block when the
 * responses have no conditions. Zaps are exchangeable within a block only: a condition (coil position, session,
 * intensity block) may shift the responses as a whole, and shuffling across blocks would test that shift too.
 */
export function exchangeBlocks(conditionOfZap: (string | null)[] | null, nZaps: number): Uint32Array[] {
  if (!conditionOfZap) return [Uint32Array.from({ length: nZaps }, (_, i) => i)];
  const byName = new Map<string, number[]>();
  for (let k = 0; k < nZaps; k++) {
    const c = conditionOfZap[k] ?? '';
    let list = byName.get(c);
    if (!list) byName.set(c, (list = []));
    list.push(k);
  }
  return [...byName.values()].map((l) => Uint32Array.from(l));
}

/**
 * Permutation `index` (1-based; 0 is the identity) of the positions, shuffled within each block. It depends on
 * the seed and the index only — never on workers, shards or the order replicates run in.
 */
export function permutationOf(
  blocks: Uint32Array[],
  nZaps: number,
  seed: number,
  index: number,
): Uint32Array {
  const out = Uint32Array.from({ length: nZaps }, (_, i) => i);
  if (index === 0) return out;
  const rng = createRng(subSeed(seed, PERMUTATION_STREAM, index));
  for (const b of blocks) {
    // Fisher–Yates over the block's positions: out[b[i]] takes the response of zap b[j].
    const src = Uint32Array.from(b);
    for (let i = src.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const t = src[i];
      src[i] = src[j];
      src[j] = t;
    }
    for (let i = 0; i < b.length; i++) out[b[i]] = src[i];
  }
  return out;
}

/**
 * Bootstrap resample `index` (1-based): within each block as many positions as it holds, drawn with replacement
 * (a stratified bootstrap keeps the design's condition sizes). Ascending within a block.
 */
export function resampleOf(blocks: Uint32Array[], nZaps: number, seed: number, index: number): Uint32Array {
  const out = new Uint32Array(nZaps);
  const rng = createRng(subSeed(seed, BOOTSTRAP_STREAM, index));
  let o = 0;
  for (const b of blocks) {
    const start = o;
    for (let i = 0; i < b.length; i++) out[o++] = b[Math.floor(rng() * b.length)];
    out.subarray(start, o).sort();
  }
  return out;
}

/** ln n! by summing logs (n is a zap count: thousands at most). */
function lnFactorial(n: number): number {
  let s = 0;
  for (let k = 2; k <= n; k++) s += Math.log(k);
  return s;
}

/**
 * ln of the number of distinct orderings of `y` reachable by shuffling within blocks: per block the multinomial
 * n! / Π c_v! over its tied values (equal MEPs swapped give the same permuted map).
 */
export function lnDistinctOrderings(y: Float64Array, blocks: Uint32Array[]): number {
  let ln = 0;
  for (const b of blocks) {
    ln += lnFactorial(b.length);
    const counts = new Map<number, number>();
    for (const k of b) counts.set(y[k], (counts.get(y[k]) ?? 0) + 1);
    for (const c of counts.values()) ln -= lnFactorial(c);
  }
  return ln;
}

/**
 * Refuses tests that cannot mean anything with this selection: more permutations than the responses have
 * distinct orderings beyond the observed one (the same orderings would be drawn again and the smallest p would be
 * bounded by the orderings, not by N: enumerate them instead), or a bootstrap whose every block holds one zap
 * (each resample would be the data itself).
 */
export function checkResampling(
  o: { permutations?: number; bootstrap?: number },
  ys: { name: string; y: Float64Array }[],
  blocks: Uint32Array[],
  file: string,
): void {
  if (o.permutations !== undefined) {
    for (const { name, y } of ys) {
      const ln = lnDistinctOrderings(y, blocks);
      // ln(N + 1) > ln D, with slack for the rounding of the sum of logs.
      if (Math.log(o.permutations + 1) > ln + 1e-9) {
        const d = ln < Math.log(1e15) ? String(Math.round(Math.exp(ln))) : `e^${ln.toFixed(1)}`;
        throw new AppError('PERMUTATIONS_EXCEED_ORDERINGS', {
          file,
          path: `response ${name}, ${blocks.length} condition block${blocks.length > 1 ? 's' : ''}`,
          found: `--permutations ${o.permutations}; the responses have ${d} distinct orderings within the blocks`,
          expected: `at most ${d === '1' ? 0 : `${d} − 1`} permutations (or more zaps per condition)`,
        });
      }
    }
  }
  if (o.bootstrap !== undefined && blocks.every((b) => b.length < 2)) {
    throw new AppError('RESAMPLING_MEANINGLESS', {
      file,
      path: `${blocks.length} condition blocks`,
      found: '--bootstrap with one zap per condition: every resample would be the data itself',
      expected: 'conditions holding two or more zaps each',
    });
  }
}
