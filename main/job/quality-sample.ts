// E-matrix quality of a selection (and of each convergence prefix) on a seeded column sample, computed by one worker.
import { createRng } from '../../workers/fit/rng';
import type { QualityFigures, QualityMessage } from '../../workers/protocol';
import { matrixQuality, QUALITY_COLUMNS, sampleColumns } from '../../workers/quality/e-quality';
import { isAppError } from '../contract';
import type { ColumnReader } from './column-reader';
import type { WorkerPool } from './pool';
import { trace } from '../trace';

/** The figures of each zap prefix, by its number of zaps. */
export type QualityFiguresByRows = Map<number, QualityFigures>;

export interface QualityRequest {
  /** False: no figures at all (the CLI without --quality or --convergence). */
  wanted: boolean;
  /** The job's element range: the sample is drawn from it. */
  range: [number, number];
  /** Zap prefix lengths to compute, the full selection first. */
  rows: number[];
  blockId: number;
  log?(line: string): void;
  label: string;
}

/**
 * Reads the sampled columns (while the workers fit) and queues their quality task ahead of the waiting fit blocks, so
 * one worker computes it early in the job, never at its end. With --convergence every step's figures come from this
 * one task.
 */
export async function qualityFiguresOf(
  pool: WorkerPool,
  reader: ColumnReader,
  q: QualityRequest,
): Promise<QualityFiguresByRows> {
  if (!q.wanted) return new Map();
  const { cols, sub } = await readQualitySample(reader, q.range);
  trace(`${q.label}: E-quality sample read`);
  const block: QualityMessage = {
    type: 'quality',
    blockId: q.blockId,
    cols: sub,
    m: cols.length,
    stride: reader.nZaps,
    rows: q.rows,
  };
  return qualityOnPool(pool, block, q);
}

/**
 * The figures of each zap prefix in `block.rows`, computed by a pool worker. When the task failed on two workers but
 * the pool lives on (the crash was the task's), they are computed here instead: E quality never sinks a job whose
 * maps succeeded.
 */
async function qualityOnPool(
  pool: WorkerPool,
  block: QualityMessage,
  q: QualityRequest,
): Promise<QualityFiguresByRows> {
  let results: QualityFigures[];
  try {
    const r = await pool.run({ block }, { first: true });
    trace(`${q.label}: E quality computed on a worker (${r.cpuSeconds.toFixed(2)} s CPU)`);
    results = r.results;
  } catch (e) {
    if (!(isAppError(e) && e.code === 'WORKER_FAILED' && !pool.dead)) throw e;
    q.log?.(`${q.label}: E quality: ${e.message}; computing it on the main process`);
    results = block.rows.map((n) => ({ nRows: n, ...matrixQuality(block.cols, block.m, block.stride, n) }));
  }
  return new Map(results.map((f) => [f.nRows, f]));
}

/**
 * Stream of the column sample. It is fixed, not drawn from the job's seed or QOI index: the Selection step (which knows
 * neither the model's seed nor the QOI's place in the job) and the job must sample the same columns, or the same
 * selection shows two different σmax/σmin (issue 16: 1.36e5 on Selection, 3.89e5 on Results for one selection).
 */
export const QUALITY_SAMPLE_SEED = 0x51a11e;

/** The sampled columns of an element range: the same for every QOI, seed and caller. */
export function qualityColumns(range: [number, number]): Uint32Array {
  return sampleColumns(range[0], range[1], QUALITY_COLUMNS, createRng(QUALITY_SAMPLE_SEED));
}

/** The sampled columns of `range` and their E values for the reader's zaps (element-major, stride reader.nZaps). */
export async function readQualitySample(
  reader: ColumnReader,
  range: [number, number],
): Promise<{ cols: Uint32Array; sub: Float32Array }> {
  const cols = qualityColumns(range);
  const sub = new Float32Array(cols.length * reader.nZaps);
  let o = 0;
  for await (const g of reader.gather(cols)) {
    sub.set(g.data, o);
    o += g.data.length;
  }
  return { cols, sub };
}
