// Types of what the readers return: ROI geometry, E-field sources read in column blocks, response tables.
import type { QoiName } from '../contract';

/** A triangulated cortical ROI (element = triangle). Arrays are flat, row-major (n × 3). */
export interface RoiGeometry {
  file: string;
  /** ROI id inside a mesh file, or null for a result-geometry file. */
  roiId: string | null;
  nNodes: number;
  nTriangles: number;
  nodes: Float64Array;
  /** 0-based node indices (converted if the file was 1-based). */
  triangles: Uint32Array;
  centroids: Float64Array;
  /** Unit normals, right-hand rule of the node order. */
  normals: Float64Array;
  areas: Float64Array;
}

/** An opened E-field file: metadata plus block reads; close() when done. */
export interface EfieldSource {
  file: string;
  nZaps: number;
  nElements: number;
  /** QOIs available directly or derivable (from /E with the ROI normals). */
  qois: QoiName[];
  /** Elements per storage chunk along the element axis (blocks aligned to it read fastest); null when contiguous or unknown. */
  chunkElements?: number | null;
  /**
   * Reads elements [start, end) of one QOI for the given zaps (all when omitted), as float32
   * **element-major**: out[(j - start) * nZapsSelected + k] = E[zaps[k], j].
   */
  readColumns(qoi: QoiName, start: number, end: number, zaps?: Uint32Array): Promise<Float32Array>;
  close(): void;
}

/** Responses and zap metadata, one row per zap. */
export interface ResponseTable {
  file: string;
  nZaps: number;
  /** Numeric columns usable as responses (e.g. p2p_FDI), in file order. */
  columns: Record<string, Float64Array>;
  /** Condition label per zap, when the file has one. */
  conditions: string[] | null;
  /** Realised intensity per zap (e.g. stim_data/current), when the file has one. */
  intensity: Float64Array | null;
}
