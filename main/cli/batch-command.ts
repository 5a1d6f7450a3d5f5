// `tms-mapper batch <manifest> --out <dir>`: maps every subject of a manifest into <dir>/<subject>/, continues past failures, resumes, and writes group.csv + group.svg.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { type Option } from 'commander';
import { AppError, isAppError } from '../contract';
import { readManifest, type ManifestRow } from './batch-manifest';
import {
  GROUP_CSV,
  GROUP_SVG,
  readSubjectSummary,
  writeGroupReport,
  type SubjectOutcome,
} from './group-report';
import { parseInteger, parseList, type MapFlags } from './parse-options';

/** `map` options that make no sense for a batch (each subject has its own folder and inputs). */
const NOT_FOR_BATCH = new Set(['--out', '--force', '--demo', '--shard']);

export interface BatchFlags extends Omit<MapFlags, 'out' | 'force' | 'demo' | 'shard'> {
  out: string;
  force?: boolean;
  rows?: string;
  summaryOnly?: boolean;
}

export interface BatchIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  signal: AbortSignal;
}

/** The `map` command's options a batch (and a Slurm batch) takes as defaults for every row. */
export function mapOptionsOf(program: Command): Option[] {
  const map = program.commands.find((c) => c.name() === 'map');
  if (!map) throw new Error('the map command must be registered before batch and slurm');
  return map.options.filter((o) => !NOT_FOR_BATCH.has(o.long ?? ''));
}

/** Adds `batch` to the program (after `map`, whose options it reuses as defaults and manifest columns). */
export function registerBatchCommand(program: Command, signal: AbortSignal): void {
  const mapOptions = program.commands.find((c) => c.name() === 'map')?.options ?? [];
  const cmd = program
    .command('batch')
    .description(
      'map every subject of a manifest (CSV or JSON: subject, roi, efield, responses, response, qoi, any map option)',
    )
    .argument('<manifest>', 'manifest file (.csv or .json), one subject per row')
    .requiredOption('--out <dir>', 'batch folder: <dir>/<subject>/ per subject, group.csv and group.svg')
    .option('--force', 'map subjects again even when their results are complete')
    .option('--rows <list>', 'only these rows (0-based, comma separated), e.g. $SLURM_ARRAY_TASK_ID')
    .option('--summary-only', 'map nothing: write group.csv and group.svg from the subject folders');
  for (const o of mapOptionsOf(program)) cmd.addOption(o);
  cmd.action(async (manifest: string, flags: BatchFlags) => {
    await batchCommand(manifest, flags, mapOptions, {
      stdout: process.stdout,
      stderr: process.stderr,
      signal,
    });
  });
}

/** The rows --rows selects (all when absent). */
function selectRows(rows: ManifestRow[], sel: string | undefined): ManifestRow[] {
  if (sel === undefined) return rows;
  return parseList(sel).map((s) => rows[parseInteger('--rows', s, 0, rows.length - 1)]);
}

export async function batchCommand(
  manifest: string,
  flags: BatchFlags,
  mapOptions: readonly Option[],
  io: BatchIo,
): Promise<void> {
  const outDir = resolve(flags.out);
  const all = readManifest(manifest, mapOptions);
  const rows = selectRows(all, flags.rows);
  mkdirSync(outDir, { recursive: true });
  const { rows: _r, summaryOnly, ...defaults } = flags;
  const outcomes: SubjectOutcome[] = [];
  for (const [k, row] of rows.entries()) {
    const tag = `[${k + 1}/${rows.length}] ${row.subject}`;
    const dir = join(outDir, row.subject);
    const complete = readSubjectSummary(dir) !== null;
    if (summaryOnly || (complete && !flags.force)) {
      const status = complete ? (summaryOnly ? 'ok' : 'resumed') : 'missing';
      if (!summaryOnly) io.stderr.write(`${tag}: results complete, skipped (--force maps it again)\n`);
      outcomes.push({
        subject: row.subject,
        status,
        error: complete ? undefined : 'no complete results in its folder',
      });
      continue;
    }
    io.stderr.write(`${tag}: mapping into ${dir}\n`);
    const mapFlags = { ...defaults, ...row.flags, out: dir, force: complete || existsSync(dir) } as MapFlags;
    try {
      // The subject's hotspot table goes to stderr with its progress: stdout is the group table.
      const { mapCommand } = await import('./map-command');
      await mapCommand(mapFlags, { stdout: io.stderr, stderr: io.stderr, signal: io.signal });
      outcomes.push({ subject: row.subject, status: 'ok' });
    } catch (e) {
      if (isAppError(e) && e.code === 'JOB_CANCELLED') throw e;
      const message = e instanceof Error ? e.message : String(e);
      io.stderr.write(`${tag}: FAILED (${row.place} of the manifest): ${message}\n`);
      outcomes.push({ subject: row.subject, status: 'failed', error: message });
    }
  }
  const bad = outcomes.filter((o) => o.status === 'failed' || o.status === 'missing');
  if (flags.rows !== undefined && !summaryOnly) {
    // An array task maps its rows only; the group job (batch --summary-only) writes the group files once.
    if (bad.length)
      throw new AppError('BATCH_INCOMPLETE', {
        file: resolve(manifest),
        path: `rows ${flags.rows}`,
        found: bad.map((o) => `${o.subject}: ${o.error}`).join(' | '),
        expected: 'every selected subject mapped',
      });
    return;
  }
  const lines = await writeGroupReport(outDir, outcomes);
  io.stdout.write(`${groupTable(lines)}\n`);
  io.stderr.write(
    `${outcomes.length - bad.length} of ${outcomes.length} subjects have results; ${join(outDir, GROUP_CSV)}, ${join(outDir, GROUP_SVG)}\n`,
  );
  if (bad.length)
    throw new AppError('BATCH_INCOMPLETE', {
      file: join(outDir, GROUP_CSV),
      found: `${bad.length} of ${outcomes.length} without results: ${bad.map((o) => o.subject).join(', ')}`,
      expected: 'every subject mapped (fix them and run the batch again: complete subjects are skipped)',
    });
}

function groupTable(lines: Awaited<ReturnType<typeof writeGroupReport>>): string {
  const head = ['subject', 'status', 'response', 'qoi', 'element', 'score'];
  const rows = lines.map((l) => [
    l.subject,
    l.status,
    l.entry?.response ?? '',
    l.entry?.qoi ?? '',
    l.entry ? String(l.entry.hotspot.element) : '',
    l.entry?.hotspot.score === null || !l.entry ? '' : l.entry.hotspot.score.toFixed(4),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(w[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
