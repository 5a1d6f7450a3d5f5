// The one renderer↔backend contract: every verb with its request/response types and every event with its payload.
import type { ElementStatusCode, FunName, ScoreType } from '../../workers/fit/types';
import type { DatasetSummary, QoiName, RoiInfo } from './dataset';
import type { ErrorCode, ErrorPayload } from './errors';
import type { JobInputs, ModelOptions, SelectionOptions } from './options';
import type { EQuality, Hotspot } from './results';
import type { ScoreDirection } from './scores';
import type { QoiComparison } from './compare-maps';

// ---------------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------------

/** What the renderer needs to know about the backend it talks to (set once at start). */
export interface AppInfo {
  version: string;
  /** 'electron' = native dialogs; 'http' = browser mode with the server-side file browser under `browseRoot`. */
  transport: 'electron' | 'http';
  nativeDialogs: boolean;
  browseRoot: string | null;
  /** Default worker processes of a job: all cores (at least 1). */
  defaultWorkers: number;
  maxWorkers: number;
  configDir: string;
  /** A result folder to show at start (`npm run serve -- --open <folder>`), or null. */
  startupResults?: string | null;
}

/** Which kind of file a picker is for (drives the dialog's title and filters). */
export type FilePurpose =
  | 'roi'
  | 'efield'
  | 'responses'
  | 'session'
  | 'outputFolder'
  | 'figure'
  | 'csv'
  /** A reference results file to compare a map with (pyNIBS' `*_data.hdf5`, or ours). */
  | 'scores';

/** A responses file looked at before opening: which columns exist and which ones look like condition/intensity. */
export interface ResponsesPreview {
  file: string;
  kind: 'csv' | 'hdf5';
  nRows: number;
  /** All columns (CSV) or the response columns found (HDF5). */
  columns: string[];
  numericColumns: string[];
  /** Best guesses the UI preselects (null when nothing fits). */
  suggestedConditionColumn: string | null;
  suggestedIntensityColumn: string | null;
}

/** An opened dataset held by the backend until closed; all later verbs refer to it by id. */
export interface OpenedDataset {
  datasetId: string;
  inputs: JobInputs;
  summary: DatasetSummary;
  /** Response column names usable as muscles (in file order). */
  responseColumns: string[];
  /** Every numeric column of the responses (muscles, background EMG, intensity, …): candidates for zap filters. */
  numericColumns: string[];
  demo: boolean;
}

/** One entry of the server-side file browser (browser mode). */
export interface BrowseEntry {
  name: string;
  path: string;
  kind: 'dir' | 'file';
  size: number;
}

/** A saved session (`*.tmsmap`, JSON): inputs + selection + model, enough to rerun the same job. */
export interface SessionFile {
  format: 'tms-mapper-session';
  version: 1;
  savedAt: string;
  inputs: JobInputs;
  demo: boolean;
  selection: SelectionOptions;
  model: ModelOptions;
}

/** Settings persisted between launches (JSON in the user's config folder). */
export interface Settings {
  theme: 'light' | 'dark' | 'system';
  /** Default worker count for new jobs (0 = the machine's default). */
  workers: number;
  /** The inputs of the last opened dataset, offered again on the Data step. */
  lastInputs: JobInputs | null;
  /** Recently used files, newest first (at most 10). */
  recentFiles: string[];
  lastOutputDir: string | null;
}

/** One map of a result (response × QOI) without its per-element arrays. */
export interface MapInfo {
  response: string;
  qoi: QoiName;
  fun: FunName;
  score: ScoreType;
  /** Which way the score improves (AIC/BIC: lower): ranking, thresholds and colour scales follow it. */
  better: ScoreDirection;
  paramNames: string[];
  hotspot: Hotspot;
  /** Finite score range over the elements (for colour scales). */
  scoreMin: number;
  scoreMax: number;
  failed: number;
  seconds: number;
  /** The coil over the hotspot (best recorded pose, or from the element normal), as in targets/; null: no hotspot. */
  coil?: CoilView | null;
  /** The map carries a permutation test and/or a bootstrap of its hotspot (getConfidence answers). */
  hasConfidence?: boolean;
}

/** A coil pose for display (SimNIBS axes: x along the wings, −y the handle, z into the head; mm). */
export interface CoilView {
  /** Row-major 4×4; column 3 = coil centre. */
  matrix: number[];
  /** The recorded pose of the best zap, or (no poses) the target orientation lifted off the cortex along the normal. */
  from: 'recorded pose' | 'element normal';
  /** The zap the recorded pose belongs to (0-based), null for 'element normal'. */
  zap: number | null;
}

/** Identifies one map of one result. */
export interface MapRef {
  resultId: string;
  response: string;
  qoi: QoiName;
}

/** What a finished job returns to the UI (the arrays stay in the backend until queried). */
export interface ResultSummary {
  resultId: string;
  nZaps: number;
  nElements: number;
  maps: MapInfo[];
  workers: number;
  seconds: number;
  hasConvergence: boolean;
  /** The reference pipeline the run followed (regress_data, nl_hdf5, …, or custom), as its result files say. */
  pipeline?: string;
  /** Whether the step start (beyond the reference) ran; results written before the option had it on. */
  stepStart?: boolean;
  /** Whether the engine's own solver (beyond the reference) ran; results written before the option used it. */
  fastSolver?: boolean;
  /** The folder it was read from, when reopened from disk (openResults); absent for a run of this session. */
  folder?: string;
  /** False when the result's input files cannot be read here: maps work, element IO curves do not. */
  hasInputs?: boolean;
}

/** The ROI geometry for plotting; arrays row-major n × 3. */
export interface PlotGeometry {
  nNodes: number;
  nTriangles: number;
  nodes: Float32Array;
  triangles: Uint32Array;
  centroids: Float32Array;
}

/** One element's input–output data: its E over the used zaps, the responses, the fit and a sampled curve. */
export interface ElementData {
  element: number;
  response: string;
  qoi: QoiName;
  /** E of this element per used zap (V/m). */
  e: Float64Array;
  /** Response per used zap (µV, as in the file). */
  y: Float64Array;
  fun: FunName;
  paramNames: string[];
  params: Float64Array;
  score: number;
  /** Which way `score` improves (the map's direction). */
  better: ScoreDirection;
  status: ElementStatusCode;
  /** The fitted curve sampled at `curveX` (128 points over the E range). */
  curveX: Float64Array;
  curveY: Float64Array;
  centroid: [number, number, number];
  /**
   * Signed-data selection (when the run used it and the element had a sign): the sign of E whose zaps were fitted,
   * how many, and per zap 1 when fitted (0: the other sign, scored at the curve's baseline but not fitted).
   */
  signed?: SignedFit;
}

export interface SignedFit {
  sign: 1 | -1;
  nFit: number;
  fitted: Uint8Array;
}

export interface ConvergencePoint {
  nZaps: number;
  nrmsd: number;
  hotspotDistance: number;
  hotspot: Hotspot;
  mutualCoherence: number;
  svRatio: number;
}

/** How sure a map's hotspot is: its permutation test and the bootstrap of its location (null: not run). */
export interface MapConfidence {
  hotspot: Hotspot;
  better: ScoreDirection;
  significance: {
    permutations: number;
    seed: number;
    /** Best score of each permuted map (in the score's direction). */
    maxima: Float64Array;
    observed: number;
    pFwe: number;
    /** NaN when too few permutations for 0.05. */
    thresholdFwe05: number;
    /** FWE-corrected p per element (NaN where unmapped). */
    elementP: Float64Array;
  } | null;
  bootstrap: {
    n: number;
    seed: number;
    /** Fraction of resamples in which each element was the hotspot. */
    frequency: Float64Array;
    radius95: number;
    medianDistance: number;
    stability: number;
  } | null;
}

/** What an export wrote. */
export interface ExportReport {
  files: string[];
  bytes: number;
}

// ---------------------------------------------------------------------------------------------
// Verbs: name → request/response. The Electron preload exposes exactly these; HTTP serves POST /api/<verb>.
// ---------------------------------------------------------------------------------------------

export interface ApiVerbs {
  /** Backend facts the UI adapts to (transport, worker counts, browse root). */
  appInfo: { req: Record<string, never>; res: AppInfo };
  /** Native dialog (Electron only): choose a file/folder to open or save; null when cancelled. */
  pickPath: {
    req: { purpose: FilePurpose; mode: 'open' | 'save' | 'folder'; defaultPath?: string };
    res: { path: string | null };
  };
  /** Server-side file browser (browser mode): list a folder under the root; `dir` omitted = the root. */
  browse: {
    req: { dir?: string; purpose: FilePurpose };
    res: { dir: string; parent: string | null; entries: BrowseEntry[] };
  };
  /** Generate (once, cached) and open the synthetic demo dataset. */
  openDemo: { req: Record<string, never>; res: OpenedDataset };
  /** ROIs of a mesh file (several ROIs: the user chooses one). */
  listRois: { req: { file: string }; res: { rois: RoiInfo[] } };
  /** Columns of a responses file before opening (CSV: choose condition/intensity columns). */
  previewResponses: { req: { file: string }; res: ResponsesPreview };
  /** Open ROI + E-field + responses, check they fit together, summarise. */
  openDataset: { req: { inputs: JobInputs }; res: OpenedDataset };
  /** Release an opened dataset's files. */
  closeDataset: { req: { datasetId: string }; res: Record<string, never> };
  /** How many zaps a selection keeps, and the E-matrix quality per QOI when the backend computes it. */
  previewSelection: {
    req: { datasetId: string; selection: SelectionOptions };
    res: { nZaps: number; zapIndices: Uint32Array; quality: EQuality[] };
  };
  /** Start a mapping job on an opened dataset; progress arrives as events. */
  startJob: {
    req: { datasetId: string; selection: SelectionOptions; model: ModelOptions };
    res: { jobId: string };
  };
  /** Ask a running job to stop; it then ends with `job:failed` code JOB_CANCELLED. */
  cancelJob: { req: { jobId: string }; res: Record<string, never> };
  /** A finished result's summary (also sent with `job:finished`). */
  resultSummary: { req: { resultId: string }; res: ResultSummary };
  /** The maps of a result. */
  listMaps: { req: { resultId: string }; res: { maps: MapInfo[] } };
  /** One map's per-element scores and statuses, and its fitted parameters (element-major, MapInfo.paramNames per element). */
  getMap: {
    req: MapRef;
    res: { scores: Float64Array; status: Uint8Array; params: Float64Array; better: ScoreDirection };
  };
  /** The ROI geometry of a result for the 3-D view. */
  getGeometry: { req: { resultId: string }; res: PlotGeometry };
  /** One element's IO data (E, responses, fitted curve). */
  getElement: { req: MapRef & { element: number }; res: ElementData };
  /** The n best elements of a map, best first. */
  topElements: { req: MapRef & { n: number }; res: { elements: Hotspot[] } };
  /** Convergence of a map over growing zap counts (empty when the job ran without convergence). */
  getConvergence: { req: MapRef; res: { points: ConvergencePoint[] } };
  /** Permutation test and hotspot bootstrap of a map (both null when the job ran without them). */
  getConfidence: { req: MapRef; res: MapConfidence };
  /**
   * A map against reference results files (pyNIBS' `*_data.hdf5` or ours, or folders holding one), element by
   * element, as `tms-mapper compare`: the counts, and the first reference's scores (for the difference view).
   */
  compareWithReference: {
    req: MapRef & { files: string[]; tolerance: number };
    res: { comparison: QoiComparison; files: string[]; reference: Float64Array };
  };
  /** E-matrix quality of the job's selection, per QOI. */
  getQuality: { req: { resultId: string }; res: { quality: EQuality[] } };
  /** Write r2_roi_data.hdf5 + r2_roi_geo.hdf5 + .xdmf (+ params) to a folder; OUTPUT_EXISTS unless overwrite. */
  exportResults: { req: { resultId: string; outDir: string; overwrite: boolean }; res: ExportReport };
  /** Save bytes the renderer made to a file: a figure (PNG or SVG) or a table it shows (CSV). */
  saveFigure: {
    req: { path: string; format: 'png' | 'svg' | 'csv'; data: Uint8Array; overwrite: boolean };
    res: ExportReport;
  };
  /** Hotspots (best element per map) as CSV. */
  exportHotspots: { req: { resultId: string; path: string; overwrite: boolean }; res: ExportReport };
  /** Reopen a result folder written by the CLI or an export (also merged shards, convergence runs). */
  openResults: { req: { dir: string }; res: ResultSummary };
  /** Forget a result (the run list's delete): frees its arrays in the backend. */
  closeResult: { req: { resultId: string }; res: Record<string, never> };
  /** Create a folder (and missing parents) for saving into; returns its absolute path. */
  makeFolder: { req: { path: string }; res: { path: string } };
  getSettings: { req: Record<string, never>; res: Settings };
  /** Merge a partial update into the settings and persist them; returns the new settings. */
  setSettings: { req: { patch: Partial<Settings> }; res: Settings };
  /** Write a session file (`.tmsmap`). */
  saveSession: { req: { path: string; session: SessionFile; overwrite: boolean }; res: ExportReport };
  /** Read and check a session file. */
  openSession: { req: { path: string }; res: SessionFile };
}

export type Verb = keyof ApiVerbs;
export type Req<V extends Verb> = ApiVerbs[V]['req'];
export type Res<V extends Verb> = ApiVerbs[V]['res'];

/** Every verb, in one list (the preload, gateway and HTTP router are built from it). */
export const VERBS = [
  'appInfo',
  'pickPath',
  'browse',
  'openDemo',
  'listRois',
  'previewResponses',
  'openDataset',
  'closeDataset',
  'previewSelection',
  'startJob',
  'cancelJob',
  'resultSummary',
  'listMaps',
  'getMap',
  'getGeometry',
  'getElement',
  'topElements',
  'getConvergence',
  'getConfidence',
  'compareWithReference',
  'getQuality',
  'exportResults',
  'saveFigure',
  'exportHotspots',
  'openResults',
  'closeResult',
  'makeFolder',
  'getSettings',
  'setSettings',
  'saveSession',
  'openSession',
] as const satisfies readonly Verb[];

// Compile-time check that VERBS lists every verb exactly (a missing one makes this type `never`).
type MissingVerb = Exclude<Verb, (typeof VERBS)[number]>;
const _allVerbsListed: MissingVerb extends never ? true : never = true;
void _allVerbsListed;

export function isVerb(v: unknown): v is Verb {
  return typeof v === 'string' && (VERBS as readonly string[]).includes(v);
}

// ---------------------------------------------------------------------------------------------
// Events: name → payload (backend → renderer).
// ---------------------------------------------------------------------------------------------

/** Progress of one map (response × QOI) of a job. */
export interface JobProgress {
  jobId: string;
  response: string;
  qoi: QoiName;
  /** What the job is doing for this map now. */
  phase:
    'queued' | 'reading' | 'fitting' | 'refitting' | 'convergence' | 'permutations' | 'bootstrap' | 'done';
  done: number;
  total: number;
  /** Elements per second over the last seconds (0 when unknown). */
  rate: number;
  /** Seconds left (NaN when unknown). */
  etaSeconds: number;
}

export interface ApiEvents {
  /** A map of a running job advanced (throttled to a few per second). */
  'job:progress': JobProgress;
  /** A job finished; its result is ready for the results verbs. */
  'job:finished': { jobId: string; result: ResultSummary };
  /** A job failed or was cancelled (code JOB_CANCELLED). */
  'job:failed': { jobId: string; code: ErrorCode; message: string };
  /** A menu item of the desktop app was chosen (Electron only). */
  'menu:command': { command: 'openDemo' | 'openSession' | 'saveSession' | 'about' };
  /** The desktop app was asked to open a session file (double-click on a `.tmsmap`, or a path on the command line). */
  'session:openFile': { path: string };
}

export type EventName = keyof ApiEvents;
export const EVENT_NAMES = [
  'job:progress',
  'job:finished',
  'job:failed',
  'menu:command',
  'session:openFile',
] as const satisfies readonly EventName[];

// ---------------------------------------------------------------------------------------------
// Envelopes and the client interface both transports implement.
// ---------------------------------------------------------------------------------------------

/** What every verb returns across IPC/HTTP. */
export type Envelope<T> = { ok: true; value: T } | ErrorPayload;

/** The one API the renderer uses; Electron's preload and the HTTP client both provide it. */
export type ApiClient = { [V in Verb]: (req: Req<V>) => Promise<Res<V>> } & {
  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
};

/** The raw bridge the preload exposes on `window.tmsMapper` (envelopes, not thrown errors: Electron strips error details). */
export type PreloadBridge = { [V in Verb]: (req: Req<V>) => Promise<Envelope<Res<V>>> } & {
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
};

/** IPC channel of a verb; one place so preload and gateway agree. */
export function ipcChannel(verb: Verb): string {
  return `tms:${verb}`;
}
/** The one IPC channel that carries all events as (name, payload). */
export const IPC_EVENT_CHANNEL = 'tms:event';
/** HTTP: header carrying the per-launch token (the page also gets it as a cookie). */
export const TOKEN_HEADER = 'x-tms-token';
/** Sent by the app's HTTP transport on every API request: a cross-site form or no-cors fetch cannot carry it (CSRF). */
export const APP_REQUEST_HEADER = 'x-tms-mapper-app';
export const TOKEN_COOKIE = 'tms_token';
