// Writes a finished mapping through the results writer, then adds the CLI's extras (shard range, demo truth distances) to summary.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../io/atomic-write';
import { SUMMARY_FILE } from '../io/results-layout';
import { describeInputs, writeResults } from '../io/results-writer';
import type { TargetInputs } from '../io/targets/best-pose';
import type { RoiGeometry } from '../io/types';
import type { MappingResult } from '../contract';
import type { Summary } from './summary';

export async function writeOutputs(
  outDir: string,
  result: MappingResult,
  roi: RoiGeometry,
  summary: Summary,
  force: boolean,
  targets?: TargetInputs,
): Promise<void> {
  const { inputs } = result.spec;
  await writeResults(outDir, result, roi, {
    force,
    inputs: describeInputs({
      roi: inputs.roiFile,
      efield: inputs.efieldFile,
      responses: inputs.responsesFile,
    }),
    targets,
  });
  // The writer's summary.json already holds results/zaps/workers/seconds; keep it and add what only the CLI knows.
  const file = join(outDir, SUMMARY_FILE);
  const written = JSON.parse(readFileSync(file, 'utf8')) as { results: Record<string, unknown>[] } & Record<
    string,
    unknown
  >;
  written.results.forEach((r, i) => {
    const mine = summary.results[i];
    r.elements = mine.elements;
    if (mine.truthDistance !== undefined) {
      r.truthElement = mine.truthElement;
      r.truthDistance = mine.truthDistance;
    }
  });
  written.elementRange = summary.elementRange;
  written.shard = summary.shard;
  await writeAtomically(file, (tmp) => writeFileSync(tmp, `${JSON.stringify(written, null, 2)}\n`));
}
