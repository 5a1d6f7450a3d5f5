// E-matrix quality of a zap selection: mutual coherence of the normalised columns and the ratio of extreme singular values.
import { gramRows } from './gram';
import { symmetricEigenvalues } from './symmetric-eigen';

/** Columns sampled from the ROI (seeded): the figures are computed on this subset, see matrixQuality. */
export const QUALITY_COLUMNS = 1000;

export interface MatrixQuality {
  mutualCoherence: number;
  svRatio: number;
}

/**
 * Quality of the first `nRows` zaps of `m` element columns (element-major, stride `stride`):
 * - mutual coherence = max over column pairs of |⟨cᵢ, cⱼ⟩| / (‖cᵢ‖ ‖cⱼ‖);
 * - svRatio = σ_max / σ_min of the column-normalised matrix (Infinity when it is rank deficient).
 * Both come from one Gram matrix: the smaller of ÊᵀÊ (m × m, whose off-diagonal holds the coherences) and
 * ÊÊᵀ (n × n); they share their non-zero eigenvalues σ². The full ROI has up to 10⁵ columns, so callers pass
 * a seeded random subset of at most QUALITY_COLUMNS columns: the coherence is then a lower bound of the
 * whole matrix's (neighbouring elements are nearly collinear in any case) and the ratio that of the subset.
 */
export function matrixQuality(cols: Float32Array, m: number, stride: number, nRows: number): MatrixQuality {
  const n = nRows;
  const norm = new Float64Array(m);
  const x = new Float64Array(m * n);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += cols[j * stride + k] * cols[j * stride + k];
    norm[j] = Math.sqrt(s);
    const inv = norm[j] > 0 ? 1 / norm[j] : 0;
    for (let k = 0; k < n; k++) x[j * n + k] = cols[j * stride + k] * inv;
  }
  // Coherences from the column Gram (m × m); the eigenvalues from the smaller of it and the zap Gram (n × n).
  const gc = gramRows(x, m, n);
  let coherence = 0;
  for (let a = 0; a < m; a++) {
    if (!(norm[a] > 0)) continue;
    for (let b = a + 1; b < m; b++) if (norm[b] > 0) coherence = Math.max(coherence, Math.abs(gc[a * m + b]));
  }
  const useCols = m <= n;
  const size = useCols ? m : n;
  let g = gc;
  if (!useCols) {
    const xt = new Float64Array(n * m);
    for (let j = 0; j < m; j++) for (let k = 0; k < n; k++) xt[k * m + j] = x[j * n + k];
    g = gramRows(xt, n, m);
  }
  const ev = symmetricEigenvalues(g, size);
  const max = ev[size - 1];
  const min = ev[0];
  // Eigenvalues below rounding level of the largest mean a rank-deficient matrix.
  const svRatio = min > max * 1e-14 ? Math.sqrt(max / min) : Infinity;
  return { mutualCoherence: Math.min(1, coherence), svRatio };
}

/** Ascending seeded sample of at most `k` of the elements [start, end). */
export function sampleColumns(start: number, end: number, k: number, rng: () => number): Uint32Array {
  const n = end - start;
  if (n <= k) return Uint32Array.from({ length: n }, (_, i) => start + i);
  // Floyd's algorithm: k distinct draws without building the whole permutation.
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = Math.floor(rng() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return Uint32Array.from([...chosen].map((i) => start + i)).sort();
}
