// The CLI input flags of the 40-element × 30-zap fixture (three conditions of 10 zaps), shared by the CLI tests.
import { resolve } from 'node:path';

const FIX = resolve(import.meta.dirname, 'fixtures/io');

/** --roi, --efield and --responses of the small fixture; add --response and the options of each test. */
export const FIXTURE_INPUT_ARGS: readonly string[] = [
  '--roi',
  `${FIX}/mesh_rois.hdf5:0`,
  '--efield',
  `${FIX}/e.hdf5`,
  '--responses',
  `${FIX}/experiment_fixed.hdf5`,
];
