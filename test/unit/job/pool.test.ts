// The pool's queue with both task kinds, on scripted in-process workers: order, init only for fit blocks, crash retry once, cancel.
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../main/contract';
import { WorkerPool } from '../../../main/job/pool';
import type { SpawnWorker, WorkerExit, WorkerHandle } from '../../../main/job/worker-handle';
import type {
  FitBlockMessage,
  InitMessage,
  MainToWorker,
  QualityMessage,
  WorkerToMain,
} from '../../../workers/protocol';

/** What a scripted worker does with each message it gets (answer, crash, or nothing). */
type Script = (w: FakeWorker, msg: MainToWorker) => void;

class FakeWorker implements WorkerHandle {
  readonly posted: MainToWorker[] = [];
  private readonly listeners: ((m: WorkerToMain) => void)[] = [];
  private readonly exits: ((e: WorkerExit) => void)[] = [];
  alive = true;

  constructor(
    readonly id: number,
    private readonly script: Script,
  ) {
    setTimeout(() => this.send({ type: 'ready', pid: this.pid }), 0);
  }

  get pid(): number {
    return 1000 + this.id;
  }
  post(msg: MainToWorker): void {
    this.posted.push(msg);
    if (msg.type === 'cancel') setTimeout(() => this.exit({ reason: 'clean', code: 0, signal: null }), 0);
    else setTimeout(() => this.script(this, msg), 0);
  }
  onMessage(l: (m: WorkerToMain) => void): void {
    this.listeners.push(l);
  }
  onExit(l: (e: WorkerExit) => void): void {
    this.exits.push(l);
  }
  kill(): void {
    this.exit({ reason: 'killed', code: null, signal: 'SIGKILL' });
  }
  send(m: WorkerToMain): void {
    if (this.alive) for (const l of this.listeners) l(m);
  }
  exit(e: WorkerExit): void {
    if (!this.alive) return;
    this.alive = false;
    for (const l of this.exits) l(e);
  }
}

function spawner(script: Script): { spawn: SpawnWorker; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  return {
    workers,
    spawn: (id) => {
      const w = new FakeWorker(id, script);
      workers.push(w);
      return w;
    },
  };
}

const init: InitMessage = {
  type: 'init',
  fit: { fun: 'sigmoid4', score: 'R2', preset: 'element' },
  nZaps: 2,
  seed: 1,
  nRefit: 0,
  badElementScreen: false,
  signedData: false,
};

const fitBlock = (blockId: number): FitBlockMessage => ({
  type: 'fit-block',
  blockId,
  elements: Uint32Array.from([0, 1]),
  x: new Float32Array(4),
  y: new Float64Array(2),
  mode: 'first',
});

const qualityBlock = (blockId: number): QualityMessage => ({
  type: 'quality',
  blockId,
  cols: new Float32Array(6),
  m: 2,
  stride: 3,
  rows: [3, 2],
});

/** Answers every task at once: quality figures derived from the block id, fit blocks after one progress message. */
const answer: Script = (w, msg) => {
  if (msg.type === 'quality') {
    // A stray progress message for the quality task must not reach any fit block's callback.
    w.send({ type: 'progress', blockId: msg.blockId, done: 1 });
    w.send({
      type: 'quality-result',
      blockId: msg.blockId,
      results: msg.rows.map((n) => ({ nRows: n, mutualCoherence: msg.blockId / 10, svRatio: n })),
      cpuSeconds: 0.5,
    });
  } else if (msg.type === 'fit-block') {
    w.send({ type: 'progress', blockId: msg.blockId, done: 1 });
    w.send({
      type: 'block-result',
      blockId: msg.blockId,
      scores: new Float64Array(2),
      params: new Float64Array(8),
      status: new Uint8Array(2),
      evaluations: 1,
      cpuSeconds: 0.1,
    });
  }
};

describe('worker pool with quality tasks', () => {
  it('runs quality and fit tasks from one queue in order; only fit blocks get init and progress', async () => {
    const { spawn, workers } = spawner(answer);
    const pool = new WorkerPool(spawn, 1);
    const progress: number[] = [];
    const q = pool.run({ block: qualityBlock(7) });
    const f = pool.run({ init, block: fitBlock(8), onProgress: (d) => progress.push(d) });
    const q2 = pool.run({ block: qualityBlock(9) });
    const f2 = pool.run({ init, block: fitBlock(10) });
    const [qr, fr, q2r] = await Promise.all([q, f, q2, f2]);
    expect(qr.type).toBe('quality-result');
    expect(qr.results).toEqual([
      { nRows: 3, mutualCoherence: 0.7, svRatio: 3 },
      { nRows: 2, mutualCoherence: 0.7, svRatio: 2 },
    ]);
    expect(q2r.results[0].mutualCoherence).toBe(0.9);
    expect(fr.type).toBe('block-result');
    expect(progress).toEqual([1, 2]);
    // The worker kept its job configuration across the quality task: init was sent once.
    expect(workers[0].posted.map((m) => m.type)).toEqual([
      'quality',
      'init',
      'fit-block',
      'quality',
      'fit-block',
    ]);
    await pool.close();
  });

  it('retries a quality task once on a fresh worker after a crash', async () => {
    let crashes = 0;
    const { spawn, workers } = spawner((w, msg) => {
      if (msg.type === 'quality' && crashes === 0) {
        crashes++;
        w.exit({ reason: 'crashed', code: 3, signal: null });
        return;
      }
      answer(w, msg);
    });
    const exits: { reason: string; busy: boolean }[] = [];
    const pool = new WorkerPool(spawn, 1, {
      onWorkerExit: ({ exit, busy }) => exits.push({ reason: exit.reason, busy }),
    });
    const r = await pool.run({ block: qualityBlock(3) });
    expect(r.results.map((x) => x.nRows)).toEqual([3, 2]);
    expect(exits).toEqual([{ reason: 'crashed', busy: true }]);
    expect(workers.length).toBe(2);
    expect(workers[1].posted.map((m) => m.type)).toEqual(['quality']);
    await pool.close();
  });

  it('fails a quality task that crashes twice with WORKER_FAILED; the pool goes on with fit blocks', async () => {
    const { spawn } = spawner((w, msg) => {
      if (msg.type === 'quality') w.exit({ reason: 'crashed', code: 3, signal: null });
      else answer(w, msg);
    });
    const pool = new WorkerPool(spawn, 2);
    const q = pool.run({ block: qualityBlock(4) });
    const f = pool.run({ init, block: fitBlock(5) });
    const err = await q.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(err) && err.code).toBe('WORKER_FAILED');
    expect(isAppError(err) && err.message).toMatch(/quality block 4/);
    expect((await f).type).toBe('block-result');
    expect(pool.dead).toBe(false);
    await pool.close();
  });

  it('a worker error on a quality task is retried once, then rejected', async () => {
    const { spawn, workers } = spawner((w, msg) => {
      if (msg.type === 'quality')
        w.send({ type: 'error', blockId: msg.blockId, code: 'INTERNAL', message: 'bad sample' });
    });
    const pool = new WorkerPool(spawn, 1);
    const err = await pool.run({ block: qualityBlock(6) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(err) && err.code).toBe('WORKER_FAILED');
    expect(workers[0].posted.filter((m) => m.type === 'quality').length).toBe(2);
    await pool.close();
  });

  it('close rejects running and waiting quality tasks with JOB_CANCELLED and stops every worker', async () => {
    // Workers that never answer: the quality task stays running, the next one waits.
    const { spawn, workers } = spawner(() => undefined);
    const pool = new WorkerPool(spawn, 1);
    const running = pool.run({ block: qualityBlock(1) });
    const queuedInWorker = pool.run({ block: qualityBlock(2) });
    const waiting = pool.run({ block: qualityBlock(3) });
    await new Promise((r) => setTimeout(r, 10));
    // The worker holds the running task and the next one (PIPELINE_DEPTH 2); the third waits in the pool.
    expect(workers[0].posted.map((m) => m.type)).toEqual(['quality', 'quality']);
    const codes = Promise.all(
      [running, queuedInWorker, waiting].map((p) =>
        p.then(
          () => 'resolved',
          (e: unknown) => (isAppError(e) ? e.code : String(e)),
        ),
      ),
    );
    await pool.close(50);
    expect(await codes).toEqual(['JOB_CANCELLED', 'JOB_CANCELLED', 'JOB_CANCELLED']);
    expect(workers.every((w) => !w.alive)).toBe(true);
    expect(pool.pids()).toEqual([]);
  });

  it('a crash with two tasks in the worker retries the running one (one attempt used) and re-sends the queued one', async () => {
    // The first worker dies on its first fit block, with the second block already queued in it.
    const { spawn, workers } = spawner((w, msg) => {
      if (msg.type === 'fit-block' && w.id === 0) w.exit({ reason: 'crashed', code: 3, signal: null });
      else answer(w, msg);
    });
    const pool = new WorkerPool(spawn, 1);
    const a = pool.run({ init, block: fitBlock(1) });
    const b = pool.run({ init, block: fitBlock(2) });
    const c = pool.run({ init, block: fitBlock(3) });
    const res = await Promise.all([a, b, c]);
    expect(res.map((r) => r.blockId)).toEqual([1, 2, 3]);
    expect(workers[0].posted.filter((m) => m.type === 'fit-block').map((m) => m.blockId)).toEqual([1, 2]);
    // The fresh worker runs them in the original order, block 1 first.
    expect(workers[1].posted.filter((m) => m.type === 'fit-block').map((m) => m.blockId)).toEqual([1, 2, 3]);
    await pool.close();
  });
});
