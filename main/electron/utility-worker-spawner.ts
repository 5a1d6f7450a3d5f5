// Electron implementation of a worker: utilityProcess.fork of the built worker entry (same protocol as the Node child).
import { utilityProcess } from 'electron';
import { isWorkerToMain, type MainToWorker, type WorkerToMain } from '../../workers/protocol';
import { classifyExit, type SpawnWorker, type WorkerExit, type WorkerHandle } from '../job/worker-handle';

/**
 * A spawner for `runMapping(dataset, spec, { spawn })` in the app: each worker is a utility process (a Node
 * environment without a window, killed with the app). `entry` is appPaths(...).workerEntry.
 */
export function utilityWorkerSpawner(entry: string): SpawnWorker {
  return (id: number): WorkerHandle => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: `tms-mapper worker ${id}`,
      stdio: 'inherit',
    });
    let intentional = false;
    let exited = false;
    const exitListeners: ((e: WorkerExit) => void)[] = [];
    const finish = (e: WorkerExit): void => {
      if (exited) return;
      exited = true;
      for (const l of exitListeners) l(e);
    };
    child.on('exit', (code: number) =>
      finish({ reason: classifyExit(code, null, intentional), code, signal: null }),
    );
    // Electron reports crashes and failed launches here before 'exit'; its type maps onto our reasons.
    child.on('error', (type: string) => {
      const reason = type === 'FatalError' && child.pid === undefined ? 'launch-failed' : 'crashed';
      finish({ reason, code: null, signal: type });
    });
    return {
      id,
      get pid() {
        return child.pid;
      },
      // Structured clone keeps typed arrays; main-side buffers are not transferred so a crashed block can be resent.
      post(msg: MainToWorker) {
        child.postMessage(msg);
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
        child.kill();
      },
    };
  };
}
