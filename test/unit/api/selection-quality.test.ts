// The Selection step's E quality and the job's (Results) are one computation: the same κ for the same selection.
import { describe, expect, it } from 'vitest';
import { selectionQuality } from '../../../main/api/selection-quality';
import { ColumnReader } from '../../../main/job/column-reader';
import { qualityFiguresOf } from '../../../main/job/quality-sample';
import type { WorkerPool } from '../../../main/job/pool';
import type { EfieldSource } from '../../../main/io/types';
import type { QualityMessage } from '../../../workers/protocol';
import { runQuality } from '../../../workers/quality/quality-block';
import { QUALITY_COLUMNS } from '../../../workers/quality/e-quality';
import { createRng } from '../../../workers/fit/rng';

/** An in-memory E field with more elements than the quality sample, so a different sample gives a different κ. */
function fakeEfield(nZaps: number, nElements: number): EfieldSource {
  const rng = createRng(7);
  // zap-major, with a shared component per zap so the matrix is ill-conditioned like real E.
  const e = new Float32Array(nZaps * nElements);
  for (let z = 0; z < nZaps; z++) {
    const common = 1 + rng();
    for (let j = 0; j < nElements; j++) e[z * nElements + j] = common * (1 + 0.05 * rng()) + 0.01 * rng() * j;
  }
  return {
    file: `/fake/efield-${nZaps}-${nElements}.hdf5`,
    nZaps,
    nElements,
    qois: ['E_mag', 'E_norm'],
    readColumns(qoi, start, end, zaps) {
      const zs = zaps ?? Uint32Array.from({ length: nZaps }, (_, i) => i);
      const scale = qoi === 'E_mag' ? 1 : 0.5;
      const out = new Float32Array((end - start) * zs.length);
      for (let j = start; j < end; j++)
        zs.forEach((z, k) => (out[(j - start) * zs.length + k] = scale * e[z * nElements + j]));
      return Promise.resolve(out);
    },
    close() {},
  };
}

/** A pool that runs the quality task the way a worker does, in this process. */
const inProcessPool = {
  dead: false,
  async run({ block }: { block: QualityMessage }) {
    return (await runQuality(block, () => true))!;
  },
} as unknown as WorkerPool;

describe('E quality of a selection', () => {
  it('is the same on Selection and on Results for the same zaps, QOI by QOI', async () => {
    const efield = fakeEfield(90, 3 * QUALITY_COLUMNS);
    const zaps = Uint32Array.from({ length: 60 }, (_, i) => (i * 7) % 90).sort();
    const onSelection = await selectionQuality(efield, ['E_mag', 'E_norm'], zaps);
    expect(onSelection.map((q) => q.qoi)).toEqual(['E_mag', 'E_norm']);
    for (const [qi, qoi] of (['E_mag', 'E_norm'] as const).entries()) {
      const byRows = await qualityFiguresOf(inProcessPool, new ColumnReader(efield, qoi, zaps), {
        wanted: true,
        range: [0, efield.nElements],
        rows: [zaps.length],
        blockId: qi,
        label: qoi,
      });
      const onResults = byRows.get(zaps.length)!;
      expect(Number.isFinite(onResults.svRatio)).toBe(true);
      expect(onResults.svRatio).toBeGreaterThan(1);
      expect(onSelection[qi].svRatio).toBe(onResults.svRatio);
      expect(onSelection[qi].mutualCoherence).toBe(onResults.mutualCoherence);
    }
  });

  it('depends on the zaps: another selection gives another κ', async () => {
    const efield = fakeEfield(90, 3 * QUALITY_COLUMNS);
    const a = await selectionQuality(
      efield,
      ['E_mag'],
      Uint32Array.from({ length: 40 }, (_, i) => i),
    );
    const b = await selectionQuality(
      efield,
      ['E_mag'],
      Uint32Array.from({ length: 40 }, (_, i) => i + 50),
    );
    expect(a[0].svRatio).not.toBe(b[0].svRatio);
  });
});
