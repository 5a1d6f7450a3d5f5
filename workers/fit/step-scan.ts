// The best single threshold of x for y (a two-level step fitted exactly over every split): a start for flat elements.
//
// Elements without a clear relation have many local minima, most of them steep sigmoids at some threshold. The
// reference's one data-driven start lands in whichever basin it reaches first; scanning every split of the sorted
// data finds the step that explains most variance, and a fit started there reaches a better minimum than the
// reference's for about one element in eight on the benchmark map (and a worse one for none; see the engine section
// of the README).

export interface StepSplit {
  /** Midpoint between the two x values the split falls between. */
  threshold: number;
  /** R² of the step function (left mean, right mean) on y; NaN when x takes fewer than two values. */
  r2: number;
}

/** Owns the sort buffers; `scan` allocates nothing once they are large enough. */
export class StepScanner {
  private order = new Uint32Array(0);
  private xs = new Float64Array(0);
  private counts = new Uint32Array(0);
  private bucket = new Uint32Array(0);

  /**
   * Best split of (x, y)[0..n). `freeLeft` false fixes the left level at 0 (the 2-parameter sigmoid has no offset).
   */
  scan(x: Float64Array, y: Float64Array, n: number, freeLeft = true): StepSplit {
    if (this.order.length < n) {
      this.order = new Uint32Array(n);
      this.xs = new Float64Array(n);
      this.counts = new Uint32Array(n + 1);
      this.bucket = new Uint32Array(n);
    }
    argsortByBuckets(x, n, this.order, this.xs, this.counts, this.bucket);
    const { order, xs } = this;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i];
    mean /= n;
    // Sums of y − c: centred (c = ȳ) so they do not cancel, or raw (c = 0) when the left level is fixed at 0.
    const c = freeLeft ? mean : 0;
    let total = 0;
    let total2 = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = y[i] - c;
      total += v;
      total2 += v * v;
      ss += (y[i] - mean) * (y[i] - mean);
    }
    let left = 0;
    let best = Infinity;
    let bestK = 0;
    for (let k = 1; k < n; k++) {
      left += y[order[k - 1]] - c;
      if (xs[k] === xs[k - 1]) continue;
      const right = total - left;
      // Residual sum of squares of the best step with this split (the left level fixed at 0 without an offset).
      const sse = freeLeft
        ? total2 - (left * left) / k - (right * right) / (n - k)
        : total2 - (right * right) / (n - k);
      if (sse < best) {
        best = sse;
        bestK = k;
      }
    }
    if (bestK === 0) return { threshold: NaN, r2: NaN };
    return {
      threshold: 0.5 * (xs[bestK - 1] + xs[bestK]),
      r2: ss > 0 ? 1 - Math.max(0, best) / ss : NaN,
    };
  }
}

/**
 * x[0..n) sorted into `xs` with the original indices in `order`: a counting sort into n equal-width buckets, then
 * insertion sort of the nearly sorted result. O(n) for E values (spread over their range), exact for any input
 * (O(n²) only when nearly all values share one bucket), and several times faster than a comparator sort in V8.
 */
export function argsortByBuckets(
  x: Float64Array,
  n: number,
  order: Uint32Array,
  xs: Float64Array,
  counts: Uint32Array,
  bucket: Uint32Array,
): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  const scale = hi > lo ? (n - 1) / (hi - lo) : 0;
  counts.fill(0, 0, n + 1);
  for (let i = 0; i < n; i++) {
    const b = ((x[i] - lo) * scale) | 0;
    bucket[i] = b;
    counts[b + 1]++;
  }
  for (let b = 0; b < n; b++) counts[b + 1] += counts[b];
  for (let i = 0; i < n; i++) {
    const pos = counts[bucket[i]]++;
    order[pos] = i;
    xs[pos] = x[i];
  }
  for (let i = 1; i < n; i++) {
    const v = xs[i];
    if (!(xs[i - 1] > v)) continue;
    const o = order[i];
    let j = i - 1;
    while (j >= 0 && xs[j] > v) {
      xs[j + 1] = xs[j];
      order[j + 1] = order[j];
      j--;
    }
    xs[j + 1] = v;
    order[j + 1] = o;
  }
}
