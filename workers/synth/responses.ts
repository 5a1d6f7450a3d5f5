// MEP amplitudes from a ground-truth element: sigmoidal recruitment with excitability, output and background noise.
import type { SynthRng } from './rng';

/** sigmoid4 parameters, named and ordered as the fit engine's sigmoid4 (x0, r, amp, y0). Amplitudes in mV. */
export interface SigmoidParams {
  x0: number;
  r: number;
  amp: number;
  y0: number;
}

/** Trial-to-trial variability (Goetz et al. 2014/2019 style). */
export interface MepNoise {
  /** SD of εx, the relative excitability jitter of the field (x · (1 + εx)). */
  excitabilitySd: number;
  /** SD of εy in log10 units (multiplicative log-normal output noise). */
  log10Sd: number;
  /** Additive background (EMG noise floor, mV), uniform in this range per zap. */
  floorRange: [number, number];
}

export const MEP_NOISE_DEFAULTS: MepNoise = { excitabilitySd: 0.1, log10Sd: 0.15, floorRange: [0.005, 0.02] };

export function sigmoid4(x: number, p: SigmoidParams): number {
  return p.y0 + (p.amp - p.y0) / (1 + Math.exp(-p.r * (x - p.x0)));
}

/** MEP = [y0 + (amp − y0) / (1 + exp(−r (x (1 + εx) − x0)))] · 10^εy + floor, one per zap. */
export function simulateMeps(
  x: ArrayLike<number>,
  p: SigmoidParams,
  noise: MepNoise,
  rng: SynthRng,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const ex = noise.excitabilitySd * rng.normal();
    const ey = noise.log10Sd * rng.normal();
    const floor = noise.floorRange[0] + (noise.floorRange[1] - noise.floorRange[0]) * rng.uniform();
    out[k] = sigmoid4(x[k] * (1 + ex), p) * 10 ** ey + floor;
  }
  return out;
}

/** The q-quantile (linear interpolation) of the values. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return NaN;
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/**
 * Sigmoid parameters whose threshold sits inside the sampled field range: x0 = the `x0Quantile` of
 * the element's field over the zaps (so both the foot and the plateau are sampled), and r such that
 * the curve rises from 10 % to 90 % over `width` · x0 (r = 2 ln 9 / (width · x0)).
 */
export function recruitmentFor(
  x: ArrayLike<number>,
  x0Quantile: number,
  width: number,
  amp: number,
  y0: number,
): SigmoidParams {
  const x0 = quantile(x, x0Quantile);
  if (!(x0 > 0))
    throw new RangeError(`the ground-truth field has no positive ${x0Quantile} quantile (${x0})`);
  return { x0, r: (2 * Math.log(9)) / (width * x0), amp, y0 };
}
