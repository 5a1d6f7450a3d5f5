// The mapping job: opens the data, runs every response × QOI map on the worker pool, refits, convergence, hotspots.
import { paramNames } from '../../workers/fit/models';
import { createRng } from '../../workers/fit/rng';
import { FUN_NAMES, SCORE_TYPES, ElementStatus } from '../../workers/fit/types';
import { triangleNeighbours } from '../../workers/mesh/adjacency';
import { geodesicDistance } from '../../workers/mesh/geodesic';
import type { InitMessage, QualityFigures, QualityMessage } from '../../workers/protocol';
import { AppError, isAppError, QOI_NAMES, type QoiName } from '../contract';
import { openDataset, selectZaps } from '../io/dataset';
import { type RoiGeometry } from '../io/types';
import { ColumnReader } from './column-reader';
import { defaultConvergenceSteps, normaliseSteps, nrmsd } from './convergence';
import { matrixQuality, QUALITY_COLUMNS, sampleColumns } from '../../workers/quality/e-quality';
import { subSeed } from './element-order';
import { newMapState, type FitContext, type MapState } from './fit-sets';
import { findHotspot } from './hotspot';
import { mapQoi } from './map-qoi';
import { nodeWorkerSpawner } from './node-worker';
import { WorkerPool, type PoolEvents } from './pool';
import { ProgressTracker, type MapProgress } from './progress';
import { trace } from '../trace';
import type {
  ConvergenceResult,
  ConvergenceStep,
  ElementMap,
  EQuality,
  JobSpec,
  MappingResult,
} from '../contract';
import type { SpawnWorker } from './worker-handle';

declare const __APP_VERSION__: string | undefined;

export interface MappingHooks extends PoolEvents {
  /** Progress of one map (throttled to a few per second per map, plus every phase change). */
  onProgress?(p: MapProgress): void;
  /** Aborting stops the workers (wait, then kill) and rejects with JOB_CANCELLED. */
  signal?: AbortSignal;
  /** How workers start: Node child processes by default; the app passes the Electron utility-process spawner. */
  spawn?: SpawnWorker;
  /** The ROI geometry once the inputs are open and checked (callers that write results need it too). */
  onRoi?(roi: RoiGeometry): void;
}

/** Default elements per chunk: small enough to balance 2–16 workers, large enough that messages are cheap. */
export const DEFAULT_CHUNK_SIZE = 256;

export async function runMapping(spec: JobSpec, hooks: MappingHooks = {}): Promise<MappingResult> {
  const t0 = performance.now();
  checkSpec(spec);
  if (hooks.signal?.aborted) throw new AppError('JOB_CANCELLED');
  trace('job start');
  // Workers boot (a few hundred ms each) while the inputs are read and checked.
  const pool = new WorkerPool(hooks.spawn ?? nodeWorkerSpawner(), spec.workers, hooks);
  const onAbort = (): void => void pool.close();
  hooks.signal?.addEventListener('abort', onAbort);
  try {
    return await mapWithPool(spec, hooks, pool, t0);
  } catch (e) {
    if (hooks.signal?.aborted && !isAppError(e))
      throw new AppError('JOB_CANCELLED', {}, undefined, { cause: e });
    throw e;
  } finally {
    hooks.signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
}

async function mapWithPool(
  spec: JobSpec,
  hooks: MappingHooks,
  pool: WorkerPool,
  t0: number,
): Promise<MappingResult> {
  const data = await openDataset(spec.inputs);
  trace('inputs opened');
  hooks.onRoi?.(data.roi);
  try {
    const { roi, efield, responses } = data;
    for (const q of spec.qois) {
      if (!efield.qois.includes(q))
        throw new AppError('DATASET_MISSING', {
          file: efield.file,
          path: `/${q}`,
          found: efield.qois.join(', ') || 'none',
          expected: q,
        });
    }
    const zapIdx = selectZaps(responses, spec.zaps, spec.responses);
    if (zapIdx.length < 3)
      throw new AppError('EMPTY_SELECTION', {
        file: responses.file,
        found: `${zapIdx.length} zaps`,
        expected: 'at least 3 zaps',
      });
    const nElements = efield.nElements;
    const range = spec.elementRange ?? shardRange(spec.shard, nElements);
    if (!(
      Number.isInteger(range[0]) &&
      Number.isInteger(range[1]) &&
      range[0] >= 0 &&
      range[0] < range[1] &&
      range[1] <= nElements
    )) {
      throw new AppError('BAD_ARGUMENT', {
        path: 'elementRange',
        found: `[${range.join(', ')})`,
        expected: `a non-empty range within [0, ${nElements})`,
      });
    }
    const ys = spec.responses.map((r) => {
      const col = responses.columns[r];
      if (!col)
        throw new AppError('COLUMN_NOT_FOUND', {
          file: responses.file,
          found: r,
          expected: Object.keys(responses.columns).join(', '),
        });
      return Float64Array.from(zapIdx, (z) => col[z]);
    });
    const neighbours = triangleNeighbours(roi.triangles, roi.nNodes);
    const names = [...paramNames(spec.fun)];
    const np = names.length;

    let blockId = 0;
    let cpuSeconds = 0;
    const lastEmit = new Map<ProgressTracker, number>();
    const emit = (t: ProgressTracker, force = false): void => {
      const now = Date.now();
      if (!force && now - (lastEmit.get(t) ?? 0) < 250) return;
      lastEmit.set(t, now);
      hooks.onProgress?.(t.snapshot());
    };
    const ctx: FitContext = {
      pool,
      seed: spec.seed,
      chunkSize: spec.chunkSize ?? DEFAULT_CHUNK_SIZE,
      nParams: np,
      score: spec.score,
      progressed: (s) => emit(s.tracker),
      nextBlockId: () => blockId++,
      addCpu: (s) => (cpuSeconds += s),
    };
    const initFor = (qoi: QoiName, nZaps: number): InitMessage => ({
      type: 'init',
      fit: { fun: spec.fun, score: spec.score, preset: spec.preset },
      nZaps,
      seed: spec.seed,
      nRefit: spec.nRefit,
      badElementScreen: spec.badElementScreen,
      signedData: spec.signedData ?? qoi === 'E_norm',
    });
    const maps: ElementMap[] = [];
    const convergence: ConvergenceResult[] = [];
    const quality: EQuality[] = [];
    try {
      for (const [qi, qoi] of spec.qois.entries()) {
        const tq = performance.now();
        const reader = new ColumnReader(efield, qoi, zapIdx);
        const states = spec.responses.map((r, ri) =>
          newMapState(r, ys[ri], nElements, np, new ProgressTracker(r, qoi)),
        );
        const withEmit = async (run: () => Promise<void>): Promise<void> => {
          const timer = setInterval(() => states.forEach((s) => emit(s.tracker, true)), 1000);
          try {
            await run();
          } finally {
            clearInterval(timer);
          }
        };
        // The maps start first, so the workers get their first blocks as soon as the first E block is read.
        const mapping = withEmit(() =>
          mapQoi(ctx, reader, initFor(qoi, zapIdx.length), states, {
            range,
            neighbours,
            discontinuityRefit: spec.discontinuityRefit,
            stepdown: spec.stepdown,
            phases: { fit: 'fitting', refit: 'refitting' },
            resetProgress: true,
          }),
        );
        // Awaited below; a failure meanwhile (a cancel) must not count as an unhandled rejection.
        mapping.catch(() => undefined);
        // E quality of the selection (and of each convergence prefix) on a seeded column sample, read while the
        // workers fit and queued ahead of the waiting fit blocks: one worker computes it early in the job, never
        // at its end. With --convergence every step's figures come from this one task.
        const steps = spec.convergence
          ? normaliseSteps(spec.convergenceSteps ?? defaultConvergenceSteps(zapIdx.length), zapIdx.length)
          : [];
        const cols = sampleColumns(
          range[0],
          range[1],
          QUALITY_COLUMNS,
          createRng(subSeed(spec.seed, 21, qi)),
        );
        const wantQuality = spec.quality !== false || spec.convergence;
        const sub = wantQuality ? await readSubset(reader, cols) : null;
        if (sub) trace(`${qoi}: E-quality sample read`);
        const qualityFigures = !sub
          ? Promise.resolve(new Map<number, QualityFigures>())
          : qualityOnPool(
              pool,
              {
                type: 'quality',
                blockId: blockId++,
                cols: sub,
                m: cols.length,
                stride: zapIdx.length,
                rows: [zapIdx.length, ...steps.filter((n) => n !== zapIdx.length)],
              },
              hooks,
              qoi,
            );
        qualityFigures.catch(() => undefined);
        await mapping;
        const seconds = (performance.now() - tq) / 1000;
        trace(`${qoi}: maps done (worker CPU so far ${cpuSeconds.toFixed(2)} s)`);
        for (const s of states) maps.push(toElementMap(s, qoi, spec, names, roi.centroids, range, seconds));

        const figures = await qualityFigures;
        const q = figures.get(zapIdx.length);
        if (q) {
          quality.push({ qoi, mutualCoherence: q.mutualCoherence, svRatio: q.svRatio });
          trace(`${qoi}: E quality done`);
        }

        if (spec.convergence) {
          const perResponse: ConvergenceStep[][] = states.map(() => []);
          const convTrackers = states.map((s) => new ProgressTracker(s.response, qoi));
          const total = steps.reduce((a, n) => a + (n === zapIdx.length ? 0 : range[1] - range[0]), 0);
          convTrackers.forEach((t) => t.start('convergence', total));
          for (const n of steps) {
            const qn = figures.get(n)!;
            let stepStates: MapState[];
            if (n === zapIdx.length) stepStates = states;
            else {
              const rn = new ColumnReader(efield, qoi, zapIdx.subarray(0, n));
              stepStates = states.map((s, ri) =>
                newMapState(s.response, ys[ri].subarray(0, n), nElements, np, convTrackers[ri]),
              );
              await withEmit(() =>
                mapQoi(ctx, rn, initFor(qoi, n), stepStates, {
                  range,
                  neighbours,
                  discontinuityRefit: spec.discontinuityRefit,
                  stepdown: spec.stepdown,
                  phases: { fit: 'convergence', refit: 'convergence' },
                  resetProgress: false,
                }),
              );
            }
            stepStates.forEach((s, ri) => {
              const hotspot = findHotspot(s.scores, roi.centroids, spec.score);
              const prev = perResponse[ri][perResponse[ri].length - 1];
              perResponse[ri].push({
                nZaps: n,
                scores: s.scores,
                nrmsd: prev ? nrmsd(prev.scores, s.scores) : NaN,
                hotspotDistance:
                  prev && prev.hotspot.element >= 0 && hotspot.element >= 0
                    ? geodesicDistance(roi, prev.hotspot.element, hotspot.element)
                    : NaN,
                hotspot,
                mutualCoherence: qn.mutualCoherence,
                svRatio: qn.svRatio,
              });
            });
          }
          states.forEach((s, ri) => convergence.push({ response: s.response, qoi, steps: perResponse[ri] }));
        }
        for (const s of states) {
          s.tracker.start('done', 0);
          emit(s.tracker, true);
        }
      }
    } catch (e) {
      if (hooks.signal?.aborted) throw new AppError('JOB_CANCELLED', {}, undefined, { cause: e });
      throw e;
    }
    if (hooks.signal?.aborted) throw new AppError('JOB_CANCELLED');
    return {
      spec,
      nZaps: zapIdx.length,
      zapIndices: zapIdx,
      nElements,
      maps,
      convergence,
      quality,
      workers: spec.workers,
      seconds: (performance.now() - t0) / 1000,
      workerCpuSeconds: cpuSeconds,
      appVersion: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.1.0',
    };
  } finally {
    data.close();
  }
}

function toElementMap(
  s: MapState,
  qoi: QoiName,
  spec: JobSpec,
  names: string[],
  centroids: Float64Array,
  range: [number, number],
  seconds: number,
): ElementMap {
  let failed = 0;
  for (let j = range[0]; j < range[1]; j++) if (s.status[j] === ElementStatus.failed) failed++;
  return {
    response: s.response,
    qoi,
    fun: spec.fun,
    score: spec.score,
    paramNames: names,
    scores: s.scores,
    params: s.params,
    status: s.status,
    hotspot: findHotspot(s.scores, centroids, spec.score),
    failed,
    seconds,
  };
}

/**
 * The figures of each zap prefix in `block.rows`, by prefix length, computed by a pool worker. When the task
 * failed on two workers but the pool lives on (the crash was the task's), they are computed here instead:
 * E quality never sinks a job whose maps succeeded.
 */
async function qualityOnPool(
  pool: WorkerPool,
  block: QualityMessage,
  hooks: MappingHooks,
  label: string,
): Promise<Map<number, QualityFigures>> {
  let results: QualityFigures[];
  try {
    const r = await pool.run({ block }, { first: true });
    trace(`${label}: E quality computed on a worker (${r.cpuSeconds.toFixed(2)} s CPU)`);
    results = r.results;
  } catch (e) {
    if (!(isAppError(e) && e.code === 'WORKER_FAILED' && !pool.dead)) throw e;
    hooks.log?.(`${label}: E quality: ${e.message}; computing it on the main process`);
    results = block.rows.map((n) => ({ nRows: n, ...matrixQuality(block.cols, block.m, block.stride, n) }));
  }
  return new Map(results.map((f) => [f.nRows, f]));
}

async function readSubset(reader: ColumnReader, cols: Uint32Array): Promise<Float32Array> {
  const out = new Float32Array(cols.length * reader.nZaps);
  let o = 0;
  for await (const g of reader.gather(cols)) {
    out.set(g.data, o);
    o += g.data.length;
  }
  return out;
}

/** Elements of shard i of N (0-based): contiguous, sizes differing by at most one. */
export function shardRange(shard: [number, number] | undefined, n: number): [number, number] {
  if (!shard) return [0, n];
  const [i, count] = shard;
  if (!(Number.isInteger(i) && Number.isInteger(count) && count >= 1 && i >= 0 && i < count && count <= n)) {
    throw new AppError('BAD_ARGUMENT', {
      path: 'shard',
      found: `${i}/${count}`,
      expected: `i/N with 0 ≤ i < N ≤ ${n} elements`,
    });
  }
  return [Math.floor((i * n) / count), Math.floor(((i + 1) * n) / count)];
}

/** Up-front checks of the spec, with the field named in the error. */
export function checkSpec(spec: JobSpec): void {
  const bad = (path: string, found: unknown, expected: string): never => {
    throw new AppError('BAD_ARGUMENT', { path, found: JSON.stringify(found), expected });
  };
  if (!Array.isArray(spec.responses) || spec.responses.length === 0)
    bad('responses', spec.responses, 'at least one response column');
  if (!Array.isArray(spec.qois) || spec.qois.length === 0 || spec.qois.some((q) => !QOI_NAMES.includes(q)))
    bad('qois', spec.qois, QOI_NAMES.join(' | '));
  if (!FUN_NAMES.includes(spec.fun)) bad('fun', spec.fun, FUN_NAMES.join(' | '));
  if (!SCORE_TYPES.includes(spec.score)) bad('score', spec.score, SCORE_TYPES.join(' | '));
  if (!Number.isInteger(spec.nRefit) || spec.nRefit < 0) bad('nRefit', spec.nRefit, 'an integer ≥ 0');
  if (!Number.isInteger(spec.workers) || spec.workers < 1 || spec.workers > 256)
    bad('workers', spec.workers, 'an integer in [1, 256]');
  if (!Number.isInteger(spec.seed)) bad('seed', spec.seed, 'an integer');
  if (spec.chunkSize !== undefined && (!Number.isInteger(spec.chunkSize) || spec.chunkSize < 1))
    bad('chunkSize', spec.chunkSize, 'an integer ≥ 1');
  if (new Set(spec.responses).size !== spec.responses.length)
    bad('responses', spec.responses, 'distinct names');
  if (new Set(spec.qois).size !== spec.qois.length) bad('qois', spec.qois, 'distinct names');
}
