// Pure mapping from the E-matrix quality to a figure: the condition number κ = σmax/σmin per QOI (lower is better).
// Mutual coherence is not drawn: neighbouring elements receive nearly proportional fields in every realistic
// experiment, so it reads ≈ 1.000 always and tells nothing about a selection.
import type { BarData, Layout } from 'plotly.js-dist-min';
import { baseLayout, formatNumber, paperAxis, qoiSymbol } from './figureStyle';

export interface QualityEntry {
  qoi: string;
  /** Largest normalised inner product between two sampled element columns (kept in files, not drawn). */
  mutualCoherence: number;
  /** Condition number σmax/σmin of the column-normalised E matrix (zaps × sampled elements); ∞ = rank-deficient. */
  svRatio: number;
}

/** The one statement the app makes about E-matrix quality, on the Selection step and in the results alike. */
export const QUALITY_LABEL = 'Condition number κ = σmax/σmin (lower is better)';
export const QUALITY_HELP =
  'How independently the zaps excite the ROI, on a fixed sample of 1000 elements: κ is the ratio of the largest to ' +
  'the smallest singular value of the column-normalised E matrix. Lower means the field patterns differ more, so ' +
  'the regression can tell elements apart; ∞ means some elements cannot be told apart at all with these zaps. ' +
  'κ depends on the number of zaps (it grows as the zaps approach the number of sampled elements): compare ' +
  'selections of the same size only.';

/** κ as text: a number, or ∞ with the reason. */
export function qualityText(svRatio: number): string {
  return Number.isFinite(svRatio) ? formatNumber(svRatio) : '∞ (rank-deficient)';
}

/** One bar per QOI on a log axis; an infinite κ gets a labelled stub instead of an empty gap. */
export function qualityFigure(
  entries: QualityEntry[],
  title?: string,
): { data: Partial<BarData>[]; layout: Partial<Layout> } {
  const x = entries.map((e) => qoiSymbol(e.qoi));
  const finite = entries.map((e) => e.svRatio).filter(Number.isFinite);
  const top = finite.length ? Math.max(...finite) * 10 : 10;
  const y = entries.map((e) => (Number.isFinite(e.svRatio) ? e.svRatio : top));
  return {
    data: [
      {
        type: 'bar',
        name: 'condition number',
        x,
        y,
        text: entries.map((e) => qualityText(e.svRatio)),
        textposition: 'outside',
        marker: { color: entries.map((e) => (Number.isFinite(e.svRatio) ? '#c0392b' : '#999999')) },
        hovertemplate: '%{x}: κ = %{text}<extra></extra>',
      },
    ],
    layout: {
      ...baseLayout(title),
      showlegend: false,
      xaxis: paperAxis('QOI'),
      yaxis: paperAxis(QUALITY_LABEL.replace('σmax/σmin', 'σ<sub>max</sub>/σ<sub>min</sub>'), {
        type: 'log',
      }),
    },
  };
}
