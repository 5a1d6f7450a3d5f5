// Loads a result folder written by results-writer back into a MappingResult (for the app's "open results" and for tests).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../contract';
import type {
  ConvergenceResult,
  ConvergenceStep,
  ElementMap,
  EQuality,
  Hotspot,
  JobSpec,
  MappingResult,
  QoiName,
  RefitRecord,
} from '../contract';
import type { FunName, ScoreType } from '../../workers/fit/types';
import { openH5, requireDataset, toFloat64, type H5Dataset, type H5File } from './h5';
import { recoverFolder } from './results-folder';
import * as L from './results-layout';
import { readResampling } from './resampling-io';
import type { InputFileInfo } from './results-writer';

/** One entry of summary.json's `results` (JSON null stands for NaN). */
export interface SummaryEntry {
  response: string;
  qoi: QoiName;
  folder: string;
  fun: FunName;
  score: ScoreType;
  paramNames: string[];
  hotspot: { element: number; score: number | null; centroid: [number, number, number] };
  elements: number;
  failed: number;
  statusCounts: Record<string, number>;
  seconds: number;
}

interface SummaryStep {
  nZaps: number;
  nrmsd: number | null;
  hotspotDistance: number | null;
  hotspot: { element: number; score: number | null; centroid: [number, number, number] };
  mutualCoherence: number | null;
  svRatio: number | null;
}

/** summary.json as written (see results-writer.ts summaryJson). */
export interface ResultsSummary {
  format: string;
  formatVersion: number;
  appVersion: string;
  date: string;
  results: SummaryEntry[];
  convergence: { response: string; qoi: QoiName; file: string; steps: SummaryStep[] }[];
  quality: { qoi: QoiName; mutualCoherence: number | null; svRatio: number | null }[];
  zaps: number;
  zapIndices: number[];
  elements: number;
  workers: number;
  seconds: number;
  inputs: InputFileInfo[];
  statusCodes: Record<string, string>;
  /** Refit rounds run, or why none (closed-form fits); absent in folders written before it was recorded. */
  refits?: RefitRecord;
  spec: JobSpec;
}

export interface ResultGeometry {
  nNodes: number;
  nTriangles: number;
  nodes: Float64Array;
  triangles: Uint32Array;
}

export interface ResultsOnDisk {
  dir: string;
  summary: ResultsSummary;
  result: MappingResult;
  geometry: ResultGeometry;
}

const num = (v: number | null | undefined): number => (typeof v === 'number' ? v : NaN);

function readSummary(dir: string): ResultsSummary {
  const file = join(dir, L.SUMMARY_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new AppError('RESULTS_INVALID', {
      file,
      found: 'no summary.json',
      expected: 'a result folder written by TMS Mapper',
    });
  }
  let s: ResultsSummary;
  try {
    s = JSON.parse(text) as ResultsSummary;
  } catch (e) {
    throw new AppError(
      'RESULTS_INVALID',
      { file, found: 'invalid JSON', expected: 'summary.json' },
      undefined,
      { cause: e },
    );
  }
  if (s.format !== 'tms-mapper-results' || !Array.isArray(s.results)) {
    throw new AppError('RESULTS_INVALID', {
      file,
      found: `format ${String(s.format)}`,
      expected: 'tms-mapper-results',
    });
  }
  if (s.formatVersion > L.RESULTS_FORMAT_VERSION) {
    throw new AppError('RESULTS_INVALID', {
      file,
      found: `format version ${s.formatVersion}`,
      expected: `≤ ${L.RESULTS_FORMAT_VERSION} (update the app)`,
    });
  }
  return s;
}

function hotspotOf(h: SummaryEntry['hotspot']): Hotspot {
  return { element: h.element, score: num(h.score), centroid: [h.centroid[0], h.centroid[1], h.centroid[2]] };
}

/** Reads /data/tris of one response folder into ElementMaps (params back to element-major). */
function readMaps(f: H5File, entries: SummaryEntry[]): ElementMap[] {
  return entries.map((e) => {
    const c = requireDataset(f, `${L.TRIS_GROUP}/${L.scoreName(e.qoi)}`);
    const scores = toFloat64(c.value);
    const n = scores.length;
    const nP = e.paramNames.length;
    const params = new Float64Array(n * nP);
    e.paramNames.forEach((p, i) => {
      const col = toFloat64(requireDataset(f, `${L.TRIS_GROUP}/${L.paramName(p, e.qoi)}`).value);
      if (col.length !== n)
        throw new AppError('BAD_SHAPE', {
          file: f.filename,
          path: L.paramName(p, e.qoi),
          found: `${col.length}`,
          expected: `${n}`,
        });
      for (let j = 0; j < n; j++) params[j * nP + i] = col[j];
    });
    const statusPath = `${L.TRIS_GROUP}/${L.statusName(e.qoi)}`;
    const status = requireDataset(f, statusPath).value;
    if (!(status instanceof Uint8Array) || status.length !== n) {
      throw new AppError('BAD_DTYPE', { file: f.filename, path: statusPath, expected: `uint8 (${n})` });
    }
    const map: ElementMap = {
      response: e.response,
      qoi: e.qoi,
      fun: e.fun,
      score: e.score,
      paramNames: [...e.paramNames],
      scores,
      params,
      status,
      hotspot: hotspotOf(e.hotspot),
      failed: e.failed,
      seconds: e.seconds,
    };
    readSignedSelection(f, map);
    readResampling(f, map);
    return map;
  });
}

/** Signed-data selection's per-element zap counts and signs (n_fit_<qoi>, sign_<qoi>), when the run wrote them. */
function readSignedSelection(f: H5File, m: ElementMap): void {
  const ds = (name: string): H5Dataset | null => {
    const d = f.get(`${L.TRIS_GROUP}/${name}`);
    return d && 'shape' in d ? d : null;
  };
  const nFit = ds(`n_fit_${m.qoi}`);
  const sign = ds(`sign_${m.qoi}`);
  if (!nFit || !sign) return;
  const n = m.scores.length;
  const a = nFit.value;
  const b = sign.value;
  if (!(a instanceof Uint32Array) || a.length !== n)
    throw new AppError('BAD_DTYPE', { file: f.filename, path: `n_fit_${m.qoi}`, expected: `uint32 (${n})` });
  if (!(b instanceof Int8Array) || b.length !== n)
    throw new AppError('BAD_DTYPE', { file: f.filename, path: `sign_${m.qoi}`, expected: `int8 (${n})` });
  m.nFit = a;
  m.fitSign = b;
}

function readGeometry(f: H5File): ResultGeometry {
  const nodes = toFloat64(requireDataset(f, L.NODE_COORD_PATH).value);
  const tri = requireDataset(f, L.TRIANGLES_PATH);
  const triangles = Uint32Array.from(toFloat64(tri.value));
  return { nNodes: nodes.length / 3, nTriangles: triangles.length / 3, nodes, triangles };
}

async function readConvergence(
  dir: string,
  c: ResultsSummary['convergence'][number],
): Promise<ConvergenceResult> {
  const f = await openH5(join(dir, c.file));
  try {
    const steps: ConvergenceStep[] = c.steps.map((s) => {
      const name = String(s.nZaps);
      const scores = toFloat64(requireDataset(f, `/c/${name}`).value);
      const mc = toFloat64(requireDataset(f, `/mc/${name}`).value)[0];
      const sv = toFloat64(requireDataset(f, `/sv_rat/${name}`).value)[0];
      return {
        nZaps: s.nZaps,
        scores,
        nrmsd: num(s.nrmsd),
        hotspotDistance: num(s.hotspotDistance),
        hotspot: hotspotOf(s.hotspot),
        mutualCoherence: mc,
        svRatio: sv,
      };
    });
    return { response: c.response, qoi: c.qoi, steps };
  } finally {
    f.close();
  }
}

/** Opens `dir` (a folder with summary.json) and reads every map, the convergence runs and the geometry. */
export async function readResults(dir: string): Promise<ResultsOnDisk> {
  const root = resolve(dir);
  // A write killed after its commit point is finished first, one killed before it is cleared: never a mixed read.
  recoverFolder(root);
  const summary = readSummary(root);
  const folders = [...new Set(summary.results.map((r) => r.folder))];
  const maps: ElementMap[] = [];
  let geometry: ResultGeometry | undefined;
  for (const folder of folders) {
    const data = await openH5(join(root, folder, L.DATA_FILE));
    try {
      maps.push(
        ...readMaps(
          data,
          summary.results.filter((r) => r.folder === folder),
        ),
      );
    } finally {
      data.close();
    }
    if (!geometry) {
      const geo = await openH5(join(root, folder, L.GEO_FILE));
      try {
        geometry = readGeometry(geo);
      } finally {
        geo.close();
      }
    }
  }
  if (!geometry)
    throw new AppError('RESULTS_INVALID', { file: join(root, L.SUMMARY_FILE), found: 'no results listed' });
  const convergence: ConvergenceResult[] = [];
  for (const c of summary.convergence ?? []) convergence.push(await readConvergence(root, c));
  const quality: EQuality[] = (summary.quality ?? []).map((q) => ({
    qoi: q.qoi,
    mutualCoherence: num(q.mutualCoherence),
    svRatio: num(q.svRatio),
  }));
  const result: MappingResult = {
    spec: summary.spec,
    nZaps: summary.zaps,
    zapIndices: Uint32Array.from(summary.zapIndices ?? []),
    nElements: summary.elements,
    maps,
    convergence,
    quality,
    workers: summary.workers,
    seconds: summary.seconds,
    appVersion: summary.appVersion,
  };
  return { dir: root, summary, result, geometry };
}
