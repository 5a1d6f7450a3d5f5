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
  pFwe?: ElementPFwe | null,
): string[] {
  const out = new Array<string>(scores.length);
  for (let t = 0; t < scores.length; t++) {
    const s = status ? status[t] : 0;
    const note = s && statusNames ? `<br>${statusNames[s] ?? `status ${s}`}` : '';
    const p = pFwe ? pFweHover(pFwe.values[t], pFwe.permutations) : '';
    out[t] = `element ${t}<br>${scoreName} = ${formatNumber(scores[t])}${p}${note}`;
  }
  return out;
}

/** A map's permutation test per element: the FWE-corrected p of each element's score and the permutation count. */
export interface ElementPFwe {
  values: ArrayLike<number>;
  permutations: number;
}

/**
 * The hover line of an element's corrected p: "≤ 1/(N + 1)" at the floor (more permutations could only lower it),
 * nothing where the element has no score (no p either).
 */
export function pFweHover(p: number, permutations: number): string {
  if (!Number.isFinite(p)) return '';
  const floor = 1 / (permutations + 1);
  return p <= floor + 1e-12 ? `<br>p_FWE ≤ ${formatNumber(floor)}` : `<br>p_FWE = ${formatNumber(p)}`;
}

export interface MeshTraceOptions {
  colourBarTitle: string;
  hoverTexts?: string[];
}

function colourBar(c: CellColouring, title: string): Mesh3dData['colorbar'] {
  return {
    // No colour of their own: the layout's font colour (light or dark paper) applies.
    title: { text: title, side: 'right', font: { family: FIGURE_FONT.family, size: FIGURE_FONT.size } },
    tickvals: c.tickvals,
    ticktext: c.tickvals.map((v) => formatNumber(v)),
    tickfont: { family: FIGURE_FONT.family, size: FIGURE_FONT.size },
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
  /** Marker colour (several hotspots on one map); default white. */
  colour?: string;
  /** false: no label box on the map, the label shows on hover only (many marked elements). */
  annotate?: boolean;
}

/**
 * The hotspots as markers lifted 1.5 mm off the surface along their triangle normals (so the surface does not
 * hide them). Their labels are scene annotations with a background (see hotspotAnnotations), readable on any colour.
 */
export function hotspotsTrace(g: MapGeometry, markers: HotspotMarker[]): Partial<Scatter3dData> {
  const lift = 1.5;
  const pos = markers.map((m) => {
    const c = triangleCentroid(g, m.element);
    const n = triangleNormal(g, m.element);
    return [c[0] + lift * n[0], c[1] + lift * n[1], c[2] + lift * n[2]];
  });
  return {
    type: 'scatter3d',
    name: 'hotspot',
    mode: 'markers',
    x: pos.map((p) => p[0]),
    y: pos.map((p) => p[1]),
    z: pos.map((p) => p[2]),
    text: markers.map((m) => m.label),
    marker: {
      size: 7,
      color: markers.map((m) => m.colour ?? '#ffffff'),
      symbol: 'diamond',
      line: { color: '#000000', width: 3 },
    },
    hovertemplate: '%{text}<extra></extra>',
    showlegend: false,
  };
}

/** One hotspot (the usual case). */
export function hotspotTrace(g: MapGeometry, marker: HotspotMarker): Partial<Scatter3dData> {
  return hotspotsTrace(g, [marker]);
}

/** restyle update of the hotspot trace (trace 1) when the map changes. */
export function hotspotUpdate(g: MapGeometry, markers: HotspotMarker[]): Record<string, unknown> {
  const tr = hotspotsTrace(g, markers);
  return { x: [tr.x], y: [tr.y], z: [tr.z], text: [tr.text], 'marker.color': [tr.marker!.color] };
}

type SceneAnnotation = Record<string, unknown>;

/**
 * Hotspot labels as scene annotations: dark text on a white box with an arrow, readable over bright colours (not for
 * markers with `annotate: false`).
 */
export function hotspotAnnotations(g: MapGeometry, markers: HotspotMarker[]): SceneAnnotation[] {
  const tr = hotspotsTrace(g, markers);
  return markers.flatMap((m, i) =>
    m.annotate === false
      ? []
      : [
          {
            x: (tr.x as number[])[i],
            y: (tr.y as number[])[i],
            z: (tr.z as number[])[i],
            text: m.label,
            showarrow: true,
            arrowhead: 0,
            arrowcolor: '#111',
            ax: 30,
            ay: -30 - 22 * (i % 3),
            bgcolor: 'rgba(255,255,255,0.92)',
            bordercolor: '#111',
            borderwidth: 1,
            borderpad: 3,
            font: { ...FIGURE_FONT, size: 13, color: '#111' },
          },
        ],
  );
}

/** Axis-aligned bounds of the nodes: [min, max] per axis. */
export function bounds(g: MapGeometry): [number, number][] {
  const b: [number, number][] = [
    [Infinity, -Infinity],
    [Infinity, -Infinity],
    [Infinity, -Infinity],
  ];
  for (let n = 0; n < g.nodes.length / 3; n++)
    for (let d = 0; d < 3; d++) {
      const v = g.nodes[3 * n + d];
      if (v < b[d][0]) b[d][0] = v;
      if (v > b[d][1]) b[d][1] = v;
    }
  return b;
}

/**
 * The coordinate space of the ROI's nodes. SimNIBS meshes (and so pyNIBS ROIs and the demo) are in the subject's
 * scanner space, RAS: +x right, +y anterior, +z superior, millimetres.
 */
export const COORDINATE_SPACE = {
  name: 'subject space of the mesh (RAS, mm)',
  positive: ['R', 'A', 'S'] as const,
  negative: ['L', 'P', 'I'] as const,
  words: { R: 'right', L: 'left', A: 'anterior', P: 'posterior', S: 'superior', I: 'inferior' } as Record<
    string,
    string
  >,
};

/**
 * Orientation letters at the sides of the ROI's box for the axes seen side-on (|normal · axis| < 0.8): the axis
 * the camera looks along would put both letters on top of each other.
 */
export function orientationAnnotations(g: MapGeometry, n: [number, number, number]): SceneAnnotation[] {
  const b = bounds(g);
  const c = b.map(([lo, hi]) => (lo + hi) / 2);
  const out: SceneAnnotation[] = [];
  for (let d = 0; d < 3; d++) {
    if (Math.abs(n[d]) >= 0.8) continue;
    const pad = 0.08 * (b[d][1] - b[d][0]) + 1;
    for (const [end, letter] of [
      [b[d][1] + pad, COORDINATE_SPACE.positive[d]],
      [b[d][0] - pad, COORDINATE_SPACE.negative[d]],
    ] as const) {
      const p = [...c];
      p[d] = end;
      out.push({
        x: p[0],
        y: p[1],
        z: p[2],
        text: `<b>${letter}</b>`,
        hovertext: COORDINATE_SPACE.words[letter],
        showarrow: false,
        font: { ...FIGURE_FONT, size: 15, color: '#555' },
      });
    }
  }
  return out;
}

/**
 * A scale bar of a round length (at most a quarter of the ROI) along the axis seen most side-on, just outside the
 * ROI's box at its low edge on the other in-view axis, and at the camera's side of the box in depth: placed inside
 * the box (at its corner) the surface hid most of it, so screenshots showed no bar. The label sits under its middle.
 */
export function scaleBarTrace(
  g: MapGeometry,
  n: [number, number, number],
  colour = '#555',
): Partial<Scatter3dData> {
  const b = bounds(g);
  // Axes by how much the camera looks along them: d (most side-on) carries the bar, e is the other in-view axis.
  const order = [0, 1, 2].sort((p, q) => Math.abs(n[p]) - Math.abs(n[q]));
  const [d, e, depth] = order;
  const span = b[d][1] - b[d][0];
  const length = [1, 2, 5, 10, 20, 50, 100].reverse().find((l) => l <= span / 4) ?? 1;
  const pad = 0.06 * Math.max(b[d][1] - b[d][0], b[e][1] - b[e][0]) + 1;
  const start = [0, 0, 0];
  start[d] = b[d][0];
  start[e] = b[e][0] - pad;
  start[depth] = n[depth] >= 0 ? b[depth][1] : b[depth][0];
  const mid = [...start];
  mid[d] += length / 2;
  const end = [...start];
  end[d] += length;
  return {
    type: 'scatter3d',
    name: 'scale',
    mode: 'lines+text',
    x: [start[0], mid[0], end[0]],
    y: [start[1], mid[1], end[1]],
    z: [start[2], mid[2], end[2]],
    text: ['', `${length} mm`, ''],
    textposition: 'bottom center',
    textfont: { ...FIGURE_FONT, size: 13, color: colour },
    line: { color: colour, width: 8 },
    hoverinfo: 'skip',
    showlegend: false,
  };
}

/** Camera looking at the ROI's centre along its mean normal, far enough for the whole box; superior (or anterior) up. */
export function fitCamera(g: MapGeometry): {
  eye: { x: number; y: number; z: number };
  up: { x: number; y: number; z: number };
  center: { x: number; y: number; z: number };
} {
  const n = meanNormal(g);
  const dist = 2.0;
  // Up: the superior axis projected off the viewing direction; anterior when looking from above/below.
  const upAxis = Math.abs(n[2]) > 0.9 ? [0, 1, 0] : [0, 0, 1];
  const dot = upAxis[0] * n[0] + upAxis[1] * n[1] + upAxis[2] * n[2];
  const up = [upAxis[0] - dot * n[0], upAxis[1] - dot * n[1], upAxis[2] - dot * n[2]];
  const len = Math.hypot(up[0], up[1], up[2]) || 1;
  return {
    eye: { x: dist * n[0], y: dist * n[1], z: dist * n[2] },
    up: { x: up[0] / len, y: up[1] / len, z: up[2] / len },
    center: { x: 0, y: 0, z: 0 },
  };
}

export interface SceneOptions {
  showAxes: boolean;
  title?: string;
  /** Hotspot labels and orientation letters go into scene.annotations. */
  hotspots?: HotspotMarker[];
  /** Paper and font colours (dark mode). */
  background?: string;
  foreground?: string;
}

/**
 * 3-D scene with equal axis scaling (millimetres are millimetres), the camera fitted to the whole ROI along its mean
 * normal (plotly's "reset camera" returns here), orientation letters, and hotspot labels.
 */
export function scoreMapLayout(g: MapGeometry, opts: SceneOptions): Partial<Layout> {
  const n = meanNormal(g);
  const bg = opts.background ?? FIGURE_BACKGROUND;
  const fg = opts.foreground ?? FIGURE_FONT.color;
  const axis = (name: string) => ({
    title: { text: `${name} (mm)`, font: { ...FIGURE_FONT, size: 12, color: fg } },
    visible: opts.showAxes,
    showbackground: false,
    gridcolor: '#e5e5e5',
    zeroline: false,
    tickfont: { ...FIGURE_FONT, size: 11, color: fg },
  });
  return {
    title: opts.title
      ? { text: opts.title, font: { ...FIGURE_FONT, size: 16, color: fg }, x: 0.02, xanchor: 'left' }
      : undefined,
    font: { ...FIGURE_FONT, color: fg },
    paper_bgcolor: bg,
    margin: { l: 0, r: 0, t: opts.title ? 40 : 0, b: 0 },
    showlegend: false,
    uirevision: 'score-map',
    scene: {
      aspectmode: 'data',
      xaxis: axis('x'),
      yaxis: axis('y'),
      zaxis: axis('z'),
      camera: fitCamera(g),
      bgcolor: bg,
      annotations: [...orientationAnnotations(g, n), ...hotspotAnnotations(g, opts.hotspots ?? [])],
    },
  };
}
