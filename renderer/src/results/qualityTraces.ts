// Pure mapping from the E-matrix quality numbers (mutual coherence, singular-value ratio) to a figure.
import type { BarData, Layout } from 'plotly.js-dist-min';
import { baseLayout, formatNumber, paperAxis, qoiSymbol } from './figureStyle';

export interface QualityEntry {
  qoi: string;
  /** Largest normalised inner product between two element columns (1 = two elements indistinguishable). */
  mutualCoherence: number;
  /** Ratio of the smallest to the largest singular value of the E matrix. */
  svRatio: number;
}

/** Two bar panels per QOI: mutual coherence (lower is better) and singular-value ratio (higher is better). */
export function qualityFigure(
  entries: QualityEntry[],
  title?: string,
): { data: Partial<BarData>[]; layout: Partial<Layout> } {
  const x = entries.map((e) => qoiSymbol(e.qoi));
  const text = (vals: number[]) => vals.map((v) => formatNumber(v));
  const mc = entries.map((e) => e.mutualCoherence);
  const sv = entries.map((e) => e.svRatio);
  return {
    data: [
      {
        type: 'bar',
        name: 'mutual coherence',
        x,
        y: mc,
        text: text(mc),
        textposition: 'outside',
        marker: { color: '#4a6fa5' },
        hovertemplate: '%{x}: mutual coherence %{y:.4f}<extra></extra>',
      },
      {
        type: 'bar',
        name: 'singular-value ratio',
        x,
        y: sv,
        text: text(sv),
        textposition: 'outside',
        xaxis: 'x2',
        yaxis: 'y2',
        marker: { color: '#c0392b' },
        hovertemplate: '%{x}: σ_min/σ_max %{y:.3g}<extra></extra>',
      },
    ],
    layout: {
      ...baseLayout(title),
      showlegend: false,
      grid: { rows: 1, columns: 2, pattern: 'independent' },
      xaxis: paperAxis('QOI', { domain: [0, 0.44] }),
      yaxis: paperAxis('Mutual coherence (lower is better)', { range: [0, 1.1] }),
      xaxis2: paperAxis('QOI', { domain: [0.56, 1], anchor: 'y2' }),
      yaxis2: paperAxis('σ<sub>min</sub>/σ<sub>max</sub> (higher is better)', { type: 'log', anchor: 'x2' }),
    },
  };
}
