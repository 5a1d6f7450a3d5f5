// Phase timestamps on stderr when TMS_MAPPER_TRACE is set: where the time of a job goes, without a profiler.
const enabled = typeof process !== 'undefined' && !!process.env?.TMS_MAPPER_TRACE;

/** Prints `[trace  1234 ms] label` (milliseconds since the process started) when tracing is on. */
export function trace(label: string): void {
  if (enabled) process.stderr.write(`[trace ${performance.now().toFixed(0).padStart(6)} ms] ${label}\n`);
}
