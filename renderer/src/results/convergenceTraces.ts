// Pure mapping from convergence results (map change and hotspot shift as zaps are added) to a two-panel figure.
import type { Layout, ScatterData } from 'plotly.js-dist-min';
import { baseLayout, muscleName, paperAxis, qoiSymbol } from './figureStyle';

export interface ConvergencePoint {
  nZaps: number;
  /** NRMSD of the map to the previous step (NaN for the first step). */
  nrmsd: number;
  /** Hotspot shift to the previous step in mm (NaN for the first step). */
  hotspotDistance: number;
}

export interface ConvergenceSeries {
  response: string;
  qoi: string;
  steps: ConvergencePoint[];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#7f7f7f'];

/** NaN → null so plotly leaves a gap instead of drawing through it. */
function gap(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export function seriesName(s: Pick<ConvergenceSeries, 'response' | 'qoi'>): string {
  return `${muscleName(s.response)} · ${qoiSymbol(s.qoi)}`;
}

/** Top: NRMSD between successive maps; bottom: hotspot shift (mm); shared x = number of zaps. */
export function convergenceFigure(
  series: ConvergenceSeries[],
  opts: { title?: string; nrmsdLimit?: number | null } = {},
): { data: Partial<ScatterData>[]; layout: Partial<Layout> } {
  const data: Partial<ScatterData>[] = [];
  series.forEach((s, idx) => {
    const colour = PALETTE[idx % PALETTE.length];
    const x = s.steps.map((p) => p.nZaps);
    const name = seriesName(s);
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name,
      legendgroup: name,
      x,
      y: s.steps.map((p) => gap(p.nrmsd)),
      line: { color: colour, width: 2 },
      marker: { size: 6, color: colour },
      hovertemplate: `${name}<br>%{x} zaps: NRMSD %{y:.3f}<extra></extra>`,
    });
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name,
      legendgroup: name,
      showlegend: false,
      x,
      y: s.steps.map((p) => gap(p.hotspotDistance)),
      xaxis: 'x2',
      yaxis: 'y2',
      line: { color: colour, width: 2 },
      marker: { size: 6, color: colour, symbol: 'square' },
      hovertemplate: `${name}<br>%{x} zaps: hotspot moved %{y:.1f} mm<extra></extra>`,
    });
  });
  const shapes: Partial<Layout>['shapes'] = [];
  if (opts.nrmsdLimit) {
    shapes.push({
      type: 'line',
      xref: 'paper',
      x0: 0,
      x1: 1,
      yref: 'y',
      y0: opts.nrmsdLimit,
      y1: opts.nrmsdLimit,
      line: { color: '#999', dash: 'dot', width: 1.5 },
    });
  }
  return {
    data,
    layout: {
      ...baseLayout(opts.title),
      xaxis: paperAxis('', { matches: 'x2', showticklabels: false }),
      yaxis: paperAxis('NRMSD to previous map', { rangemode: 'tozero', domain: [0.55, 1] }),
      xaxis2: paperAxis('Number of zaps', { anchor: 'y2' }),
      yaxis2: paperAxis('Hotspot shift (mm)', { rangemode: 'tozero', domain: [0, 0.45], anchor: 'x2' }),
      shapes,
      legend: { orientation: 'h', x: 0, y: 1.12, xanchor: 'left', yanchor: 'bottom' },
    },
  };
}
