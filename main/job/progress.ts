// Progress of one map (response × QOI): elements done of total, a smoothed rate and the time left.
export type JobPhase =
  'queued' | 'reading' | 'fitting' | 'refitting' | 'convergence' | 'permutations' | 'bootstrap' | 'done';

export interface MapProgress {
  response: string;
  qoi: string;
  phase: JobPhase;
  done: number;
  total: number;
  /** Elements per second over the last seconds (0 when unknown). */
  rate: number;
  /** Seconds left in this phase (NaN when unknown). */
  etaSeconds: number;
}

/** Rate over a sliding window of a few seconds, so the ETA follows the current phase's speed. */
export class ProgressTracker {
  phase: JobPhase = 'queued';
  done = 0;
  total = 0;
  private samples: { t: number; done: number }[] = [];

  constructor(
    readonly response: string,
    readonly qoi: string,
    private readonly windowMs = 5000,
  ) {}

  start(phase: JobPhase, total: number): void {
    this.phase = phase;
    this.total = total;
    this.done = 0;
    this.samples = [{ t: Date.now(), done: 0 }];
  }

  add(delta: number): void {
    this.done = Math.min(this.total, this.done + delta);
    const t = Date.now();
    this.samples.push({ t, done: this.done });
    while (this.samples.length > 2 && t - this.samples[0].t > this.windowMs) this.samples.shift();
  }

  snapshot(): MapProgress {
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    const dt = a && b ? (b.t - a.t) / 1000 : 0;
    const rate = dt > 0.2 ? (b.done - a.done) / dt : 0;
    const eta = rate > 0 ? (this.total - this.done) / rate : this.done >= this.total ? 0 : NaN;
    return {
      response: this.response,
      qoi: this.qoi,
      phase: this.phase,
      done: this.done,
      total: this.total,
      rate,
      etaSeconds: eta,
    };
  }
}
