// What the pool needs from one worker process, whatever started it (Node child_process or Electron utilityProcess).
import type { MainToWorker, WorkerToMain } from '../../workers/protocol';

/**
 * Why a worker went away: typed so logs and the UI can tell a crash from a kill or a failed launch.
 * 'launch-failed' and 'stalled' are the pool watchdog's verdicts (no 'ready' in time; silent while busy).
 */
export type WorkerExitReason = 'clean' | 'killed' | 'crashed' | 'oom' | 'launch-failed' | 'stalled';

export interface WorkerExit {
  reason: WorkerExitReason;
  code: number | null;
  signal: string | null;
}

export interface WorkerHandle {
  readonly id: number;
  /** Known once the process started and kept after it exited (undefined only when it never started). */
  readonly pid: number | undefined;
  post(msg: MainToWorker): void;
  onMessage(listener: (msg: WorkerToMain) => void): void;
  /** Fires once, whatever the way the process ended. */
  onExit(listener: (exit: WorkerExit) => void): void;
  /**
   * SIGKILL (TerminateProcess on Windows): the last step of "wait, then kill", and the watchdog's answer to a
   * stopped process. Before the process started it is remembered and done once it has.
   */
  kill(): void;
}

/** Starts worker number `id`. */
export type SpawnWorker = (id: number) => WorkerHandle;

/**
 * Exit code 134 / SIGABRT is how V8 ends a process that ran out of heap. A kill we asked for is 'killed' whatever
 * the code: Electron reports 0 for a utility process it terminated itself.
 */
export function classifyExit(
  code: number | null,
  signal: string | null,
  intentional: boolean,
): WorkerExitReason {
  if (intentional) return 'killed';
  if (code === 0 && !signal) return 'clean';
  if (code === 134 || signal === 'SIGABRT') return 'oom';
  return 'crashed';
}

/**
 * The environment a worker starts with: the parent's, less what only TLS uses. Node 20 reads the certificates named
 * by NODE_EXTRA_CA_CERTS at every process start, before any script runs (nodejs/node#40524; set on lab PCs behind
 * a TLS-inspecting proxy, and on this project's CI machines): ~0.1 s of CPU per worker measured with Debian's CA
 * bundle. A worker fits curves and never opens a connection.
 */
export function workerEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _tlsOnly, ...rest } = env;
  return rest;
}
