// One payload validator per contract verb: the IPC gateway and the HTTP router both run every request through these.
import type { Check } from './schema';
import { s } from './schema';
import { AppError } from './errors';
import type { FilePurpose, Req, SessionFile, Settings, Verb } from './verbs';
import type { JobInputs, JobSpec, ModelOptions, SelectionOptions, ZapSelection } from './options';
import { BOUNDS_PRESETS, OPTION_RANGES, SIGNED_DATA_MODES } from './options';
import { QOI_NAMES } from './dataset';
import { FUN_NAMES, SCORE_TYPES } from '../../workers/fit/types';

const path = s.string({ min: 1, max: 4096 });
const id = s.string({ min: 1, max: 64 });
const empty = s.object<Record<string, never>>({});
const purpose = s.literal<FilePurpose>([
  'roi',
  'efield',
  'responses',
  'session',
  'outputFolder',
  'figure',
  'csv',
  'scores',
]);
const qoi = s.literal(QOI_NAMES);
const columnName = s.string({ min: 1, max: 256 });

export const jobInputs: Check<JobInputs> = s.object<JobInputs>({
  roiFile: path,
  roiId: s.optional(s.nullable(s.string({ min: 1, max: 256 }))),
  efieldFile: path,
  responsesFile: path,
  conditionColumn: s.optional(columnName),
  intensityColumn: s.optional(columnName),
  scaleByIntensity: s.optional(s.boolean()),
});

const zapIndex = s.number({ int: true, min: 0, max: 1e7 });
const zaps: Check<ZapSelection> = s.object<ZapSelection>({
  conditions: s.optional(s.array(s.string({ max: 256 }), { max: 10_000 })),
  range: s.optional(s.tuple2(zapIndex, zapIndex)),
  first: s.optional(s.number({ int: true, min: 1, max: 1e7 })),
  preinnervation: s.optional(
    s.object<NonNullable<ZapSelection['preinnervation']>>({
      column: columnName,
      max: s.number({ min: -1e12, max: 1e12 }),
    }),
  ),
});

export const selection: Check<SelectionOptions> = s.object<SelectionOptions>({
  responses: s.array(columnName, { max: 256 }),
  qois: s.array(qoi, { max: 3 }),
  zaps,
});

export const model: Check<ModelOptions> = s.object<ModelOptions>({
  fun: s.literal(FUN_NAMES),
  score: s.literal(SCORE_TYPES),
  preset: s.literal(BOUNDS_PRESETS),
  nRefit: s.number({ int: true, ...OPTION_RANGES.nRefit }),
  discontinuityRefit: s.boolean(),
  stepdown: s.boolean(),
  badElementScreen: s.boolean(),
  signedData: s.literal(SIGNED_DATA_MODES),
  convergence: s.boolean(),
  workers: s.number({ int: true, ...OPTION_RANGES.workers }),
  seed: s.number({ int: true, ...OPTION_RANGES.seed }),
  stepStart: s.optional(s.boolean()),
  fastSolver: s.optional(s.boolean()),
  // 0 = off here; the job's spec carries only counts ≥ 1 (toJobSpec drops 0).
  permutations: s.optional(s.number({ int: true, min: 0, max: OPTION_RANGES.permutations.max })),
  bootstrap: s.optional(s.number({ int: true, min: 0, max: OPTION_RANGES.bootstrap.max })),
});

/** The model options checked on their own (the CLI builds them from flags); BAD_ARGUMENT names the option. */
export function validateModelOptions(m: unknown): ModelOptions {
  return model(m, '');
}

export const session: Check<SessionFile> = s.object<SessionFile>({
  format: s.literal(['tms-mapper-session'] as const),
  version: s.number({ int: true, min: 1, max: 1 }) as Check<1>,
  savedAt: s.string({ max: 64 }),
  inputs: jobInputs,
  demo: s.boolean(),
  selection,
  model,
});

export const settingsShape = {
  theme: s.literal(['light', 'dark', 'system'] as const),
  workers: s.number({ int: true, min: 0, max: OPTION_RANGES.workers.max }),
  lastInputs: s.nullable(jobInputs),
  recentFiles: s.array(path, { max: 10 }),
  lastOutputDir: s.nullable(path),
};
export const settingsPatch: Check<Partial<Settings>> = s.partial<Settings>(settingsShape);
export const settings: Check<Settings> = s.object<Settings>(settingsShape);

const mapRef = { resultId: id, response: columnName, qoi };

export const VALIDATORS: { [V in Verb]: Check<Req<V>> } = {
  appInfo: empty,
  pickPath: s.object({
    purpose,
    mode: s.literal(['open', 'save', 'folder'] as const),
    defaultPath: s.optional(path),
  }),
  browse: s.object({ dir: s.optional(path), purpose }),
  openDemo: empty,
  listRois: s.object({ file: path }),
  previewResponses: s.object({ file: path }),
  openDataset: s.object({ inputs: jobInputs }),
  closeDataset: s.object({ datasetId: id }),
  previewSelection: s.object({ datasetId: id, selection }),
  startJob: s.object({ datasetId: id, selection, model }),
  cancelJob: s.object({ jobId: id }),
  resultSummary: s.object({ resultId: id }),
  listMaps: s.object({ resultId: id }),
  getMap: s.object(mapRef),
  getGeometry: s.object({ resultId: id }),
  getElement: s.object({ ...mapRef, element: s.number({ int: true, min: 0, max: 1e8 }) }),
  topElements: s.object({ ...mapRef, n: s.number({ int: true, min: 1, max: 10_000 }) }),
  getConvergence: s.object(mapRef),
  getConfidence: s.object(mapRef),
  compareWithReference: s.object({
    ...mapRef,
    files: s.array(path, { max: 8 }),
    tolerance: s.number({ min: 0, max: 1e6 }),
  }),
  getQuality: s.object({ resultId: id }),
  exportResults: s.object({ resultId: id, outDir: path, overwrite: s.boolean() }),
  saveFigure: s.object({
    path,
    format: s.literal(['png', 'svg', 'csv'] as const),
    data: s.bytes(),
    overwrite: s.boolean(),
  }),
  exportHotspots: s.object({ resultId: id, path, overwrite: s.boolean() }),
  openResults: s.object({ dir: path }),
  closeResult: s.object({ resultId: id }),
  makeFolder: s.object({ path }),
  getSettings: empty,
  setSettings: s.object({ patch: settingsPatch }),
  saveSession: s.object({ path, session, overwrite: s.boolean() }),
  openSession: s.object({ path }),
};

/** Checks a request payload of a verb; `undefined` counts as `{}` so verbs without arguments can be called bare. */
export function validateRequest<V extends Verb>(verb: V, payload: unknown): Req<V> {
  rejectPrototypeKeys(payload);
  return VALIDATORS[verb](payload ?? {}, '');
}

/**
 * Up-front checks of a job spec built in code (tests, benchmarks, the service and CLI via toJobSpec), with the field
 * named in the error; the numeric ranges are the same table the UI and the CLI use.
 */
export function checkJobSpec(spec: JobSpec): void {
  const bad = (path: string, found: unknown, expected: string): never => {
    throw new AppError('BAD_ARGUMENT', { path, found: JSON.stringify(found), expected });
  };
  const inRange = (v: unknown, r: { min: number; max: number }): boolean =>
    Number.isInteger(v) && (v as number) >= r.min && (v as number) <= r.max;
  if (!Array.isArray(spec.responses) || spec.responses.length === 0)
    bad('responses', spec.responses, 'at least one response column');
  if (!Array.isArray(spec.qois) || spec.qois.length === 0 || spec.qois.some((q) => !QOI_NAMES.includes(q)))
    bad('qois', spec.qois, QOI_NAMES.join(' | '));
  if (!FUN_NAMES.includes(spec.fun)) bad('fun', spec.fun, FUN_NAMES.join(' | '));
  if (!SCORE_TYPES.includes(spec.score)) bad('score', spec.score, SCORE_TYPES.join(' | '));
  const { nRefit, workers, seed, chunkSize } = OPTION_RANGES;
  if (!inRange(spec.nRefit, nRefit))
    bad('nRefit', spec.nRefit, `an integer in [${nRefit.min}, ${nRefit.max}]`);
  if (!inRange(spec.workers, workers))
    bad('workers', spec.workers, `an integer in [${workers.min}, ${workers.max}]`);
  if (!inRange(spec.seed, seed)) bad('seed', spec.seed, `an integer in [${seed.min}, ${seed.max}]`);
  if (spec.chunkSize !== undefined && !inRange(spec.chunkSize, chunkSize))
    bad('chunkSize', spec.chunkSize, `an integer in [${chunkSize.min}, ${chunkSize.max}]`);
  if (new Set(spec.responses).size !== spec.responses.length)
    bad('responses', spec.responses, 'distinct names');
  if (new Set(spec.qois).size !== spec.qois.length) bad('qois', spec.qois, 'distinct names');
  for (const k of ['permutations', 'bootstrap'] as const) {
    const v = spec[k];
    const { min, max } = OPTION_RANGES[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= max))
      bad(k, v, `a whole number in [${min}, ${max}]`);
  }
}

/** Keys that reach an object's prototype when copied or merged (prototype pollution): never valid in a request. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Walks the payload without recursion and refuses any forbidden key, naming where it was. */
function rejectPrototypeKeys(payload: unknown): void {
  const stack: [unknown, string][] = [[payload, '']];
  while (stack.length > 0) {
    const [v, at] = stack.pop()!;
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) continue;
    for (const k of Object.keys(v)) {
      const where = at ? `${at}.${k}` : k;
      if (FORBIDDEN_KEYS.has(k))
        throw new AppError('BAD_ARGUMENT', {
          path: where,
          found: `the key ${k}`,
          expected: 'data keys only',
        });
      stack.push([(v as Record<string, unknown>)[k], where]);
    }
  }
}
