// E-matrix quality of a zap selection for the Selection step, on the job's seeded column sample (same figures as the job's).
import type { QoiName, EQuality } from '../contract';
import type { EfieldSource } from '../io/types';
import { matrixQuality, QUALITY_COLUMNS, sampleColumns } from '../../workers/quality/e-quality';
import { createRng } from '../../workers/fit/rng';

/** Elements read per block while gathering the sampled columns (bounded memory on 100 k-element ROIs). */
const BLOCK = 4096;

/**
 * The figures cost about a second per QOI on a few hundred zaps and run on the backend's thread: remember the last
 * answers, because the Selection step asks again whenever a control changes (muscles rarely change the zaps).
 */
const CACHE_SIZE = 32;
const cache = new Map<string, EQuality>();

function cacheKey(efield: EfieldSource, qoi: QoiName, zaps: Uint32Array, seed: number): string {
  let h = 2166136261;
  for (const z of zaps) h = Math.imul(h ^ z, 16777619) >>> 0;
  return `${efield.file}\u0000${qoi}\u0000${seed}\u0000${zaps.length}\u0000${h}`;
}

export async function selectionQuality(
  efield: EfieldSource,
  qois: QoiName[],
  zaps: Uint32Array,
  seed = 1,
): Promise<EQuality[]> {
  const out: EQuality[] = [];
  const n = zaps.length;
  if (n < 2) return out;
  const cols = sampleColumns(0, efield.nElements, QUALITY_COLUMNS, createRng(seed));
  for (const qoi of qois) {
    if (!efield.qois.includes(qoi)) continue;
    const key = cacheKey(efield, qoi, zaps, seed);
    const hit = cache.get(key);
    if (hit) {
      out.push(hit);
      continue;
    }
    const sub = new Float32Array(cols.length * n);
    let c = 0;
    for (let start = 0; start < efield.nElements && c < cols.length; start += BLOCK) {
      const end = Math.min(efield.nElements, start + BLOCK);
      if (cols[c] >= end) continue;
      const block = await efield.readColumns(qoi, start, end, zaps);
      while (c < cols.length && cols[c] < end) {
        const j = cols[c] - start;
        sub.set(block.subarray(j * n, (j + 1) * n), c * n);
        c++;
      }
    }
    const qm = matrixQuality(sub, cols.length, n, n);
    const q: EQuality = { qoi, mutualCoherence: qm.mutualCoherence, svRatio: qm.svRatio };
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, q);
    out.push(q);
  }
  return out;
}
