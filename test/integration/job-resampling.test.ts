// Replicates read the very E values the observed map got: resident columns equal the file's, for any zap order.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDataset } from '../../main/io/dataset';
import { ColumnReader, rangeElements } from '../../main/job/column-reader';
import { nodeWorkerSpawner } from '../../main/job/node-worker';
import type { MapProgress } from '../../main/job/progress';
import { residentColumns } from '../../main/job/resampling';
import type { JobSpec } from '../../main/contract';
import { isAlive, mapOnFiles, WORKER_ENTRY } from './job-helpers';

const FIX = resolve(import.meta.dirname, '../fixtures/io');

async function collect(r: ColumnReader, els: Uint32Array): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for await (const g of r.gather(els)) parts.push(Float32Array.from(g.data));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('resident E columns for replicates', () => {
  it('serve exactly the file columns of the range, in the selected or a resampled zap order', async () => {
    const data = await openDataset({
      roiFile: `${FIX}/mesh_rois.hdf5`,
      roiId: '0',
      efieldFile: `${FIX}/e.hdf5`,
      responsesFile: `${FIX}/experiment_fixed.hdf5`,
    });
    try {
      const zapIdx = Uint32Array.from([0, 3, 4, 7, 9, 12, 20, 29]);
      const range: [number, number] = [5, 33];
      const els = rangeElements(5, 33);
      const fromFile = await collect(new ColumnReader(data.efield, 'E_mag', zapIdx), els);
      const readerFor = await residentColumns(data.efield, 'E_mag', zapIdx, range);
      expect(Array.from(await collect(readerFor(null), els))).toEqual(Array.from(fromFile));
      // A resample (positions into the selection, repeats allowed) equals reading those file zaps.
      const order = Uint32Array.from([1, 1, 2, 5, 7, 7, 7, 0]);
      const resampled = await collect(readerFor(order), els);
      const direct = await collect(
        new ColumnReader(
          data.efield,
          'E_mag',
          Uint32Array.from(order, (k) => zapIdx[k]),
        ),
        els,
      );
      expect(Array.from(resampled)).toEqual(Array.from(direct));
      // Over budget: the same readers straight from the file.
      const fallback = await residentColumns(data.efield, 'E_mag', zapIdx, range, 0);
      expect(Array.from(await collect(fallback(order), els))).toEqual(Array.from(direct));
    } finally {
      data.close();
    }
  });
});

const spec = (over: Partial<JobSpec>): JobSpec => ({
  inputs: {
    roiFile: `${FIX}/mesh_rois.hdf5`,
    roiId: '0',
    efieldFile: `${FIX}/e.hdf5`,
    responsesFile: `${FIX}/experiment_fixed.hdf5`,
  },
  responses: ['p2p_FDI'],
  qois: ['E_mag'],
  fun: 'sigmoid4',
  score: 'R2',
  preset: 'element',
  nRefit: 2,
  discontinuityRefit: true,
  stepdown: false,
  badElementScreen: true,
  convergence: false,
  workers: 2,
  seed: 3,
  ...over,
});

describe('response names in the mapping job', () => {
  it('maps --response FDI as the p2p_FDI column, as the input check before the workers reads it', async () => {
    const spawn = nodeWorkerSpawner(WORKER_ENTRY);
    const short = await mapOnFiles(spec({ responses: ['FDI'], nRefit: 0, discontinuityRefit: false }), {
      spawn,
    });
    const full = await mapOnFiles(spec({ nRefit: 0, discontinuityRefit: false }), { spawn });
    expect(short.maps[0].response).toBe('FDI');
    expect(Array.from(short.maps[0].scores)).toEqual(Array.from(full.maps[0].scores));
  });
});

describe('resampling in the mapping job', () => {
  it(
    'reports permutations and bootstrap progress per map, counting every replicate',
    { timeout: 120_000 },
    async () => {
      const seen: MapProgress[] = [];
      const r = await mapOnFiles(spec({ permutations: 7, bootstrap: 3 }), {
        spawn: nodeWorkerSpawner(WORKER_ENTRY),
        onProgress: (p) => seen.push(p),
      });
      const perm = seen.filter((p) => p.phase === 'permutations');
      const boot = seen.filter((p) => p.phase === 'bootstrap');
      expect(perm.length).toBeGreaterThan(0);
      expect(perm.every((p) => p.total === 7 * 40)).toBe(true);
      expect(perm[perm.length - 1].done).toBe(7 * 40);
      expect(boot[boot.length - 1].done).toBe(3 * 40);
      expect(r.maps[0].significance!.maxima.length).toBe(7);
      expect(r.maps[0].bootstrap!.elements.length).toBe(3);
    },
  );

  it('cancels during the permutations: JOB_CANCELLED, no worker left', { timeout: 120_000 }, async () => {
    const ac = new AbortController();
    const pids: number[] = [];
    const run = mapOnFiles(spec({ permutations: 5000 }), {
      spawn: nodeWorkerSpawner(WORKER_ENTRY),
      signal: ac.signal,
      onWorkerStart: (w) => pids.push(w.pid),
      onProgress: (p) => {
        if (p.phase === 'permutations' && p.done > 0) ac.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'JOB_CANCELLED' });
    expect(pids.length).toBeGreaterThan(0);
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
