// What the backend tells every process about an opened dataset: QOI names, ROIs of a mesh file, the dataset summary.

export type QoiName = 'E_mag' | 'E_norm' | 'E_tan';
export const QOI_NAMES: readonly QoiName[] = ['E_mag', 'E_norm', 'E_tan'];

/** One ROI listed in a mesh file. */
export interface RoiInfo {
  id: string;
  nNodes: number;
  nTriangles: number;
}

export interface ColumnStats {
  name: string;
  /** Display name (muscle without the p2p_ prefix). */
  label?: string;
  min: number;
  median: number;
  max: number;
  nanCount: number;
}

/** What the wizard and the CLI show after opening files. */
export interface DatasetSummary {
  nZaps: number;
  nElements: number;
  qois: QoiName[];
  responses: ColumnStats[];
  conditions: { name: string; zaps: number }[];
  intensity: { min: number; max: number } | null;
  roiExtent: { min: [number, number, number]; max: [number, number, number] };
  warnings: { code: string; message: string }[];
}
