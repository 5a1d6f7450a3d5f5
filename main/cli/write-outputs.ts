// Writes a finished mapping through the results writer, with the CLI's extras (shard range, demo truth distances) in summary.json.
import { AppError } from '../contract';
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
  refuseEmptyMaps(result);
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

/**
 * A map where no element could be fitted (hotspot −1, NaN scores) is not a result: the E-field or the
 * response did not vary usably (E all zero, constant or denormal; a constant response; amplitudes the fit
 * cannot use). Exit 2 with the inputs named instead of writing an empty map and exiting 0.
 */
function refuseEmptyMaps(result: MappingResult): void {
  const { inputs } = result.spec;
  for (const m of result.maps) {
    if (m.hotspot.element >= 0 && Number.isFinite(m.hotspot.score)) continue;
    throw new AppError('NO_VARIATION', {
      file: `${inputs.efieldFile} and ${inputs.responsesFile}`,
      path: `${m.response} × ${m.qoi}`,
      found: `no element fitted (${m.scores.length} elements, ${result.nZaps} zaps)`,
      expected: 'an E-field that varies across zaps and a response column that varies with it',
    });
  }
}
