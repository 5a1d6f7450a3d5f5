// Pure mapping from one element's IO data (E per zap, responses, fitted curve and parameters) to plotly traces.
import type { Annotation, Layout, ScatterData } from 'plotly.js-dist-min';
import {
  axisTitle,
  baseLayout,
  formatNumber,
  muscleName,
  paperAxis,
  qoiSymbol,
  scoreLabel,
} from './figureStyle';

/** One element's input–output data as the results query returns it. */
export interface IoCurve {
  element: number;
  response: string;
  qoi: string;
  fun: string;
  scoreName: string;
  score: number;
  /** Fit status name (converged, max-evaluations, …). */
  status: string;
  paramNames: string[];
  params: ArrayLike<number>;
  /** E at this element per used zap (V/m) and the response per zap. */
  e: ArrayLike<number>;
  y: ArrayLike<number>;
  /** The fitted function sampled over the E range; empty when there is no fit. */
  curveE: ArrayLike<number>;
  curveY: ArrayLike<number>;
  /** Unit of the response (mV, µV) or null when the file does not say. */
  responseUnit: string | null;
  /** Signed-data selection: the sign whose zaps were fitted and per zap 1 when fitted (absent: all zaps fitted). */
  signed?: { sign: 1 | -1; nFit: number; fitted: ArrayLike<number> };
}

const FIT_COLOUR = '#c0392b';
const DATA_COLOUR = '#2c3e50';
const COMPARE_COLOUR = '#7f8c8d';
const UNFITTED_COLOUR = '#95a5a6';

/** The unit each parameter carries: x0 in V/m, r in m/V, amp/y0 in the response's unit. */
export function paramUnit(name: string, responseUnit: string | null): string {
  if (name === 'x0') return 'V/m';
  if (name === 'r') return 'm/V';
  if (name === 'amp' || name === 'y0' || name === 'n') return responseUnit ?? '';
  if (name === 'm') return responseUnit ? `${responseUnit}·m/V` : '';
  return '';
}

/** "x0 = 52.3 V/m" lines of the fitted parameters. */
export function paramLines(c: Pick<IoCurve, 'paramNames' | 'params' | 'responseUnit'>): string[] {
  return c.paramNames.map((name, p) => {
    const unit = paramUnit(name, c.responseUnit);
    return `${name} = ${formatNumber(c.params[p])}${unit ? ` ${unit}` : ''}`;
  });
}

function toArray(a: ArrayLike<number>): number[] {
  return Array.from(a);
}

/** Log-fitted functions (sigmoid4_log, …) are shown on a log response axis, as they were fitted. */
export function usesLogAxis(fun: string): boolean {
  return fun.endsWith('_log');
}

export interface IoFigureOptions {
  /** The hotspot's curve drawn in grey for comparison (omit when the element is the hotspot). */
  compare?: IoCurve | null;
  title?: string;
}

export function ioCurveTraces(c: IoCurve, opts: IoFigureOptions = {}): Partial<ScatterData>[] {
  const traces: Partial<ScatterData>[] = [];
  const cmp = opts.compare && opts.compare.element !== c.element ? opts.compare : null;
  if (cmp) {
    traces.push({
      type: 'scatter',
      mode: 'markers',
      name: `hotspot #${cmp.element} zaps`,
      x: toArray(cmp.e),
      y: toArray(cmp.y),
      marker: { size: 5, color: 'rgba(0,0,0,0)', line: { color: COMPARE_COLOUR, width: 1 } },
      hovertemplate: `hotspot: E = %{x:.1f} V/m<br>MEP = %{y:.3g}<extra></extra>`,
    });
    if (cmp.curveE.length) {
      traces.push({
        type: 'scatter',
        mode: 'lines',
        name: `hotspot #${cmp.element} fit (${scoreLabel(cmp.scoreName)} ${formatNumber(cmp.score)})`,
        x: toArray(cmp.curveE),
        y: toArray(cmp.curveY),
        line: { color: COMPARE_COLOUR, width: 2, dash: 'dash' },
        hoverinfo: 'skip',
      });
    }
  }
  const unit = c.responseUnit ? ` ${c.responseUnit}` : '';
  const parts = splitFitted(c);
  traces.push({
    type: 'scatter',
    mode: 'markers',
    name: c.signed
      ? `fitted zaps (n = ${parts.fitted.e.length}, ${signWord(c.signed.sign)})`
      : `zaps (n = ${c.e.length})`,
    x: parts.fitted.e,
    y: parts.fitted.y,
    marker: { size: 6, color: DATA_COLOUR, opacity: 0.55, line: { width: 0 } },
    hovertemplate: `E = %{x:.1f} V/m<br>MEP = %{y:.3g}${unit}<extra></extra>`,
  });
  if (parts.other.e.length) {
    // The other sign's zaps: scored at the curve's baseline but not fitted, so drawn hollow and grey.
    traces.push({
      type: 'scatter',
      mode: 'markers',
      name: `not fitted (other sign, n = ${parts.other.e.length})`,
      x: parts.other.e,
      y: parts.other.y,
      marker: { size: 6, color: 'rgba(0,0,0,0)', line: { color: UNFITTED_COLOUR, width: 1 } },
      hovertemplate: `not fitted (other sign)<br>E = %{x:.1f} V/m<br>MEP = %{y:.3g}${unit}<extra></extra>`,
    });
  }
  if (c.curveE.length) {
    traces.push({
      type: 'scatter',
      mode: 'lines',
      name: `${c.fun} fit (${scoreLabel(c.scoreName)} = ${formatNumber(c.score)})`,
      x: toArray(c.curveE),
      y: toArray(c.curveY),
      line: { color: FIT_COLOUR, width: 3 },
      hoverinfo: 'skip',
    });
  }
  return traces;
}

/** "sign +" / "sign −": which sign of E a signed-data fit used. */
function signWord(sign: 1 | -1): string {
  return `sign ${sign > 0 ? '+' : '−'}`;
}

/** The zaps split into those the curve was fitted to and the rest (none without signed-data selection). */
function splitFitted(c: IoCurve): {
  fitted: { e: number[]; y: number[] };
  other: { e: number[]; y: number[] };
} {
  const fitted = { e: [] as number[], y: [] as number[] };
  const other = { e: [] as number[], y: [] as number[] };
  for (let k = 0; k < c.e.length; k++) {
    const into = !c.signed || c.signed.fitted[k] ? fitted : other;
    into.e.push(c.e[k]);
    into.y.push(c.y[k]);
  }
  return { fitted, other };
}

/** "fitted on 23 of 200 zaps (sign −)" for a signed-data fit, else null. */
export function signedFitLine(c: Pick<IoCurve, 'signed' | 'e'>): string | null {
  if (!c.signed) return null;
  return `fitted on ${c.signed.nFit} of ${c.e.length} zaps (${signWord(c.signed.sign)})`;
}

export function ioCurveLayout(c: IoCurve, opts: IoFigureOptions = {}): Partial<Layout> {
  const title = opts.title ?? `${muscleName(c.response)} · element ${c.element}`;
  const compared = !!opts.compare && opts.compare.element !== c.element;
  const annotation: Partial<Annotation> = {
    xref: 'paper',
    yref: 'paper',
    x: 0.02,
    y: 0.98,
    xanchor: 'left',
    yanchor: 'top',
    align: 'left',
    showarrow: false,
    bgcolor: 'rgba(255,255,255,0.85)',
    bordercolor: '#bbb',
    borderwidth: 1,
    borderpad: 4,
    font: { size: 12 },
    text: [
      `${scoreLabel(c.scoreName)} = ${formatNumber(c.score)}`,
      ...paramLines(c),
      signedFitLine(c) ?? '',
      c.status === 'converged' ? '' : c.status,
    ]
      .filter(Boolean)
      .join('<br>'),
  };
  return {
    ...baseLayout(title),
    xaxis: paperAxis(axisTitle(`E-field ${qoiSymbol(c.qoi)}`, 'V/m')),
    yaxis: paperAxis(axisTitle(`MEP ${muscleName(c.response)}`, c.responseUnit), {
      type: usesLogAxis(c.fun) ? 'log' : 'linear',
    }),
    // Below the axis title (inside the plot it would cover zaps); a comparison adds two legend rows.
    legend: {
      orientation: 'h',
      x: 0,
      xanchor: 'left',
      y: compared ? -0.3 : -0.22,
      yanchor: 'top',
      bgcolor: 'rgba(255,255,255,0)',
    },
    margin: { l: 70, r: 20, t: 50, b: compared ? 150 : 100 },
    annotations: [annotation],
  };
}
