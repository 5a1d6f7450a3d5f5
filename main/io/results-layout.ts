// Names of the files and HDF5 paths of a result folder (pyNIBS spelling), shared by the results writer and reader.
import type { QoiName } from '../contract';

export const DATA_FILE = 'r2_roi_data.hdf5';
export const GEO_FILE = 'r2_roi_geo.hdf5';
export const XDMF_FILE = 'r2_roi_data.xdmf';
export const SUMMARY_FILE = 'summary.json';
export const HOTSPOTS_FILE = 'hotspots.csv';
export const CONVERGENCE_CSV_FILE = 'convergence.csv';

/** Version of this layout, stored with every result so later readers can tell what they open. */
export const RESULTS_FORMAT_VERSION = 1;

export const NODE_COORD_PATH = '/mesh/nodes/node_coord';
export const TRIANGLES_PATH = '/mesh/elm/triangle_number_list';
export const TISSUE_TYPE_PATH = '/mesh/elm/tri_tissue_type';
export const ZAP_INDEX_PATH = '/zap_idx';

export const TRIS_GROUP = '/data/tris';
export const scoreName = (qoi: QoiName): string => `c_${qoi}`;
export const paramName = (param: string, qoi: QoiName): string => `${param}_${qoi}`;
export const statusName = (qoi: QoiName): string => `status_${qoi}`;

/**
 * Convergence of one response × QOI: its own file, so the reference names `c/<n>`, `mc/<n>`,
 * `sv_rat/<n>` stay unchanged inside it.
 */
export const convergenceFile = (qoi: QoiName): string => `convergence_${qoi}.hdf5`;
export const convergenceXdmfFile = (qoi: QoiName): string => `convergence_${qoi}.xdmf`;

/**
 * Folder name of a response: the name itself when it is a safe file name, otherwise a
 * sanitised form (summary.json records the mapping, so the reader never guesses).
 */
export function responseFolder(response: string): string {
  const safe = response.replace(/[^A-Za-z0-9._-]/g, '_');
  return safe === '' || safe === '.' || safe === '..' || safe.startsWith('.')
    ? `response_${safe.replace(/^\.+/, '')}`
    : safe;
}
