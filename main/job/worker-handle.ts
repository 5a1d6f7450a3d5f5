// What the pool needs from one worker process, whatever started it (Node child_process or Electron utilityProcess).
import type { MainToWorker, WorkerToMain } from '../../workers/protocol';

/** Why a worker went away: typed so logs and the UI can tell a crash from a kill or a failed launch. */
export type WorkerExitReason = 'clean' | 'killed' | 'crashed' | 'oom' | 'launch-failed';

export interface WorkerExit {
  reason: WorkerExitReason;
  code: number | null;
  signal: string | null;
}

export interface WorkerHandle {
  readonly id: number;
  /** Known once the process started (undefined when the launch failed). */
  readonly pid: number | undefined;
  post(msg: MainToWorker): void;
  onMessage(listener: (msg: WorkerToMain) => void): void;
  /** Fires once, whatever the way the process ended. */
  onExit(listener: (exit: WorkerExit) => void): void;
  /** SIGKILL (or the platform's equivalent): the last step of "wait, then kill". */
  kill(): void;
}

/** Starts worker number `id`. */
export type SpawnWorker = (id: number) => WorkerHandle;

/** Exit code 134 / SIGABRT is how V8 ends a process that ran out of heap. */
export function classifyExit(
  code: number | null,
  signal: string | null,
  intentional: boolean,
): WorkerExitReason {
  if (code === 0 && !signal) return 'clean';
  if (intentional) return 'killed';
  if (code === 134 || signal === 'SIGABRT') return 'oom';
  return 'crashed';
}
