// Pure mapping from a map's permutation test and hotspot bootstrap to figures: the maxima histogram and the 95 % ring.
import type { Layout, Scatter3dData, ScatterData, BarData } from 'plotly.js-dist-min';
import type { MapConfidence } from '../../../main/contract';
import { baseLayout, formatNumber, paperAxis, scoreLabel } from './figureStyle';
import { histogram } from './histogramTraces';
import { triangleNormal, type MapGeometry } from './scoreMapTraces';

/** ResultsView provides a ref under this key so the export dialog can save the Confidence panel's map. */
export const CONFIDENCE_MAP_KEY = 'results:confidence-map';

const OBSERVED = '#c0392b';
const THRESHOLD = '#7f8c8d';

/** One line of text for the permutation test: p of the hotspot with its floor, and the FWE 0.05 score threshold. */
export function significanceText(s: NonNullable<MapConfidence['significance']>, scoreName: string): string {
  const floor = 1 / (s.permutations + 1);
  const p = s.pFwe <= floor ? `p_FWE ≤ ${formatNumber(floor)}` : `p_FWE = ${formatNumber(s.pFwe)}`;
  const thr = Number.isFinite(s.thresholdFwe05)
    ? `FWE 0.05 threshold ${scoreLabel(scoreName)} ${formatNumber(s.thresholdFwe05)}`
    : `no FWE 0.05 threshold with ${s.permutations} permutations (needs ≥ 19)`;
  return `Hotspot ${p} (${s.permutations} permutations); ${thr}`;
}

/** One line for the bootstrap: the 95 % radius, median distance and how often the hotspot stayed put. */
export function bootstrapText(b: NonNullable<MapConfidence['bootstrap']>): string {
  const mm = (v: number) => (Number.isFinite(v) ? `${formatNumber(v)} mm` : 'unreachable');
  return (
    `95 % of ${b.n} resampled hotspots within ${mm(b.radius95)} (median ${mm(b.medianDistance)}); ` +
    `same element in ${formatNumber(100 * b.stability)} %`
  );
}

/** Histogram of the permutation maxima with the observed score (red) and the FWE 0.05 threshold (grey, dashed). */
export function maximaFigure(
  s: NonNullable<MapConfidence['significance']>,
  opts: { scoreName: string; title?: string; bins?: number },
): { data: (Partial<BarData> | Partial<ScatterData>)[]; layout: Partial<Layout> } {
  // The range includes the observed score so that its line is inside the plot even when far from the null.
  let lo = s.observed;
  let hi = s.observed;
  for (const v of s.maxima) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const h = histogram(
    s.maxima,
    opts.bins ?? 30,
    Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : undefined,
  );
  const centres = h.counts.map((_, b) => (h.edges[b] + h.edges[b + 1]) / 2);
  const peak = Math.max(1, ...h.counts);
  const data: (Partial<BarData> | Partial<ScatterData>)[] = [
    {
      type: 'bar',
      name: 'permutation maxima',
      x: centres,
      y: h.counts,
      width: h.edges[1] - h.edges[0],
      marker: { color: '#4a6fa5', line: { color: '#ffffff', width: 0.5 } },
      hovertemplate: `best ${scoreLabel(opts.scoreName)} %{x:.3g}: %{y} permutations<extra></extra>`,
      showlegend: false,
    },
  ];
  const vline = (x: number, colour: string, dash: 'solid' | 'dash') => ({
    type: 'line' as const,
    x0: x,
    x1: x,
    yref: 'paper' as const,
    y0: 0,
    y1: 1,
    line: { color: colour, width: 2, dash },
  });
  const shapes: Partial<Layout>['shapes'] = [];
  if (Number.isFinite(s.thresholdFwe05)) shapes.push(vline(s.thresholdFwe05, THRESHOLD, 'dash'));
  if (Number.isFinite(s.observed)) {
    shapes.push(vline(s.observed, OBSERVED, 'solid'));
    data.push({
      type: 'scatter',
      mode: 'text',
      x: [s.observed],
      y: [peak],
      text: [`observed ${formatNumber(s.observed)}`],
      textposition: 'top left',
      textfont: { color: OBSERVED },
      hoverinfo: 'skip',
      showlegend: false,
    });
  }
  return {
    data,
    layout: {
      ...baseLayout(opts.title),
      bargap: 0,
      xaxis: paperAxis(`Best ${scoreLabel(opts.scoreName)} of each permuted map`),
      yaxis: paperAxis('Permutations', { rangemode: 'tozero' }),
      shapes,
    },
  };
}

/**
 * The 95 % radius as a ring around the hotspot: a circle of that radius in the plane of the hotspot's triangle,
 * lifted 1 mm along its normal so the surface does not hide it. On folded cortex a geodesic radius is not a flat
 * circle; the ring shows the size, the frequency colouring shows where resampled hotspots actually landed.
 */
export function radiusRing(
  g: MapGeometry,
  centre: [number, number, number],
  element: number,
  radius: number,
  segments = 72,
): Partial<Scatter3dData> {
  const n = triangleNormal(g, element);
  // Two unit vectors spanning the plane normal to n.
  const a: [number, number, number] = Math.abs(n[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const u = normalise(cross(n, a));
  const v = cross(n, u);
  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  for (let k = 0; k <= segments; k++) {
    const t = (2 * Math.PI * k) / segments;
    const [c, s] = [Math.cos(t) * radius, Math.sin(t) * radius];
    x.push(centre[0] + c * u[0] + s * v[0] + n[0]);
    y.push(centre[1] + c * u[1] + s * v[1] + n[1]);
    z.push(centre[2] + c * u[2] + s * v[2] + n[2]);
  }
  return {
    type: 'scatter3d',
    mode: 'lines',
    name: '95 % radius',
    x,
    y,
    z,
    line: { color: OBSERVED, width: 5 },
    hovertemplate: `95 % radius ${formatNumber(radius)} mm<extra></extra>`,
    showlegend: false,
  };
}

function cross(p: readonly number[], q: readonly number[]): [number, number, number] {
  return [p[1] * q[2] - p[2] * q[1], p[2] * q[0] - p[0] * q[2], p[0] * q[1] - p[1] * q[0]];
}

function normalise(p: [number, number, number]): [number, number, number] {
  const len = Math.hypot(p[0], p[1], p[2]) || 1;
  return [p[0] / len, p[1] / len, p[2] / len];
}

/**
 * The bootstrap's hotspot frequency as map values: elements never the hotspot get NaN (grey), so only where
 * resampled hotspots landed is coloured; the scale runs from 0 to the largest frequency.
 */
export function frequencyColouring(frequency: Float64Array): {
  values: Float64Array;
  name: string;
  title: string;
  colour: { scale: 'viridis'; range: [number, number]; threshold: null; better: 'higher' };
} {
  let top = 0;
  const values = new Float64Array(frequency.length);
  for (let i = 0; i < frequency.length; i++) {
    const f = frequency[i];
    values[i] = f > 0 ? f : NaN;
    if (f > top) top = f;
  }
  return {
    values,
    name: 'hotspot frequency',
    title: 'Hotspot<br>frequency',
    colour: { scale: 'viridis', range: [0, top > 0 ? top : 1], threshold: null, better: 'higher' },
  };
}
