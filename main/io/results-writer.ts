// Writes a mapping result to disk as pyNIBS-compatible HDF5 + XDMF per response, plus hotspots.csv and summary.json, safely.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppError, refitRecord } from '../contract';
import type { ConvergenceResult, ElementMap, MappingResult } from '../contract';
import { ELEMENT_STATUS_NAMES } from '../../workers/fit/types';
import { pipelineOf } from '../../workers/fit/pipelines';
import { writeAtomically } from './atomic-write';
import { createH5, type H5File, type H5Group } from './h5';
import { convergenceCsv, hotspotsCsv } from './results-csv';
import { killPoint } from './kill-point';
import {
  checkTarget,
  commitStaging,
  createStaging,
  discardStaging,
  freeBytes,
  makeDirs,
  syncDir,
  syncFile,
  writeError,
} from './results-folder';
import * as L from './results-layout';
import type { TargetInputs } from './targets/best-pose';
import { targetFiles } from './targets/write-targets';
import type { RoiGeometry } from './types';
import { buildXdmf, type XdmfAttribute } from './xdmf';
import { resamplingSummary, resamplingXdmfNames, writeResampling } from './resampling-io';

/** An input file as recorded with the results (name and size identify the data a map came from). */
export interface InputFileInfo {
  role: string;
  name: string;
  size: number;
}

export interface WriteResultsOptions {
  /** Replace the previous result set of the folder (the files its manifest lists as results; nothing else). */
  force?: boolean;
  inputs?: InputFileInfo[];
  /** Cancels the write between files (JOB_CANCELLED); nothing partial is left. */
  signal?: AbortSignal;
  /**
   * Called before each file with its path relative to the result folder: progress for the UI.
   * Whatever it throws aborts the write like a failure of that file would.
   */
  onFile?: (file: string, index: number, total: number) => void;
  /** Time stamp stored in the files (default: now). */
  date?: Date;
  /**
   * Extra fields for summary.json, written inside the same atomic swap: `top` merges into the
   * object, `results[i]` into its i-th entry (same order as `result.maps`). Writer fields win.
   */
  summaryExtras?: { top?: Record<string, unknown>; results?: Record<string, unknown>[] };
  /** Coil poses and the best recorded pose per map for targets/ (absent: orientation from the element normals). */
  targets?: TargetInputs;
}

export interface WrittenResults {
  dir: string;
  /** Paths relative to `dir`, in write order (summary.json last). */
  files: { file: string; bytes: number }[];
  bytes: number;
  seconds: number;
}

interface PlannedFile {
  rel: string;
  write: (tmpPath: string) => Promise<void> | void;
}

/** Collects the `inputs` of a job with their sizes on disk (missing files are recorded with size -1). */
export function describeInputs(files: Record<string, string | undefined>): InputFileInfo[] {
  const out: InputFileInfo[] = [];
  for (const [role, name] of Object.entries(files)) {
    if (!name) continue;
    let size = -1;
    try {
      size = statSync(name).size;
    } catch {
      // Recorded as unknown: the inputs may have moved since the job ran.
    }
    out.push({ role, name, size });
  }
  return out;
}

/**
 * Writes `result` into `outDir` (created if missing):
 * `<response>/r2_roi_data.hdf5`, `r2_roi_geo.hdf5`, `r2_roi_data.xdmf`, convergence files,
 * `hotspots.csv` and `summary.json`. The set is built in a hidden staging folder inside `outDir` and
 * committed through a journal (results-folder.ts), so `outDir` always holds either the previous or the
 * complete new results, even after a kill; files the program did not write are never touched.
 */
export async function writeResults(
  outDir: string,
  result: MappingResult,
  roi: RoiGeometry,
  opts: WriteResultsOptions = {},
): Promise<WrittenResults> {
  const t0 = performance.now();
  const dir = resolve(outDir);
  checkResult(result, roi);
  const plan = planFiles(result, roi, opts);

  const target = checkTarget(
    dir,
    opts.force ?? false,
    plan.map((p) => p.rel),
  );
  const created = target.exists ? [] : makeDirs(dir);
  const needed = estimateBytes(result, roi);
  const free = freeBytes(dir);
  if (free < needed) {
    discardStaging(undefined, created);
    throw new AppError('DISK_FULL', {
      file: dir,
      found: `${free} bytes free`,
      expected: `about ${needed} bytes`,
    });
  }

  const staging = createStaging(dir);
  const written: { file: string; bytes: number }[] = [];
  let current = dir;
  try {
    for (let i = 0; i < plan.length; i++) {
      const { rel, write } = plan[i];
      current = join(dir, rel);
      if (opts.signal?.aborted)
        throw new AppError('JOB_CANCELLED', { file: dir }, 'while writing the results');
      opts.onFile?.(rel, i, plan.length);
      const target = join(staging, rel);
      mkdirSync(dirname(target), { recursive: true });
      try {
        await writeAtomically(target, async (tmp) => {
          await write(tmp);
          syncFile(tmp);
        });
      } catch (e) {
        // writeAtomically names the hidden staging path; the user knows the result folder's.
        throw e instanceof AppError
          ? new AppError(e.code, { ...e.context, file: current }, undefined, { cause: e.cause })
          : e;
      }
      written.push({ file: rel, bytes: statSync(target).size });
      killPoint(`staged ${rel}`);
    }
    if (opts.signal?.aborted) throw new AppError('JOB_CANCELLED', { file: dir }, 'while writing the results');
    current = dir;
    for (const sub of new Set(plan.map((p) => dirname(join(staging, p.rel))))) syncDir(sub);
  } catch (e) {
    discardStaging(staging, created);
    throw writeError(e, current, dir);
  }
  // From the journal on, the new set is complete on disk: a failure or kill past here is finished later.
  try {
    commitStaging(dir, staging, written);
  } catch (e) {
    throw writeError(e, dir, dir);
  }
  const bytes = written.reduce((sum, f) => sum + f.bytes, 0);
  return { dir, files: written, bytes, seconds: (performance.now() - t0) / 1000 };
}

/** Shapes and counts must agree before anything touches the disk. */
function checkResult(result: MappingResult, roi: RoiGeometry): void {
  const n = roi.nTriangles;
  if (result.nElements !== n) {
    throw new AppError('ELEMENT_COUNT_MISMATCH', {
      file: roi.file,
      found: `${result.nElements} elements in the result`,
      expected: `${n} (the ROI's triangles)`,
    });
  }
  if (roi.nodes.length !== roi.nNodes * 3 || roi.triangles.length !== n * 3) {
    throw new AppError('BAD_SHAPE', {
      file: roi.file,
      found: 'node/triangle arrays not matching nNodes/nTriangles',
      expected: 'n × 3',
    });
  }
  if (result.maps.length === 0)
    throw new AppError('EMPTY_SELECTION', {}, 'the result holds no maps to write');
  const seen = new Set<string>();
  for (const m of result.maps) {
    const where = `${m.response}/${m.qoi}`;
    if (seen.has(where))
      throw new AppError('BAD_ARGUMENT', {
        path: where,
        found: 'two maps',
        expected: 'one map per response × QOI',
      });
    seen.add(where);
    const p = m.paramNames.length;
    if (m.scores.length !== n || m.status.length !== n || m.params.length !== n * p) {
      throw new AppError('BAD_SHAPE', {
        path: where,
        found: `scores ${m.scores.length}, status ${m.status.length}, params ${m.params.length}`,
        expected: `${n}, ${n}, ${n} × ${p}`,
      });
    }
    for (const name of m.paramNames) {
      if (!/^[A-Za-z0-9_]+$/.test(name))
        throw new AppError('BAD_ARGUMENT', {
          path: where,
          found: `parameter name "${name}"`,
          expected: 'letters, digits, _',
        });
    }
  }
  const folders = new Map<string, string>();
  for (const r of responsesOf(result)) {
    const f = L.responseFolder(r);
    const other = folders.get(f);
    if (other !== undefined && other !== r) {
      throw new AppError('BAD_ARGUMENT', {
        found: `responses "${other}" and "${r}" share the folder name ${f}`,
        expected: 'distinct response names',
      });
    }
    folders.set(f, r);
  }
}

function responsesOf(result: MappingResult): string[] {
  return [...new Set(result.maps.map((m) => m.response))];
}

/** Bytes the folder will take: datasets are uncompressed like pyNIBS', plus headers per file. */
function estimateBytes(result: MappingResult, roi: RoiGeometry): number {
  let b = roi.nNodes * 3 * 8 + roi.nTriangles * 3 * 4 + roi.nNodes * 4;
  b *= responsesOf(result).length;
  for (const m of result.maps) b += roi.nTriangles * (8 * (1 + m.paramNames.length) + 1);
  for (const c of result.convergence) b += c.steps.length * roi.nTriangles * 8;
  // HDF5 headers and attributes: ~20 KiB per data file measured on the demo; 32 KiB per file is a margin.
  return b + 32 * 1024 * (3 * responsesOf(result).length + 2 * result.convergence.length + 3);
}

/** The ordered list of files to write; the summary is last, so a folder with summary.json is complete. */
function planFiles(result: MappingResult, roi: RoiGeometry, opts: WriteResultsOptions): PlannedFile[] {
  const date = (opts.date ?? new Date()).toISOString();
  const plan: PlannedFile[] = [];
  for (const response of responsesOf(result)) {
    const folder = L.responseFolder(response);
    const maps = result.maps.filter((m) => m.response === response);
    const conv = result.convergence.filter((c) => c.response === response && c.steps.length > 0);
    plan.push({ rel: join(folder, L.GEO_FILE), write: (tmp) => writeGeo(tmp, roi) });
    plan.push({
      rel: join(folder, L.DATA_FILE),
      write: (tmp) => writeData(tmp, response, maps, result, roi, opts, date),
    });
    plan.push({ rel: join(folder, L.XDMF_FILE), write: (tmp) => writeFileSync(tmp, dataXdmf(maps, roi)) });
    for (const c of conv) {
      plan.push({
        rel: join(folder, L.convergenceFile(c.qoi)),
        write: (tmp) => writeConvergence(tmp, c, maps, result, date),
      });
      plan.push({
        rel: join(folder, L.convergenceXdmfFile(c.qoi)),
        write: (tmp) => writeFileSync(tmp, convergenceXdmf(c, roi)),
      });
    }
    if (conv.length > 0) {
      const m0 = maps[0];
      plan.push({
        rel: join(folder, L.CONVERGENCE_CSV_FILE),
        write: (tmp) =>
          writeFileSync(
            tmp,
            convergenceCsv(conv, m0?.fun ?? result.spec.fun, m0?.score ?? result.spec.score),
          ),
      });
    }
  }
  for (const t of targetFiles(result, roi, opts.targets))
    plan.push({ rel: t.rel, write: (tmp) => writeFileSync(tmp, t.text) });
  plan.push({ rel: L.HOTSPOTS_FILE, write: (tmp) => writeFileSync(tmp, hotspotsCsv(result.maps)) });
  plan.push({ rel: L.SUMMARY_FILE, write: (tmp) => writeFileSync(tmp, summaryJson(result, opts, date)) });
  return plan;
}

/** Runs `fill` on a new HDF5 file and always closes it (h5wasm keeps the handle otherwise). */
async function withH5(path: string, fill: (f: H5File) => void): Promise<void> {
  const f = await createH5(path);
  try {
    fill(f);
  } finally {
    f.close();
  }
}

function group(f: H5File, path: string): H5Group {
  let cur: H5Group = f;
  for (const part of path.split('/').filter(Boolean)) {
    const next = cur.get(part);
    cur = next && !('shape' in next) ? (next as H5Group) : cur.create_group(part);
  }
  return cur;
}

/** Geometry as pyNIBS' write_geo_hdf5_surf: node_coord, 0-based triangles, tri_tissue_type zeros (n_nodes, 1). */
async function writeGeo(tmp: string, roi: RoiGeometry): Promise<void> {
  await withH5(tmp, (f) => {
    group(f, '/mesh/nodes').create_dataset({
      name: 'node_coord',
      data: roi.nodes,
      shape: [roi.nNodes, 3],
      dtype: '<d',
    });
    const elm = group(f, '/mesh/elm');
    elm.create_dataset({
      name: 'triangle_number_list',
      data: Int32Array.from(roi.triangles),
      shape: [roi.nTriangles, 3],
      dtype: '<i',
    });
    elm.create_dataset({
      name: 'tri_tissue_type',
      data: new Int32Array(roi.nNodes),
      shape: [roi.nNodes, 1],
      dtype: '<i',
    });
    if (roi.roiId !== null) f.create_attribute('roi_id', roi.roiId);
    f.create_attribute('source_file', roi.file);
  });
}

/** Column `p` of an element-major parameter matrix. */
function paramColumn(m: ElementMap, p: number): Float64Array {
  const nP = m.paramNames.length;
  const out = new Float64Array(m.scores.length);
  for (let j = 0; j < out.length; j++) out[j] = m.params[j * nP + p];
  return out;
}

function flag(f: H5File | H5Group, name: string, on: boolean): void {
  f.create_attribute(name, on ? 1 : 0, null, '<B');
}

/** Scores, parameters and statuses per QOI under /data/tris, run metadata as root attributes. */
async function writeData(
  tmp: string,
  response: string,
  maps: ElementMap[],
  result: MappingResult,
  roi: RoiGeometry,
  opts: WriteResultsOptions,
  date: string,
): Promise<void> {
  const spec = result.spec;
  await withH5(tmp, (f) => {
    f.create_attribute('format', 'tms-mapper-results');
    f.create_attribute('format_version', L.RESULTS_FORMAT_VERSION);
    f.create_attribute('app_version', result.appVersion);
    f.create_attribute('date', date);
    f.create_attribute('response', response);
    f.create_attribute(
      'qois',
      maps.map((m) => m.qoi),
    );
    f.create_attribute('fun', maps[0].fun);
    f.create_attribute('score_type', maps[0].score);
    f.create_attribute('pipeline', pipelineOf(spec));
    f.create_attribute('bounds_preset', spec.preset);
    const refits = refitRecord(spec);
    f.create_attribute('n_refit', typeof refits === 'string' ? 0 : refits.zeroRounds);
    flag(f, 'refit_discontinuities', typeof refits !== 'string' && refits.discontinuity);
    if (typeof refits === 'string') f.create_attribute('refits', refits);
    flag(f, 'stepdown', spec.stepdown);
    flag(f, 'bad_element_screen', spec.badElementScreen);
    // Beyond the reference (sigmoid4/sigmoid only): absent in specs written before the option, which had it on.
    flag(f, 'step_start', spec.stepStart ?? true);
    // Beyond the reference: the engine's solver instead of lmfit's path; absent in specs written before the option.
    flag(f, 'fast_solver', spec.fastSolver ?? true);
    f.create_attribute(
      'signed_data',
      spec.signedData === undefined ? 'auto' : spec.signedData ? 'on' : 'off',
    );
    f.create_attribute('zap_selection', JSON.stringify(spec.zaps ?? {}));
    f.create_attribute('n_zaps', result.nZaps);
    f.create_attribute('n_elements', result.nElements);
    f.create_attribute('seed', spec.seed, null, '<d');
    f.create_attribute('workers', result.workers);
    f.create_attribute('seconds', result.seconds, null, '<d');
    f.create_attribute('roi_file', roi.file);
    f.create_attribute('roi_id', roi.roiId ?? '');
    const inputs = opts.inputs ?? [];
    if (inputs.length > 0) {
      f.create_attribute(
        'input_roles',
        inputs.map((i) => i.role),
      );
      f.create_attribute(
        'input_files',
        inputs.map((i) => i.name),
      );
      f.create_attribute('input_sizes', Float64Array.from(inputs.map((i) => i.size)), [inputs.length], '<d');
    }
    f.create_attribute('status_codes', JSON.stringify(ELEMENT_STATUS_NAMES));
    f.create_attribute('spec', JSON.stringify(spec));
    for (const q of result.quality) {
      f.create_attribute(`mutual_coherence_${q.qoi}`, q.mutualCoherence, null, '<d');
      f.create_attribute(`sv_ratio_${q.qoi}`, q.svRatio, null, '<d');
    }
    f.create_dataset({
      name: L.ZAP_INDEX_PATH.slice(1),
      data: Uint32Array.from(result.zapIndices),
      dtype: '<I',
    });

    const tris = group(f, L.TRIS_GROUP);
    for (const m of maps) {
      const c = tris.create_dataset({
        name: L.scoreName(m.qoi),
        data: Float64Array.from(m.scores),
        dtype: '<d',
      });
      c.create_attribute('qoi', m.qoi);
      c.create_attribute('fun', m.fun);
      c.create_attribute('score_type', m.score);
      c.create_attribute('param_names', m.paramNames.length > 0 ? m.paramNames : ['']);
      c.create_attribute('hotspot_element', m.hotspot.element);
      c.create_attribute('hotspot_score', m.hotspot.score, null, '<d');
      c.create_attribute('hotspot_centroid', Float64Array.from(m.hotspot.centroid), [3], '<d');
      c.create_attribute('failed', m.failed);
      c.create_attribute('seconds', m.seconds, null, '<d');
      m.paramNames.forEach((p, i) => {
        const d = tris.create_dataset({ name: L.paramName(p, m.qoi), data: paramColumn(m, i), dtype: '<d' });
        d.create_attribute('qoi', m.qoi);
        d.create_attribute('param', p);
        d.create_attribute('fun', m.fun);
      });
      const s = tris.create_dataset({
        name: L.statusName(m.qoi),
        data: Uint8Array.from(m.status),
        dtype: '<B',
      });
      s.create_attribute('qoi', m.qoi);
      s.create_attribute('codes', JSON.stringify(ELEMENT_STATUS_NAMES));
      if (m.nFit && m.fitSign) {
        // Signed-data selection: how many zaps each element's curve was fitted to, and on which sign of E.
        tris.create_dataset({ name: `n_fit_${m.qoi}`, data: Uint32Array.from(m.nFit), dtype: '<I' });
        tris.create_dataset({ name: `sign_${m.qoi}`, data: Int8Array.from(m.fitSign), dtype: '<b' });
      }
      writeResampling(f, tris, m);
    }
  });
}

/** One cell attribute per dataset of the data file, the reference's node-centred tissue_type last. */
function dataXdmf(maps: ElementMap[], roi: RoiGeometry): string {
  const attrs: XdmfAttribute[] = [];
  const cell = (name: string, type: XdmfAttribute['type']): XdmfAttribute => ({
    name,
    file: L.DATA_FILE,
    path: `${L.TRIS_GROUP}/${name}`,
    type,
    center: 'Cell',
  });
  for (const m of maps) attrs.push(cell(L.scoreName(m.qoi), 'float64'));
  for (const m of maps) for (const p of m.paramNames) attrs.push(cell(L.paramName(p, m.qoi), 'float64'));
  for (const m of maps) attrs.push(cell(L.statusName(m.qoi), 'uint8'));
  for (const name of resamplingXdmfNames(maps)) attrs.push(cell(name, 'float64'));
  attrs.push({
    name: 'tissue_type',
    file: L.GEO_FILE,
    path: L.TISSUE_TYPE_PATH,
    type: 'int32',
    center: 'Node',
  });
  return xdmfFor(roi, attrs);
}

function xdmfFor(roi: RoiGeometry, attributes: XdmfAttribute[]): string {
  return buildXdmf({
    geoFile: L.GEO_FILE,
    nodesPath: L.NODE_COORD_PATH,
    trianglesPath: L.TRIANGLES_PATH,
    nNodes: roi.nNodes,
    nTriangles: roi.nTriangles,
    nodesType: 'float64',
    trianglesType: 'int32',
    attributes,
  });
}

/** Convergence of one QOI: c/<n> score maps, mc/<n> and sv_rat/<n> scalars, step statistics as attributes. */
async function writeConvergence(
  tmp: string,
  conv: ConvergenceResult,
  maps: ElementMap[],
  result: MappingResult,
  date: string,
): Promise<void> {
  const m = maps.find((x) => x.qoi === conv.qoi);
  await withH5(tmp, (f) => {
    f.create_attribute('format', 'tms-mapper-convergence');
    f.create_attribute('format_version', L.RESULTS_FORMAT_VERSION);
    f.create_attribute('app_version', result.appVersion);
    f.create_attribute('date', date);
    f.create_attribute('response', conv.response);
    f.create_attribute('qoi', conv.qoi);
    f.create_attribute('fun', m?.fun ?? result.spec.fun);
    f.create_attribute('score_type', m?.score ?? result.spec.score);
    f.create_attribute('n_zaps', Int32Array.from(conv.steps.map((s) => s.nZaps)), [conv.steps.length], '<i');
    const c = group(f, '/c');
    const mc = group(f, '/mc');
    const sv = group(f, '/sv_rat');
    for (const s of conv.steps) {
      if (s.scores.length !== result.nElements) {
        throw new AppError('BAD_SHAPE', {
          path: `${conv.response}/${conv.qoi}/c/${s.nZaps}`,
          found: `${s.scores.length} scores`,
          expected: `${result.nElements}`,
        });
      }
      const name = String(s.nZaps);
      const d = c.create_dataset({ name, data: Float64Array.from(s.scores), dtype: '<d' });
      d.create_attribute('nrmsd', s.nrmsd, null, '<d');
      d.create_attribute('geodesic_distance_mm', s.hotspotDistance, null, '<d');
      d.create_attribute('hotspot_element', s.hotspot.element);
      d.create_attribute('hotspot_score', s.hotspot.score, null, '<d');
      d.create_attribute('hotspot_centroid', Float64Array.from(s.hotspot.centroid), [3], '<d');
      mc.create_dataset({ name, data: s.mutualCoherence, dtype: '<d' });
      sv.create_dataset({ name, data: s.svRatio, dtype: '<d' });
    }
  });
}

/** The convergence maps side by side in ParaView: one cell attribute c_<n> per step. */
function convergenceXdmf(conv: ConvergenceResult, roi: RoiGeometry): string {
  const file = L.convergenceFile(conv.qoi);
  return xdmfFor(
    roi,
    conv.steps.map((s) => ({
      name: `c_${s.nZaps}`,
      file,
      path: `/c/${s.nZaps}`,
      type: 'float64',
      center: 'Cell',
    })),
  );
}

/** JSON has no NaN/Infinity: they become null. */
function jsonNumber(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}

function statusCounts(m: ElementMap): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of m.status) {
    const name = ELEMENT_STATUS_NAMES[s as keyof typeof ELEMENT_STATUS_NAMES] ?? `code_${s}`;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** `base` overlaid with `extra`, except the `kept` keys the reader depends on. */
function withExtras<T extends Record<string, unknown>>(
  base: T,
  extra: Record<string, unknown> | undefined,
  kept: (keyof T)[],
): T {
  if (!extra) return base;
  const out: Record<string, unknown> = { ...base, ...extra };
  for (const k of kept) out[k as string] = base[k];
  return out as T;
}

function summaryJson(result: MappingResult, opts: WriteResultsOptions, date: string): string {
  const extras = opts.summaryExtras ?? {};
  const summary = {
    ...extras.top,
    format: 'tms-mapper-results',
    formatVersion: L.RESULTS_FORMAT_VERSION,
    appVersion: result.appVersion,
    date,
    results: result.maps.map((m, i) =>
      withExtras(
        {
          response: m.response,
          qoi: m.qoi,
          folder: L.responseFolder(m.response),
          fun: m.fun,
          score: m.score,
          paramNames: m.paramNames,
          hotspot: { element: m.hotspot.element, score: m.hotspot.score, centroid: m.hotspot.centroid },
          elements: m.scores.length,
          failed: m.failed,
          statusCounts: statusCounts(m),
          seconds: m.seconds,
          ...resamplingSummary(m),
        },
        extras.results?.[i],
        ['response', 'qoi', 'folder', 'fun', 'score', 'paramNames', 'hotspot'],
      ),
    ),
    convergence: result.convergence
      .filter((c) => c.steps.length > 0)
      .map((c) => ({
        response: c.response,
        qoi: c.qoi,
        file: join(L.responseFolder(c.response), L.convergenceFile(c.qoi)),
        steps: c.steps.map((s) => ({
          nZaps: s.nZaps,
          nrmsd: s.nrmsd,
          hotspotDistance: s.hotspotDistance,
          hotspot: s.hotspot,
          mutualCoherence: s.mutualCoherence,
          svRatio: s.svRatio,
        })),
      })),
    quality: result.quality,
    zaps: result.nZaps,
    zapIndices: Array.from(result.zapIndices),
    elements: result.nElements,
    workers: result.workers,
    seconds: result.seconds,
    inputs: opts.inputs ?? [],
    statusCodes: ELEMENT_STATUS_NAMES,
    pipeline: pipelineOf(result.spec),
    refits: refitRecord(result.spec),
    spec: result.spec,
  };
  return `${JSON.stringify(summary, jsonNumber, 2)}\n`;
}
