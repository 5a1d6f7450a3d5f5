// CPU seconds of all processes for the benchmarks: this process (process.cpuUsage) and its reaped children (/proc).
//
// The machine the benchmarks run on is often shared: wall time then measures the neighbours as much as the code, CPU
// time far less. A child's CPU (and that of its own reaped children: the CLI's workers, Python's pool) is added to
// this process's cutime/cstime in /proc/self/stat once it has been waited for (spawnSync, a closed worker pool).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { workerEnv } from '../../main/job/worker-handle';

let ticks = 0;
function clockTicks(): number {
  if (ticks > 0) return ticks;
  try {
    ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    ticks = 100;
  }
  return ticks;
}

/** CPU seconds (user + system) of the waited-for children so far; NaN where /proc is missing (not Linux). */
export function childrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are fields 16 and 17.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) / clockTicks();
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system) of this process so far. */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Starts a measurement; the returned function gives the CPU seconds of this process and its children since. */
export function cpuMeter(): () => { self: number; children: number; total: number } {
  const s0 = selfCpuSeconds();
  const c0 = childrenCpuSeconds();
  return () => {
    const self = selfCpuSeconds() - s0;
    const children = childrenCpuSeconds() - c0;
    return { self, children, total: self + children };
  };
}

/** CPU seconds so far of every running Chromium process (all its process types; from /proc). */
export function chromiumCpuSeconds(): number {
  let s = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p)))
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('chromium')) continue;
      const f = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1].split(' ');
      s += (Number(f[11]) + Number(f[12])) / clockTicks();
    } catch {
      // gone meanwhile
    }
  return s;
}

/**
 * When NODE_EXTRA_CA_CERTS is set, what a Node start costs with and without it (median CPU of 5 `node -e 0` each):
 * Node 20 parses that bundle at every start. The CLI's main process pays it as the user's shell asks; its workers
 * start without it (main/job/worker-handle.ts workerEnv). A line for a benchmark's header, or null when unset.
 */
export function caBundleNote(env: NodeJS.ProcessEnv = process.env): string | null {
  const bundle = env.NODE_EXTRA_CA_CERTS;
  if (!bundle) return null;
  const median = (childEnv: NodeJS.ProcessEnv): number => {
    const runs = Array.from({ length: 5 }, () => {
      const cpu = cpuMeter();
      execFileSync(process.execPath, ['-e', '0'], { env: childEnv });
      return cpu().children;
    }).sort((a, b) => a - b);
    return runs[2];
  };
  const [withIt, withoutIt] = [median(env), median(workerEnv(env))];
  return (
    `NODE_EXTRA_CA_CERTS=${bundle}: a Node start costs ${withIt.toFixed(2)} CPU-s with it, ${withoutIt.toFixed(2)} without ` +
    '(the CLI pays it once, as your shell asks; its workers start without it)'
  );
}
