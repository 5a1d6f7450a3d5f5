// One payload validator per contract verb: the IPC gateway and the HTTP router both run every request through these.
import type { Check } from './schema';
import { s } from './schema';
import type {
  FilePurpose,
  JobInputs,
  ModelOptions,
  Req,
  SelectionOptions,
  SessionFile,
  Settings,
  Verb,
  ZapSelection,
} from './contract';
import { FUN_NAMES, QOI_NAMES, SCORE_TYPES } from './contract';

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
  preset: s.literal(['element', 'legacy'] as const),
  nRefit: s.number({ int: true, min: 0, max: 10_000 }),
  discontinuityRefit: s.boolean(),
  stepdown: s.boolean(),
  badElementScreen: s.boolean(),
  signedData: s.literal(['auto', 'on', 'off'] as const),
  convergence: s.boolean(),
  workers: s.number({ int: true, min: 1, max: 256 }),
  seed: s.number({ int: true, min: 0, max: 2 ** 32 - 1 }),
});

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
  workers: s.number({ int: true, min: 0, max: 256 }),
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
  return VALIDATORS[verb](payload ?? {}, '');
}
