// The `tms-mapper map` arguments for one muscle of a demo dataset, shared by the end-to-end benchmarks.
import type { DemoFiles } from '../../main/io/demo-dataset';

/** `map` with the demo's ROI, E-field and responses, fitting `column`; the caller adds workers, flags and --out. */
export function demoMapArgs(d: DemoFiles, column: string): string[] {
  return [
    'map',
    '--roi',
    `${d.meshFile}:${d.roiId}`,
    '--efield',
    d.efieldFile,
    '--responses',
    d.responsesFile,
    '--response',
    column,
  ];
}
