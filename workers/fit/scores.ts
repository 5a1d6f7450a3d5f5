// Goodness-of-fit scores as the reference defines them (R2, R2_old, SR, rho) plus lmfit's AIC and BIC.
import type { ScoreType } from './types';

/** Mean and Σ(v − mean)² of v[0..n), summed in point order (what `variance` divides by n). */
export function centredMoments(v: ArrayLike<number>, n = v.length): { mean: number; ss: number } {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += v[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (v[i] - mean) * (v[i] - mean);
  return { mean, ss };
}

/** Population variance (numpy's default ddof = 0) of v[0..n). */
export function variance(v: ArrayLike<number>, n = v.length): number {
  return centredMoments(v, n).ss / n;
}

/** Ranks 1..n with ties given their average rank (scipy.stats.rankdata 'average'), into `out`. */
export function averageRanks(v: ArrayLike<number>, n: number, out: Float64Array, order: Int32Array): void {
  for (let i = 0; i < n; i++) order[i] = i;
  const idx = order.subarray(0, n).sort((a, b) => v[a] - v[b]);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && v[idx[j + 1]] === v[idx[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let q = i; q <= j; q++) out[idx[q]] = rank;
    i = j + 1;
  }
}

/** Pearson correlation of a[0..n) and b[0..n); NaN when either is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Spearman's rho of x and y (Pearson correlation of average ranks, as scipy.stats.spearmanr). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>, n = x.length): number {
  const rx = new Float64Array(n);
  const ry = new Float64Array(n);
  const order = new Int32Array(n);
  averageRanks(x, n, rx, order);
  averageRanks(y, n, ry, order);
  return pearson(rx, ry, n);
}

/**
 * The score of a fit; y and yhat are in the fitted domain (log10 for *_log), nParams counts the optimised
 * parameters (lmfit's nvarys):
 * - R2 = 1 − Σ(y − ŷ)² / (n · var(y)); R2_old = 1 − var(y − ŷ) / var(y); SR = 1 − ‖y − ŷ‖₂ / ‖y‖₂
 *   (for *_log fits the reference divides SR by ‖y‖ of the untransformed data, mixing domains; here every score
 *   uses the fitted domain, so SR of a log fit differs from the reference's; R2 and R2_old agree)
 * - rho = Spearman correlation of x and y (no fit needed)
 * - AIC = n · ln(χ²/n) + 2k, BIC = n · ln(χ²/n) + ln(n) · k with χ² = Σ(y − ŷ)² floored at 1e-250, as lmfit.
 * `varY`, when given, is `variance(y, n)` as the caller already computed it (a fitter scores several fits of one y).
 */
export function computeScore(
  type: ScoreType,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  yhat: ArrayLike<number>,
  nParams: number,
  n = y.length,
  varY?: number,
): number {
  if (type === 'rho') return spearman(x, y, n);
  let ss = 0;
  let mr = 0;
  for (let i = 0; i < n; i++) {
    const d = y[i] - yhat[i];
    ss += d * d;
    mr += d;
  }
  switch (type) {
    case 'R2':
      return 1 - ss / (n * (varY ?? variance(y, n)));
    case 'R2_old': {
      mr /= n;
      return 1 - (ss / n - mr * mr) / (varY ?? variance(y, n));
    }
    case 'SR': {
      let yy = 0;
      for (let i = 0; i < n; i++) yy += y[i] * y[i];
      return 1 - Math.sqrt(ss) / Math.sqrt(yy);
    }
    case 'AIC':
      return n * Math.log(Math.max(ss, 1e-250) / n) + 2 * nParams;
    case 'BIC':
      return n * Math.log(Math.max(ss, 1e-250) / n) + Math.log(n) * nParams;
  }
}

/** True when score a is better than b for this score type (AIC/BIC: lower; others: higher; NaN never wins). */
export function isBetterScore(type: ScoreType, a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return type === 'AIC' || type === 'BIC' ? a < b : a > b;
}
