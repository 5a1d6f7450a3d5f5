// A real single-node Slurm for tests (Debian's slurm-wlm + munge, as root): its own munge socket and key, config, ports and spool in a temp folder; stopped by pid.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LocalSlurm {
  /** Environment for sbatch/squeue/scontrol (SLURM_CONF, PATH with /usr/sbin). */
  env: NodeJS.ProcessEnv;
  /** The daemons' logs, for a failing test's message. */
  logs(): string;
  /** Stops slurmd, slurmctld and munged by their pid files; safe to call twice. */
  stop(): Promise<void>;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function pidOf(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 1 ? pid : null;
  } catch {
    return null;
  }
}

async function waitFor(what: string, ok: () => boolean, ms: number, logs: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`local Slurm: ${what} not within ${ms / 1000} s\n${logs()}`);
    await sleep(250);
  }
}

/** Starts munged, slurmctld and slurmd in `dir` (root only); ports are picked at random to avoid other runs. */
export async function startLocalSlurm(dir: string): Promise<LocalSlurm> {
  const node = hostname().split('.')[0];
  const port = 20000 + Math.floor(Math.random() * 20000);
  for (const d of ['state', 'spool', 'munge']) mkdirSync(join(dir, d), { recursive: true, mode: 0o700 });
  const sock = join(dir, 'munge', 'munge.socket');
  const key = join(dir, 'munge', 'munge.key');
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=tmstest',
      `SlurmctldHost=${node}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      `AuthInfo=socket=${sock}`,
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'ReturnToService=2',
      'SchedulerType=sched/backfill',
      'MpiDefault=none',
      `SlurmctldPort=${port}`,
      `SlurmdPort=${port + 1}`,
      `SlurmctldLogFile=${join(dir, 'ctld.log')}`,
      `SlurmdLogFile=${join(dir, 'd.log')}`,
      'JobCompType=jobcomp/none',
      `NodeName=${node} CPUs=${availableParallelism()} RealMemory=2000 State=UNKNOWN`,
      `PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` };
  const pids = {
    munged: join(dir, 'munge', 'munged.pid'),
    slurmctld: join(dir, 'slurmctld.pid'),
    slurmd: join(dir, 'slurmd.pid'),
  };
  const read = (f: string): string => (existsSync(f) ? readFileSync(f, 'utf8') : '');
  const logs = (): string =>
    ['munge/munged.log', 'ctld.log', 'd.log']
      .map((f) => `--- ${f}\n${read(join(dir, f)).slice(-3000)}`)
      .join('\n');
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const f of [pids.slurmd, pids.slurmctld, pids.munged]) {
      const pid = pidOf(f);
      if (pid === null || !alive(pid)) continue;
      process.kill(pid, 'SIGTERM');
      const end = Date.now() + 10_000;
      while (alive(pid) && Date.now() < end) await sleep(100);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  };
  try {
    execFileSync(
      'munged',
      [
        '--force',
        `--socket=${sock}`,
        `--key-file=${key}`,
        `--pid-file=${pids.munged}`,
        `--log-file=${join(dir, 'munge', 'munged.log')}`,
        `--seed-file=${join(dir, 'munge', 'munged.seed')}`,
      ],
      { env, stdio: 'pipe' },
    );
    await waitFor('munged', () => existsSync(sock), 10_000, logs);
    execFileSync('slurmctld', [], { env, stdio: 'pipe' });
    await waitFor('slurmctld', () => pidOf(pids.slurmctld) !== null, 15_000, logs);
    execFileSync('slurmd', [], { env, stdio: 'pipe' });
    const idle = (): boolean =>
      /idle/.test(spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' }).stdout ?? '');
    await waitFor('an idle node', idle, 30_000, logs);
  } catch (e) {
    await stop();
    throw e instanceof Error ? new Error(`${e.message}\n${logs()}`) : e;
  }
  return { env, logs, stop };
}
