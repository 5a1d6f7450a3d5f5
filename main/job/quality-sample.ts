// E-matrix quality of a selection (and of each convergence prefix) on a seeded column sample, computed by one worker.
import { createRng } from '../../workers/fit/rng';
import type { QualityFigures, QualityMessage } from '../../workers/protocol';
import { matrixQuality, QUALITY_COLUMNS, sampleColumns } from '../../workers/quality/e-quality';
import { isAppError } from '../contract';
import type { ColumnReader } from './column-reader';
import { subSeed } from './element-order';
import type { WorkerPool } from './pool';
import { trace } from '../trace';

/** The figures of each zap prefix, by its number of zaps. */
export type QualityFiguresByRows = Map<number, QualityFigures>;

export interface QualityRequest {
  /** False: no figures at all (the CLI without --quality or --convergence). */
  wanted: boolean;
  /** The job's element range: the sample is drawn from it. */
  range: [number, number];
  seed: number;
  /** Index of the QOI in the job (its own sample stream). */
  qoiIndex: number;
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
  const cols = sampleColumns(
    q.range[0],
    q.range[1],
    QUALITY_COLUMNS,
    createRng(subSeed(q.seed, 21, q.qoiIndex)),
  );
  const sub = await readSubset(reader, cols);
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

async function readSubset(reader: ColumnReader, cols: Uint32Array): Promise<Float32Array> {
  const out = new Float32Array(cols.length * reader.nZaps);
  let o = 0;
  for await (const g of reader.gather(cols)) {
    out.set(g.data, o);
    o += g.data.length;
  }
  return out;
}
