// Writes a finished mapping through the results writer, with the CLI's extras (shard range, demo truth distances) in summary.json.
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
  // One atomic write: the extras go into summary.json inside the writer's commit, never by a second rewrite.
  await writeResults(outDir, result, roi, {
    force,
    inputs: describeInputs({
      roi: inputs.roiFile,
      efield: inputs.efieldFile,
      responses: inputs.responsesFile,
    }),
    targets,
    summaryExtras: {
      top: { elementRange: summary.elementRange, shard: summary.shard },
      results: summary.results.map((mine) => ({
        elements: mine.elements,
        ...(mine.truthDistance !== undefined
          ? { truthElement: mine.truthElement, truthDistance: mine.truthDistance }
          : {}),
      })),
    },
  });
}
