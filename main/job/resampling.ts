// Permutation test and hotspot bootstrap of one QOI's maps: every replicate is a full map through mapQoi on the pool.
import type { InitMessage } from '../../workers/protocol';
import type { SurfaceGeometry } from '../../workers/mesh/geodesic';
import { AppError } from '../contract';
import type { QoiName } from '../contract';
import type { EfieldSource } from '../io/types';
import { ColumnReader, rangeElements } from './column-reader';
import { newMapState, type FitContext, type MapState } from './fit-sets';
import { findHotspot } from './hotspot';
import { mapQoi, type MapQoiOptions } from './map-qoi';
import { ProgressTracker, type JobPhase, type MapProgress } from './progress';
import { bootstrapResult, significanceResult } from './resampling-results';
import { bestScore } from './resampling-stats';
import { exchangeBlocks, permutationOf, resampleOf } from './resampling-plan';
import { trace } from '../trace';
import type { BootstrapResult, SignificanceResult } from '../contract';

/** E columns of the job's range are kept in memory for the replicates when they take at most this much. */
export const RESIDENT_E_BYTES = 1024 * 1024 * 1024;

export interface ResampleInput {
  /** The observed maps' fit context (pool, seed, chunking, CPU accounting); progress is reported here instead. */
  ctx: FitContext;
  efield: EfieldSource;
  qoi: QoiName;
  /** Selected zaps (file indices) and the file's condition per zap (null when it has none). */
  zapIdx: Uint32Array;
  conditions: string[] | null;
  /** The observed maps of this QOI (one per response), complete. */
  observed: MapState[];
  /** The observed maps' worker configuration: replicates use the very same object. */
  init: InitMessage;
  map: Pick<MapQoiOptions, 'range' | 'neighbours' | 'discontinuityRefit' | 'stepdown'>;
  nElements: number;
  geometry: SurfaceGeometry;
  permutations?: number;
  bootstrap?: number;
  /** A shard's results are partial (merge recombines them). */
  partial: boolean;
  onProgress?(p: MapProgress): void;
  signal?: AbortSignal;
}

export interface ResampleOutput {
  /** Per observed map (same order), when asked for. */
  significance: (SignificanceResult | undefined)[];
  bootstrap: (BootstrapResult | undefined)[];
}

/** Counts a replicate's first-pass elements into the map's overall bar (refits are not in the total). */
class ReplicateTracker extends ProgressTracker {
  forwarded = 0;
  constructor(private readonly parent: ProgressTracker) {
    super(parent.response, parent.qoi);
  }
  override add(delta: number): void {
    if (this.phase === 'refitting') return;
    this.forwarded += delta;
    this.parent.add(delta);
  }
}

export async function resampleQoi(o: ResampleInput): Promise<ResampleOutput> {
  const nz = o.zapIdx.length;
  const [start, end] = o.map.range;
  const blocks = exchangeBlocks(o.conditions ? Array.from(o.zapIdx, (z) => o.conditions![z]) : null, nz);
  const readerFor = await residentColumns(o.efield, o.qoi, o.zapIdx, o.map.range);
  const out: ResampleOutput = {
    significance: o.observed.map(() => undefined),
    bootstrap: o.observed.map(() => undefined),
  };
  const score = o.ctx.score;
  const seed = o.ctx.seed;

  /** Runs replicates 1..n, a few at a time so the workers never wait for a replicate's refit tail. */
  const run = async (
    phase: JobPhase,
    n: number,
    replicate: (i: number) => { reader: ColumnReader; order: Uint32Array },
    record: (i: number, states: MapState[]) => void,
  ): Promise<void> => {
    const bars = o.observed.map((s) => new ProgressTracker(s.response, o.qoi));
    bars.forEach((b) => b.start(phase, n * (end - start)));
    let last = 0;
    const emit = (force = false): void => {
      const now = Date.now();
      if (!force && now - last < 250) return;
      last = now;
      for (const b of bars) o.onProgress?.(b.snapshot());
    };
    const ctx: FitContext = { ...o.ctx, progressed: () => emit() };
    const timer = setInterval(() => emit(true), 1000);
    let next = 1;
    const failure: { error: Error | null } = { error: null };
    const lane = async (): Promise<void> => {
      while (failure.error === null && next <= n) {
        if (o.signal?.aborted) throw new AppError('JOB_CANCELLED');
        const i = next++;
        const { reader, order } = replicate(i);
        const trackers = bars.map((b) => new ReplicateTracker(b));
        const states = o.observed.map((s, si) =>
          newMapState(
            s.response,
            Float64Array.from(order, (k) => s.y[k]),
            o.nElements,
            o.ctx.nParams,
            trackers[si],
          ),
        );
        try {
          await mapQoi(ctx, reader, o.init, states, {
            ...o.map,
            phases: { fit: phase, refit: 'refitting' },
            resetProgress: false,
          });
        } catch (e) {
          failure.error ??= e instanceof Error ? e : new Error(String(e));
          return;
        }
        trackers.forEach((t, si) => bars[si].add(end - start - t.forwarded));
        record(i, states);
        emit();
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(n, o.ctx.pool.size + 1) }, lane));
    } finally {
      clearInterval(timer);
    }
    if (failure.error !== null) throw failure.error;
    if (o.signal?.aborted) throw new AppError('JOB_CANCELLED');
    emit(true);
  };

  if (o.permutations) {
    const n = o.permutations;
    const maxima = o.observed.map(() => new Float64Array(n));
    const reader = readerFor(null);
    await run(
      'permutations',
      n,
      (i) => ({ reader, order: permutationOf(blocks, nz, seed, i) }),
      (i, states) => states.forEach((s, si) => (maxima[si][i - 1] = bestScore(s.scores, start, end, score))),
    );
    out.significance = o.observed.map((s, si) =>
      significanceResult(s.scores, maxima[si], o.map.range, score, seed, o.partial),
    );
    trace(`${o.qoi}: ${n} permutations done`);
  }
  if (o.bootstrap) {
    const n = o.bootstrap;
    const elements = o.observed.map(() => new Int32Array(n));
    const scores = o.observed.map(() => new Float64Array(n));
    await run(
      'bootstrap',
      n,
      (i) => {
        const order = resampleOf(blocks, nz, seed, i);
        return { reader: readerFor(order), order };
      },
      (i, states) =>
        states.forEach((s, si) => {
          const h = findHotspot(s.scores, o.geometry.centroids, score);
          elements[si][i - 1] = h.element;
          scores[si][i - 1] = h.score;
        }),
    );
    out.bootstrap = o.observed.map((s, si) =>
      bootstrapResult(
        o.geometry,
        findHotspot(s.scores, o.geometry.centroids, score).element,
        elements[si],
        scores[si],
        seed,
        o.partial,
      ),
    );
    trace(`${o.qoi}: ${n} bootstrap resamples done`);
  }
  return out;
}

/**
 * Readers of the range's E columns for a zap order (positions into the selected zaps; null = as selected). The
 * columns are read from the file once and served from memory to every replicate when they fit in
 * RESIDENT_E_BYTES (a 10 000 × 500 map takes 20 MB); the values are the very float32 the observed map got.
 */
export async function residentColumns(
  efield: EfieldSource,
  qoi: QoiName,
  zapIdx: Uint32Array,
  range: [number, number],
  budget = RESIDENT_E_BYTES,
): Promise<(order: Uint32Array | null) => ColumnReader> {
  const nz = zapIdx.length;
  const [start, end] = range;
  const identity = Uint32Array.from({ length: nz }, (_, k) => k);
  if ((end - start) * nz * 4 > budget)
    return (order) =>
      new ColumnReader(efield, qoi, order ? Uint32Array.from(order, (k) => zapIdx[k]) : zapIdx);
  const cache = new Float32Array((end - start) * nz);
  for await (const g of new ColumnReader(efield, qoi, zapIdx).gather(rangeElements(start, end)))
    cache.set(g.data, (g.elements[0] - start) * nz);
  const resident: EfieldSource = {
    file: efield.file,
    nZaps: nz,
    nElements: efield.nElements,
    qois: [qoi],
    readColumns(_q, a, b, order) {
      if (a < start || b > end)
        throw new RangeError(`columns [${a}, ${b}) outside the resident [${start}, ${end})`);
      if (!order || order === identity)
        return Promise.resolve(cache.subarray((a - start) * nz, (b - start) * nz));
      const m = order.length;
      const o = new Float32Array((b - a) * m);
      for (let j = a; j < b; j++) {
        const col = (j - start) * nz;
        const dst = (j - a) * m;
        for (let k = 0; k < m; k++) o[dst + k] = cache[col + order[k]];
      }
      return Promise.resolve(o);
    },
    close: () => undefined,
  };
  return (order) => new ColumnReader(resident, qoi, order ?? identity);
}
