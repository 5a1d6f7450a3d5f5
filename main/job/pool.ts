// A pool of worker processes running fit blocks and E-quality tasks: one queue, one task per idle worker, one retry of a crashed or stalled task, wait-then-kill shutdown.
import type {
  BlockResultMessage,
  FitBlockMessage,
  InitMessage,
  QualityMessage,
  QualityResultMessage,
  WorkerToMain,
} from '../../workers/protocol';
import { AppError } from '../contract';
import { trace } from '../trace';
import type { SpawnWorker, WorkerExit, WorkerHandle } from './worker-handle';

/** A fit block; resolves to the worker's block result. */
export interface FitTask {
  /** The job configuration the block needs; sent to a worker first whenever it differs from its last one. */
  init: InitMessage;
  block: FitBlockMessage;
  /** Elements of the block finished so far (from the worker's progress messages; restarts at 0 on a retry). */
  onProgress?: (done: number) => void;
}

/** E-matrix quality of a column sample: needs no init, reports no progress; resolves to the quality result. */
export interface QualityTask {
  block: QualityMessage;
}

/** What the queue holds: same order, retry and cancel rules for both kinds. */
export type PoolTask = FitTask | QualityTask;

type TaskResult = BlockResultMessage | QualityResultMessage;

function isFitTask(t: PoolTask): t is FitTask {
  return t.block.type === 'fit-block';
}

export interface PoolEvents {
  onWorkerStart?(info: { id: number; pid: number }): void;
  onWorkerExit?(info: { id: number; pid: number | undefined; exit: WorkerExit; busy: boolean }): void;
  log?(line: string): void;
  /** Start and stall limits (defaults: WATCHDOG_DEFAULTS, or TMS_MAPPER_WORKER_START_MS / _STALL_MS). */
  watchdog?: Partial<WatchdogLimits>;
}

/**
 * When a worker counts as lost although its process never ended. An Electron utility process that fails to launch
 * sends neither 'spawn' nor 'exit' and cannot be killed before 'spawn'; a stopped (SIGSTOP) or wedged process sends
 * nothing. Either would hang the job, and its cancel, for ever.
 */
export interface WatchdogLimits {
  /** From spawn() to the worker's 'ready' message. */
  startMs: number;
  /**
   * Longest silence of a busy worker (fit workers report after every element). The limit used is the larger of
   * this and stallFactor × the longest silence seen so far in this pool, so a slow machine does not trip it.
   */
  stallMs: number;
  /** "Far past its expected time": this many times the longest healthy silence seen. */
  stallFactor: number;
}

export const WATCHDOG_DEFAULTS: WatchdogLimits = { startMs: 60_000, stallMs: 120_000, stallFactor: 20 };
/** Quality tasks send nothing until their result: their silence limit is this many times longer. */
const QUALITY_STALL_FACTOR = 5;
/** Failed launches in a row after which no new worker is started (each costs startMs). */
const MAX_LAUNCH_FAILURES = 2;
/** After a kill, how long close() waits for the exit before giving the process up (it may never have started). */
export const KILL_WAIT_MS = 5_000;

function envMs(name: string): number | undefined {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Explicit limits win over the environment, which wins over the defaults. */
export function watchdogLimits(given: Partial<WatchdogLimits> = {}): WatchdogLimits {
  return {
    startMs: given.startMs ?? envMs('TMS_MAPPER_WORKER_START_MS') ?? WATCHDOG_DEFAULTS.startMs,
    stallMs: given.stallMs ?? envMs('TMS_MAPPER_WORKER_STALL_MS') ?? WATCHDOG_DEFAULTS.stallMs,
    stallFactor: given.stallFactor ?? WATCHDOG_DEFAULTS.stallFactor,
  };
}

export interface RunOptions {
  /** Ahead of every waiting task (not of those already sent to a worker). */
  first?: boolean;
}

interface Pending {
  task: PoolTask;
  attempts: number;
  resolve(r: TaskResult): void;
  reject(e: unknown): void;
  done: number;
}

interface Slot {
  handle: WorkerHandle;
  ready: boolean;
  lastInit: InitMessage | null;
  /** Tasks sent to the worker and not answered yet, in the order it runs them (the first is running). */
  inflight: Pending[];
  alive: boolean;
  /** When the worker last sent anything (or was given work while idle): the stall clock. */
  lastHeard: number;
  startedAt: number;
}

/**
 * Tasks a worker holds at once: the running one and the next, queued in the worker. A finished worker starts the
 * next task at once instead of idling while the main process is busy (reading the next E block takes ~0.1 s).
 */
export const PIPELINE_DEPTH = 2;

/** One retry per task on a fresh worker (a crash may be the machine's, not the block's). */
const MAX_ATTEMPTS = 2;
/** How long shutdown waits for workers to leave by themselves before killing them. */
export const SHUTDOWN_GRACE_MS = 500;

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closing = false;
  /** Fresh workers started after crashes; bounded so a worker that cannot start does not loop forever. */
  private respawns = 0;
  /** No worker is left and none may be started: the job cannot go on. */
  dead = false;
  private readonly limits: WatchdogLimits;
  private watchdogTimer: NodeJS.Timeout | null = null;
  /** Longest silence of a busy worker that then answered: the pool's measure of "expected". */
  private longestGap = 0;
  /** Launches given up in a row with no worker becoming ready: a broken install, not bad luck. */
  private launchFailures = 0;
  private readonly abandoned = new Map<Slot, (() => void)[]>();

  constructor(
    private readonly spawn: SpawnWorker,
    readonly size: number,
    private readonly events: PoolEvents = {},
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new AppError('BAD_ARGUMENT', {
        path: 'workers',
        found: String(size),
        expected: 'an integer ≥ 1',
      });
    this.limits = watchdogLimits(events.watchdog);
    for (let i = 0; i < size; i++) this.startWorker();
    // Checks a few times per limit; unref'd so an idle pool never keeps the process alive.
    const every = Math.max(50, Math.min(this.limits.startMs, this.limits.stallMs) / 4);
    this.watchdogTimer = setInterval(() => this.checkWatchdog(), every);
    this.watchdogTimer.unref();
  }

  /** Pids of the live workers (tests check none survive a cancel). */
  pids(): number[] {
    return this.slots.filter((s) => s.alive && s.handle.pid !== undefined).map((s) => s.handle.pid!);
  }

  /** Queues a task; it goes to the next free worker after the tasks queued before it (or before them: `first`). */
  run(task: FitTask, opts?: RunOptions): Promise<BlockResultMessage>;
  run(task: QualityTask, opts?: RunOptions): Promise<QualityResultMessage>;
  run(task: PoolTask, opts: RunOptions = {}): Promise<TaskResult> {
    if (this.closing) return Promise.reject(new AppError('JOB_CANCELLED'));
    if (this.dead)
      return Promise.reject(new AppError('WORKER_FAILED', {}, 'no worker process could be kept running'));
    return new Promise<TaskResult>((resolve, reject) => {
      const p: Pending = { task, attempts: 0, resolve, reject, done: 0 };
      if (opts.first) this.queue.unshift(p);
      else this.queue.push(p);
      this.dispatch();
    });
  }

  private log(slot: Slot, line: string): void {
    const msg = `[worker ${slot.handle.id} pid ${slot.handle.pid ?? '?'}] ${line}`;
    if (this.events.log) this.events.log(msg);
  }

  private startWorker(): void {
    const handle = this.spawn(this.nextId++);
    const now = Date.now();
    const slot: Slot = {
      handle,
      ready: false,
      lastInit: null,
      inflight: [],
      alive: true,
      lastHeard: now,
      startedAt: now,
    };
    this.slots.push(slot);
    handle.onMessage((m) => this.onMessage(slot, m));
    handle.onExit((exit) => this.onExit(slot, exit));
  }

  private onMessage(slot: Slot, m: WorkerToMain): void {
    if (!slot.alive) return;
    const now = Date.now();
    if (slot.inflight.length > 0) this.longestGap = Math.max(this.longestGap, now - slot.lastHeard);
    slot.lastHeard = now;
    switch (m.type) {
      case 'ready':
        slot.ready = true;
        this.launchFailures = 0;
        trace(`worker ${slot.handle.id} ready`);
        this.events.onWorkerStart?.({ id: slot.handle.id, pid: m.pid });
        this.dispatch();
        return;
      case 'progress': {
        const p = slot.inflight.find((q) => q.task.block.blockId === m.blockId);
        if (p && isFitTask(p.task)) {
          p.task.onProgress?.(m.done);
          p.done = m.done;
        }
        return;
      }
      case 'block-result':
      case 'quality-result': {
        const kind = m.type === 'block-result' ? 'fit-block' : 'quality';
        const i = slot.inflight.findIndex(
          (q) => q.task.block.type === kind && q.task.block.blockId === m.blockId,
        );
        if (i >= 0) {
          const [p] = slot.inflight.splice(i, 1);
          if (isFitTask(p.task)) p.task.onProgress?.(p.task.block.elements.length);
          p.resolve(m);
        }
        this.dispatch();
        return;
      }
      case 'error': {
        this.log(slot, `error ${m.code}: ${m.message}`);
        const i =
          m.blockId === undefined
            ? slot.inflight.length > 0
              ? 0
              : -1
            : slot.inflight.findIndex((q) => q.task.block.blockId === m.blockId);
        if (i >= 0) {
          const [p] = slot.inflight.splice(i, 1);
          this.retryOrFail(p, `worker error ${m.code}: ${m.message.split('\n')[0]}`);
        }
        this.dispatch();
        return;
      }
    }
  }

  private onExit(slot: Slot, exit: WorkerExit): void {
    // A worker the watchdog gave up on was handled then; its late exit changes nothing.
    if (!slot.alive) return;
    this.retire(slot, exit);
  }

  /** Silence limit for a slot's running task. */
  private stallLimit(slot: Slot): number {
    const base = Math.max(this.limits.stallMs, this.limits.stallFactor * this.longestGap);
    return slot.inflight[0]?.task.block.type === 'quality' ? base * QUALITY_STALL_FACTOR : base;
  }

  /** A worker that never became ready, or went silent while busy, is killed and handled as a crash at once. */
  private checkWatchdog(): void {
    if (this.closing) return;
    const now = Date.now();
    for (const slot of [...this.slots]) {
      if (!slot.alive) continue;
      if (!slot.ready && now - slot.startedAt > this.limits.startMs) {
        this.giveUp(slot, 'launch-failed', `did not start within ${this.limits.startMs} ms`);
      } else if (slot.ready && slot.inflight.length > 0 && now - slot.lastHeard > this.stallLimit(slot)) {
        this.giveUp(
          slot,
          'stalled',
          `sent nothing for ${now - slot.lastHeard} ms while busy (limit ${this.stallLimit(slot)} ms)`,
        );
      }
    }
  }

  private giveUp(slot: Slot, reason: 'launch-failed' | 'stalled', why: string): void {
    this.log(slot, `${why}: killing it and treating it as a crash`);
    slot.handle.kill();
    if (reason === 'launch-failed') this.launchFailures++;
    this.retire(slot, { reason, code: null, signal: null });
  }

  private retire(slot: Slot, exit: WorkerExit): void {
    slot.alive = false;
    const lost = slot.inflight.splice(0);
    const busy = lost.length > 0;
    this.events.onWorkerExit?.({ id: slot.handle.id, pid: slot.handle.pid, exit, busy });
    if (!this.closing)
      this.log(
        slot,
        `${exit.reason === 'stalled' || exit.reason === 'launch-failed' ? 'given up' : 'exited'} (${exit.reason}, code ${exit.code}, signal ${exit.signal})${busy ? ` during ${lost[0].task.block.type === 'quality' ? 'a quality task' : 'a block'}` : ''}`,
      );
    const idx = this.slots.indexOf(slot);
    if (idx >= 0) this.slots.splice(idx, 1);
    if (this.closing) {
      for (const p of lost) p.reject(new AppError('JOB_CANCELLED'));
      return;
    }
    // The running task counts an attempt; the ones only queued in the worker go back as they were.
    if (busy) this.retryOrFail(lost[0], `worker ${exit.reason}`);
    this.queue.splice(this.queue[0] === lost[0] ? 1 : 0, 0, ...lost.slice(1));
    if (this.respawns < this.size * 4 && this.launchFailures < MAX_LAUNCH_FAILURES) {
      this.respawns++;
      this.startWorker();
    } else if (this.slots.length === 0) {
      // Nothing left to run the queue: fail every waiting block instead of hanging.
      this.dead = true;
      for (const q of this.queue.splice(0))
        q.reject(new AppError('WORKER_FAILED', {}, 'no worker process could be kept running'));
    }
    this.dispatch();
  }

  private retryOrFail(p: Pending, why: string): void {
    p.attempts++;
    if (p.attempts < MAX_ATTEMPTS) {
      p.done = 0;
      // Retried first so a crash does not push its block to the end of the job.
      this.queue.unshift(p);
    } else {
      p.reject(
        new AppError(
          'WORKER_FAILED',
          { path: `${isFitTask(p.task) ? 'block' : 'quality block'} ${p.task.block.blockId}` },
          `${why}, after ${p.attempts} attempts`,
        ),
      );
    }
  }

  private dispatch(): void {
    if (this.closing) return;
    // First an idle worker for every waiting task, then a second task for each busy one.
    for (let depth = 1; depth <= PIPELINE_DEPTH; depth++) {
      for (const slot of this.slots) {
        if (this.queue.length === 0) return;
        if (!slot.alive || !slot.ready || slot.inflight.length >= depth) continue;
        this.send(slot, this.queue.shift()!);
      }
    }
  }

  private send(slot: Slot, p: Pending): void {
    // An idle worker's silence was not a stall: its clock starts with the new task.
    if (slot.inflight.length === 0) slot.lastHeard = Date.now();
    slot.inflight.push(p);
    // A quality task leaves the worker's job configuration as it was (workers apply init messages in order).
    if (isFitTask(p.task) && slot.lastInit !== p.task.init) {
      slot.handle.post(p.task.init);
      slot.lastInit = p.task.init;
    }
    slot.handle.post(p.task.block);
  }

  /**
   * Stops every worker: asks them to leave, waits up to `graceMs`, then kills the rest. Waiting tasks
   * are rejected with JOB_CANCELLED. Resolves once every process is gone.
   */
  async close(graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
    this.closing = true;
    if (this.watchdogTimer) clearInterval(this.watchdogTimer);
    this.watchdogTimer = null;
    for (const q of this.queue.splice(0)) q.reject(new AppError('JOB_CANCELLED'));
    const live = this.slots.filter((s) => s.alive);
    const gone = live.map(
      (s) =>
        new Promise<void>((r) => {
          s.handle.onExit(() => r());
          this.abandoned.set(s, [r]);
        }),
    );
    // A worker still booting has nothing to finish (e.g. the inputs failed while it started): kill it at once
    // instead of waiting for it to boot and read the cancel.
    for (const s of live) {
      if (s.ready) s.handle.post({ type: 'cancel' });
      else s.handle.kill();
    }
    const wait = (ms: number): Promise<'timeout'> =>
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref());
    if ((await Promise.race([Promise.all(gone), wait(graceMs)])) === 'timeout') {
      for (const s of live) if (s.alive) s.handle.kill();
      // A process that never launched has no pid and never exits (Electron sends no 'exit' then, and its kill()
      // does nothing before 'spawn'): give it up at once. Others get a bounded wait for their exit.
      for (const s of live) if (s.alive && s.handle.pid === undefined) this.abandon(s, 'never started');
      if ((await Promise.race([Promise.all(gone), wait(KILL_WAIT_MS)])) === 'timeout') {
        for (const s of live) if (s.alive) this.abandon(s, `no exit ${KILL_WAIT_MS} ms after the kill`);
      }
    }
  }

  /** Stops waiting for a worker during shutdown. */
  private abandon(s: Slot, why: string): void {
    this.log(s, `${why}: given up`);
    s.alive = false;
    for (const p of s.inflight.splice(0)) p.reject(new AppError('JOB_CANCELLED'));
    for (const l of this.abandoned.get(s) ?? []) l();
  }
}
