// Pure mapping from ROI geometry + one score map to plotly mesh3d/scatter3d traces, and the recolour-only update.
import type { Layout, Mesh3dData, Scatter3dData } from 'plotly.js-dist-min';
import {
  colourStops,
  reversedStops,
  withGreyBand,
  type ColourScaleName,
  type ColourStops,
} from './colourScales';
import { passesThreshold, type Better } from './scoreDirection';
import { FIGURE_BACKGROUND, FIGURE_FONT, formatNumber } from './figureStyle';

/** The ROI surface as the results queries return it: flat row-major (n × 3) arrays, 0-based triangles. */
export interface MapGeometry {
  nodes: ArrayLike<number>;
  triangles: ArrayLike<number>;
}

export interface ColourSettings {
  scale: ColourScaleName;
  /** Colour range [low, high] of the scale; scores outside are clamped to the end colours. */
  range: [number, number];
  /** Elements scoring worse than this (and elements without a finite score) are grey; null = no threshold. */
  threshold: number | null;
  /** Which way the score is better (default higher): lower-is-better maps grey out above the threshold and
   *  reverse the colour scale, so the best elements always get the bright end. */
  better?: Better;
}

/** Fraction of the colour axis reserved for grey below the scale (see withGreyBand). */
export const GREY_FRACTION = 0.05;

export function triangleCount(g: MapGeometry): number {
  return g.triangles.length / 3;
}

/**
 * Default colour range: finite min..max, with a lower end of 0 when a higher-is-better map spans 0 (negative
 * R² is no fit); lower-is-better scores (AIC/BIC) have no such floor.
 */
export function autoRange(scores: ArrayLike<number>, better: Better = 'higher'): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < scores.length; t++) {
    const v = scores[t];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [0, 1];
  if (better === 'higher' && lo < 0 && hi > 0) lo = 0;
  if (hi - lo < 1e-12) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/** About `count` round tick values inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [lo];
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

export interface CellColouring {
  /** One value per triangle; below-threshold/invalid triangles get the sentinel `cmin`. */
  intensity: Float64Array;
  cmin: number;
  cmax: number;
  colorscale: ColourStops;
  tickvals: number[];
  /** Triangles shown grey. */
  greyCount: number;
}

/**
 * Maps scores to per-cell intensities on a colour axis that has a grey band below the range: the
 * threshold is applied by moving those cells to the sentinel, so changing it restyles intensity only.
 */
export function colourCells(scores: ArrayLike<number>, settings: ColourSettings): CellColouring {
  const lo = settings.range[0];
  const hi = settings.range[1] > lo ? settings.range[1] : lo + 1e-9;
  const span = hi - lo;
  const cmin = lo - (span * GREY_FRACTION) / (1 - GREY_FRACTION);
  const threshold = settings.threshold;
  const better = settings.better ?? 'higher';
  const intensity = new Float64Array(scores.length);
  let greyCount = 0;
  for (let t = 0; t < scores.length; t++) {
    const v = scores[t];
    if (!Number.isFinite(v) || (threshold !== null && !passesThreshold(v, threshold, better))) {
      intensity[t] = cmin;
      greyCount++;
    } else {
      // Passing the threshold but outside the range: the end colour, never the grey band.
      intensity[t] = v < lo ? lo : v > hi ? hi : v;
    }
  }
  return {
    intensity,
    cmin,
    cmax: hi,
    colorscale: withGreyBand(
      better === 'higher' ? colourStops(settings.scale) : reversedStops(colourStops(settings.scale)),
      GREY_FRACTION,
    ),
    tickvals: niceTicks(lo, hi),
    greyCount,
  };
}

/** Hover text per triangle: element index, score and (when not converged) the fit status. */
export function cellHoverTexts(
  scores: ArrayLike<number>,
  scoreName: string,
  status?: ArrayLike<number> | null,
  statusNames?: Record<number, string>,
): string[] {
  const out = new Array<string>(scores.length);
  for (let t = 0; t < scores.length; t++) {
    const s = status ? status[t] : 0;
    const note = s && statusNames ? `<br>${statusNames[s] ?? `status ${s}`}` : '';
    out[t] = `element ${t}<br>${scoreName} = ${formatNumber(scores[t])}${note}`;
  }
  return out;
}

export interface MeshTraceOptions {
  colourBarTitle: string;
  hoverTexts?: string[];
}

function colourBar(c: CellColouring, title: string): Mesh3dData['colorbar'] {
  return {
    title: { text: title, side: 'right', font: FIGURE_FONT },
    tickvals: c.tickvals,
    ticktext: c.tickvals.map((v) => formatNumber(v)),
    tickfont: FIGURE_FONT,
    thickness: 18,
    len: 0.75,
    outlinewidth: 0,
  };
}

/** The cortex surface with one colour per triangle. Geometry is split into the x/y/z, i/j/k columns plotly wants. */
export function meshTrace(g: MapGeometry, c: CellColouring, opts: MeshTraceOptions): Partial<Mesh3dData> {
  const nNodes = g.nodes.length / 3;
  const x = new Float64Array(nNodes);
  const y = new Float64Array(nNodes);
  const z = new Float64Array(nNodes);
  for (let n = 0; n < nNodes; n++) {
    x[n] = g.nodes[3 * n];
    y[n] = g.nodes[3 * n + 1];
    z[n] = g.nodes[3 * n + 2];
  }
  const nTri = triangleCount(g);
  const i = new Uint32Array(nTri);
  const j = new Uint32Array(nTri);
  const k = new Uint32Array(nTri);
  for (let t = 0; t < nTri; t++) {
    i[t] = g.triangles[3 * t];
    j[t] = g.triangles[3 * t + 1];
    k[t] = g.triangles[3 * t + 2];
  }
  return {
    type: 'mesh3d',
    name: 'cortex',
    x: x,
    y: y,
    z: z,
    i: i,
    j: j,
    k: k,
    intensity: c.intensity,
    intensitymode: 'cell',
    cmin: c.cmin,
    cmax: c.cmax,
    cauto: false,
    colorscale: c.colorscale,
    colorbar: colourBar(c, opts.colourBarTitle),
    flatshading: false,
    lighting: { ambient: 0.6, diffuse: 0.65, specular: 0.08, roughness: 0.7, fresnel: 0.05 },
    lightposition: { x: 1e5, y: 1e5, z: 1e5 },
    text: opts.hoverTexts,
    hovertemplate: opts.hoverTexts ? '%{text}<extra></extra>' : undefined,
    hoverinfo: opts.hoverTexts ? undefined : 'skip',
    showscale: true,
  };
}

/**
 * What a recolour sends to Plotly.restyle for the mesh trace: intensity, colour axis and hover text,
 * never the geometry columns (x, y, z, i, j, k), so switching muscle/QOI/threshold does not rebuild the mesh.
 */
export function recolourUpdate(
  c: CellColouring,
  colourBarTitle: string,
  hoverTexts?: string[],
): Record<string, unknown> {
  const update: Record<string, unknown> = {
    intensity: [c.intensity],
    cmin: [c.cmin],
    cmax: [c.cmax],
    colorscale: [c.colorscale],
    colorbar: [colourBar(c, colourBarTitle)],
  };
  if (hoverTexts) update.text = [hoverTexts];
  return update;
}

/** Unit normal of triangle t by the right-hand rule of its node order. */
export function triangleNormal(g: MapGeometry, t: number): [number, number, number] {
  const [a, b, c] = [g.triangles[3 * t], g.triangles[3 * t + 1], g.triangles[3 * t + 2]];
  const p = (n: number, d: number) => g.nodes[3 * n + d];
  const u = [p(b, 0) - p(a, 0), p(b, 1) - p(a, 1), p(b, 2) - p(a, 2)];
  const v = [p(c, 0) - p(a, 0), p(c, 1) - p(a, 1), p(c, 2) - p(a, 2)];
  const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  const len = Math.hypot(n[0], n[1], n[2]) || 1;
  return [n[0] / len, n[1] / len, n[2] / len];
}

export function triangleCentroid(g: MapGeometry, t: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  for (let v = 0; v < 3; v++) {
    const n = g.triangles[3 * t + v];
    for (let d = 0; d < 3; d++) out[d] += g.nodes[3 * n + d] / 3;
  }
  return out;
}

/** Area-weighted mean normal of the surface: the side the cortex is looked at from. */
export function meanNormal(g: MapGeometry): [number, number, number] {
  const nTri = triangleCount(g);
  const sum = [0, 0, 0];
  for (let t = 0; t < nTri; t++) {
    const [a, b, c] = [g.triangles[3 * t], g.triangles[3 * t + 1], g.triangles[3 * t + 2]];
    const p = (n: number, d: number) => g.nodes[3 * n + d];
    const u = [p(b, 0) - p(a, 0), p(b, 1) - p(a, 1), p(b, 2) - p(a, 2)];
    const v = [p(c, 0) - p(a, 0), p(c, 1) - p(a, 1), p(c, 2) - p(a, 2)];
    sum[0] += u[1] * v[2] - u[2] * v[1];
    sum[1] += u[2] * v[0] - u[0] * v[2];
    sum[2] += u[0] * v[1] - u[1] * v[0];
  }
  const len = Math.hypot(sum[0], sum[1], sum[2]);
  return len > 0 ? [sum[0] / len, sum[1] / len, sum[2] / len] : [0, 0, 1];
}

export interface HotspotMarker {
  element: number;
  label: string;
}

/**
 * The hotspot as a marker lifted 1.5 mm off the surface along the triangle normal (so the surface does not
 * hide it), with its label beside it.
 */
export function hotspotTrace(g: MapGeometry, marker: HotspotMarker): Partial<Scatter3dData> {
  const c = triangleCentroid(g, marker.element);
  const n = triangleNormal(g, marker.element);
  const lift = 1.5;
  return {
    type: 'scatter3d',
    name: 'hotspot',
    mode: 'text+markers',
    x: [c[0] + lift * n[0]],
    y: [c[1] + lift * n[1]],
    z: [c[2] + lift * n[2]],
    text: [marker.label],
    textposition: 'top center',
    textfont: { ...FIGURE_FONT, size: 14, color: '#000' },
    marker: { size: 7, color: '#ffffff', symbol: 'diamond', line: { color: '#000000', width: 3 } },
    hovertemplate: `${marker.label}<extra></extra>`,
    showlegend: false,
  };
}

/** restyle update of the hotspot trace (trace 1) when the map changes. */
export function hotspotUpdate(g: MapGeometry, marker: HotspotMarker): Record<string, unknown> {
  const tr = hotspotTrace(g, marker);
  return { x: [tr.x], y: [tr.y], z: [tr.z], text: [tr.text], hovertemplate: [tr.hovertemplate] };
}

/** 3-D scene with equal axis scaling (millimetres are millimetres) and the camera facing the cortex. */
export function scoreMapLayout(g: MapGeometry, opts: { showAxes: boolean; title?: string }): Partial<Layout> {
  const n = meanNormal(g);
  const eye = { x: 1.6 * n[0] + 0.25, y: 1.6 * n[1] - 0.25, z: 1.6 * n[2] + 0.2 };
  const axis = (name: string) => ({
    title: { text: `${name} (mm)`, font: { ...FIGURE_FONT, size: 12 } },
    visible: opts.showAxes,
    showbackground: false,
    gridcolor: '#e5e5e5',
    zeroline: false,
    tickfont: { ...FIGURE_FONT, size: 11 },
  });
  return {
    title: opts.title
      ? { text: opts.title, font: { ...FIGURE_FONT, size: 16 }, x: 0.02, xanchor: 'left' }
      : undefined,
    font: FIGURE_FONT,
    paper_bgcolor: FIGURE_BACKGROUND,
    margin: { l: 0, r: 0, t: opts.title ? 40 : 0, b: 0 },
    showlegend: false,
    uirevision: 'score-map',
    scene: {
      aspectmode: 'data',
      xaxis: axis('x'),
      yaxis: axis('y'),
      zaxis: axis('z'),
      camera: { eye, up: { x: 0, y: 0, z: 1 } },
      bgcolor: FIGURE_BACKGROUND,
    },
  };
}
