// Shared look of the result figures: paper-ready fonts, white background, axis titles with units, plot config.
import type { Config, Layout } from 'plotly.js-dist-min';

export const FIGURE_FONT = { family: 'Arial, Helvetica, sans-serif', size: 14, color: '#1a1a1a' };
export const FIGURE_BACKGROUND = '#ffffff';

/** The QOIs as they are written on axes of papers (Numssen et al. 2021 use |E|, E⊥, E∥). */
const QOI_SYMBOL: Record<string, string> = { E_mag: '|E|', E_norm: 'E⊥', E_tan: 'E∥' };
const QOI_WORDS: Record<string, string> = {
  E_mag: 'field magnitude',
  E_norm: 'normal component',
  E_tan: 'tangential component',
};

export function qoiSymbol(qoi: string): string {
  return QOI_SYMBOL[qoi] ?? qoi;
}

export function qoiLabel(qoi: string): string {
  const words = QOI_WORDS[qoi];
  return words ? `${qoiSymbol(qoi)} ${words}` : qoi;
}

/** "name (unit)", or just the name when the unit is unknown. */
export function axisTitle(name: string, unit?: string | null): string {
  return unit ? `${name} (${unit})` : name;
}

/** Score names as typeset: R² rather than R2. */
export function scoreLabel(score: string): string {
  if (score === 'R2') return 'R²';
  if (score === 'R2_old') return 'R² (old)';
  if (score === 'rho') return 'Spearman ρ';
  return score;
}

/**
 * The unit of a response column as the file names it (CsE_FDI_in_uV → µV, *_mV → mV); pyNIBS p2p_*
 * columns are in mV. Returns null when the name says nothing, so the axis shows no made-up unit.
 */
export function responseUnit(column: string): string | null {
  if (/(^|[_\s.-])(in_)?(uv|µv|microv)([_\s.-]|$)/i.test(column)) return 'µV';
  if (/(^|[_\s.-])(in_)?mv([_\s.-]|$)/i.test(column)) return 'mV';
  if (/^p2p(_|$)/i.test(column)) return 'mV';
  return null;
}

/** The muscle part of a response column (p2p_FDI → FDI). */
export function muscleName(column: string): string {
  return column.replace(/^p2p_?/i, '').replace(/_?(in_)?(uv|µv|mv)$/i, '') || column;
}

/** Base layout of every 2-D result figure; callers spread their own axes and traces on top. */
export function baseLayout(title?: string): Partial<Layout> {
  return {
    title: title ? { text: title, font: { ...FIGURE_FONT, size: 16 }, x: 0.02, xanchor: 'left' } : undefined,
    font: FIGURE_FONT,
    paper_bgcolor: FIGURE_BACKGROUND,
    plot_bgcolor: FIGURE_BACKGROUND,
    margin: { l: 70, r: 30, t: title ? 50 : 20, b: 60 },
    showlegend: true,
    legend: { bgcolor: 'rgba(255,255,255,0.8)', borderwidth: 0 },
  };
}

/** Paper and ink of figures on a dark screen (exports stay on white paper). */
export const DARK_PAPER = { background: '#18181b', foreground: '#e4e4e7', grid: '#3f3f46' };

/** The same layout for a dark screen: paper, fonts, axis lines and grids recoloured; everything else kept. */
export function darkLayout(layout: Partial<Layout>): Partial<Layout> {
  const out: Record<string, unknown> = {
    ...layout,
    paper_bgcolor: DARK_PAPER.background,
    plot_bgcolor: DARK_PAPER.background,
    font: { ...(layout.font ?? FIGURE_FONT), color: DARK_PAPER.foreground },
    legend: {
      ...(layout.legend ?? {}),
      bgcolor: 'rgba(24,24,27,0.8)',
      font: { color: DARK_PAPER.foreground },
    },
  };
  for (const [k, v] of Object.entries(layout)) {
    if (!/^[xy]axis\d*$/.test(k) || !v || typeof v !== 'object') continue;
    const a = v as Record<string, unknown>;
    const title = a.title && typeof a.title === 'object' ? (a.title as Record<string, unknown>) : null;
    out[k] = {
      ...a,
      color: DARK_PAPER.foreground,
      linecolor: DARK_PAPER.foreground,
      tickcolor: DARK_PAPER.foreground,
      gridcolor: DARK_PAPER.grid,
      ...(title ? { title: { ...title, font: { ...FIGURE_FONT, color: DARK_PAPER.foreground } } } : {}),
    };
  }
  if (layout.title && typeof layout.title === 'object')
    out.title = { ...layout.title, font: { ...FIGURE_FONT, size: 16, color: DARK_PAPER.foreground } };
  return out as Partial<Layout>;
}

/** A plain 2-D axis: ticks outside, a thin axis line, no zero line clutter. */
export function paperAxis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { text: title, font: FIGURE_FONT },
    showline: true,
    linecolor: '#333',
    linewidth: 1,
    ticks: 'outside',
    tickcolor: '#333',
    gridcolor: '#ececec',
    zeroline: false,
    automargin: true,
    ...extra,
  };
}

/**
 * Interactive config. Nothing may reach the network (the README promises no remote content): plotly 4's
 * "Edit in Chart Studio / Share" button (showSendToCloud, default on) and its upload URL are switched off, the
 * logo link is hidden (plotly 4 dropped showLink/showEditInChartStudio). Exporting goes through the app's dialog,
 * and "reset camera" returns to the app's own view (resetCameraLastSave3d), not plotly's oblique default.
 */
export const NO_NETWORK: Partial<Config> = {
  displaylogo: false,
  showSendToCloud: false,
  plotlyServerURL: '',
};

export const PLOT_CONFIG: Partial<Config> = {
  ...NO_NETWORK,
  showTips: false,
  responsive: true,
  modeBarButtonsToRemove: ['toImage', 'select2d', 'lasso2d', 'sendChartToCloud', 'resetCameraDefault3d'],
};

/** Round numbers for display: 3 significant digits, no exponent for everyday magnitudes. */
export function formatNumber(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return Number(v.toPrecision(digits)).toString();
  return v.toExponential(digits - 1);
}
