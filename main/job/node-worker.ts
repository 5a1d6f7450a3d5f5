// Node implementation of a worker: child_process.fork of the built worker entry with structured-clone IPC.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AppError } from '../contract';
import { isWorkerToMain, type MainToWorker, type WorkerToMain } from '../../workers/protocol';
import { appPaths } from '../paths';
import {
  classifyExit,
  workerEnv,
  type SpawnWorker,
  type WorkerExit,
  type WorkerHandle,
} from './worker-handle';

/** The built worker (`out/main/worker.js`) next to the running bundle; tests and benches pass it explicitly. */
export function defaultWorkerEntry(): string {
  return appPaths(import.meta.dirname).workerEntry;
}

/** 'advanced' serialisation sends typed arrays as typed arrays (structured clone), never as JSON arrays. */
export function nodeWorkerSpawner(entry: string = defaultWorkerEntry()): SpawnWorker {
  if (!existsSync(entry)) {
    throw new AppError('WORKER_FAILED', {
      file: entry,
      found: 'no worker entry',
      expected: 'the built worker (npm run build)',
    });
  }
  return (id: number): WorkerHandle => {
    // execArgv: [] so workers do not inherit loaders of the parent (e.g. tsx in tests and benchmarks);
    // TMS_MAPPER_WORKER_ARGS passes flags on purpose (e.g. "--cpu-prof --cpu-prof-dir=prof" to profile workers).
    const child = fork(entry, [], {
      serialization: 'advanced',
      env: workerEnv(),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: (process.env.TMS_MAPPER_WORKER_ARGS ?? '').split(' ').filter(Boolean),
    });
    let intentional = false;
    let exited = false;
    const exitListeners: ((e: WorkerExit) => void)[] = [];
    const finish = (e: WorkerExit): void => {
      if (exited) return;
      exited = true;
      for (const l of exitListeners) l(e);
    };
    child.on('exit', (code, signal) =>
      finish({ reason: classifyExit(code, signal, intentional), code, signal }),
    );
    child.on('error', (err) => {
      // 'error' without a pid means the process never started; with one, the channel broke (treat as crash).
      if (child.pid === undefined) finish({ reason: 'launch-failed', code: null, signal: null });
      else console.error(`[worker ${id} pid ${child.pid}] ${err.message}`);
    });
    return {
      id,
      get pid() {
        return child.pid;
      },
      post(msg: MainToWorker) {
        if (child.connected) child.send(msg);
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
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  };
}
