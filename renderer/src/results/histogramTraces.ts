// Pure mapping from a score map to a histogram figure (bins computed here, so they are testable and exact).
import type { Layout, ScatterData, BarData } from 'plotly.js-dist-min';
import { baseLayout, formatNumber, paperAxis, scoreLabel } from './figureStyle';

export interface Histogram {
  /** Left edges of the bins, then the right edge of the last one (nBins + 1 values). */
  edges: number[];
  counts: number[];
  /** Elements without a finite score (failed or skipped), not in any bin. */
  nonFinite: number;
}

/** Equal-width bins over [lo, hi] (default: the finite min..max); values outside go to the end bins. */
export function histogram(scores: ArrayLike<number>, nBins = 40, range?: [number, number]): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  let nonFinite = 0;
  for (let t = 0; t < scores.length; t++) {
    const v = scores[t];
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (range) [lo, hi] = range;
  if (lo === Infinity) return { edges: [0, 1], counts: [0], nonFinite };
  if (!(hi > lo)) hi = lo + 1;
  const width = (hi - lo) / nBins;
  const counts = new Array<number>(nBins).fill(0);
  for (let t = 0; t < scores.length; t++) {
    const v = scores[t];
    if (!Number.isFinite(v)) continue;
    const b = Math.min(nBins - 1, Math.max(0, Math.floor((v - lo) / width)));
    counts[b]++;
  }
  const edges = Array.from({ length: nBins + 1 }, (_, b) => lo + b * width);
  return { edges, counts, nonFinite };
}

export interface HistogramFigureOptions {
  scoreName: string;
  threshold: number | null;
  hotspotScore: number | null;
  title?: string;
  logCounts?: boolean;
}

export function histogramFigure(
  h: Histogram,
  opts: HistogramFigureOptions,
): { data: (Partial<BarData> | Partial<ScatterData>)[]; layout: Partial<Layout> } {
  const centres = h.counts.map((_, b) => (h.edges[b] + h.edges[b + 1]) / 2);
  const width = h.edges[1] - h.edges[0];
  const peak = Math.max(1, ...h.counts);
  const data: (Partial<BarData> | Partial<ScatterData>)[] = [
    {
      type: 'bar',
      name: 'elements',
      x: centres,
      y: h.counts,
      width,
      marker: { color: '#4a6fa5', line: { color: '#ffffff', width: 0.5 } },
      hovertemplate: `${scoreLabel(opts.scoreName)} %{x:.3g}: %{y} elements<extra></extra>`,
      showlegend: false,
    },
  ];
  const shapes: Partial<Layout>['shapes'] = [];
  const vline = (x: number, colour: string, dash: string) => ({
    type: 'line' as const,
    x0: x,
    x1: x,
    yref: 'paper' as const,
    y0: 0,
    y1: 1,
    line: { color: colour, width: 2, dash: dash as 'dash' },
  });
  if (opts.threshold !== null) shapes.push(vline(opts.threshold, '#7f8c8d', 'dash'));
  if (opts.hotspotScore !== null && Number.isFinite(opts.hotspotScore)) {
    shapes.push(vline(opts.hotspotScore, '#c0392b', 'solid'));
    data.push({
      type: 'scatter',
      mode: 'text',
      x: [opts.hotspotScore],
      y: [peak],
      text: [`hotspot ${formatNumber(opts.hotspotScore)}`],
      textposition: 'top left',
      textfont: { color: '#c0392b' },
      hoverinfo: 'skip',
      showlegend: false,
    });
  }
  const note = h.nonFinite ? ` (${h.nonFinite} without score)` : '';
  return {
    data,
    layout: {
      ...baseLayout(opts.title),
      bargap: 0,
      xaxis: paperAxis(scoreLabel(opts.scoreName)),
      yaxis: paperAxis(`Elements${note}`, { type: opts.logCounts ? 'log' : 'linear', rangemode: 'tozero' }),
      shapes,
    },
  };
}
