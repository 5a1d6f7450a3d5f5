// Summary statistics and the markdown table of the validation study (localisation error per zap count).

/** One localisation: a muscle of a seeded dataset mapped with the first `nZaps` zaps. */
export interface ValidationRun {
  seed: number;
  muscle: string;
  nZaps: number;
  euclidean: number;
  geodesic: number;
  /** Score at the ground-truth element divided by the best score of the map. */
  truthScoreRatio: number;
  /** NRMSD of the map to the previous zap count's map (NaN for the first). */
  nrmsd: number;
}

export interface ValidationRow {
  nZaps: number;
  runs: number;
  medianEuclidean: number;
  p90Euclidean: number;
  medianGeodesic: number;
  p90Geodesic: number;
  within2mm: number;
  within5mm: number;
  medianTruthScoreRatio: number;
  medianNrmsd: number;
}

/** The q-quantile with linear interpolation; NaNs are ignored (NaN when none is left). */
export function quantileOf(values: number[], q: number): number {
  const s = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export function summarise(runs: ValidationRun[]): ValidationRow[] {
  const counts = [...new Set(runs.map((r) => r.nZaps))].sort((a, b) => a - b);
  return counts.map((nZaps) => {
    const rs = runs.filter((r) => r.nZaps === nZaps);
    const geo = rs.map((r) => r.geodesic);
    return {
      nZaps,
      runs: rs.length,
      medianEuclidean: quantileOf(
        rs.map((r) => r.euclidean),
        0.5,
      ),
      p90Euclidean: quantileOf(
        rs.map((r) => r.euclidean),
        0.9,
      ),
      medianGeodesic: quantileOf(geo, 0.5),
      p90Geodesic: quantileOf(geo, 0.9),
      within2mm: geo.filter((d) => d <= 2).length / rs.length,
      within5mm: geo.filter((d) => d <= 5).length / rs.length,
      medianTruthScoreRatio: quantileOf(
        rs.map((r) => r.truthScoreRatio),
        0.5,
      ),
      medianNrmsd: quantileOf(
        rs.map((r) => r.nrmsd),
        0.5,
      ),
    };
  });
}

const f = (v: number, d = 2): string => (Number.isFinite(v) ? v.toFixed(d) : '–');
const pct = (v: number): string => `${Math.round(100 * v)} %`;

export function markdownTable(rows: ValidationRow[]): string {
  const head = [
    '| zaps | runs | median error (mm, Euclidean) | p90 (Euclidean) | median error (mm, geodesic) | p90 (geodesic) | ≤ 2 mm | ≤ 5 mm | median R²(truth)/R²(best) | median NRMSD to previous |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const body = rows.map(
    (r) =>
      `| ${r.nZaps} | ${r.runs} | ${f(r.medianEuclidean)} | ${f(r.p90Euclidean)} | ${f(r.medianGeodesic)} | ${f(r.p90Geodesic)} | ${pct(r.within2mm)} | ${pct(r.within5mm)} | ${f(r.medianTruthScoreRatio, 3)} | ${f(r.medianNrmsd, 3)} |`,
  );
  return [...head, ...body].join('\n');
}
