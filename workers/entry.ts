// Worker process entry: the same file runs as an Electron utility process and as a Node child process.
import { ElementJob } from './element-job';
import { runQuality } from './quality/quality-block';
import {
  isMainToWorker,
  post,
  type MainToWorker,
  type PostSink,
  type BlockResultMessage,
  type QualityMessage,
  type QualityResultMessage,
  type WorkerToMain,
} from './protocol';

interface Transport {
  send: PostSink<WorkerToMain>;
  onMessage(handler: (m: unknown) => void): void;
}

/**
 * Electron utility processes have `process.parentPort`; Node children forked with an IPC channel have
 * `process.send`. The parent port delivers `{ data, ports }` events, holds messages until the first 'message'
 * listener is added (so nothing sent before this module ran is lost) and takes no transfer list.
 */
function pickTransport(): Transport {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: (msg) => parentPort.postMessage(msg),
      onMessage: (h) => parentPort.on('message', (e: { data: unknown }) => h(e.data)),
    };
  }
  const send = process.send?.bind(process);
  // A parent that died leaves a broken pipe: leave quietly instead of crashing on the next progress message.
  process.on('error', () => process.exit(0));
  if (!send) {
    console.error(
      'tms-mapper worker: no parent channel (start it with child_process.fork or utilityProcess.fork)',
    );
    process.exit(1);
  }
  return {
    send: (msg) => {
      if (process.connected) send(msg);
      else process.exit(0);
    },
    onMessage: (h) => process.on('message', h),
  };
}

interface ParentPortLike {
  postMessage(msg: unknown): void;
  on(event: 'message', listener: (e: { data: unknown; ports: unknown[] }) => void): void;
}

const transport = pickTransport();
const send = (m: WorkerToMain): void => post(transport.send, m);
let job: ElementJob | null = null;
let cancelled = false;
// Blocks run one after another; messages arriving meanwhile queue here.
let chain: Promise<void> = Promise.resolve();

const yieldToEvents = (): Promise<void> => new Promise((r) => setImmediate(r));

function handle(msg: MainToWorker): void {
  if (msg.type === 'cancel') {
    cancelled = true;
    // A running block notices at its next progress point; an idle worker just leaves.
    chain = chain.then(() => process.exit(0));
    return;
  }
  if (msg.type === 'init') {
    // In the chain: the main process may already have queued a block of the previous job behind the running one.
    chain = chain.then(() => {
      job = new ElementJob(msg);
    });
    return;
  }
  if (msg.type === 'quality') {
    chain = chain.then(() => runQualityTask(msg));
    return;
  }
  chain = chain.then(async () => {
    if (cancelled) return;
    if (!job) {
      send({ type: 'error', blockId: msg.blockId, code: 'INTERNAL', message: 'fit-block before init' });
      return;
    }
    const running = job;
    await runTimed(msg.blockId, () =>
      running.run(msg, {
        progress: async (done) => {
          send({ type: 'progress', blockId: msg.blockId, done });
          await yieldToEvents();
          return !cancelled;
        },
      }),
    );
  });
}

/** A quality task needs no init; it takes its turn in the chain like one more block. */
async function runQualityTask(msg: QualityMessage): Promise<void> {
  if (cancelled) return;
  await runTimed(msg.blockId, () =>
    runQuality(msg, async () => {
      await yieldToEvents();
      return !cancelled;
    }),
  );
}

/** Runs one task, stamps its result with the CPU time it took and sends it (nothing when stopped; errors coded). */
async function runTimed(
  blockId: number,
  run: () => Promise<BlockResultMessage | QualityResultMessage | null>,
): Promise<void> {
  try {
    const cpu0 = process.cpuUsage();
    const res = await run();
    if (res) {
      const cpu = process.cpuUsage(cpu0);
      res.cpuSeconds = (cpu.user + cpu.system) / 1e6;
      send(res);
    }
  } catch (e) {
    sendError(blockId, e);
  }
}

function sendError(blockId: number, e: unknown): void {
  send({
    type: 'error',
    blockId,
    code: 'INTERNAL',
    message: e instanceof Error ? (e.stack ?? e.message) : String(e),
  });
}

transport.onMessage((m) => {
  if (isMainToWorker(m)) handle(m);
  else
    send({ type: 'error', code: 'INTERNAL', message: `unknown message ${JSON.stringify(m).slice(0, 200)}` });
});
// A Node child whose parent died loses its channel: leave instead of lingering.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid });
