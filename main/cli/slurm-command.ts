// `tms-mapper slurm`: writes an sbatch array job (element shards of one map, or one task per subject of a batch) plus its follow-up job, submits both, and can wait for the result.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command, Option } from 'commander';
import { AppError } from '../contract';
import { checkTarget } from '../io/results-folder';
import { readManifest } from './batch-manifest';
import { mapOptionsOf } from './batch-command';
import { parseInteger, parseRoiArg, type MapFlags } from './parse-options';
import { afterScript, arrayScript, MERGED_DIR, scriptNames, type SlurmPlan } from './slurm-scripts';

export interface SlurmFlags extends Partial<MapFlags> {
  out: string;
  shards?: string;
  batch?: string;
  sbatch?: string[];
  submit: boolean;
  wait?: boolean;
  force?: boolean;
  cli?: string;
}

export interface SlurmIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  signal: AbortSignal;
}

/** Input-file options: made absolute, since jobs may start in another folder. */
const PATH_FLAGS = new Set(['--roi', '--efield', '--responses']);

export function registerSlurmCommand(program: Command, signal: AbortSignal): void {
  const mapOptions = mapOptionsOf(program);
  const cmd = program
    .command('slurm')
    .description(
      'run a map (as N element shards, then merge) or a batch (one task per subject) as a Slurm array job',
    )
    .option(
      '--shards <n>',
      'split the map into n element shards, one array task each, merged when all succeeded',
    )
    .option(
      '--batch <manifest>',
      'one array task per subject of this batch manifest, then group.csv/group.svg',
    )
    .requiredOption(
      '--out <dir>',
      'folder for slurm/ (scripts, logs), shards/ and merged/ (or the batch folders)',
    )
    .option(
      '--sbatch <lines>',
      'extra #SBATCH lines, e.g. "--time=2:00:00" (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--no-submit', 'only write the scripts')
    .option('--wait', 'block until the merge (or group) job ended; exit 0 only if it succeeded')
    .option('--force', 'replace earlier results in --out')
    .option(
      '--cli <command>',
      'the command the jobs run instead of this CLI with this runtime (e.g. "tms-mapper")',
    );
  const demo = program.commands.find((c) => c.name() === 'map')?.options.find((o) => o.long === '--demo');
  if (demo) cmd.addOption(demo);
  for (const o of mapOptions) cmd.addOption(o);
  cmd.action(async (flags: SlurmFlags, self: Command) => {
    await slurmCommand(flags, cliArgsOf(self, mapOptions, !!flags.batch), mapOptions, {
      stdout: process.stdout,
      stderr: process.stderr,
      signal,
    });
  });
}

/** The map options given on the command line, back as arguments (paths absolute, defaults left out). */
export function cliArgsOf(cmd: Command, mapOptions: readonly Option[], batch: boolean): string[] {
  const args: string[] = [];
  const demo = cmd.options.find((o) => o.long === '--demo');
  for (const o of demo && !batch ? [demo, ...mapOptions] : mapOptions) {
    const name = o.attributeName();
    // --workers becomes the scripts' own --workers/--cpus-per-task pair.
    if (cmd.getOptionValueSource(name) !== 'cli' || o.long === '--workers') continue;
    const v: unknown = cmd.getOptionValue(name);
    if (o.isBoolean() || o.negate) {
      if (o.negate ? v === false : v === true) args.push(o.long!);
      continue;
    }
    let s = String(v);
    if (PATH_FLAGS.has(o.long!)) {
      const roi = o.long === '--roi' ? parseRoiArg(s) : { file: s, roiId: null };
      s = resolve(roi.file) + (roi.roiId ? `:${roi.roiId}` : '');
    }
    args.push(o.long!, s);
  }
  return args;
}

/** This CLI as a compute node would start it: the same runtime (Node, or the desktop app's Electron as Node) and entry file. */
function thisCli(flags: SlurmFlags): { cli: string[]; env: Record<string, string> } {
  if (flags.cli) return { cli: flags.cli.split(/\s+/).filter(Boolean), env: {} };
  const entry = process.argv[1];
  const env: Record<string, string> = process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
  if (process.env.TMS_MAPPER_DEMO_DIR) env.TMS_MAPPER_DEMO_DIR = process.env.TMS_MAPPER_DEMO_DIR;
  return { cli: [process.execPath, isAbsolute(entry) ? entry : resolve(entry)], env };
}

function sbatch(args: string[], cwd: string): string {
  const r = spawnSync('sbatch', ['--parsable', ...args], { cwd, encoding: 'utf8' });
  if (r.error)
    throw new AppError('SLURM_FAILED', {
      path: 'sbatch',
      found: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no sbatch on PATH' : r.error.message,
      expected: 'a Slurm login node (or --no-submit to only write the scripts)',
    });
  const id = /^(\d+)/.exec(r.stdout.trim());
  if (r.status !== 0 || !id)
    throw new AppError('SLURM_FAILED', {
      path: `sbatch ${args.join(' ')}`,
      found: (r.stderr || r.stdout).trim() || `exit ${r.status}`,
      expected: 'a job id',
    });
  return id[1];
}

/** JobState and Reason of a job from scontrol (null once Slurm forgot it). */
export function jobState(id: string): { state: string; reason: string } | null {
  const r = spawnSync('scontrol', ['show', 'job', '-o', id], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const state = /\bJobState=(\S+)/.exec(r.stdout)?.[1];
  return state ? { state, reason: /\bReason=(\S+)/.exec(r.stdout)?.[1] ?? '' } : null;
}

const ENDED_BAD = new Set([
  'FAILED',
  'CANCELLED',
  'TIMEOUT',
  'NODE_FAIL',
  'OUT_OF_MEMORY',
  'PREEMPTED',
  'BOOT_FAIL',
  'DEADLINE',
]);

/** Polls the follow-up job until it ended; a dependency that can never be met (a failed task) cancels it. */
async function waitFor(id: string, log: string, signal: AbortSignal, pollMs = 1000): Promise<void> {
  for (;;) {
    if (signal.aborted)
      throw new AppError('JOB_CANCELLED', {
        path: `Slurm job ${id}`,
        found: 'Ctrl-C while waiting (the jobs keep running)',
      });
    const s = jobState(id);
    if (s === null)
      throw new AppError('SLURM_FAILED', {
        path: `job ${id}`,
        found: 'Slurm no longer knows the job',
        expected: `its log ${log}`,
      });
    if (s.state === 'COMPLETED') return;
    if (ENDED_BAD.has(s.state.split('+')[0]))
      throw new AppError('SLURM_FAILED', {
        path: `job ${id}`,
        found: s.state,
        expected: `COMPLETED (see ${log})`,
      });
    if (s.state === 'PENDING' && s.reason === 'DependencyNeverSatisfied') {
      spawnSync('scancel', [id]);
      throw new AppError('SLURM_FAILED', {
        path: `job ${id}`,
        found: 'an array task failed, so it can never start (cancelled it)',
        expected: 'every task COMPLETED (see the task logs in the slurm/ folder)',
      });
    }
    await sleep(pollMs);
  }
}

/** `mapOptions`: the map command's options (a batch manifest's columns); `mapArgs`: those given, as arguments for the jobs. */
export async function slurmCommand(
  flags: SlurmFlags,
  mapArgs: string[],
  mapOptions: readonly Option[],
  io: SlurmIo,
): Promise<void> {
  const outDir = resolve(flags.out);
  if (!!flags.shards === !!flags.batch)
    throw new AppError('BAD_ARGUMENT', {
      path: 'slurm',
      found: flags.shards ? '--shards and --batch' : 'neither --shards nor --batch',
      expected: 'exactly one: --shards <n> (one map) or --batch <manifest> (one task per subject)',
    });
  const workers = flags.workers !== undefined ? parseInteger('--workers', flags.workers, 1, 256) : undefined;
  const { cli, env } = thisCli(flags);
  let mode: SlurmPlan['mode'];
  if (flags.shards) {
    const shards = parseInteger('--shards', flags.shards, 1, 100_000);
    if (!flags.demo) {
      const missing = (['roi', 'efield', 'responses', 'response'] as const).filter((k) => !flags[k]);
      if (missing.length)
        throw new AppError('BAD_ARGUMENT', {
          found: `missing ${missing.map((k) => `--${k}`).join(', ')}`,
          expected: '--roi, --efield, --responses and --response (or --demo)',
        });
    }
    // Fail now, not after the cluster ran: the merged result must be allowed to land.
    checkTarget(join(outDir, MERGED_DIR), !!flags.force);
    mode = { kind: 'map', shards };
  } else {
    if (flags.demo)
      throw new AppError('BAD_ARGUMENT', {
        path: '--demo',
        found: '--demo with --batch',
        expected: 'a manifest row per subject',
      });
    const manifest = resolve(flags.batch!);
    const rows = readManifest(manifest, mapOptions);
    mode = { kind: 'batch', manifest, subjects: rows.length, force: !!flags.force };
  }
  const plan: SlurmPlan = { outDir, cli, env, mapArgs, workers, sbatch: flags.sbatch ?? [], mode };
  const files = scriptNames(plan);
  mkdirSync(join(outDir, 'slurm'), { recursive: true });
  writeFileSync(files.array, arrayScript(plan), { mode: 0o755 });
  writeFileSync(files.after, afterScript(plan), { mode: 0o755 });
  io.stderr.write(`Wrote ${files.array} and ${files.after}\n`);
  if (!flags.submit) {
    io.stdout.write(
      `Not submitted. To run: id=$(sbatch --parsable ${files.array}) && sbatch --dependency=${mode.kind === 'map' ? 'afterok' : 'afterany'}:$id ${files.after}\n`,
    );
    return;
  }
  const arrayId = sbatch([files.array], outDir);
  const dep = mode.kind === 'map' ? 'afterok' : 'afterany';
  const afterId = sbatch([`--dependency=${dep}:${arrayId}`, files.after], outDir);
  const n = mode.kind === 'map' ? mode.shards : mode.subjects;
  io.stdout.write(
    mode.kind === 'map'
      ? `Submitted map job ${arrayId} (${n} array tasks) and merge job ${afterId} (after all tasks succeeded); merged results: ${join(outDir, MERGED_DIR)}\n`
      : `Submitted batch job ${arrayId} (${n} array tasks, one per subject) and group job ${afterId} (after all tasks ended); group table: ${join(outDir, 'group.csv')}\n`,
  );
  if (!flags.wait) return;
  io.stderr.write(`Waiting for job ${afterId}…\n`);
  const log = join(outDir, 'slurm', `${mode.kind === 'map' ? 'merge' : 'group'}-${afterId}.log`);
  await waitFor(afterId, log, io.signal);
  io.stderr.write(`Job ${afterId} completed.\n`);
}
