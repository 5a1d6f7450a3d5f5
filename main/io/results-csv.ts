// The CSV tables of a result folder: hotspots of every response × QOI, and the convergence steps of one response.
import Papa from 'papaparse';
import type { ConvergenceResult, ElementMap } from '../contract';
import type { FunName, ScoreType } from '../../workers/fit/types';

export const HOTSPOT_COLUMNS = ['response', 'qoi', 'element', 'score', 'x', 'y', 'z'] as const;
export const CONVERGENCE_COLUMNS = [
  'metric',
  'qoi',
  'fun',
  'n_zaps',
  'nrmsd',
  'geodesic_distance_mm',
  'hotspot_element',
  'hotspot_score',
  'mutual_coherence',
  'sv_ratio',
] as const;

/** Shortest round-trip decimal; NaN/±Inf spelled as pandas and numpy read them. */
export function csvNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return String(x);
}

function toCsv(columns: readonly string[], rows: (string | number)[][]): string {
  const data = rows.map((r) => r.map((v) => (typeof v === 'number' ? csvNumber(v) : v)));
  // Papa quotes only fields that need it (commas, quotes, newlines in response names).
  return `${Papa.unparse({ fields: [...columns], data }, { newline: '\n' })}\n`;
}

/** One row per response × QOI: the best element and its centroid (what goes to SimNIBS TMSoptimize next). */
export function hotspotsCsv(maps: readonly ElementMap[]): string {
  return toCsv(
    HOTSPOT_COLUMNS,
    maps.map((m) => [m.response, m.qoi, m.hotspot.element, m.hotspot.score, ...m.hotspot.centroid]),
  );
}

/** One row per QOI × zap count of one response; `metric` is the score type (R2, SR, …). */
export function convergenceCsv(runs: readonly ConvergenceResult[], fun: FunName, metric: ScoreType): string {
  const rows: (string | number)[][] = [];
  for (const run of runs) {
    for (const s of run.steps) {
      rows.push([
        metric,
        run.qoi,
        fun,
        s.nZaps,
        s.nrmsd,
        s.hotspotDistance,
        s.hotspot.element,
        s.hotspot.score,
        s.mutualCoherence,
        s.svRatio,
      ]);
    }
  }
  return toCsv(CONVERGENCE_COLUMNS, rows);
}
