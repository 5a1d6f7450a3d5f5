// `tms-mapper merge`: joins the result folders of element shards (--shard i/N) into one full map per response × QOI.
import { resolve } from 'node:path';
import { AppError } from '../contract';
import { readResults, type ResultsOnDisk } from '../io/results-reader';
import { checkTarget } from '../io/results-folder';
import { triangleGeometry } from '../io/roi';
import type { RoiGeometry } from '../io/types';
import { findHotspot } from '../job/hotspot';
import { shardRange } from '../job/run-mapping';
import { nrmsd } from '../job/convergence';
import type { ConvergenceResult, ConvergenceStep, ElementMap, MappingResult } from '../contract';
import { geodesicDistance } from '../../workers/mesh/geodesic';
import { buildSummary, hotspotTable } from './summary';
import { writeOutputs } from './write-outputs';

export interface MergeFlags {
  out: string;
  force?: boolean;
}

/** The element range a shard's job covered, from its stored spec. */
function rangeOf(r: ResultsOnDisk): [number, number] {
  return r.result.spec.elementRange ?? shardRange(r.result.spec.shard, r.result.nElements);
}

export async function mergeCommand(
  dirs: string[],
  flags: MergeFlags,
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream },
): Promise<void> {
  if (dirs.length < 1)
    throw new AppError('BAD_ARGUMENT', {
      path: 'merge',
      found: 'no shard folders',
      expected: 'one or more result folders',
    });
  const outDir = resolve(flags.out);
  checkTarget(outDir, !!flags.force);
  const shards: ResultsOnDisk[] = [];
  for (const d of dirs) shards.push(await readResults(resolve(d)));
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

  const g = first.geometry;
  const roi: RoiGeometry = {
    file: first.dir,
    roiId: null,
    nNodes: g.nNodes,
    nTriangles: g.nTriangles,
    nodes: g.nodes,
    triangles: g.triangles,
    ...triangleGeometry(g.nodes, g.triangles),
  };
  const maps: ElementMap[] = first.result.maps.map((m0, mi) => {
    const np = m0.paramNames.length;
    const scores = new Float64Array(n).fill(NaN);
    const params = new Float64Array(n * np).fill(NaN);
    const status = new Uint8Array(n);
    let failed = 0;
    let seconds = 0;
    for (const { s, r } of ranges) {
      const m = s.result.maps[mi];
      scores.set(m.scores.subarray(r[0], r[1]), r[0]);
      params.set(m.params.subarray(r[0] * np, r[1] * np), r[0] * np);
      status.set(m.status.subarray(r[0], r[1]), r[0]);
      failed += m.failed;
      seconds += m.seconds;
    }
    return {
      ...m0,
      scores,
      params,
      status,
      failed,
      seconds,
      hotspot: findHotspot(scores, roi.centroids, m0.score),
    };
  });
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
  const summary = buildSummary(merged, [0, n]);
  await writeOutputs(outDir, merged, roi, summary, !!flags.force);
  io.stdout.write(`${hotspotTable(summary)}\n`);
  io.stderr.write(`Merged ${shards.length} shard(s) of ${n} elements into ${outDir}\n`);
}

/**
 * The convergence runs of the shards joined per step: each step's map from the shards' element ranges, then the
 * hotspot, the NRMSD to the previous step and the geodesic distance between their hotspots over the whole ROI, as
 * an unsharded run computes them. The per-step E-matrix figures were per-shard samples and are left out (NaN).
 */
function mergeConvergence(
  ranges: { s: ResultsOnDisk; r: [number, number] }[],
  roi: RoiGeometry,
  n: number,
): ConvergenceResult[] {
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
      const hotspot = findHotspot(scores, roi.centroids, first.result.spec.score);
      const prev = steps[steps.length - 1];
      steps.push({
        nZaps: t0.nZaps,
        scores,
        nrmsd: prev ? nrmsd(prev.scores, scores) : NaN,
        hotspotDistance:
          prev && prev.hotspot.element >= 0 && hotspot.element >= 0
            ? geodesicDistance(roi, prev.hotspot.element, hotspot.element)
            : NaN,
        hotspot,
        mutualCoherence: NaN,
        svRatio: NaN,
      });
    });
    return { response: c0.response, qoi: c0.qoi, steps };
  });
}
