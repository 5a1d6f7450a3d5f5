// The sbatch scripts of `tms-mapper slurm`: an array job (one task per shard or per subject) and the job that runs after it (merge, or the batch's group table).
import { join } from 'node:path';

/** Single-quoted for bash: safe for any path or value. */
export const shq = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** What both scripts need to know. */
export interface SlurmPlan {
  /** The batch or map folder (absolute). */
  outDir: string;
  /** The command that runs this CLI on a compute node, e.g. ['/usr/bin/node', '/opt/tms-mapper/out/main/cli.js']. */
  cli: string[];
  /** Environment the CLI needs there (ELECTRON_RUN_AS_NODE=1 for the desktop app's runtime). */
  env: Record<string, string>;
  /** `map` options (already absolute paths), the same for every task. */
  mapArgs: string[];
  /** --workers given: request that many CPUs per task; otherwise each task uses what Slurm gives it. */
  workers?: number;
  /** Extra `#SBATCH` lines (--time, --partition, --mem, --account …). */
  sbatch: string[];
  /** Map mode: the number of element shards; batch mode: the manifest and its number of subjects. */
  mode:
    { kind: 'map'; shards: number } | { kind: 'batch'; manifest: string; subjects: number; force: boolean };
}

export const SLURM_DIR = 'slurm';
export const SHARDS_DIR = 'shards';
export const MERGED_DIR = 'merged';

export const shardDir = (outDir: string, i: number | string): string => join(outDir, SHARDS_DIR, String(i));
/** File names of the two scripts: map.sbatch + merge.sbatch, or map.sbatch + group.sbatch for a batch. */
export const scriptNames = (plan: SlurmPlan): { array: string; after: string } => ({
  array: join(plan.outDir, SLURM_DIR, 'map.sbatch'),
  after: join(plan.outDir, SLURM_DIR, plan.mode.kind === 'map' ? 'merge.sbatch' : 'group.sbatch'),
});

/** `--time=1:00:00`, `#SBATCH --time=1:00:00` or several lines in one string → `#SBATCH …` lines. */
export function sbatchLines(values: string[]): string[] {
  return values
    .flatMap((v) => v.split(/\r?\n/))
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l) => (l.startsWith('#SBATCH') ? l : `#SBATCH ${l}`));
}

function header(plan: SlurmPlan, what: string, lines: string[]): string[] {
  return [
    '#!/bin/bash',
    `# Written by tms-mapper slurm: ${what}`,
    ...lines,
    ...sbatchLines(plan.sbatch),
    'set -euo pipefail',
    ...Object.entries(plan.env).map(([k, v]) => `export ${k}=${shq(v)}`),
  ];
}

/** Workers per task: the given number, else the CPUs Slurm allotted the task (1 when it says nothing). */
function workerArgs(plan: SlurmPlan): string[] {
  return plan.workers !== undefined
    ? ['--workers', String(plan.workers)]
    : ['--workers', '"${SLURM_CPUS_PER_TASK:-1}"'];
}

const cmd = (plan: SlurmPlan, args: string[]): string =>
  // Arguments already holding shell expansions ("$i", "${…}") are passed as written; everything else is quoted.
  ['exec', ...plan.cli.map(shq), ...args.map((a) => (a.startsWith('"') ? a : shq(a)))].join(' ');

export function arrayScript(plan: SlurmPlan): string {
  const slurmDir = join(plan.outDir, SLURM_DIR);
  const n = plan.mode.kind === 'map' ? plan.mode.shards : plan.mode.subjects;
  const lines = [
    `#SBATCH --job-name=${plan.mode.kind === 'map' ? 'tms-map' : 'tms-batch'}`,
    `#SBATCH --array=0-${n - 1}`,
    `#SBATCH --output=${join(slurmDir, 'map-%A_%a.log')}`,
    ...(plan.workers !== undefined ? [`#SBATCH --cpus-per-task=${plan.workers}`] : []),
  ];
  if (plan.mode.kind === 'map') {
    return `${[
      ...header(plan, `task i maps element shard i of ${n} into ${shardDir(plan.outDir, 'i')}`, lines),
      'i="${SLURM_ARRAY_TASK_ID}"',
      cmd(plan, [
        'map',
        ...plan.mapArgs,
        ...workerArgs(plan),
        '--shard',
        `"$i/${n}"`,
        '--out',
        `"${join(plan.outDir, SHARDS_DIR)}/$i"`,
        '--force',
      ]),
    ].join('\n')}\n`;
  }
  return `${[
    ...header(
      plan,
      `task i maps subject (row) i of ${plan.mode.manifest} into ${plan.outDir}/<subject>`,
      lines,
    ),
    'i="${SLURM_ARRAY_TASK_ID}"',
    cmd(plan, [
      'batch',
      plan.mode.manifest,
      '--out',
      plan.outDir,
      '--rows',
      '"$i"',
      ...plan.mapArgs,
      ...workerArgs(plan),
      ...(plan.mode.force ? ['--force'] : []),
    ]),
  ].join('\n')}\n`;
}

export function afterScript(plan: SlurmPlan): string {
  const slurmDir = join(plan.outDir, SLURM_DIR);
  if (plan.mode.kind === 'map') {
    const shards = Array.from({ length: plan.mode.shards }, (_, i) => shardDir(plan.outDir, i));
    return `${[
      ...header(
        plan,
        `merges the ${plan.mode.shards} shards into ${join(plan.outDir, MERGED_DIR)} (submitted with --dependency=afterok on the array job)`,
        ['#SBATCH --job-name=tms-merge', `#SBATCH --output=${join(slurmDir, 'merge-%j.log')}`],
      ),
      cmd(plan, ['merge', ...shards, '--out', join(plan.outDir, MERGED_DIR), '--force']),
    ].join('\n')}\n`;
  }
  return `${[
    ...header(
      plan,
      `writes group.csv and group.svg of ${plan.mode.manifest} (submitted with --dependency=afterany: failed subjects are listed, exit 2)`,
      ['#SBATCH --job-name=tms-group', `#SBATCH --output=${join(slurmDir, 'group-%j.log')}`],
    ),
    cmd(plan, ['batch', plan.mode.manifest, '--out', plan.outDir, '--summary-only']),
  ].join('\n')}\n`;
}
