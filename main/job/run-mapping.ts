// The mapping job on an open dataset: every response × QOI map on the worker pool, refits, convergence, hotspots.
import { paramNames } from '../../workers/fit/models';
import { ElementStatus } from '../../workers/fit/types';
import { triangleNeighbours, type Csr } from '../../workers/mesh/adjacency';
import type { InitMessage } from '../../workers/protocol';
import {
  AppError,
  checkJobSpec,
  refitsApply,
  isAppError,
  type ConvergenceResult,
  type ElementMap,
  type EQuality,
  type JobSpec,
  type MappingResult,
  type QoiName,
} from '../contract';
import { selectZaps, type Dataset } from '../io/dataset';
import { responseColumn } from '../io/responses';
import { ColumnReader } from './column-reader';
import { convergenceStep, defaultConvergenceSteps, normaliseSteps } from './convergence';
import { newMapState, type FitContext, type MapState } from './fit-sets';
import { findHotspot } from './hotspot';
import { mapQoi, type MapQoiOptions } from './map-qoi';
import { nodeWorkerSpawner } from './node-worker';
import { WorkerPool, type PoolEvents } from './pool';
import { ProgressTracker, type MapProgress } from './progress';
import { qualityFiguresOf, type QualityFiguresByRows } from './quality-sample';
import { resampleQoi } from './resampling';
import { checkResampling, exchangeBlocks } from './resampling-plan';
import { shardRange } from './shards';
import { trace } from '../trace';
import type { SpawnWorker } from './worker-handle';

declare const __APP_VERSION__: string | undefined;

export interface MappingHooks extends PoolEvents {
  /** Progress of one map (throttled to a few per second per map, plus every phase change). */
  onProgress?(p: MapProgress): void;
  /** Aborting stops the workers (wait, then kill) and rejects with JOB_CANCELLED. */
  signal?: AbortSignal;
  /** How workers start: Node child processes by default; the app passes the Electron utility-process spawner. */
  spawn?: SpawnWorker;
  /** Called once the dataset is open (the workers may still be booting), before any fit. */
  onStart?(dataset: Dataset): void;
}

/** Default elements per chunk: small enough to balance 2–16 workers, large enough that messages are cheap. */
export const DEFAULT_CHUNK_SIZE = 256;

/**
 * Maps `spec` on an open dataset, or on one being opened (the workers boot, a few hundred ms each, while it opens).
 * The caller owns the dataset and closes it.
 */
export async function runMapping(
  dataset: Dataset | PromiseLike<Dataset>,
  spec: JobSpec,
  hooks: MappingHooks = {},
): Promise<MappingResult> {
  const t0 = performance.now();
  checkJobSpec(spec);
  if (hooks.signal?.aborted) throw new AppError('JOB_CANCELLED');
  trace('job start');
  const pool = new WorkerPool(hooks.spawn ?? nodeWorkerSpawner(), spec.workers, hooks);
  const onAbort = (): void => void pool.close();
  hooks.signal?.addEventListener('abort', onAbort);
  try {
    const data = await dataset;
    trace('inputs opened');
    hooks.onStart?.(data);
    const result = await mapAll(new JobRun(spec, hooks, pool, data, planJob(spec, data)));
    if (hooks.signal?.aborted) throw new AppError('JOB_CANCELLED');
    return { ...result, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    if (hooks.signal?.aborted && !(isAppError(e) && e.code === 'JOB_CANCELLED'))
      throw new AppError('JOB_CANCELLED', {}, undefined, { cause: e });
    throw e;
  } finally {
    hooks.signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
}

/** What the job derives from the spec and the open dataset before any fit: zaps, elements, responses, mesh. */
interface JobPlan {
  zapIdx: Uint32Array;
  range: [number, number];
  nElements: number;
  /** Responses of the selected zaps, per response of the spec. */
  ys: Float64Array[];
  neighbours: Csr;
  names: string[];
}

function planJob(spec: JobSpec, data: Dataset): JobPlan {
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
    // The same name resolution as the check before the workers started (FDI finds p2p_FDI).
    const col = responseColumn(responses, r);
    if (!col)
      throw new AppError('COLUMN_NOT_FOUND', {
        file: responses.file,
        found: r,
        expected: Object.keys(responses.columns).join(', '),
      });
    return Float64Array.from(zapIdx, (z) => col[z]);
  });
  // Before hours of fitting: refuse a permutation test or bootstrap that cannot mean anything here.
  checkResampling(
    spec,
    spec.responses.map((name, ri) => ({ name, y: ys[ri] })),
    exchangeBlocks(
      responses.conditions ? Array.from(zapIdx, (z) => responses.conditions![z]) : null,
      zapIdx.length,
    ),
    responses.file,
  );
  const neighbours = triangleNeighbours(roi.triangles, roi.nNodes);
  return { zapIdx, range, nElements, ys, neighbours, names: [...paramNames(spec.fun)] };
}

/** One running job: the pool, the fit context every pass shares, and the throttled progress reports. */
class JobRun {
  readonly ctx: FitContext;
  private blockId = 0;
  cpuSeconds = 0;
  private readonly lastEmit = new Map<ProgressTracker, number>();

  constructor(
    readonly spec: JobSpec,
    readonly hooks: MappingHooks,
    readonly pool: WorkerPool,
    readonly data: Dataset,
    readonly plan: JobPlan,
  ) {
    this.ctx = {
      pool,
      seed: spec.seed,
      chunkSize: spec.chunkSize ?? DEFAULT_CHUNK_SIZE,
      nParams: plan.names.length,
      score: spec.score,
      progressed: (s) => this.emit(s.tracker),
      nextBlockId: () => this.blockId++,
      addCpu: (s) => (this.cpuSeconds += s),
    };
  }

  emit(t: ProgressTracker, force = false): void {
    const now = Date.now();
    if (!force && now - (this.lastEmit.get(t) ?? 0) < 250) return;
    this.lastEmit.set(t, now);
    this.hooks.onProgress?.(t.snapshot());
  }

  /** The worker's init for one QOI and zap count (signed data: the spec's choice, or on for E_norm only). */
  initFor(qoi: QoiName, nZaps: number): InitMessage {
    const { spec } = this;
    return {
      type: 'init',
      fit: {
        fun: spec.fun,
        score: spec.score,
        preset: spec.preset,
        stepStart: spec.stepStart ?? true,
        // The reference's optimizer path unless the spec chose the engine's own (absent: a stored spec, which did).
        solver: (spec.fastSolver ?? true) ? 'separable' : 'minpack',
      },
      nZaps,
      seed: spec.seed,
      nRefit: refitsApply(spec.fun) ? spec.nRefit : 0,
      badElementScreen: spec.badElementScreen,
      signedData: spec.signedData ?? qoi === 'E_norm',
    };
  }

  mapOptions(phases: MapQoiOptions['phases'], resetProgress: boolean): MapQoiOptions {
    const { spec, plan } = this;
    return {
      range: plan.range,
      neighbours: plan.neighbours,
      discontinuityRefit: spec.discontinuityRefit && refitsApply(spec.fun),
      stepdown: spec.stepdown,
      phases,
      resetProgress,
    };
  }

  /** Runs `mapQoi` on `states` with a once-a-second progress beat (long blocks report nothing meanwhile). */
  async mapStates(reader: ColumnReader, qoi: QoiName, states: MapState[], o: MapQoiOptions): Promise<void> {
    const timer = setInterval(() => states.forEach((s) => this.emit(s.tracker, true)), 1000);
    try {
      await mapQoi(this.ctx, reader, this.initFor(qoi, reader.nZaps), states, o);
    } finally {
      clearInterval(timer);
    }
  }

  newStates(qoi: QoiName, nZaps: number, trackers?: ProgressTracker[]): MapState[] {
    const { spec, plan } = this;
    return spec.responses.map((r, ri) =>
      newMapState(
        r,
        plan.ys[ri].subarray(0, nZaps),
        plan.nElements,
        plan.names.length,
        trackers?.[ri] ?? new ProgressTracker(r, qoi),
      ),
    );
  }
}

async function mapAll(run: JobRun): Promise<Omit<MappingResult, 'seconds'>> {
  const { spec, plan } = run;
  const maps: ElementMap[] = [];
  const convergence: ConvergenceResult[] = [];
  const quality: EQuality[] = [];
  for (const qoi of spec.qois) {
    const out = await mapOneQoi(run, qoi);
    maps.push(...out.maps);
    convergence.push(...out.convergence);
    if (out.quality) quality.push(out.quality);
  }
  return {
    spec,
    nZaps: plan.zapIdx.length,
    zapIndices: plan.zapIdx,
    nElements: plan.nElements,
    maps,
    convergence,
    quality,
    workers: spec.workers,
    workerCpuSeconds: run.cpuSeconds,
    appVersion: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.1.0',
  };
}

/** The maps of one QOI, its E quality and (with --convergence) its convergence runs. */
async function mapOneQoi(
  run: JobRun,
  qoi: QoiName,
): Promise<{ maps: ElementMap[]; convergence: ConvergenceResult[]; quality: EQuality | null }> {
  const { spec, plan } = run;
  const nZaps = plan.zapIdx.length;
  const tq = performance.now();
  const reader = new ColumnReader(run.data.efield, qoi, plan.zapIdx);
  const states = run.newStates(qoi, nZaps);
  // The maps start first, so the workers get their first blocks as soon as the first E block is read.
  const mapping = run.mapStates(
    reader,
    qoi,
    states,
    run.mapOptions({ fit: 'fitting', refit: 'refitting' }, true),
  );
  // Awaited below; a failure meanwhile (a cancel) must not count as an unhandled rejection.
  mapping.catch(() => undefined);
  const steps = spec.convergence
    ? normaliseSteps(spec.convergenceSteps ?? defaultConvergenceSteps(nZaps), nZaps)
    : [];
  const figures = qualityFiguresOf(run.pool, reader, {
    wanted: spec.quality !== false || spec.convergence,
    range: plan.range,
    rows: [nZaps, ...steps.filter((n) => n !== nZaps)],
    blockId: run.ctx.nextBlockId(),
    log: (line) => run.hooks.log?.(line),
    label: qoi,
  });
  figures.catch(() => undefined);
  await mapping;
  const seconds = (performance.now() - tq) / 1000;
  trace(`${qoi}: maps done (worker CPU so far ${run.cpuSeconds.toFixed(2)} s)`);
  const maps = states.map((s) => toElementMap(s, qoi, spec, plan, run.data.roi.centroids, seconds));

  const byRows = await figures;
  const q = byRows.get(nZaps);
  if (q) trace(`${qoi}: E quality done`);
  const quality = q ? { qoi, mutualCoherence: q.mutualCoherence, svRatio: q.svRatio } : null;
  const convergence = spec.convergence ? await convergenceRuns(run, qoi, states, steps, byRows) : [];
  if (spec.permutations || spec.bootstrap) await resample(run, qoi, states, maps);
  for (const s of states) {
    s.tracker.start('done', 0);
    run.emit(s.tracker, true);
  }
  return { maps, convergence, quality };
}

/** Permutation test and bootstrap of this QOI's maps: every replicate a full map, computed as the observed one. */
async function resample(run: JobRun, qoi: QoiName, states: MapState[], maps: ElementMap[]): Promise<void> {
  const { spec, plan, data } = run;
  const r = await resampleQoi({
    ctx: run.ctx,
    efield: data.efield,
    qoi,
    zapIdx: plan.zapIdx,
    conditions: data.responses.conditions,
    observed: states,
    init: run.initFor(qoi, plan.zapIdx.length),
    map: {
      range: plan.range,
      neighbours: plan.neighbours,
      discontinuityRefit: spec.discontinuityRefit && refitsApply(spec.fun),
      stepdown: spec.stepdown,
    },
    nElements: plan.nElements,
    geometry: data.roi,
    permutations: spec.permutations,
    bootstrap: spec.bootstrap,
    partial: plan.range[0] > 0 || plan.range[1] < plan.nElements,
    onProgress: (p) => run.hooks.onProgress?.(p),
    signal: run.hooks.signal,
  });
  maps.forEach((m, si) => {
    m.significance = r.significance[si];
    m.bootstrap = r.bootstrap[si];
  });
}

/** Maps each convergence step's zap prefix (the full selection reuses the job's maps) and compares consecutive steps. */
async function convergenceRuns(
  run: JobRun,
  qoi: QoiName,
  states: MapState[],
  steps: number[],
  figures: QualityFiguresByRows,
): Promise<ConvergenceResult[]> {
  const { plan } = run;
  const nZaps = plan.zapIdx.length;
  const runs: ConvergenceResult[] = states.map((s) => ({ response: s.response, qoi, steps: [] }));
  const trackers = states.map((s) => new ProgressTracker(s.response, qoi));
  const total = steps.reduce((a, n) => a + (n === nZaps ? 0 : plan.range[1] - plan.range[0]), 0);
  trackers.forEach((t) => t.start('convergence', total));
  for (const n of steps) {
    let stepStates = states;
    if (n !== nZaps) {
      stepStates = run.newStates(qoi, n, trackers);
      const reader = new ColumnReader(run.data.efield, qoi, plan.zapIdx.subarray(0, n));
      const o = run.mapOptions({ fit: 'convergence', refit: 'convergence' }, false);
      await run.mapStates(reader, qoi, stepStates, o);
    }
    const qn = figures.get(n)!;
    stepStates.forEach((s, ri) => {
      const prev = runs[ri].steps[runs[ri].steps.length - 1];
      runs[ri].steps.push(convergenceStep(prev, n, s.scores, run.data.roi, run.spec.score, qn));
    });
  }
  return runs;
}

function toElementMap(
  s: MapState,
  qoi: QoiName,
  spec: JobSpec,
  plan: JobPlan,
  centroids: Float64Array,
  seconds: number,
): ElementMap {
  let failed = 0;
  for (let j = plan.range[0]; j < plan.range[1]; j++) if (s.status[j] === ElementStatus.failed) failed++;
  return {
    response: s.response,
    qoi,
    fun: spec.fun,
    score: spec.score,
    paramNames: plan.names,
    scores: s.scores,
    params: s.params,
    status: s.status,
    ...(s.nFit && s.sign ? { nFit: s.nFit, fitSign: s.sign } : {}),
    hotspot: findHotspot(s.scores, centroids, spec.score),
    failed,
    seconds,
  };
}
