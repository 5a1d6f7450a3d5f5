// Reopening a result folder (CLI output, an export, merged shards, convergence runs) as a result the views can query.
import { join } from 'node:path';
import { readResults } from '../io/results-reader';
import { readRoi } from '../io/roi';
import { openDataset, type Dataset } from '../io/dataset';
import { GEO_FILE } from '../io/results-layout';
import type { RoiGeometry } from '../io/types';
import type { JobInputs, MappingResult } from '../contract';

export interface ReopenedResult {
  dir: string;
  result: MappingResult;
  roi: RoiGeometry;
  /** The inputs the result was computed from, when they can still be read (element IO curves need E and MEPs). */
  ds: Dataset | null;
}

/**
 * Reads summary.json, every map and convergence run, and the ROI from the folder's own geometry file.
 * `readable` maps an input path to the path the service may open, or throws when it may not; a result whose
 * inputs moved or lie outside the allowed paths still opens, without IO curves.
 */
export async function openResultFolder(
  dir: string,
  readable: (inputs: JobInputs) => JobInputs,
): Promise<ReopenedResult> {
  const disk = await readResults(dir);
  const folder = disk.summary.results[0].folder;
  const roi = await readRoi(join(disk.dir, folder, GEO_FILE), '');
  let ds: Dataset | null = null;
  try {
    ds = await openDataset(readable(disk.result.spec.inputs));
    // Inputs changed since the run: their E would not belong to these elements.
    if (ds.roi.nTriangles !== disk.result.nElements) {
      ds.close();
      ds = null;
    }
  } catch {
    ds = null;
  }
  return { dir: disk.dir, result: disk.result, roi, ds };
}
