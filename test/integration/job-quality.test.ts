// E quality on real worker processes: the same figures as a direct call, in the job too, a crashed quality task retried, cancel.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../main/contract';
import { openDataset, selectZaps } from '../../main/io/dataset';
import { nodeWorkerSpawner } from '../../main/job/node-worker';
import { WorkerPool } from '../../main/job/pool';
import { qualityColumns } from '../../main/job/quality-sample';
import type { JobSpec, MappingResult } from '../../main/contract';
import type { WorkerExit } from '../../main/job/worker-handle';
import { createRng } from '../../workers/fit/rng';
import type { QualityMessage } from '../../workers/protocol';
import { matrixQuality } from '../../workers/quality/e-quality';
import { isAlive, smallSpec, WORKER_ENTRY, mapOnFiles } from './job-helpers';

const spawn = nodeWorkerSpawner(WORKER_ENTRY);

function randomQuality(blockId: number, m: number, stride: number, rows: number[]): QualityMessage {
  const rng = createRng(blockId);
  const cols = Float32Array.from({ length: m * stride }, () => rng() + 0.1 * rng());
  return { type: 'quality', blockId, cols, m, stride, rows };
}

/** The job's sample (the same for every QOI) of QOI number `qi`, read straight from the file, and the figures of a direct call for zap count n. */
async function directQuality(spec: JobSpec, qi: number, nRows: number[]) {
  const data = await openDataset(spec.inputs);
  try {
    const zaps = selectZaps(data.responses, spec.zaps, spec.responses);
    const [start, end] = spec.elementRange!;
    const cols = qualityColumns([start, end]);
    const block = await data.efield.readColumns(spec.qois[qi], start, end, zaps);
    const n = zaps.length;
    const sub = new Float32Array(cols.length * n);
    cols.forEach((c, j) => sub.set(block.subarray((c - start) * n, (c - start + 1) * n), j * n));
    return nRows.map((r) => matrixQuality(sub, cols.length, n, r));
  } finally {
    data.close();
  }
}

/** A real worker that dies on a quality task (the first one only, or every one), otherwise the built worker. */
function crashingOnQuality(always: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'quality-crash-'));
  const entry = join(dir, 'worker.mjs');
  const marker = join(dir, 'crashed');
  writeFileSync(
    entry,
    [
      "import { existsSync, writeFileSync } from 'node:fs';",
      // Registered before the real worker's listener, so the process is gone before that one sees the task.
      "process.on('message', (m) => {",
      `  if (m && m.type === 'quality' && (${always} || !existsSync(${JSON.stringify(marker)}))) {`,
      `    writeFileSync(${JSON.stringify(marker)}, '');`,
      '    process.exit(3);',
      '  }',
      '});',
      `await import(${JSON.stringify(pathToFileURL(WORKER_ENTRY).href)});`,
      '',
    ].join('\n'),
  );
  chmodSync(entry, 0o644);
  return entry;
}

describe('E quality on worker processes', () => {
  it(
    'a real worker returns the figures of a direct matrixQuality call, for every requested prefix',
    {
      timeout: 60_000,
    },
    async () => {
      const pool = new WorkerPool(spawn, 2);
      try {
        const tall = randomQuality(1, 60, 120, [120, 30, 75]); // more zaps than columns: column Gram
        const wide = randomQuality(2, 150, 40, [40, 10]); // more columns than zaps: zap Gram
        const [rt, rw] = await Promise.all([pool.run({ block: tall }), pool.run({ block: wide })]);
        for (const [msg, res] of [
          [tall, rt],
          [wide, rw],
        ] as const) {
          expect(res.blockId).toBe(msg.blockId);
          expect(res.cpuSeconds).toBeGreaterThanOrEqual(0);
          expect(res.results).toEqual(
            msg.rows.map((n) => ({ nRows: n, ...matrixQuality(msg.cols, msg.m, msg.stride, n) })),
          );
        }
        // A malformed task is the worker's error, retried once, then the task's failure; the pool goes on.
        const bad = { ...randomQuality(3, 4, 10, [10]), rows: [11] };
        const err = await pool.run({ block: bad }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(isAppError(err) && err.code).toBe('WORKER_FAILED');
        expect(String(isAppError(err) && err.message)).toMatch(/row count 11/);
        expect(pool.dead).toBe(false);
        expect((await pool.run({ block: randomQuality(4, 3, 5, [5]) })).results.length).toBe(1);
      } finally {
        await pool.close();
      }
    },
  );

  let reference: MappingResult;
  let spec: JobSpec;

  it(
    "the job's quality and convergence figures equal a direct call on the same sample",
    {
      timeout: 300_000,
    },
    async () => {
      spec = await smallSpec({ convergence: true, convergenceSteps: [20, 100] });
      reference = await mapOnFiles(spec, { spawn });
      const nZaps = reference.nZaps;
      const [all, s20, s100] = await directQuality(spec, 0, [nZaps, 20, 100]);
      expect(reference.quality).toEqual([{ qoi: 'E_mag', ...all }]);
      expect(all.mutualCoherence).toBeGreaterThan(0.9);
      const steps = reference.convergence[0].steps;
      expect(steps.map((s) => s.nZaps)).toEqual([20, 100]);
      expect(steps.map((s) => [s.mutualCoherence, s.svRatio])).toEqual([
        [s20.mutualCoherence, s20.svRatio],
        [s100.mutualCoherence, s100.svRatio],
      ]);
    },
  );

  it('retries a quality task whose worker crashed, with the same figures', { timeout: 300_000 }, async () => {
    const exits: { exit: WorkerExit; busy: boolean }[] = [];
    const result = await mapOnFiles(spec, {
      spawn: nodeWorkerSpawner(crashingOnQuality(false)),
      onWorkerExit: ({ exit, busy }) => exits.push({ exit, busy }),
    });
    expect(exits.filter((e) => e.exit.reason === 'crashed' && e.busy).length).toBe(1);
    expect(result.quality).toEqual(reference.quality);
    expect(result.convergence[0].steps.map((s) => [s.mutualCoherence, s.svRatio])).toEqual(
      reference.convergence[0].steps.map((s) => [s.mutualCoherence, s.svRatio]),
    );
    expect(result.maps[0].failed).toBe(0);
  });

  it(
    'computes the figures on the main process when the quality task crashes twice',
    {
      timeout: 300_000,
    },
    async () => {
      const logs: string[] = [];
      const result = await mapOnFiles(await smallSpec({ elementRange: [2000, 2200], nRefit: 0 }), {
        spawn: nodeWorkerSpawner(crashingOnQuality(true)),
        log: (l) => logs.push(l),
      });
      expect(logs.some((l) => /E quality: .*quality block .*computing it on the main process/.test(l))).toBe(
        true,
      );
      const [direct] = await directQuality(await smallSpec({ elementRange: [2000, 2200] }), 0, [
        result.nZaps,
      ]);
      expect(result.quality).toEqual([{ qoi: 'E_mag', ...direct }]);
      expect(result.maps[0].failed).toBe(0);
    },
  );

  it('closing the pool during a quality task leaves no worker process', { timeout: 60_000 }, async () => {
    const pids: number[] = [];
    const pool = new WorkerPool(spawn, 2, { onWorkerStart: ({ pid }) => pids.push(pid) });
    // About a second of work per prefix on the sample size of a real job.
    const task = pool.run({ block: randomQuality(5, 1000, 500, [500, 400, 300, 200]) });
    const outcome = task.then(
      () => 'resolved',
      (e: unknown) => (isAppError(e) ? e.code : String(e)),
    );
    while (pids.length < 2) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    const t = performance.now();
    await pool.close();
    expect(await outcome).toBe('JOB_CANCELLED');
    expect(pids.filter(isAlive)).toEqual([]);
    // Wait 500 ms, then kill: a busy worker never holds the shutdown up.
    expect(performance.now() - t).toBeLessThan(3000);
  });
});
