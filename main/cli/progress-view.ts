// Progress on stderr: one cli-progress bar per map on a TTY, plain throttled lines otherwise (logs, SLURM).
import cliProgress from 'cli-progress';
import type { MapProgress } from '../job/progress';

export interface ProgressView {
  update(p: MapProgress): void;
  stop(): void;
}

const fmtEta = (s: number): string =>
  Number.isFinite(s) ? (s >= 90 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`) : '?';

export function createProgressView(stream: NodeJS.WriteStream = process.stderr, quiet = false): ProgressView {
  if (quiet) return { update: () => undefined, stop: () => undefined };
  if (stream.isTTY) return new BarView(stream);
  return new LineView(stream);
}

class BarView implements ProgressView {
  private readonly multi: cliProgress.MultiBar;
  private readonly bars = new Map<string, cliProgress.SingleBar>();

  constructor(stream: NodeJS.WriteStream) {
    this.multi = new cliProgress.MultiBar(
      {
        stream,
        hideCursor: true,
        clearOnComplete: false,
        format: ' {map} {phase} |{bar}| {value}/{total} elements · {rate}/s · ETA {eta_h}',
        barsize: 24,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  update(p: MapProgress): void {
    const key = `${p.response}/${p.qoi}`;
    const payload = {
      map: key.padEnd(16),
      phase: p.phase.padEnd(11),
      rate: Math.round(p.rate),
      eta_h: fmtEta(p.etaSeconds),
    };
    let bar = this.bars.get(key);
    if (!bar) {
      bar = this.multi.create(Math.max(1, p.total), p.done, payload);
      this.bars.set(key, bar);
    }
    if (p.phase === 'done') {
      bar.setTotal(Math.max(1, bar.getTotal()));
      bar.update(bar.getTotal(), payload);
      return;
    }
    bar.setTotal(Math.max(1, p.total));
    bar.update(p.done, payload);
  }

  stop(): void {
    this.multi.stop();
  }
}

class LineView implements ProgressView {
  private last = new Map<string, { t: number; phase: string }>();
  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(p: MapProgress): void {
    const key = `${p.response}/${p.qoi}`;
    const now = Date.now();
    const prev = this.last.get(key);
    if (prev && prev.phase === p.phase && now - prev.t < 5000) return;
    this.last.set(key, { t: now, phase: p.phase });
    if (p.phase === 'done') {
      this.stream.write(`${key} done\n`);
      return;
    }
    const pct = p.total > 0 ? ((100 * p.done) / p.total).toFixed(0) : '100';
    this.stream.write(
      `${key} ${p.phase} ${p.done}/${p.total} (${pct} %) ${Math.round(p.rate)} el/s ETA ${fmtEta(p.etaSeconds)}\n`,
    );
  }

  stop(): void {}
}
