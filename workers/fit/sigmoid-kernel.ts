// The WebAssembly SIMD kernel of the separable fit (kernel.wat): instantiated once per process, data copied in per fit.
import { KERNEL_WASM_BASE64 } from './kernel-bytes';
import type { StepSplit } from './step-scan';

/** Byte offset of the x values in the kernel's memory (the sums, constants and vector arguments live below it). */
const DATA_OFFSET = 1024;
/** Bytes of memory per (padded) point: x and y (8 each), the scratch of pass 1 (32) and x as float32 (4). */
const BYTES_PER_POINT = 52;

interface KernelExports {
  memory: WebAssembly.Memory;
  init(): void;
  accumulate(
    n: number,
    x0: number,
    r: number,
    ym: number,
    xo: number,
    yo: number,
    so: number,
    fresh: number,
    inside: number,
  ): void;
  accumulate32(n: number, x0: number, r: number, ym: number, xo32: number, yo: number, so: number): void;
  demote(n: number, xo: number, xo32: number): void;
  stepscan(
    n: number,
    lo: number,
    hi: number,
    free: number,
    xo: number,
    yo: number,
    so: number,
    known: number,
    mean: number,
    total: number,
    total2: number,
    ss: number,
  ): number;
}

/**
 * Two points per step in f64x2 lanes: 2–2.5× the JS loop's speed (npm run bench:kernel). Holds one data set
 * at a time: `setData` before the evaluations of a fit (fits run one after another in a worker).
 */
export class SigmoidKernel {
  private f64: Float64Array;
  private n = 0;
  private xo = 0;
  private yo = 0;
  private so = 0;
  private xo32 = 0;
  private owner: object | null = null;
  private ownerVersion = -1;
  private ownerYGeneration = NaN;
  /** (x0, r) whose s values pass 1 of the last accumulate left in the scratch (NaN once anything else wrote it). */
  private lastX0 = NaN;
  private lastR = NaN;
  /** The smallest and largest x held: every exponent −r·(x − x0) lies between theirs (NaN: unknown, never inside). */
  private xMin = NaN;
  private xMax = NaN;
  /**
   * false: every evaluation takes pass 1's masked loop, as before the unmasked one existed (the tests compare the two
   * bit for bit).
   */
  unmasked = true;
  /**
   * The ȳ whose yc = y − ȳ the scratch holds for the y held (NaN: none). A fit calls the kernel tens to thousands of
   * times with the same y and ȳ, so pass 1 computes yc once instead of at every evaluation.
   */
  private ycMean = NaN;
  /**
   * The step scan's sums of y (ȳ, Σ(y − c), Σ(y − c)², Σ(y − ȳ)²) for a fixed (index 0) or free (1) left level, as
   * the last scan of the y held computed them; null once y is copied in again. Every element of a job has the same y.
   */
  private readonly yScan: (Float64Array | null)[] = [null, null];

  constructor(private readonly ex: KernelExports) {
    ex.init();
    this.f64 = new Float64Array(ex.memory.buffer);
  }

  /** Whether the data last copied in are `owner`'s of that version (then no copy is needed). */
  holds(owner: object, version: number): boolean {
    return this.owner === owner && this.ownerVersion === version;
  }

  /**
   * Copies x and y (n points) in; an odd n is padded with one point at x[0] whose terms the kernel zeroes. False
   * when memory cannot grow that far (the caller then uses the JS loop).
   */
  setData(
    x: Float64Array,
    y: Float64Array,
    n: number,
    owner: object | null = null,
    version = -1,
    yGeneration = NaN,
  ): boolean {
    // Padded to a multiple of 4 (accumulate32 takes four points per step; accumulate two).
    const nPad = (n + 3) & ~3;
    const need = DATA_OFFSET + BYTES_PER_POINT * nPad;
    const mem = this.ex.memory;
    if (need > mem.buffer.byteLength) {
      try {
        mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
      } catch {
        return false;
      }
    }
    if (this.f64.buffer !== mem.buffer) this.f64 = new Float64Array(mem.buffer);
    // The same owner with the same generation of y (its word that y has not changed since): y stays where it is,
    // and so do the step scan's sums of it. NaN (unknown) never matches.
    const sameY =
      owner !== null && owner === this.owner && yGeneration === this.ownerYGeneration && n === this.n;
    this.n = n;
    this.xo = DATA_OFFSET;
    this.yo = DATA_OFFSET + 8 * nPad;
    this.so = DATA_OFFSET + 16 * nPad;
    this.xo32 = DATA_OFFSET + 48 * nPad;
    const f = this.f64;
    const xi = this.xo / 8;
    const yi = this.yo / 8;
    f.set(x.subarray(0, n), xi);
    // Math.min and Math.max return NaN for a NaN anywhere, and a NaN range never counts as inside. The padding points
    // (at x[0]) lie within the range.
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, x[i]);
      hi = Math.max(hi, x[i]);
    }
    this.xMin = lo;
    this.xMax = hi;
    // Padding points at x[0] with y = 0: finite, and the kernels zero or skip their terms.
    for (let i = n; i < nPad; i++) f[xi + i] = x[0];
    if (!sameY) {
      f.set(y.subarray(0, n), yi);
      for (let i = n; i < nPad; i++) f[yi + i] = 0;
      this.yScan[0] = null;
      this.yScan[1] = null;
      this.ycMean = NaN;
    }
    this.ex.demote(nPad, this.xo, this.xo32);
    this.owner = owner;
    this.ownerVersion = version;
    this.ownerYGeneration = yGeneration;
    this.lastX0 = NaN;
    this.lastR = NaN;
    return true;
  }

  /**
   * The twelve sums of accumulate (separable.ts) at (x0, r) into out[0..12). `approximate`: s, u and u·t in float32
   * (accumulate32, about twice as fast; relative error ~1e-7, for the approach phase of a fit), the sums in f64.
   */
  accumulate(x0: number, r: number, ym: number, out: Float64Array, approximate = false): void {
    if (approximate) {
      this.ex.accumulate32(this.n, x0, r, ym, this.xo32, this.yo, this.so);
      this.lastX0 = NaN;
      this.lastR = NaN;
      this.ycMean = NaN;
    } else {
      // ym === this.ycMean is false for NaN: a NaN mean never counts as known.
      // Inside: every point's exponent above −300 (pass 1 masks the points at or below it). The kernel computes it as
      // (−r)·(x − x0), whose roundings keep the order of x, so it is lowest at the smallest or the largest x; false for
      // NaN anywhere.
      const nr = -r;
      const inside = this.unmasked && nr * (this.xMin - x0) > -300 && nr * (this.xMax - x0) > -300;
      this.ex.accumulate(
        this.n,
        x0,
        r,
        ym,
        this.xo,
        this.yo,
        this.so,
        ym === this.ycMean ? 0 : 1,
        inside ? 1 : 0,
      );
      this.lastX0 = x0;
      this.lastR = r;
      this.ycMean = ym;
    }
    const f = this.f64;
    for (let k = 0; k < 12; k++) out[k] = f[k];
  }

  /**
   * Model values y0 + d·s and residuals (model − y) at (x0, r) into fit and res, and ½ Σ res², from the s values the
   * last accumulate left in the scratch: no exponential at all. Null unless that accumulate was at exactly (x0, r)
   * (a fit that ends on an accepted step: nearly all of them), so the caller computes them itself.
   */
  fitted(
    x0: number,
    r: number,
    y0: number,
    d: number,
    y: Float64Array,
    fit: Float64Array,
    res: Float64Array,
  ): number | null {
    if (x0 !== this.lastX0 || r !== this.lastR) return null;
    const f = this.f64;
    const n = this.n;
    // Pass 1 wrote 64 bytes (8 doubles) per pair of points: s of the two points first.
    const base = this.so / 8;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const v = y0 + d * f[base + 8 * (i >> 1) + (i & 1)];
      fit[i] = v;
      const e = v - y[i];
      res[i] = e;
      c += e * e;
    }
    return 0.5 * c;
  }

  /**
   * The step start's threshold scan (StepScanner.scan, the same split to the bit) of the data held; lo and hi are
   * the exact minimum and maximum of x.
   */
  stepScan(lo: number, hi: number, freeLeft: boolean): StepSplit {
    const free = freeLeft ? 1 : 0;
    const known = this.yScan[free];
    const k = this.ex.stepscan(
      this.n,
      lo,
      hi,
      free,
      this.xo,
      this.yo,
      this.so,
      known ? 1 : 0,
      known ? known[0] : 0,
      known ? known[1] : 0,
      known ? known[2] : 0,
      known ? known[3] : 0,
    );
    // The scan sorts in the scratch: the s and yc values of the last accumulate are gone.
    this.lastX0 = NaN;
    this.ycMean = NaN;
    if (k === 0) return { threshold: NaN, r2: NaN };
    const f = this.f64;
    if (!known) this.yScan[free] = Float64Array.of(f[2], f[3], f[4], f[1]);
    const xs = this.so / 8;
    const best = f[0];
    const ss = f[1];
    return { threshold: 0.5 * (f[xs + k - 1] + f[xs + k]), r2: ss > 0 ? 1 - Math.max(0, best) / ss : NaN };
  }
}

let shared: SigmoidKernel | null | undefined;

/** The process's kernel instance, or null where WebAssembly SIMD is not available (the JS loop runs instead). */
export function sigmoidKernel(): SigmoidKernel | null {
  if (shared !== undefined) return shared;
  try {
    const bin = atob(KERNEL_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    // Under 4 KB: synchronous compilation is allowed everywhere, also on a browser's main thread.
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    shared = new SigmoidKernel(inst.exports as unknown as KernelExports);
  } catch {
    shared = null;
  }
  return shared;
}
