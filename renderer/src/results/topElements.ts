// Pure ranking of the best-scoring elements of a map, and the hotspot table as CSV.
import Papa from 'papaparse';
import { compareScores, type Better } from './scoreDirection';

export interface TopElementRow {
  rank: number;
  element: number;
  score: number;
  status: string;
  x: number;
  y: number;
  z: number;
  /** Fitted parameters by name. */
  params: Record<string, number>;
}

export interface TopElementsInput {
  scores: ArrayLike<number>;
  /** Element-major parameters (nElements × paramNames.length). */
  params: ArrayLike<number>;
  paramNames: string[];
  status: ArrayLike<number>;
  statusNames: Record<number, string>;
  /** Flat (n × 3) centroids. */
  centroids: ArrayLike<number>;
  /** Which way the score is better (default higher; AIC/BIC: lower). */
  better?: Better;
}

/** The `count` best finite scores, best first in the map's direction (ties: lower element index first). */
export function topElements(input: TopElementsInput, count: number): TopElementRow[] {
  const idx: number[] = [];
  for (let t = 0; t < input.scores.length; t++) if (Number.isFinite(input.scores[t])) idx.push(t);
  const better = input.better ?? 'higher';
  idx.sort((a, b) => compareScores(input.scores[a], input.scores[b], better) || a - b);
  const nP = input.paramNames.length;
  return idx.slice(0, Math.max(0, count)).map((t, r) => {
    const params: Record<string, number> = {};
    input.paramNames.forEach((name, p) => (params[name] = input.params[t * nP + p]));
    return {
      rank: r + 1,
      element: t,
      score: input.scores[t],
      status: input.statusNames[input.status[t]] ?? String(input.status[t]),
      x: input.centroids[3 * t],
      y: input.centroids[3 * t + 1],
      z: input.centroids[3 * t + 2],
      params,
    };
  });
}

/** CSV of the table (one row per element; centroid in mm, parameters by name), full precision. */
export function topElementsCsv(
  rows: TopElementRow[],
  meta: { response: string; qoi: string; scoreName: string; paramNames: string[] },
): string {
  const fields = [
    'rank',
    'element',
    'response',
    'qoi',
    meta.scoreName,
    'x_mm',
    'y_mm',
    'z_mm',
    'status',
    ...meta.paramNames,
  ];
  const data = rows.map((r) => [
    r.rank,
    r.element,
    meta.response,
    meta.qoi,
    r.score,
    r.x,
    r.y,
    r.z,
    r.status,
    ...meta.paramNames.map((p) => r.params[p]),
  ]);
  return Papa.unparse({ fields, data }, { newline: '\n' }) + '\n';
}
