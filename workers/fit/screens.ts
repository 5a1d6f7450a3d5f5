// Pre-fit screens of the reference: the bad-element screen (negative linear slope) and signed-data selection.
import { FIT_DEFAULTS } from './defaults';
import { studentTTwoSided } from './student-t';

/** Ordinary least-squares line y ≈ slope · x + intercept with scipy.stats.linregress's statistics. */
export interface LineFit {
  slope: number;
  intercept: number;
  /** Pearson r. */
  r: number;
  /** Two-sided p-value of the slope (t-test with n − 2 degrees of freedom). */
  pValue: number;
  /** 1 − var(residual)/var(y) (the reference's r2_lin). */
  r2: number;
  n: number;
}

/** Fits a line to the points where `keep(i)` holds (all points when omitted). */
export function lineFit(x: ArrayLike<number>, y: ArrayLike<number>, keep?: (i: number) => boolean): LineFit {
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++) {
    if (keep && !keep(i)) continue;
    n++;
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    if (keep && !keep(i)) continue;
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let r = sxy / Math.sqrt(sxx * syy);
  r = Math.max(-1, Math.min(1, r));
  const df = n - 2;
  // As scipy: a tiny offset keeps t finite for a perfect line.
  const t = r * Math.sqrt(df / ((1 - r + 1e-20) * (1 + r + 1e-20)));
  const pValue = df > 0 ? studentTTwoSided(t, df) : NaN;
  // OLS with intercept: the residual has mean 0, so var(residual)/var(y) = (Syy − Sxy²/Sxx)/Syy = 1 − r².
  const r2 = 1 - (syy - (sxy * sxy) / sxx) / syy;
  return { slope, intercept, r, pValue, r2, n };
}

/** Means and centred sums of the first `n` points, the moments of a least-squares line with intercept. */
export function lineMoments(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number = x.length,
): { mx: number; my: number; sxx: number; sxy: number } {
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    sxx += dx * dx;
    sxy += dx * (y[i] - my);
  }
  return { mx, my, sxx, sxy };
}

/** Slope of the closed-form least-squares line (NaN when x is constant). */
export function linearSlope(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const { sxx, sxy } = lineMoments(x, y);
  return sxx > 0 ? sxy / sxx : NaN;
}

/** The reference's get_bad_elms: an element whose linear fit has a negative slope is not fitted. */
export function isBadElement(x: ArrayLike<number>, y: ArrayLike<number>): boolean {
  return linearSlope(x, y) < 0;
}

export interface SignedSelection {
  /** The selected x, as |x| when the negative part was chosen (a rising curve in |x|). */
  x: Float64Array;
  y: Float64Array;
  /** 1 for each original point that was kept. */
  mask: Uint8Array;
  /** +1: positive part (or all x > 0); −1: negative part (or all x < 0), x given as |x|. */
  sign: 1 | -1;
  /** The deciding line fit (undefined when x had one sign only and no selection ran). */
  line?: LineFit;
}

function pick(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  mask: Uint8Array,
  sign: 1 | -1,
  line?: LineFit,
): SignedSelection {
  let m = 0;
  for (let i = 0; i < mask.length; i++) m += mask[i];
  const xs = new Float64Array(m);
  const ys = new Float64Array(m);
  for (let i = 0, q = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    xs[q] = sign < 0 ? Math.abs(x[i]) : x[i];
    ys[q++] = y[i];
  }
  return { x: xs, y: ys, mask, sign, line };
}

/**
 * Whether a zap with field x belongs to the part fitted for `sign` (x > 0 for +, x ≤ 0 for −): the split of
 * selectSignedData, shared with the IO-curve query so that it marks exactly the zaps the fit left out.
 */
export function onFittedSide(x: number, sign: 1 | -1): boolean {
  return x > 0 === sign > 0;
}

/**
 * The reference's select_signed_data (for E_norm): when x has both signs, fit lines to the positive part (x > 0)
 * and the rest (x ≤ 0), each only with more than 20 points; a part qualifies when y rises with |x| (slope > 0 on the
 * positive side, < 0 on the negative side) with p < 0.001. One qualifying part is kept; of two, the one with the
 * higher linear R². Returns null when none qualifies (the element is skipped). x of one sign passes unchanged
 * (negative x as |x|).
 */
export function selectSignedData(x: ArrayLike<number>, y: ArrayLike<number>): SignedSelection | null {
  const n = x.length;
  let nPos = 0;
  let nNeg = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] > 0) nPos++;
    if (x[i] < 0) nNeg++;
  }
  const all = new Uint8Array(n).fill(1);
  if (nPos === n) return pick(x, y, all, 1);
  if (nNeg === n) return pick(x, y, all, -1);
  const { signedMinPoints: minPts, signedMaxP: maxP } = FIT_DEFAULTS;
  const pos = nPos > minPts ? lineFit(x, y, (i) => x[i] > 0) : null;
  const neg = n - nPos > minPts ? lineFit(x, y, (i) => !(x[i] > 0)) : null;
  const posOk = pos !== null && pos.slope > 0 && pos.pValue < maxP;
  const negOk = neg !== null && neg.slope < 0 && neg.pValue < maxP;
  let usePos: boolean;
  if (posOk && negOk) usePos = pos.r2 > neg.r2;
  else if (posOk) usePos = true;
  else if (negOk) usePos = false;
  else return null;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = onFittedSide(x[i], usePos ? 1 : -1) ? 1 : 0;
  return usePos ? pick(x, y, mask, 1, pos ?? undefined) : pick(x, y, mask, -1, neg ?? undefined);
}
