// Pure helpers of the significance validation: binomial intervals, seed lists, where the ground truth falls among the resampled hotspots.

/** Wilson score interval of a binomial share k/n (95 % by default); [NaN, NaN] for n = 0. */
export function wilson(k: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [NaN, NaN];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

/** "1-3,7" → [1, 2, 3, 7]; an empty string gives none. */
export function parseList(s: string): number[] {
  const out: number[] = [];
  for (const part of s.split(',').map((p) => p.trim())) {
    if (!part) continue;
    const m = /^(\d+)-(\d+)$/.exec(part);
    if (m) for (let i = Number(m[1]); i <= Number(m[2]); i++) out.push(i);
    else if (/^\d+$/.test(part)) out.push(Number(part));
    else throw new Error(`not a number or range: ${part}`);
  }
  return out;
}

/**
 * Share of resamples whose hotspot lies strictly closer to the observed hotspot than `d` (the ground truth's
 * distance from it): the smallest bootstrap quantile of distances whose radius would still cover the truth is
 * just above this share. Infinite distances (resamples without a hotspot) count as farther than anything.
 */
export function shareCloser(distances: ArrayLike<number>, d: number): number {
  let k = 0;
  for (let i = 0; i < distances.length; i++) if (distances[i] < d - 1e-9) k++;
  return distances.length ? k / distances.length : NaN;
}

/** Mean and sample standard deviation of the finite values. */
export function meanSd(values: ArrayLike<number>): { mean: number; sd: number } {
  let n = 0,
    s = 0,
    s2 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    n++;
    s += v;
    s2 += v * v;
  }
  const mean = n ? s / n : NaN;
  return { mean, sd: n > 1 ? Math.sqrt(Math.max(0, (s2 - n * mean * mean) / (n - 1))) : NaN };
}
