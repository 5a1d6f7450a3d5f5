// One QOI's maps for a zap selection: first pass (or stepdown growth), then discontinuity refits.
import type { Csr } from '../../workers/mesh/adjacency';
import { ElementStatus } from '../../workers/fit/types';
import type { InitMessage } from '../../workers/protocol';
import { compareScores, isBetter, scoreDirection } from '../contract';
import { rangeElements, type ColumnReader } from './column-reader';
import { planDiscontinuityRefits } from './discontinuity';
import { seededPermutation, subSeed } from './element-order';
import { fitSets, type FitContext, type MapState, type WorkItem } from './fit-sets';
import type { JobPhase } from './progress';
import { trace } from '../trace';

export interface MapQoiOptions {
  range: [number, number];
  neighbours: Csr;
  discontinuityRefit: boolean;
  stepdown: boolean;
  /** Phase names shown in progress ('fitting'/'refitting', or 'convergence' for every pass of a step). */
  phases: { fit: JobPhase; refit: JobPhase };
  /** When false, trackers keep counting across calls (convergence steps share one bar). */
  resetProgress: boolean;
}

/** Stepdown constants of the reference: random 10 % first, top 20 % of those as seeds, last few % in one batch. */
export const STEPDOWN = { sampleFraction: 0.1, seedFraction: 0.2, finalFraction: 0.05 } as const;

export async function mapQoi(
  ctx: FitContext,
  reader: ColumnReader,
  init: InitMessage,
  states: MapState[],
  o: MapQoiOptions,
): Promise<void> {
  const [start, end] = o.range;
  const all = rangeElements(start, end);
  for (const s of states)
    if (o.resetProgress) s.tracker.start(o.phases.fit, all.length);
    else s.tracker.phase = o.phases.fit;
  if (o.stepdown) await stepdown(ctx, reader, init, states, o);
  else
    await fitSets(
      ctx,
      reader,
      init,
      states.map((state) => ({ state, elements: all })),
      'first',
      false,
    );

  trace('first pass done');
  if (o.discontinuityRefit) {
    const items: WorkItem[] = [];
    for (const s of states) {
      const cands = all.filter(
        (j) => s.status[j] !== ElementStatus.skippedBad && s.status[j] !== ElementStatus.skippedSigned,
      );
      const plan = planDiscontinuityRefits(s.scores, o.neighbours, cands);
      const starts = new Float64Array(plan.elements.length * ctx.nParams);
      plan.sources.forEach((src, i) =>
        starts.set(s.params.subarray(src * ctx.nParams, (src + 1) * ctx.nParams), i * ctx.nParams),
      );
      items.push({ state: s, elements: plan.elements, starts });
    }
    items.forEach((w) => {
      if (o.resetProgress) w.state.tracker.start(o.phases.refit, w.elements.length);
      else w.state.tracker.phase = o.phases.refit;
    });
    trace(`discontinuity refits: ${items.map((w) => w.elements.length).join(', ')} elements`);
    await fitSets(ctx, reader, init, items, 'discontinuity', true);
    trace('discontinuity refits done');
  }
}

/**
 * The stepdown variant: fit a seeded random 10 % of the elements, take the best 20 % of those as seeds,
 * grow ring by ring (each new element starts from the parameters of its best fitted neighbour), and fit the
 * last few percent — or whatever no ring reaches — in one batch from data-driven starts.
 */
async function stepdown(
  ctx: FitContext,
  reader: ColumnReader,
  init: InitMessage,
  states: MapState[],
  o: MapQoiOptions,
): Promise<void> {
  const [start, end] = o.range;
  const n = end - start;
  const np = ctx.nParams;
  // Seeds and ring starts are the best elements in the score's direction (AIC/BIC: the lowest).
  const better = scoreDirection(ctx.score);
  const perm = seededPermutation(n, subSeed(ctx.seed, 11, start));
  const sample = perm
    .slice(0, Math.max(1, Math.ceil(STEPDOWN.sampleFraction * n)))
    .map((i) => i + start)
    .sort();
  await fitSets(
    ctx,
    reader,
    init,
    states.map((state) => ({ state, elements: sample })),
    'first',
    false,
  );

  const fitted = states.map(() => new Uint8Array(n));
  const frontier: Uint32Array[] = [];
  states.forEach((s, si) => {
    for (const j of sample) fitted[si][j - start] = 1;
    const ranked = [...sample]
      .filter((j) => Number.isFinite(s.scores[j]))
      .sort((a, b) => compareScores(s.scores[a], s.scores[b], better) || a - b);
    frontier.push(
      Uint32Array.from(ranked.slice(0, Math.max(1, Math.ceil(STEPDOWN.seedFraction * sample.length)))).sort(),
    );
  });
  const remaining = states.map(() => n - sample.length);
  const finished = states.map(() => false);
  const { offsets, neighbours: nb } = o.neighbours;
  while (finished.some((f) => !f)) {
    const rings: WorkItem[] = [];
    const finals: WorkItem[] = [];
    states.forEach((s, si) => {
      if (finished[si]) return;
      const ring = new Set<number>();
      for (const j of frontier[si]) {
        if (!Number.isFinite(s.scores[j])) continue;
        for (let k = offsets[j]; k < offsets[j + 1]; k++) {
          const m = nb[k];
          if (m >= start && m < end && !fitted[si][m - start]) ring.add(m);
        }
      }
      if (ring.size === 0 || remaining[si] <= STEPDOWN.finalFraction * n) {
        const rest: number[] = [];
        for (let i = 0; i < n; i++) if (!fitted[si][i]) rest.push(i + start);
        finals.push({ state: s, elements: Uint32Array.from(rest) });
        finished[si] = true;
        return;
      }
      const els = Uint32Array.from(ring).sort();
      const starts = new Float64Array(els.length * np);
      els.forEach((j, i) => {
        let best = -1;
        for (let k = offsets[j]; k < offsets[j + 1]; k++) {
          const m = nb[k];
          if (m < start || m >= end || !fitted[si][m - start] || !Number.isFinite(s.scores[m])) continue;
          if (
            best < 0 ||
            isBetter(s.scores[m], s.scores[best], better) ||
            (s.scores[m] === s.scores[best] && m < best)
          )
            best = m;
        }
        starts.set(s.params.subarray(best * np, (best + 1) * np), i * np);
      });
      for (const j of els) fitted[si][j - start] = 1;
      remaining[si] -= els.length;
      frontier[si] = els;
      rings.push({ state: s, elements: els, starts });
    });
    await Promise.all([
      fitSets(ctx, reader, init, rings, 'stepdown', false),
      fitSets(ctx, reader, init, finals, 'first', false),
    ]);
  }
}
