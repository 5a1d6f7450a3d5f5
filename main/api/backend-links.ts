// Links to the other engineers' modules the service needs that are not in the tree yet; each throws a coded error until it lands.
import { AppError } from './errors';
import type { DatasetSummary, RoiGeometry } from '../io/types';
import type { Dataset } from '../io/dataset';
import type { JobInputs, MappingResult } from '../job/types';
import type { ExportReport } from './contract';

function missing(what: string): never {
  throw new AppError('INTERNAL', {}, `${what} is not part of this build yet`);
}

/** The dataset summary (io: summarizeDataset). */
export function summarize(_ds: Dataset): Promise<DatasetSummary> {
  return Promise.resolve(missing('The dataset summary'));
}

/** The demo dataset's inputs, generated once into the cache folder (io: ensureDemoDataset). */
export function demoInputs(): Promise<JobInputs> {
  return Promise.resolve(missing('The demo dataset'));
}

/** The result folder writer (io: writeResults). */
export function writeResultFolder(_outDir: string, _r: MappingResult, _roi: RoiGeometry, _overwrite: boolean): Promise<ExportReport> {
  return Promise.resolve(missing('The results writer'));
}
