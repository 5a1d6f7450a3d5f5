// `tms-mapper map`: builds the JobSpec from flags (or the demo), runs the mapping, writes results and prints the hotspots.
import { resolve } from 'node:path';
import { AppError } from '../contract';
import { checkTarget } from '../io/results-folder';
import { openDataset, selectZaps } from '../io/dataset';
import { shardRange } from '../job/shards';
import { trace } from '../trace';
import type { JobInputs, JobSpec, MappingResult } from '../contract';
import { parseList, parseRoiArg, specFromFlags, type MapFlags } from './parse-options';
import { createProgressView } from './progress-view';
import { buildSummary, hotspotTable, type Summary } from './summary';
import { checkPoseCount, readCoilPoses } from '../io/targets/coil-poses';

export interface MapCommandIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  signal: AbortSignal;
}

export async function mapCommand(flags: MapFlags, io: MapCommandIo): Promise<void> {
  const outDir = resolve(flags.out);
  // Fail before hours of fitting, not after (the writer checks again when it swaps the folder in).
  checkTarget(outDir, !!flags.force);
  const { inputs, responses, truth } = await inputsOf(flags, io);
  const spec: JobSpec = specFromFlags(flags, inputs, responses);
  // A named poses file that cannot be read fails now, not after the mapping (its zap count is checked below).
  const poses = flags.coilPoses ? await readCoilPoses(resolve(flags.coilPoses), { required: true }) : null;
  // Inputs are checked before anything costly: the responses and their columns first, then what needs no HDF5 of
  // the ROI and E-field files (a bad CSV or column, a missing or truncated file never starts a worker or HDF5). Then
  // the workers start, and only then the ROI and E-field open: HDF5's start and the ROI read (~0.3 s on one thread)
  // overlap the workers' boot instead of delaying their spawn. "Mapping…" is printed only once every input has
  // opened and agrees.
  trace('opening inputs');
  let inputsChecked!: () => void;
  const checked = new Promise<void>((r) => (inputsChecked = r));
  let workersStarted!: () => void;
  const started = new Promise<void>((r) => (workersStarted = r));
  const opening = openDataset(
    inputs,
    (table) => {
      selectZaps(table, spec.zaps, spec.responses);
      if (poses) checkPoseCount(poses, table.nZaps, inputs.responsesFile);
    },
    async () => {
      inputsChecked();
      await started;
    },
  );
  let data: Awaited<typeof opening> | null = null;
  try {
    await Promise.race([checked, opening]);
    // The mapping, results and targets code loads only now: a refused input never pays for it.
    const [{ runMapping }, { writeOutputs }, { resolveTargetInputs }] = await Promise.all([
      import('../job/run-mapping'),
      import('./write-outputs'),
      import('../io/targets/best-pose'),
    ]);
    const view = createProgressView(io.stderr);
    const mapping = runMapping(opening, spec, {
      signal: io.signal,
      onStart: (d) => {
        data = d;
        io.stderr.write(
          `Mapping ${spec.responses.join(', ')} × ${spec.qois.join(', ')} with ${spec.workers} worker${spec.workers > 1 ? 's' : ''}…\n`,
        );
      },
      onProgress: (p) => view.update(p),
      log: (line) => io.stderr.write(`${line}\n`),
    }).finally(() => view.stop());
    // runMapping spawned its workers before its first await: the inputs may open now.
    workersStarted();
    const result = await mapping;
    data ??= await opening;
    const range: [number, number] = spec.elementRange ?? shardRange(spec.shard, result.nElements);
    const summary = buildSummary(result, range, truth);
    const targets = await resolveTargetInputs(result, flags.coilPoses ? resolve(flags.coilPoses) : null);
    for (const w of targets.warnings) io.stderr.write(`Warning (targets): ${w}\n`);
    trace('writing results');
    await writeOutputs(outDir, result, data.roi, summary, !!flags.force, targets);
    trace('results written');
    report(io, result, summary, range, outDir);
  } finally {
    // Whatever failed before the workers started, the opening must not wait for them.
    workersStarted();
    // The caller owns the dataset: close it whether the mapping ran or not (a failed open has nothing to close).
    const opened = await opening.catch(() => null);
    opened?.close();
  }
}

function report(
  io: MapCommandIo,
  result: MappingResult,
  summary: Summary,
  range: [number, number],
  outDir: string,
): void {
  io.stdout.write(`${hotspotTable(summary)}\n`);
  const failed = summary.results.reduce((a, e) => a + e.failed, 0);
  if (failed > 0)
    io.stderr.write(
      `Warning: ${failed} element fits failed (worker crashed twice on their block); their status is 'failed' in the results.\n`,
    );
  io.stderr.write(
    `Done in ${summary.seconds.toFixed(1)} s (${result.nZaps} zaps, ${range[1] - range[0]} elements, ${result.workers} workers); results in ${outDir}\n`,
  );
}

type Truth = Map<string, { element: number; centroid: [number, number, number] }>;

/** The input files and response columns of the job: the demo's (generated once) or the flags'. */
async function inputsOf(
  flags: MapFlags,
  io: MapCommandIo,
): Promise<{ inputs: JobInputs; responses: string[]; truth?: Truth }> {
  if (flags.demo) {
    const dir = process.env.TMS_MAPPER_DEMO_DIR;
    io.stderr.write(`Preparing the demo dataset${dir ? ` in ${dir}` : ''}…\n`);
    const { ensureDemoDataset } = await import('../io/demo-dataset');
    const demo = await ensureDemoDataset(dir || undefined);
    const all = demo.truth.muscles.map((m) => m.column);
    io.stderr.write(
      `Demo: ${demo.truth.nElements} elements, ${demo.truth.nZaps} zaps, muscles ${all.join(', ')} (files in ${demo.dir})\n`,
    );
    return {
      inputs: {
        roiFile: demo.meshFile,
        roiId: demo.roiId,
        efieldFile: demo.efieldFile,
        responsesFile: demo.responsesFile,
      },
      responses: flags.response ? parseList(flags.response) : all,
      truth: new Map(demo.truth.muscles.map((m) => [m.column, { element: m.element, centroid: m.centroid }])),
    };
  }
  const missing = (['roi', 'efield', 'responses', 'response'] as const).filter((k) => !flags[k]);
  if (missing.length) {
    throw new AppError('BAD_ARGUMENT', {
      found: `missing ${missing.map((k) => `--${k}`).join(', ')}`,
      expected: '--roi, --efield, --responses and --response (or --demo)',
    });
  }
  const roi = parseRoiArg(flags.roi!);
  return {
    inputs: {
      roiFile: resolve(roi.file),
      roiId: roi.roiId,
      efieldFile: resolve(flags.efield!),
      responsesFile: resolve(flags.responses!),
      conditionColumn: flags.conditionColumn,
      intensityColumn: flags.intensityColumn,
    },
    responses: parseList(flags.response),
  };
}
