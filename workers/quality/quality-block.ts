// The quality task inside a worker: E-matrix figures of a sampled column set for each requested zap prefix.
import type { QualityMessage, QualityResultMessage } from '../protocol';
import { matrixQuality } from './e-quality';

/**
 * Figures for every entry of `msg.rows`, in order; resolves to null when `keepGoing` (asked between prefixes,
 * each up to about a second) says stop. `cpuSeconds` is left at 0 for the caller to fill in.
 */
export async function runQuality(
  msg: QualityMessage,
  keepGoing: () => boolean | Promise<boolean>,
): Promise<QualityResultMessage | null> {
  const { blockId, cols, m, stride, rows } = msg;
  if (!(Number.isInteger(m) && m >= 1 && Number.isInteger(stride) && stride >= 1))
    throw new Error(`quality ${blockId}: m = ${m}, stride = ${stride}, expected integers ≥ 1`);
  if (cols.length !== m * stride)
    throw new Error(`quality ${blockId}: cols has ${cols.length} values, expected ${m * stride}`);
  for (const n of rows)
    if (!(Number.isInteger(n) && n >= 1 && n <= stride))
      throw new Error(`quality ${blockId}: row count ${n}, expected an integer in [1, ${stride}]`);
  const results: QualityResultMessage['results'] = [];
  for (const [i, nRows] of rows.entries()) {
    if (i > 0 && !(await keepGoing())) return null;
    const q = matrixQuality(cols, m, stride, nRows);
    results.push({ nRows, mutualCoherence: q.mutualCoherence, svRatio: q.svRatio });
  }
  return { type: 'quality-result', blockId, results, cpuSeconds: 0 };
}
