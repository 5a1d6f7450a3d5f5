// Fits sets of elements of one QOI for several maps through the pool: bounded reads, shuffled chunks, results merged in place.
import { trace } from '../trace';
import { SEED_ROUND_OF_MODE, type FitMode, type InitMessage } from '../../workers/protocol';
import type { ScoreType } from '../../workers/fit/types';
import { ElementStatus } from '../../workers/fit/types';
import { isAppError, isBetter, scoreDirection } from '../contract';
import { MAX_BLOCK_BYTES, type ColumnReader } from './column-reader';
import { shuffledChunks, subSeed } from './element-order';
import type { WorkerPool } from './pool';
import type { ProgressTracker } from './progress';

/** The growing result of one response × QOI map. Arrays cover the whole ROI (nElements entries). */
export interface MapState {
  response: string;
  /** Responses of the selected zaps (same order as the reader's zaps). */
  y: Float64Array;
  scores: Float64Array;
  params: Float64Array;
  status: Uint8Array;
  /** With signed-data selection: zaps fitted per element and the sign used (created by the first such result). */
  nFit?: Uint32Array;
  sign?: Int8Array;
  tracker: ProgressTracker;
}

/** One map's elements to fit (ascending) and, for start-value modes, their start parameters (element-major). */
export interface WorkItem {
  state: MapState;
  elements: Uint32Array;
  starts?: Float64Array;
}

/** The smallest chunk near a pass's end: ~8 ms of fitting on lmfit's path, against ~1 ms per block's round trip. */
const MIN_TAIL_CHUNK = 16;

export interface FitContext {
  pool: WorkerPool;
  seed: number;
  chunkSize: number;
  nParams: number;
  score: ScoreType;
  /** Called after progress changed (the caller throttles). */
  progressed(state: MapState): void;
  /** Adds the CPU time a block took in its worker. */
  addCpu(seconds: number): void;
  nextBlockId(): number;
}

export function newMapState(
  response: string,
  y: Float64Array,
  nElements: number,
  nParams: number,
  tracker: ProgressTracker,
): MapState {
  return {
    response,
    y,
    scores: new Float64Array(nElements).fill(NaN),
    params: new Float64Array(nElements * nParams).fill(NaN),
    // Every element of the job's range gets its own status; the rest stay "not mapped" (shards).
    status: new Uint8Array(nElements).fill(ElementStatus.notMapped),
    tracker,
  };
}

/**
 * Runs `mode` on every work item. `keepBetter`: a new result replaces the old one only when its score is
 * better (refits); otherwise it is written as is. A block whose worker failed twice marks its elements
 * `failed` (first visits) or keeps their previous result (refits); the job goes on. Cancellation rethrows.
 */
export async function fitSets(
  ctx: FitContext,
  reader: ColumnReader,
  init: InitMessage,
  items: WorkItem[],
  mode: FitMode,
  keepBetter: boolean,
): Promise<void> {
  const work = items.filter((w) => w.elements.length > 0);
  if (work.length === 0) return;
  const union = unionSorted(work.map((w) => w.elements));
  const nz = reader.nZaps;
  const np = ctx.nParams;
  // Set from the block callbacks; an object so the checks below are not narrowed away.
  const stop: { error: Error | null } = { error: null };
  const cursors = work.map(() => 0);

  const dispatchGroup = (ids: Uint32Array, data: Float32Array): Promise<void>[] => {
    const tasks: Promise<void>[] = [];
    work.forEach((w, wi) => {
      // Positions in this group of the item's elements (both lists ascending).
      const local: number[] = [];
      const rows: number[] = [];
      let c = cursors[wi];
      for (let g = 0; g < ids.length && c < w.elements.length; g++) {
        if (ids[g] === w.elements[c]) {
          local.push(g);
          rows.push(c);
          c++;
        }
      }
      cursors[wi] = c;
      if (local.length === 0) return;
      // Elements of this pass not dispatched after this item's share of the group (its later groups, and the
      // other items' shares still to come): the chunks shrink toward the pass's end.
      let after = 0;
      work.forEach((v, vi) => (after += v.elements.length - cursors[vi]));
      for (const chunk of shuffledChunks(
        local.length,
        ctx.chunkSize,
        subSeed(ctx.seed, SEED_ROUND_OF_MODE[mode], ids[0]),
        { after, workers: ctx.pool.size, minChunk: MIN_TAIL_CHUNK },
      )) {
        const elements = new Uint32Array(chunk.length);
        const x = new Float32Array(chunk.length * nz);
        const starts = w.starts ? new Float64Array(chunk.length * np) : undefined;
        for (let i = 0; i < chunk.length; i++) {
          const g = local[chunk[i]];
          elements[i] = ids[g];
          x.set(data.subarray(g * nz, (g + 1) * nz), i * nz);
          if (starts && w.starts)
            starts.set(w.starts.subarray(rows[chunk[i]] * np, (rows[chunk[i]] + 1) * np), i * np);
        }
        const block = {
          type: 'fit-block' as const,
          blockId: ctx.nextBlockId(),
          elements,
          x,
          y: w.state.y,
          starts,
          mode,
        };
        // A retried block reports from 0 again: count only what goes beyond the best count seen.
        let counted = 0;
        const onProgress = (done: number): void => {
          if (done <= counted) return;
          w.state.tracker.add(done - counted);
          counted = done;
          ctx.progressed(w.state);
        };
        tasks.push(
          ctx.pool.run({ init, block, onProgress }).then(
            (res) => {
              ctx.addCpu(res.cpuSeconds);
              const s = w.state;
              const better = scoreDirection(ctx.score);
              for (let i = 0; i < elements.length; i++) {
                const el = elements[i];
                if (keepBetter && !isBetter(res.scores[i], s.scores[el], better)) continue;
                s.scores[el] = res.scores[i];
                s.params.set(res.params.subarray(i * np, (i + 1) * np), el * np);
                s.status[el] = res.status[i];
                if (res.nFit && res.sign) {
                  s.nFit ??= new Uint32Array(s.scores.length);
                  s.sign ??= new Int8Array(s.scores.length);
                  s.nFit[el] = res.nFit[i];
                  s.sign[el] = res.sign[i];
                }
              }
            },
            (e: unknown) => {
              // One block that keeps crashing its workers is that block's problem; a pool without workers is the job's.
              if (isAppError(e) && e.code === 'WORKER_FAILED' && !ctx.pool.dead) {
                if (!keepBetter) for (const el of elements) markFailed(w.state, el, np);
                onProgress(elements.length);
                return;
              }
              stop.error ??= e instanceof Error ? e : new Error(String(e));
            },
          ),
        );
      }
    });
    return tasks;
  };

  // Read ahead while the workers fit: groups in flight (read, not yet fitted) and the next read hold at most one
  // full-size block of E (MAX_BLOCK_BYTES), or two groups where a group is that large. A map within that budget (9 800 × 500 is
  // 20 MB) is read in one go, so the workers never wait for a read; a larger one is read as fast as it is fitted.
  const inFlight: { done: Promise<unknown>; bytes: number }[] = [];
  let inFlightBytes = 0;
  const maxGroupBytes = 4 * nz * reader.blockElements;
  const budget = Math.max(MAX_BLOCK_BYTES, 2 * maxGroupBytes);
  let read = 0;
  const iterator = reader.gather(union)[Symbol.asyncIterator]();
  for (;;) {
    while (inFlight.length > 0 && inFlightBytes + maxGroupBytes > budget) {
      const oldest = inFlight.shift()!;
      await oldest.done;
      inFlightBytes -= oldest.bytes;
    }
    if (stop.error) break;
    const next = await iterator.next();
    if (next.done) break;
    const group = next.value;
    read += group.elements.length;
    trace(`E columns read: ${read} of ${union.length}`);
    const bytes = group.data.byteLength;
    inFlight.push({ done: Promise.all(dispatchGroup(group.elements, group.data)), bytes });
    inFlightBytes += bytes;
    // A read holds the thread: let the workers' messages in between (a worker that booted gets its first block
    // now, not after the last read).
    await new Promise<void>((r) => setImmediate(r));
  }
  await iterator.return?.(undefined);
  await Promise.all(inFlight.map((g) => g.done));
  if (stop.error) throw stop.error;
}

function markFailed(s: MapState, el: number, np: number): void {
  s.scores[el] = NaN;
  s.params.fill(NaN, el * np, (el + 1) * np);
  s.status[el] = ElementStatus.failed;
}

/** Ascending union of ascending lists. */
export function unionSorted(lists: Uint32Array[]): Uint32Array {
  if (lists.length === 1) return lists[0];
  const all = new Uint32Array(lists.reduce((n, l) => n + l.length, 0));
  let o = 0;
  for (const l of lists) {
    all.set(l, o);
    o += l.length;
  }
  all.sort();
  let w = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[w++] = all[i];
  return all.slice(0, w);
}
