// The service's links to the io modules it wraps: dataset summary, the demo dataset, the result-folder writer.
import { join } from 'node:path';
import type { RoiGeometry } from '../io/types';
import type { Dataset } from '../io/dataset';
import type { JobInputs, MappingResult, ExportReport, DatasetSummary } from '../contract';
import { summarizeDataset } from '../io/summary';
import { ensureDemoDataset } from '../io/demo-dataset';
import { describeInputs, writeResults } from '../io/results-writer';
import { resolveTargetInputs } from '../io/targets/best-pose';

export function summarize(ds: Dataset): Promise<DatasetSummary> {
  return summarizeDataset(ds);
}

/** The demo's inputs and its muscle columns; generated once into `dir` (default: the user's data folder, or $TMS_MAPPER_DEMO_DIR). */
export async function demoInputs(dir?: string): Promise<{ inputs: JobInputs; muscles: string[] }> {
  const env = process.env.TMS_MAPPER_DEMO_DIR;
  const demo = await ensureDemoDataset(dir ?? (env && env.length > 0 ? env : undefined));
  return {
    inputs: {
      roiFile: demo.meshFile,
      roiId: demo.roiId,
      efieldFile: demo.efieldFile,
      responsesFile: demo.responsesFile,
    },
    muscles: demo.truth.muscles.map((m) => m.column),
  };
}

export async function writeResultFolder(
  outDir: string,
  r: MappingResult,
  roi: RoiGeometry,
  overwrite: boolean,
): Promise<ExportReport> {
  const i = r.spec.inputs;
  const written = await writeResults(outDir, r, roi, {
    force: overwrite,
    inputs: describeInputs({ roi: i.roiFile, efield: i.efieldFile, responses: i.responsesFile }),
    // coil poses found in the responses file (pyNIBS experiment.hdf5, or a CSV's coil_m00…coil_m33)
    targets: await resolveTargetInputs(r),
  });
  return { files: written.files.map((f) => join(written.dir, f.file)), bytes: written.bytes };
}
