// E-matrix quality of a zap selection for the Selection step: the job's own column sample and computation, so both agree.
import type { QoiName, EQuality } from '../contract';
import type { EfieldSource } from '../io/types';
import { matrixQuality } from '../../workers/quality/e-quality';
import { ColumnReader } from '../job/column-reader';
import { readQualitySample } from '../job/quality-sample';

/**
 * The figures cost about a second per QOI on a few hundred zaps and run on the backend's thread: remember the last
 * answers, because the Selection step asks again whenever a control changes (muscles rarely change the zaps).
 */
const CACHE_SIZE = 32;
const cache = new Map<string, EQuality>();

function cacheKey(efield: EfieldSource, qoi: QoiName, zaps: Uint32Array): string {
  let h = 2166136261;
  for (const z of zaps) h = Math.imul(h ^ z, 16777619) >>> 0;
  return `${efield.file}\u0000${qoi}\u0000${zaps.length}\u0000${h}`;
}

/**
 * The E quality of `zaps` (in acquisition order, as the job reads them) over the whole ROI: the same sampled columns
 * (readQualitySample) and the same matrixQuality as a job over the whole ROI, so Selection and Results show one number.
 */
export async function selectionQuality(
  efield: EfieldSource,
  qois: QoiName[],
  zaps: Uint32Array,
): Promise<EQuality[]> {
  const out: EQuality[] = [];
  const n = zaps.length;
  if (n < 2) return out;
  for (const qoi of qois) {
    if (!efield.qois.includes(qoi)) continue;
    const key = cacheKey(efield, qoi, zaps);
    const hit = cache.get(key);
    if (hit) {
      out.push(hit);
      continue;
    }
    const { cols, sub } = await readQualitySample(new ColumnReader(efield, qoi, zaps), [0, efield.nElements]);
    const qm = matrixQuality(sub, cols.length, n, n);
    const q: EQuality = { qoi, mutualCoherence: qm.mutualCoherence, svRatio: qm.svRatio };
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, q);
    out.push(q);
  }
  return out;
}
