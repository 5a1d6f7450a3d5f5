// Per-point buffers of an LM loop: model values, residuals and intermediates at the current and the trial point.
//
// Both full-parameter solvers (lm.ts, minpack.ts) evaluate a trial point into the trial buffers and, when the step is
// accepted, swap them with the current ones instead of copying n values.

export class PointBuffers {
  /** Model values, residuals (model − data) and the model's intermediates (2n, see ModelValue) per point. */
  fCur = new Float64Array(0);
  fTry = new Float64Array(0);
  rCur = new Float64Array(0);
  rTry = new Float64Array(0);
  auxCur = new Float64Array(0);
  auxTry = new Float64Array(0);
  private cap = 0;

  /** Grows the buffers to n points (never shrinks, so steady state allocates nothing). */
  ensure(n: number): void {
    if (n <= this.cap) return;
    this.fCur = new Float64Array(n);
    this.fTry = new Float64Array(n);
    this.rCur = new Float64Array(n);
    this.rTry = new Float64Array(n);
    this.auxCur = new Float64Array(2 * n);
    this.auxTry = new Float64Array(2 * n);
    this.cap = n;
  }

  /** The trial point becomes the current one (and the old current buffers the next trial's). */
  swap(): void {
    let t = this.fCur;
    this.fCur = this.fTry;
    this.fTry = t;
    t = this.rCur;
    this.rCur = this.rTry;
    this.rTry = t;
    t = this.auxCur;
    this.auxCur = this.auxTry;
    this.auxTry = t;
  }
}

/** Σ (f − y)² over n points, writing r = f − y. */
export function residualSquares(f: Float64Array, y: Float64Array, n: number, r: Float64Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = f[i] - y[i];
    r[i] = d;
    s += d * d;
  }
  return s;
}
