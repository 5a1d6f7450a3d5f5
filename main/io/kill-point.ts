// Test hook for crash safety: TMS_MAPPER_KILL_AT=k makes the process SIGKILL itself at the k-th commit step of a write.
let reached = 0;

/**
 * Marks one step of a durable write (`what` names it in the trace). With TMS_MAPPER_KILL_AT=k in the
 * environment, the k-th step kills the process on the spot (kill -9: no handler, no cleanup), so tests
 * can prove that every step leaves a folder the next run or read completes. Without it, a counter only.
 */
export function killPoint(what: string): void {
  reached++;
  const at = Number(process.env.TMS_MAPPER_KILL_AT);
  if (at > 0 && reached === at) {
    process.stderr.write(`kill point ${reached}: ${what}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}
