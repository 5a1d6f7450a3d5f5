// Turns the `map` command's flags into a JobSpec: syntax here, ranges and names by the contract's own checks, BAD_ARGUMENT naming the flag.
import { availableParallelism } from 'node:os';
import {
  AppError,
  isAppError,
  OPTION_RANGES,
  QOI_NAMES,
  toJobSpec,
  validateModelOptions,
  type JobSpec,
  type ModelOptions,
  type QoiName,
  type ZapSelection,
} from '../contract';
import { FIT_DEFAULTS } from '../../workers/fit/defaults';
import { PIPELINE_NAMES, PIPELINES } from '../../workers/fit/pipelines';

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
  /** Reference pipeline whose preset and screen apply unless given (default regress_data). */
  pipeline?: string;
  preset?: string;
  refit: string;
  discontinuityRefit: boolean;
  stepdown?: boolean;
  /** Undefined unless --bad-element-screen / --no-bad-element-screen was given. */
  badElementScreen?: boolean;
  signedData: string;
  /** True with --step-start, false with --no-step-start, undefined without either (= off, the reference). */
  stepStart?: boolean;
  /** True with --fast-solver, false with --no-fast-solver, undefined without either (= off, the reference). */
  fastSolver?: boolean;
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
  /** Coil poses per zap for targets/ (default: the responses file when it holds them). */
  coilPoses?: string;
  permutations?: string;
  bootstrap?: string;
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

/** A whole number, syntax only: its range is the contract's check (which names the flag through FLAG_OF). */
function parseWhole(flag: string, v: string): number {
  if (!/^-?\d+$/.test(v.trim())) throw bad(flag, v, 'a whole number');
  return Number(v);
}

/** The flag that sets each model option (the contract's checks name the option; the user typed the flag). */
const FLAG_OF: Record<keyof ModelOptions, string> = {
  fun: '--fun',
  score: '--score',
  preset: '--preset',
  nRefit: '--refit',
  discontinuityRefit: '--no-discontinuity-refit',
  stepdown: '--stepdown',
  badElementScreen: '--bad-element-screen',
  signedData: '--signed-data',
  convergence: '--convergence',
  workers: '--workers',
  seed: '--seed',
  stepStart: '--step-start',
  fastSolver: '--fast-solver',
  permutations: '--permutations',
  bootstrap: '--bootstrap',
};

/** The contract's check of the model options, its BAD_ARGUMENT renamed from the option to the flag. */
function checkModelFlags(m: ModelOptions): ModelOptions {
  try {
    return validateModelOptions(m);
  } catch (e) {
    const field = isAppError(e) ? (e.context.path as keyof ModelOptions | undefined) : undefined;
    if (!isAppError(e) || e.code !== 'BAD_ARGUMENT' || !field || !(field in FLAG_OF)) throw e;
    throw new AppError('BAD_ARGUMENT', { ...e.context, path: FLAG_OF[field] }, undefined, { cause: e });
  }
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
  // The pipeline supplies the preset and the screen unless a flag names them.
  const pipeline = PIPELINES[oneOf('--pipeline', f.pipeline ?? FIT_DEFAULTS.pipeline, PIPELINE_NAMES)];
  // Commander hands strings over; the contract's check decides what is allowed (names, ranges).
  const model = checkModelFlags({
    fun: f.fun as ModelOptions['fun'],
    score: f.score as ModelOptions['score'],
    preset: (f.preset ?? pipeline.preset) as ModelOptions['preset'],
    nRefit: parseWhole('--refit', f.refit),
    discontinuityRefit: f.discontinuityRefit,
    stepdown: !!f.stepdown,
    badElementScreen: f.badElementScreen ?? pipeline.badElementScreen,
    signedData: f.signedData as ModelOptions['signedData'],
    convergence: !!f.convergence,
    workers: f.workers !== undefined ? parseWhole('--workers', f.workers) : defaultWorkers(),
    seed: parseWhole('--seed', f.seed),
    // Undefined without either flag: toJobSpec gives the default (off, the reference).
    stepStart: f.stepStart,
    fastSolver: f.fastSolver,
  });
  const { convergenceStep, chunkSize } = OPTION_RANGES;
  return toJobSpec(inputs, { responses, qois, zaps }, model, {
    quality: !!f.quality,
    convergenceSteps:
      f.steps !== undefined
        ? parseList(f.steps).map((s) => parseInteger('--steps', s, convergenceStep.min, convergenceStep.max))
        : undefined,
    chunkSize:
      f.chunkSize !== undefined
        ? parseInteger('--chunk-size', f.chunkSize, chunkSize.min, chunkSize.max)
        : undefined,
    shard: f.shard !== undefined ? parseShard(f.shard) : undefined,
    // Resampling (main/job/resampling.ts); counts that fit no selection are refused once the data are open.
    permutations:
      f.permutations !== undefined
        ? parseInteger(
            '--permutations',
            f.permutations,
            OPTION_RANGES.permutations.min,
            OPTION_RANGES.permutations.max,
          )
        : undefined,
    bootstrap:
      f.bootstrap !== undefined
        ? parseInteger('--bootstrap', f.bootstrap, OPTION_RANGES.bootstrap.min, OPTION_RANGES.bootstrap.max)
        : undefined,
  });
}

/** One worker per core (the main process mostly waits), within the contract's range. */
export function defaultWorkers(): number {
  return Math.min(OPTION_RANGES.workers.max, Math.max(1, availableParallelism()));
}
