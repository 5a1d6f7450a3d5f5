// Turns the `map` command's flags into a JobSpec, with BAD_ARGUMENT naming the flag on anything malformed.
import { availableParallelism } from 'node:os';
import { AppError, QOI_NAMES, type QoiName } from '../contract';
import {
  FUN_NAMES,
  SCORE_TYPES,
  type BoundsPreset,
  type FunName,
  type ScoreType,
} from '../../workers/fit/types';
import type { JobSpec, ZapSelection } from '../contract';

/** The flags as commander hands them over (strings unless commander parsed a boolean). */
export interface MapFlags {
  demo?: boolean;
  roi?: string;
  efield?: string;
  responses?: string;
  response?: string;
  qoi: string;
  fun: string;
  score: string;
  preset: string;
  refit: string;
  discontinuityRefit: boolean;
  stepdown?: boolean;
  badElementScreen: boolean;
  signedData: string;
  conditions?: string;
  conditionColumn?: string;
  intensityColumn?: string;
  zaps?: string;
  preinnervation?: string;
  convergence?: boolean;
  quality?: boolean;
  steps?: string;
  workers?: string;
  seed: string;
  shard?: string;
  chunkSize?: string;
  out: string;
  force?: boolean;
}

const bad = (flag: string, found: string, expected: string): AppError =>
  new AppError('BAD_ARGUMENT', { path: flag, found: JSON.stringify(found), expected });

export function parseInteger(flag: string, v: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^-?\d+$/.test(v.trim())) throw bad(flag, v, `a whole number in [${min}, ${max}]`);
  const n = Number(v);
  if (n < min || n > max) throw bad(flag, v, `a whole number in [${min}, ${max}]`);
  return n;
}

export function parseList(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** `mesh.hdf5:roi-id` → file + id; a drive letter (C:\…) or a path without a `:id` suffix keeps the whole string. */
export function parseRoiArg(v: string): { file: string; roiId: string | null } {
  const m = /^(.*\.(?:hdf5|h5|hdf|he5)):([^\\/:]+)$/i.exec(v);
  return m ? { file: m[1], roiId: m[2] } : { file: v, roiId: null };
}

/** `--zaps 200` (first 200) or `--zaps 100:400` ([100, 400) of the file's zaps, before the NaN filter). */
export function parseZaps(v: string): Pick<ZapSelection, 'first' | 'range'> {
  const t = v.trim();
  if (/^\d+$/.test(t)) return { first: parseInteger('--zaps', t, 1) };
  const m = /^(\d*):(\d*)$/.exec(t);
  if (!m) throw bad('--zaps', v, 'first-N (e.g. 200) or start:end (e.g. 0:300)');
  const start = m[1] === '' ? 0 : Number(m[1]);
  const end = m[2] === '' ? Number.MAX_SAFE_INTEGER : Number(m[2]);
  if (end <= start) throw bad('--zaps', v, 'start < end');
  return { range: [start, end] };
}

/**
 * `--preinnervation <column>:<max>`: drop zaps whose background EMG in `column` (same units as the file, e.g. µV
 * before the pulse) exceeds `max`. The column name may itself contain ':' (the limit is after the last one).
 */
export function parsePreinnervation(v: string): NonNullable<ZapSelection['preinnervation']> {
  const i = v.lastIndexOf(':');
  const column = i > 0 ? v.slice(0, i).trim() : '';
  const limit = i > 0 ? v.slice(i + 1).trim() : '';
  const max = limit === '' ? NaN : Number(limit);
  if (!column || !Number.isFinite(max))
    throw bad(
      '--preinnervation',
      v,
      'column:max, e.g. preinnervation_FDI:50 (a numeric column and a finite limit)',
    );
  return { column, max };
}

/** `--shard i/N`, 0-based i (SLURM: --shard $SLURM_ARRAY_TASK_ID/N with --array=0-(N-1)). */
export function parseShard(v: string): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  if (!m) throw bad('--shard', v, 'i/N with 0 ≤ i < N (e.g. 0/4)');
  const i = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || i >= n) throw bad('--shard', v, 'i/N with 0 ≤ i < N (e.g. 0/4)');
  return [i, n];
}

function oneOf<T extends string>(flag: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v)) throw bad(flag, v, allowed.join(' | '));
  return v as T;
}

/** Every flag except the inputs (which --demo supplies itself). */
export function specFromFlags(f: MapFlags, inputs: JobSpec['inputs'], responses: string[]): JobSpec {
  const qois = parseList(f.qoi).map((q) => oneOf<QoiName>('--qoi', q, QOI_NAMES));
  if (qois.length === 0) throw bad('--qoi', f.qoi, QOI_NAMES.join(','));
  if (responses.length === 0)
    throw bad('--response', f.response ?? '', 'one or more response columns, comma separated');
  const zaps: ZapSelection = {};
  const conditions = parseList(f.conditions);
  if (conditions.length) zaps.conditions = conditions;
  if (f.zaps !== undefined) Object.assign(zaps, parseZaps(f.zaps));
  if (f.preinnervation !== undefined) zaps.preinnervation = parsePreinnervation(f.preinnervation);
  const signed = oneOf('--signed-data', f.signedData, ['auto', 'on', 'off'] as const);
  return {
    inputs,
    responses,
    qois,
    zaps,
    fun: oneOf<FunName>('--fun', f.fun, FUN_NAMES),
    score: oneOf<ScoreType>('--score', f.score, SCORE_TYPES),
    preset: oneOf<BoundsPreset>('--preset', f.preset, ['element', 'legacy']),
    nRefit: parseInteger('--refit', f.refit, 0, 10_000),
    discontinuityRefit: f.discontinuityRefit,
    stepdown: !!f.stepdown,
    badElementScreen: f.badElementScreen,
    signedData: signed === 'auto' ? undefined : signed === 'on',
    convergence: !!f.convergence,
    quality: !!f.quality,
    convergenceSteps:
      f.steps !== undefined ? parseList(f.steps).map((s) => parseInteger('--steps', s, 2)) : undefined,
    workers: f.workers !== undefined ? parseInteger('--workers', f.workers, 1, 256) : defaultWorkers(),
    seed: parseInteger('--seed', f.seed, 0, 2 ** 32 - 1),
    chunkSize:
      f.chunkSize !== undefined ? parseInteger('--chunk-size', f.chunkSize, 1, 1_000_000) : undefined,
    shard: f.shard !== undefined ? parseShard(f.shard) : undefined,
  };
}

/** One worker per core (the main process mostly waits). */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}
