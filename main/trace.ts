// Phase timestamps on stderr when TMS_MAPPER_TRACE is set: where the time of a job goes, without a profiler.
const enabled = typeof process !== 'undefined' && !!process.env?.TMS_MAPPER_TRACE;

/**
 * Prints `[trace  1234 ms, cpu  987 ms] label` (wall and this process's CPU time since it started) when tracing is
 * on: CPU time tells this process's own cost apart from waiting on workers or on a loaded machine.
 */
export function trace(label: string): void {
  if (!enabled) return;
  const c = process.cpuUsage();
  const cpu = ((c.user + c.system) / 1000).toFixed(0).padStart(5);
  process.stderr.write(`[trace ${performance.now().toFixed(0).padStart(6)} ms, cpu ${cpu} ms] ${label}\n`);
}
