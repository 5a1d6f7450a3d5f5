// Electron implementation of a worker: utilityProcess.fork of the built worker entry (same protocol as the Node child).
import { utilityProcess } from 'electron';
import { createInterface } from 'node:readline';
import { isWorkerToMain, type MainToWorker, type WorkerToMain } from '../../workers/protocol';
import {
  classifyExit,
  workerEnv,
  type SpawnWorker,
  type WorkerExit,
  type WorkerHandle,
} from '../job/worker-handle';

export interface UtilitySpawnerOptions {
  /** Where the workers' stdout/stderr lines and V8 fatal errors go (the app's log file): a GUI has no console. */
  log?(line: string): void;
  /** Extra V8/Node flags for the workers (default: TMS_MAPPER_WORKER_ARGS, split on spaces). */
  execArgv?: string[];
}

/** The flags TMS_MAPPER_WORKER_ARGS asks for, e.g. "--cpu-prof --cpu-prof-dir=prof" (same as for Node children). */
export function workerExecArgv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.TMS_MAPPER_WORKER_ARGS ?? '').split(' ').filter(Boolean);
}

/**
 * A spawner for `runMapping(spec, { spawn })` in the app: each worker is a utility process (a Node environment
 * without a window, killed with the app). `entry` is appPaths(...).workerEntry.
 *
 * What Electron 45 does, and how this handle turns it into the WorkerHandle contract (main-process
 * `lib/browser/api/utility-process.ts`, `shell/browser/api/electron_api_utility_process.cc`):
 * - 'spawn' fires once the OS process exists; a failed launch sends neither 'spawn' nor 'exit' (the pool's start
 *   watchdog turns that into 'launch-failed'); 'error' ('FatalError') is only a V8 fatal error in a running process.
 * - `pid` is undefined before 'spawn' and again from 'exit' on: the handle keeps the last one for logs.
 * - `kill()` does nothing before 'spawn', sends SIGTERM (SIGKILL only 2 s later) and makes the exit code 0. The
 *   handle sends SIGKILL itself (process.kill; TerminateProcess on Windows) so a stopped worker dies at once, and
 *   a kill asked for before 'spawn' is done on 'spawn'.
 * - `postMessage(msg, transfer)` accepts only MessagePortMain in `transfer` ('Invalid value for transfer'): messages
 *   are sent without one (structured clone copies the typed arrays).
 */
export function utilityWorkerSpawner(entry: string, opts: UtilitySpawnerOptions = {}): SpawnWorker {
  const execArgv = opts.execArgv ?? workerExecArgv();
  return (id: number): WorkerHandle => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: `tms-mapper worker ${id}`,
      env: workerEnv(),
      // Piped, not inherited: a GUI launch has no console, so the lines go to the log.
      stdio: opts.log ? 'pipe' : 'inherit',
      ...(execArgv.length > 0 ? { execArgv } : {}),
    });
    const tag = (): string => `[worker ${id} pid ${pid ?? '?'}]`;
    let pid: number | undefined;
    let intentional = false;
    let exited = false;
    const exitListeners: ((e: WorkerExit) => void)[] = [];
    const finish = (e: WorkerExit): void => {
      if (exited) return;
      exited = true;
      for (const l of exitListeners) l(e);
    };
    const sigkill = (): void => {
      if (pid === undefined || exited) return;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone: its 'exit' is on the way.
      }
    };
    const pipeLines = (stream: NodeJS.ReadableStream | null | undefined, name: string): void => {
      if (!stream || !opts.log) return;
      createInterface({ input: stream }).on('line', (line) => opts.log?.(`${tag()} ${name}: ${line}`));
    };
    // With 'pipe' the streams exist from fork() on; lines arrive once the process runs.
    pipeLines(child.stdout, 'stdout');
    pipeLines(child.stderr, 'stderr');
    child.on('spawn', () => {
      pid = child.pid;
      if (intentional) sigkill();
    });
    child.on('exit', (code: number) => {
      // A signal shows as its number on POSIX (9 after our SIGKILL): only the code is known here.
      finish({ reason: classifyExit(code, null, intentional), code, signal: null });
    });
    child.on('error', (type: string, location: string) => {
      opts.log?.(`${tag()} ${type} at ${location}`);
    });
    return {
      id,
      get pid() {
        return pid;
      },
      post(msg: MainToWorker) {
        if (!exited) child.postMessage(msg);
      },
      onMessage(listener: (m: WorkerToMain) => void) {
        child.on('message', (m: unknown) => {
          if (isWorkerToMain(m)) listener(m);
        });
      },
      onExit(listener) {
        exitListeners.push(listener);
      },
      kill() {
        intentional = true;
        sigkill();
      },
    };
  };
}
