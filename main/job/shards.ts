// Element shards (--shard i/N): which elements a shard maps, and the merge of the shards' results into one full result.
import {
  AppError,
  type ConvergenceResult,
  type ConvergenceStep,
  type ElementMap,
  type MappingResult,
} from '../contract';
import type { ResultsOnDisk } from '../io/results-reader';
import { triangleGeometry } from '../io/roi';
import type { RoiGeometry } from '../io/types';
import { convergenceStep } from './convergence';
import { findHotspot } from './hotspot';
import { mergeResampling } from './resampling-merge';

/** Elements of shard i of N (0-based): contiguous, sizes differing by at most one. */
export function shardRange(shard: [number, number] | undefined, n: number): [number, number] {
  if (!shard) return [0, n];
  const [i, count] = shard;
  if (!(Number.isInteger(i) && Number.isInteger(count) && count >= 1 && i >= 0 && i < count && count <= n)) {
    throw new AppError('BAD_ARGUMENT', {
      path: 'shard',
      found: `${i}/${count}`,
      expected: `i/N with 0 ≤ i < N ≤ ${n} elements`,
    });
  }
  return [Math.floor((i * n) / count), Math.floor(((i + 1) * n) / count)];
}

/** The element range a shard's job covered, from its stored spec. */
function rangeOf(r: ResultsOnDisk): [number, number] {
  return r.result.spec.elementRange ?? shardRange(r.result.spec.shard, r.result.nElements);
}

/** The per-step E-matrix figures of shards were per-shard samples: they do not combine. */
const NO_FIGURES = { mutualCoherence: NaN, svRatio: NaN };

/**
 * Joins shard results (read from their folders) into the result of the whole ROI, as an unsharded run computes it:
 * maps tiled from the shards' element ranges, hotspots and convergence figures over all elements. The shards must
 * have the same maps, zaps, function, score and model settings (preset, refits, screens, signed data, step start,
 * seed), and tile [0, n) exactly once (BAD_ARGUMENT naming the folder and, for a setting, the setting).
 */
export function mergeShards(shards: ResultsOnDisk[]): { result: MappingResult; roi: RoiGeometry } {
  if (shards.length < 1)
    throw new AppError('BAD_ARGUMENT', {
      path: 'merge',
      found: 'no shard folders',
      expected: 'one or more result folders',
    });
  const ranges = checkShards(shards);
  const first = shards[0];
  const n = first.result.nElements;
  const roi = geometryOf(first);
  const maps = mergeMaps(first, ranges, n, roi);
  const spec = { ...first.result.spec, elementRange: undefined, shard: undefined };
  const merged: MappingResult = {
    ...first.result,
    spec,
    maps,
    convergence: mergeConvergence(ranges, roi, n),
    // E quality is estimated per shard on a sample of that shard's elements: those figures do not combine.
    quality: [],
    workers: Math.max(...shards.map((s) => s.result.workers)),
    seconds: shards.reduce((a, s) => a + s.result.seconds, 0),
  };
  return { result: merged, roi };
}

type ShardRange = { s: ResultsOnDisk; r: [number, number] };

/** The shards sorted by their element ranges, after checking they agree and tile [0, n) exactly once. */
function checkShards(shards: ResultsOnDisk[]): ShardRange[] {
  const first = shards[0];
  const n = first.result.nElements;
  const keys = (r: ResultsOnDisk): string => r.result.maps.map((m) => `${m.response}/${m.qoi}`).join(',');
  for (const s of shards) {
    const sameZaps =
      s.result.nZaps === first.result.nZaps &&
      s.result.zapIndices.every((z, i) => z === first.result.zapIndices[i]);
    if (s.result.nElements !== n)
      throw new AppError('ELEMENT_COUNT_MISMATCH', {
        file: s.dir,
        found: `${s.result.nElements} elements`,
        expected: `${n} as in ${first.dir}`,
      });
    if (
      keys(s) !== keys(first) ||
      !sameZaps ||
      s.result.spec.fun !== first.result.spec.fun ||
      s.result.spec.score !== first.result.spec.score
    ) {
      throw new AppError('BAD_ARGUMENT', {
        file: s.dir,
        found: `maps ${keys(s)}, ${s.result.nZaps} zaps, ${s.result.spec.fun}/${s.result.spec.score}`,
        expected: `the same as ${first.dir}: maps ${keys(first)}, ${first.result.nZaps} zaps, ${first.result.spec.fun}/${first.result.spec.score}`,
      });
    }
  }
  // The same model too: a shard fitted with other settings would make a map that no single run gives.
  for (const s of shards) {
    for (const [name, value] of modelSettings(s)) {
      const want = modelSettings(first).get(name);
      if (value !== want)
        throw new AppError('BAD_ARGUMENT', {
          file: s.dir,
          path: name,
          found: value,
          expected: `${want} as in ${first.dir} (shards of one map share every model setting)`,
        });
    }
  }
  // The shards must tile [0, n) exactly once.
  const ranges = shards.map((s) => ({ s, r: rangeOf(s) })).sort((a, b) => a.r[0] - b.r[0]);
  let next = 0;
  for (const { s, r } of ranges) {
    if (r[0] !== next) {
      throw new AppError('BAD_ARGUMENT', {
        file: s.dir,
        found: `elements [${r[0]}, ${r[1]})`,
        expected:
          r[0] > next
            ? `a shard covering [${next}, ${r[0]}) first`
            : `no overlap with elements before ${next}`,
      });
    }
    next = r[1];
  }
  if (next !== n)
    throw new AppError('BAD_ARGUMENT', {
      path: 'merge',
      found: `shards cover [0, ${next})`,
      expected: `all ${n} elements`,
    });
  return ranges;
}

/** The settings that change an element's fit, as text (a spec written before the step start existed had it on). */
function modelSettings(r: ResultsOnDisk): Map<string, string> {
  const sp = r.result.spec;
  return new Map<string, string>([
    ['preset', String(sp.preset)],
    ['nRefit', String(sp.nRefit)],
    ['discontinuityRefit', String(sp.discontinuityRefit)],
    ['stepdown', String(sp.stepdown)],
    ['badElementScreen', String(sp.badElementScreen)],
    ['signedData', sp.signedData === undefined ? 'auto' : String(sp.signedData)],
    ['stepStart', String(sp.stepStart ?? true)],
    ['fastSolver', String(sp.fastSolver ?? true)],
    ['seed', String(sp.seed)],
  ]);
}

/** The ROI of the result folders (the shards share it): their stored geometry with centroids, normals and areas. */
function geometryOf(first: ResultsOnDisk): RoiGeometry {
  const g = first.geometry;
  return {
    file: first.dir,
    roiId: null,
    nNodes: g.nNodes,
    nTriangles: g.nTriangles,
    nodes: g.nodes,
    triangles: g.triangles,
    ...triangleGeometry(g.nodes, g.triangles),
  };
}

/** Each map tiled from the shards' element ranges, with the hotspot over the whole ROI. */
function mergeMaps(first: ResultsOnDisk, ranges: ShardRange[], n: number, roi: RoiGeometry): ElementMap[] {
  return first.result.maps.map((m0, mi) => {
    const np = m0.paramNames.length;
    const scores = new Float64Array(n).fill(NaN);
    const params = new Float64Array(n * np).fill(NaN);
    const status = new Uint8Array(n);
    // Signed-data selection's zap counts and signs, when every shard has them (all or none: same options).
    const signed = ranges.every(({ s }) => s.result.maps[mi].nFit && s.result.maps[mi].fitSign);
    const nFit = signed ? new Uint32Array(n) : undefined;
    const fitSign = signed ? new Int8Array(n) : undefined;
    let failed = 0;
    let seconds = 0;
    for (const { s, r } of ranges) {
      const m = s.result.maps[mi];
      if (nFit && fitSign && m.nFit && m.fitSign) {
        nFit.set(m.nFit.subarray(r[0], r[1]), r[0]);
        fitSign.set(m.fitSign.subarray(r[0], r[1]), r[0]);
      }
      scores.set(m.scores.subarray(r[0], r[1]), r[0]);
      params.set(m.params.subarray(r[0] * np, r[1] * np), r[0] * np);
      status.set(m.status.subarray(r[0], r[1]), r[0]);
      failed += m.failed;
      seconds += m.seconds;
    }
    const hotspot = findHotspot(scores, roi.centroids, m0.score);
    // Permutation maxima and bootstrap hotspots: the best over the shards per replicate (resampling-merge.ts).
    const resampled = mergeResampling(
      ranges.map(({ s }) => ({ dir: s.dir, map: s.result.maps[mi] })),
      { scores, hotspot, score: m0.score },
      roi,
    );
    const { nFit: _n, fitSign: _s, ...rest } = m0;
    return {
      ...rest,
      scores,
      params,
      status,
      ...(nFit && fitSign ? { nFit, fitSign } : {}),
      failed,
      seconds,
      hotspot,
      ...resampled,
    };
  });
}

/**
 * The convergence runs of the shards joined per step: each step's map from the shards' element ranges, then the
 * hotspot, the NRMSD to the previous step and the geodesic distance between their hotspots over the whole ROI, as
 * an unsharded run computes them. The per-step E-matrix figures were per-shard samples and are left out (NaN).
 */
function mergeConvergence(ranges: ShardRange[], roi: RoiGeometry, n: number): ConvergenceResult[] {
  const first = ranges[0].s;
  const shape = (s: ResultsOnDisk): string =>
    s.result.convergence
      .map((c) => `${c.response}/${c.qoi}@${c.steps.map((t) => t.nZaps).join('+')}`)
      .join(',');
  for (const { s } of ranges) {
    if (shape(s) !== shape(first))
      throw new AppError('BAD_ARGUMENT', {
        file: s.dir,
        found: `convergence runs ${shape(s) || 'none'}`,
        expected: `the same as ${first.dir}: ${shape(first) || 'none'}`,
      });
  }
  return first.result.convergence.map((c0, ci) => {
    const steps: ConvergenceStep[] = [];
    c0.steps.forEach((t0, ti) => {
      const scores = new Float64Array(n).fill(NaN);
      for (const { s, r } of ranges)
        scores.set(s.result.convergence[ci].steps[ti].scores.subarray(r[0], r[1]), r[0]);
      const prev = steps[steps.length - 1];
      steps.push(convergenceStep(prev, t0.nZaps, scores, roi, first.result.spec.score, NO_FIGURES));
    });
    return { response: c0.response, qoi: c0.qoi, steps };
  });
}
