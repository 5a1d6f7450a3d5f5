// Headless command line: `tms-mapper map …` (and `merge`, `compare`, `batch`, `slurm`), exit 0 on success, 2 on bad input, 1 on an internal error.
import { Command, CommanderError, Option } from 'commander';
import {
  AppError,
  BOUNDS_PRESETS,
  DEFAULT_MODEL,
  FUN_NAMES,
  isAppError,
  OPTION_RANGES,
  SCORE_TYPES,
  SIGNED_DATA_MODES,
  type ErrorCode,
} from './contract';
import { FIT_DEFAULTS } from '../workers/fit/defaults';
import { PIPELINE_NAMES } from '../workers/fit/pipelines';
import { registerBatchCommand } from './cli/batch-command';
import { registerSlurmCommand } from './cli/slurm-command';
import type { CompareFlags } from './cli/compare-command';
import type { MergeFlags } from './cli/merge-command';
import type { MapFlags } from './cli/parse-options';
import { trace } from './trace';

/** Codes that mean the machine or the program failed (exit 1); every other code is the user's input (exit 2). */
const INTERNAL_CODES: ErrorCode[] = ['INTERNAL', 'WORKER_FAILED', 'WRITE_FAILED', 'DISK_FULL'];

export function exitCodeFor(e: unknown): number {
  if (isAppError(e)) {
    if (e.code === 'JOB_CANCELLED') return 130;
    return INTERNAL_CODES.includes(e.code) ? 1 : 2;
  }
  return 1;
}

function buildProgram(controller: AbortController): Command {
  const program = new Command('tms-mapper')
    .description(
      'Cortical mapping with TMS: sigmoid regression of MEPs on E-fields per ROI element (Numssen et al. 2021)',
    )
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .showHelpAfterError(false);
  program
    .command('map')
    .description('map one or more responses on an ROI and write the results')
    .option('--demo', 'map the built-in synthetic demo dataset')
    .option('--roi <mesh>', 'ROI mesh file, optionally with the ROI id: mesh.hdf5:<roi-id>')
    .option('--efield <file>', 'E-field HDF5 file (or folder of per-condition files)')
    .option('--responses <file>', 'responses: experiment HDF5 or CSV')
    .option('--response <cols>', 'response column(s), comma separated (demo: all muscles)')
    .option('--qoi <list>', 'E-field quantities: E_mag, E_norm, E_tan (comma separated)', 'E_mag')
    .addOption(
      new Option('--fun <name>', 'input–output function').choices(FUN_NAMES).default(DEFAULT_MODEL.fun),
    )
    .addOption(
      new Option('--score <type>', 'goodness-of-fit score').choices(SCORE_TYPES).default(DEFAULT_MODEL.score),
    )
    .addOption(
      new Option(
        '--pipeline <name>',
        'reference pipeline: regress_data (Element start values, no screen) or nl_hdf5 (older start values, bad-element screen)',
      )
        .choices(PIPELINE_NAMES)
        .default(FIT_DEFAULTS.pipeline),
    )
    .addOption(
      new Option('--preset <name>', 'start values and bounds (default: the pipeline’s)').choices(
        BOUNDS_PRESETS,
      ),
    )
    .option(
      '--refit <n>',
      `maximum zero-score refit rounds per element (0 = off, at most ${OPTION_RANGES.nRefit.max})`,
      String(DEFAULT_MODEL.nRefit),
    )
    .option('--no-discontinuity-refit', 'skip refitting elements that stand out from their neighbours')
    .option('--stepdown', 'stepdown variant: fit 10 %, grow from the best seeds ring by ring')
    .option('--bad-element-screen', 'skip elements whose linear slope is negative (default: the pipeline’s)')
    .option('--no-bad-element-screen', 'fit every element, also with a negative linear slope')
    .option(
      '--step-start',
      'beyond the reference: sigmoid fits also start at the best step threshold where a step explains more variance (off by default)',
    )
    .option('--no-step-start', 'sigmoid fits start only where regress_data starts (the default)')
    .option(
      '--fast-solver',
      'beyond the reference: the engine’s variable-projection LM (about 2× faster; elements without a clear relation can end in another local minimum than pyNIBS’)',
    )
    .option('--no-fast-solver', 'follow lmfit leastsq’s optimizer path, as regress_data does (the default)')
    .addOption(
      new Option(
        '--signed-data <mode>',
        'signed-data selection: fit only the zaps of one sign of E, scored on all zaps (auto = on for E_norm)',
      )
        .choices(SIGNED_DATA_MODES)
        .default(DEFAULT_MODEL.signedData),
    )
    .option('--conditions <list>', 'keep only zaps of these conditions (comma separated)')
    .option('--condition-column <col>', 'CSV column holding the condition label')
    .option('--intensity-column <col>', 'CSV column holding the intensity')
    .option('--zaps <sel>', 'first-N (e.g. 200) or start:end of the file’s zaps')
    .option(
      '--preinnervation <col:max>',
      'drop zaps whose background EMG in column col exceeds max (e.g. preinnervation_FDI:50)',
    )
    .option('--convergence', 'also map growing zap counts (20, 40, … all) and compare them')
    .option('--quality', 'also compute the E-matrix quality (mutual coherence, singular-value ratio)')
    .option('--steps <list>', 'convergence zap counts (comma separated)')
    .option('--workers <n>', 'worker processes (default: one per core)')
    .option(
      '--seed <s>',
      'random seed (results are identical for any worker count)',
      String(DEFAULT_MODEL.seed),
    )
    .option('--shard <i/N>', 'map only shard i of N (0-based) of the elements, for cluster job arrays')
    .option('--chunk-size <n>', 'elements per block sent to a worker')
    .option(
      '--coil-poses <file>',
      'coil pose per zap for targets/: experiment.hdf5 (/stim_data coil_mean) or CSV (coil_m00…coil_m33); default: the responses file when it has them',
    )
    .option(
      '--permutations <n>',
      'permutation test of each map: shuffle the responses n times (within conditions), FWE-corrected p',
    )
    .option('--bootstrap <n>', 'bootstrap the hotspot location: resample the zaps n times')
    .requiredOption('--out <dir>', 'output folder')
    .option('--force', 'overwrite results in the output folder')
    .action(async (flags: MapFlags) => {
      // Imported when run: `--help` and argument errors do not load the mapping, HDF5 and results code.
      const { mapCommand } = await import('./cli/map-command');
      await mapCommand(flags, { stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
    });
  program
    .command('merge')
    .description('join the result folders of element shards (map --shard i/N) into one result')
    .argument('<shard-dirs...>', 'result folders of the shards')
    .requiredOption('--out <dir>', 'output folder')
    .option('--force', 'overwrite results in the output folder')
    .action(async (dirs: string[], flags: MergeFlags) => {
      const { mergeCommand } = await import('./cli/merge-command');
      await mergeCommand(dirs, flags, { stdout: process.stdout, stderr: process.stderr });
    });
  program
    .command('compare')
    .description('compare a score map with one or more references (e.g. pyNIBS results), element by element')
    .argument('<map>', 'results file (*_data.hdf5, pyNIBS or ours) or a folder holding one')
    .argument(
      '<references...>',
      'reference results files or folders; with several (e.g. pyNIBS on two PCs), also counts the elements worse than every one',
    )
    .option('--qoi <list>', 'score maps to compare, e.g. E_mag (default: every c_<qoi> all files have)')
    .option(
      '--tolerance <t>',
      'a score further than this from the reference counts as below or above it',
      '1e-3',
    )
    .option('--json', 'print the comparison as JSON')
    .action(async (map: string, refs: string[], flags: CompareFlags) => {
      const { compareCommand } = await import('./cli/compare-command');
      await compareCommand(map, refs, flags, { stdout: process.stdout });
    });
  registerBatchCommand(program, controller.signal);
  registerSlurmCommand(program, controller.signal);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const onSigint = (): void => {
    process.stderr.write('\nCancelling…\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  try {
    await buildProgram(controller).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      const err = new AppError('BAD_ARGUMENT', {}, e.message.replace(/^error: /, ''));
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (isAppError(e)) {
      process.stderr.write(`${e.message}\n`);
      return exitCodeFor(e);
    }
    process.stderr.write(`INTERNAL: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

process.exitCode = await main(process.argv.slice(2));
trace('exit');
