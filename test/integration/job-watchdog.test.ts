// The pool watchdog on real processes: a SIGSTOPped worker is killed and its block retried, a worker that never
// becomes ready counts as a failed launch, a worker stopped twice leaves failed elements, cancel never hangs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../main/contract';
import { nodeWorkerSpawner } from '../../main/job/node-worker';
import { WorkerPool, watchdogLimits } from '../../main/job/pool';
import type { SpawnWorker, WorkerExit } from '../../main/job/worker-handle';
import { ElementStatus } from '../../workers/fit/types';
import { isAlive, mapOnFiles, smallSpec, WORKER_ENTRY } from './job-helpers';

const spawn = nodeWorkerSpawner(WORKER_ENTRY);
/** Short limits so the tests take seconds; the stall limit still sits far above a healthy worker's silence. */
const watchdog = { startMs: 10_000, stallMs: 1500, stallFactor: 4 };

function scriptWorker(name: string, source: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  const entry = join(dir, 'worker.mjs');
  writeFileSync(entry, source);
  return entry;
}

describe('pool watchdog', () => {
  it('reads its limits from options, then the environment, then the defaults', () => {
    const before = process.env.TMS_MAPPER_WORKER_STALL_MS;
    process.env.TMS_MAPPER_WORKER_STALL_MS = '2500';
    try {
      expect(watchdogLimits({ startMs: 10 })).toEqual({ startMs: 10, stallMs: 2500, stallFactor: 20 });
      expect(watchdogLimits({ stallMs: 7 }).stallMs).toBe(7);
    } finally {
      if (before === undefined) delete process.env.TMS_MAPPER_WORKER_STALL_MS;
      else process.env.TMS_MAPPER_WORKER_STALL_MS = before;
    }
    expect(watchdogLimits().startMs).toBe(60_000);
  });

  it(
    'kills a SIGSTOPped worker, retries its block and gets the same map as an undisturbed run',
    { timeout: 120_000 },
    async () => {
      const spec = await smallSpec({ workers: 2, chunkSize: 24, elementRange: [2000, 2096], nRefit: 0 });
      const reference = await mapOnFiles(spec, { spawn, watchdog });
      const pids: number[] = [];
      const exits: { pid: number | undefined; exit: WorkerExit; busy: boolean }[] = [];
      const log: string[] = [];
      let stopped = 0;
      const result = await mapOnFiles(spec, {
        spawn,
        watchdog,
        log: (l) => log.push(l),
        onWorkerStart: ({ pid }) => pids.push(pid),
        onWorkerExit: (e) => exits.push(e),
        onProgress: (p) => {
          if (!stopped && p.phase === 'fitting' && p.done > 0) {
            stopped = pids[0];
            process.kill(stopped, 'SIGSTOP');
          }
        },
      });
      expect(stopped).toBeGreaterThan(0);
      const verdict = exits.find((e) => e.pid === stopped);
      expect(verdict?.exit.reason).toBe('stalled');
      expect(verdict?.busy).toBe(true);
      expect(log.some((l) => l.includes(`pid ${stopped}`) && /sent nothing for \d+ ms/.test(l))).toBe(true);
      // The stopped process was SIGKILLed (a stopped process ignores SIGTERM until continued).
      await expect.poll(() => isAlive(stopped), { timeout: 5000 }).toBe(false);
      // Its block ran again elsewhere (on the other worker or a fresh one): nothing failed, same scores.
      expect(result.maps[0].failed).toBe(0);
      expect(
        Buffer.from(result.maps[0].scores.buffer).equals(Buffer.from(reference.maps[0].scores.buffer)),
      ).toBe(true);
    },
  );

  it('a block whose worker stops on both attempts ends as failed elements; the job finishes', async () => {
    // Starts like a worker, answers quality tasks, and stops itself (SIGSTOP) on every fit block.
    const entry = scriptWorker(
      'stopping-worker',
      [
        "process.on('message', (m) => {",
        "  if (m.type === 'fit-block') process.kill(process.pid, 'SIGSTOP');",
        "  if (m.type === 'quality') process.exit(3);",
        '});',
        "process.send({ type: 'ready', pid: process.pid });",
      ].join('\n'),
    );
    const pids: number[] = [];
    const spec = await smallSpec({
      workers: 2,
      chunkSize: 20,
      elementRange: [0, 40],
      discontinuityRefit: false,
    });
    const result = await mapOnFiles(spec, {
      spawn: nodeWorkerSpawner(entry),
      watchdog,
      onWorkerStart: ({ pid }) => pids.push(pid),
    });
    const m = result.maps[0];
    expect(m.failed).toBe(40);
    for (let j = 0; j < 40; j++) expect(m.status[j]).toBe(ElementStatus.failed);
    await expect.poll(() => pids.filter(isAlive), { timeout: 5000 }).toEqual([]);
  });

  it('a worker that never sends ready is given up as launch-failed; a later one runs the task', async () => {
    // The first process this spawner starts never answers; the ones after it are real workers.
    const silent = scriptWorker('silent-worker', 'setInterval(() => {}, 1000);\n');
    const real = nodeWorkerSpawner(WORKER_ENTRY);
    const mute = nodeWorkerSpawner(silent);
    let n = 0;
    const pids: number[] = [];
    const spawnMixed: SpawnWorker = (id) => {
      const h = n++ === 0 ? mute(id) : real(id);
      if (h.pid !== undefined) pids.push(h.pid);
      return h;
    };
    const exits: WorkerExit[] = [];
    const t0 = performance.now();
    const pool = new WorkerPool(spawnMixed, 1, {
      watchdog: { startMs: 3000, stallMs: 1500 },
      onWorkerExit: ({ exit }) => exits.push(exit),
    });
    const cols = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i + 1));
    const r = await pool.run({ block: { type: 'quality', blockId: 1, cols, m: 4, stride: 10, rows: [10] } });
    expect(r.type).toBe('quality-result');
    expect(exits[0].reason).toBe('launch-failed');
    expect(performance.now() - t0).toBeGreaterThan(2900);
    await pool.close();
    await expect.poll(() => pids.filter(isAlive), { timeout: 5000 }).toEqual([]);
  });

  it('cancel does not hang on a worker that never started (no pid, no exit)', async () => {
    // Like an Electron utility process whose launch failed: no pid, no events, kill() does nothing.
    const spawnNever: SpawnWorker = (id) => ({
      id,
      pid: undefined,
      post: () => undefined,
      onMessage: () => undefined,
      onExit: () => undefined,
      kill: () => undefined,
    });
    const pool = new WorkerPool(spawnNever, 2, { watchdog: { startMs: 60_000, stallMs: 60_000 } });
    const task = pool
      .run({ block: { type: 'quality', blockId: 1, cols: new Float32Array(4), m: 1, stride: 4, rows: [4] } })
      .then(
        () => null,
        (e: unknown) => e,
      );
    const t0 = performance.now();
    await pool.close(100);
    expect(performance.now() - t0).toBeLessThan(2000);
    const err = await task;
    expect(isAppError(err) && err.code).toBe('JOB_CANCELLED');
  });

  it('a job whose workers can never launch fails with WORKER_FAILED instead of hanging', async () => {
    const spawnNever: SpawnWorker = (id) => ({
      id,
      pid: undefined,
      post: () => undefined,
      onMessage: () => undefined,
      onExit: () => undefined,
      kill: () => undefined,
    });
    const err = await mapOnFiles(await smallSpec({ elementRange: [0, 20], workers: 1 }), {
      spawn: spawnNever,
      watchdog: { startMs: 500, stallMs: 1000 },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(err) && err.code).toBe('WORKER_FAILED');
  });
});
