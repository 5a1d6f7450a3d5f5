// Read-only queries on a finished result for the results views: map lists, arrays, geometry, top elements, convergence.
import { AppError, compareScores, scoreDirection } from '../contract';
import type {
  ConvergencePoint,
  MapConfidence,
  MapInfo,
  MapRef,
  PlotGeometry,
  ResultSummary,
  ElementMap,
  Hotspot,
  MappingResult,
  SignedFit,
} from '../contract';
import type { RoiGeometry } from '../io/types';
import { evaluateModel, onFittedSide } from '../../workers/fit/index';
import { pipelineOf } from '../../workers/fit/pipelines';
import type { ElementStatusCode } from '../../workers/fit/types';

export const CURVE_POINTS = 128;

export function mapInfo(m: ElementMap): MapInfo {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of m.scores) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return {
    response: m.response,
    qoi: m.qoi,
    fun: m.fun,
    score: m.score,
    better: scoreDirection(m.score),
    paramNames: [...m.paramNames],
    hotspot: m.hotspot,
    scoreMin: Number.isFinite(lo) ? lo : NaN,
    scoreMax: Number.isFinite(hi) ? hi : NaN,
    failed: m.failed,
    seconds: m.seconds,
    ...((m.significance || m.bootstrap) && { hasConfidence: true }),
  };
}

/** The permutation test and hotspot bootstrap of a map, as the Confidence panel draws them (per-resample lists stay here). */
export function mapConfidence(m: ElementMap): MapConfidence {
  const s = m.significance;
  const b = m.bootstrap;
  return {
    hotspot: m.hotspot,
    better: scoreDirection(m.score),
    significance: s
      ? {
          permutations: s.permutations,
          seed: s.seed,
          maxima: s.maxima,
          observed: s.observed,
          pFwe: s.pFwe,
          thresholdFwe05: s.thresholdFwe05,
          elementP: s.elementP,
        }
      : null,
    bootstrap: b
      ? {
          n: b.n,
          seed: b.seed,
          frequency: b.frequency,
          radius95: b.radius95,
          medianDistance: b.medianDistance,
          stability: b.stability,
        }
      : null,
  };
}

export function resultSummary(resultId: string, r: MappingResult): ResultSummary {
  return {
    resultId,
    nZaps: r.nZaps,
    nElements: r.nElements,
    maps: r.maps.map(mapInfo),
    workers: r.workers,
    seconds: r.seconds,
    hasConvergence: r.convergence.some((c) => c.steps.length > 0),
    pipeline: pipelineOf(r.spec),
    stepStart: r.spec.stepStart ?? true,
    fastSolver: r.spec.fastSolver ?? true,
  };
}

export function findMap(r: MappingResult, ref: MapRef): ElementMap {
  const m = r.maps.find((x) => x.response === ref.response && x.qoi === ref.qoi);
  if (!m) {
    throw new AppError('NOT_FOUND', {
      path: `${ref.response} × ${ref.qoi}`,
      found: 'no such map',
      expected: `one of ${r.maps.map((x) => `${x.response} × ${x.qoi}`).join(', ')}`,
    });
  }
  return m;
}

export function checkElement(r: MappingResult, element: number): void {
  if (element >= r.nElements) {
    throw new AppError('INDEX_OUT_OF_RANGE', {
      path: 'element',
      found: String(element),
      expected: `< ${r.nElements}`,
    });
  }
}

/** Geometry as float32 for plotting: half the bytes, and millimetre coordinates need no more precision. */
export function plotGeometry(roi: RoiGeometry): PlotGeometry {
  return {
    nNodes: roi.nNodes,
    nTriangles: roi.nTriangles,
    nodes: Float32Array.from(roi.nodes),
    triangles: roi.triangles,
    centroids: Float32Array.from(roi.centroids),
  };
}

/** The n best elements (finite scores only), best first. */
export function topElements(m: ElementMap, centroids: Float64Array, n: number): Hotspot[] {
  const idx: number[] = [];
  for (let j = 0; j < m.scores.length; j++) if (Number.isFinite(m.scores[j])) idx.push(j);
  const better = scoreDirection(m.score);
  idx.sort((a, b) => compareScores(m.scores[a], m.scores[b], better) || a - b);
  return idx.slice(0, n).map((j) => ({
    element: j,
    score: m.scores[j],
    centroid: [centroids[3 * j], centroids[3 * j + 1], centroids[3 * j + 2]],
  }));
}

export function convergencePoints(r: MappingResult, ref: MapRef): ConvergencePoint[] {
  const c = r.convergence.find((x) => x.response === ref.response && x.qoi === ref.qoi);
  if (!c) return [];
  return c.steps.map((s) => ({
    nZaps: s.nZaps,
    nrmsd: s.nrmsd,
    hotspotDistance: s.hotspotDistance,
    hotspot: s.hotspot,
    mutualCoherence: s.mutualCoherence,
    svRatio: s.svRatio,
  }));
}

/**
 * Which of an element's zaps the signed-data selection fitted (the workers' split, onFittedSide), or undefined when
 * the run did not select signed data or the element had no sign (skipped). `e` is the element's E per used zap.
 */
export function signedFit(m: ElementMap, element: number, e: ArrayLike<number>): SignedFit | undefined {
  const s = m.fitSign?.[element];
  if (!m.nFit || (s !== 1 && s !== -1)) return undefined;
  const fitted = new Uint8Array(e.length);
  for (let k = 0; k < e.length; k++) fitted[k] = onFittedSide(e[k], s) ? 1 : 0;
  return { sign: s, nFit: m.nFit[element], fitted };
}

/**
 * The fitted curve of one element sampled over the E range of its data (response domain, also for *_log). With a
 * signed fit the curve is the model the score was computed with: f(max(sign·E, 0)) — the fit saw |E| of its sign
 * and the other sign's zaps are predicted at the baseline f(0).
 */
export function sampleCurve(
  m: ElementMap,
  element: number,
  e: Float64Array,
  sign?: 1 | -1,
): { params: Float64Array; x: Float64Array; y: Float64Array } {
  const np = m.paramNames.length;
  const params = m.params.slice(element * np, element * np + np);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of e) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const x = new Float64Array(CURVE_POINTS);
  const y = new Float64Array(CURVE_POINTS);
  if (!Number.isFinite(lo) || !params.every(Number.isFinite))
    return { params, x: new Float64Array(0), y: new Float64Array(0) };
  for (let i = 0; i < CURVE_POINTS; i++) x[i] = lo + ((hi - lo) * i) / (CURVE_POINTS - 1);
  if (sign) {
    const xs = x.map((v) => Math.max(sign * v, 0));
    evaluateModel(m.fun, params, xs, y, true);
  } else evaluateModel(m.fun, params, x, y, true);
  return { params, x, y };
}

export function statusOf(m: ElementMap, element: number): ElementStatusCode {
  return m.status[element] as ElementStatusCode;
}
