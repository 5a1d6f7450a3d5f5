// Column reads on the demo's real E-field file: scattered element sets come back in order with the right columns.
import { describe, expect, it } from 'vitest';
import { openDataset } from '../../main/io/dataset';
import { ColumnReader } from '../../main/job/column-reader';
import { demoFiles } from './job-helpers';

describe('ColumnReader', () => {
  it(
    'gathers scattered elements in bounded groups, equal to one-element reads',
    { timeout: 120_000 },
    async () => {
      const d = await demoFiles();
      const ds = await openDataset({
        roiFile: d.meshFile,
        roiId: d.roiId,
        efieldFile: d.efieldFile,
        responsesFile: d.responsesFile,
      });
      try {
        const zaps = Uint32Array.from([0, 5, 6, 100, 299]);
        const reader = new ColumnReader(ds.efield, 'E_mag', zaps, 100);
        const wanted = Uint32Array.from([3, 4, 50, 101, 102, 250, 251, 4000, 4417]);
        const seen: number[] = [];
        for await (const g of reader.gather(wanted)) {
          // No group spans more file columns than the block size.
          expect(g.elements[g.elements.length - 1] - g.elements[0]).toBeLessThan(100);
          for (let i = 0; i < g.elements.length; i++) {
            const one = await ds.efield.readColumns('E_mag', g.elements[i], g.elements[i] + 1, zaps);
            expect([...g.data.subarray(i * zaps.length, (i + 1) * zaps.length)]).toEqual([...one]);
          }
          seen.push(...g.elements);
        }
        expect(seen).toEqual([...wanted]);
      } finally {
        ds.close();
      }
    },
  );
});
