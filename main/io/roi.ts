// Reads triangulated ROI geometry from mesh files (/roi_surface/<id>) and result-geometry files (/mesh/...).
import { AppError } from '../contract';
import type { H5File, H5Group } from './h5';
import {
  checkNumericDataset,
  checkReadSize,
  inputReadError,
  openH5,
  quietHdf5,
  requireDataset,
  toFloat64,
} from './h5';
import type { RoiInfo } from '../contract';
import type { RoiGeometry } from './types';

const ROI_GROUP = '/roi_surface';
const GEO_NODES = '/mesh/nodes/node_coord';
const GEO_TRIS = '/mesh/elm/triangle_number_list';

/** ROI ids of a mesh file in file order (empty when the file has no /roi_surface group). */
function roiIds(f: H5File): string[] {
  const g = f.get(ROI_GROUP);
  if (!g || 'shape' in g) return [];
  return (g as H5Group).keys().filter((k) => {
    const sub = f.get(`${ROI_GROUP}/${k}`);
    return !!sub && !('shape' in sub);
  });
}

function shapeOf(f: H5File, path: string): number[] {
  return requireDataset(f, path).shape ?? [];
}

/** Every ROI of a mesh file with its size; a result-geometry file lists one entry with id ''. */
export async function listRois(file: string): Promise<RoiInfo[]> {
  const f = await openH5(file);
  try {
    const ids = roiIds(f);
    if (ids.length > 0) {
      return ids.map((id) => ({
        id,
        nNodes: shapeOf(f, `${ROI_GROUP}/${id}/node_coord_mid`)[0] ?? 0,
        nTriangles: shapeOf(f, `${ROI_GROUP}/${id}/node_number_list`)[0] ?? 0,
      }));
    }
    if (f.get(GEO_TRIS)) {
      return [{ id: '', nNodes: shapeOf(f, GEO_NODES)[0] ?? 0, nTriangles: shapeOf(f, GEO_TRIS)[0] ?? 0 }];
    }
    return [];
  } finally {
    f.close();
  }
}

/**
 * Reads one ROI. Mesh files: `roiId` picks the ROI (optional when there is exactly one).
 * Result-geometry files (`*_geo.hdf5`): `roiId` must be empty.
 */
export async function readRoi(file: string, roiId?: string | null): Promise<RoiGeometry> {
  const f = await openH5(file);
  try {
    const ids = roiIds(f);
    let nodesPath: string;
    let trisPath: string;
    let id: string | null;
    if (ids.length > 0) {
      if (roiId === undefined || roiId === null || roiId === '') {
        if (ids.length > 1) {
          throw new AppError('ROI_REQUIRED', {
            file,
            path: ROI_GROUP,
            found: `ROIs ${ids.join(', ')}`,
            expected: 'one ROI id',
          });
        }
        id = ids[0];
      } else if (ids.includes(String(roiId))) {
        id = String(roiId);
      } else {
        throw new AppError('ROI_NOT_FOUND', {
          file,
          path: `${ROI_GROUP}/${roiId}`,
          found: `ROIs ${ids.join(', ')}`,
          expected: `ROI ${roiId}`,
        });
      }
      nodesPath = `${ROI_GROUP}/${id}/node_coord_mid`;
      trisPath = `${ROI_GROUP}/${id}/node_number_list`;
    } else if (f.get(GEO_TRIS)) {
      if (roiId) {
        throw new AppError('ROI_NOT_FOUND', {
          file,
          path: `${ROI_GROUP}/${roiId}`,
          found: 'a result-geometry file without ROIs',
          expected: `ROI ${roiId}`,
        });
      }
      id = null;
      nodesPath = GEO_NODES;
      trisPath = GEO_TRIS;
    } else {
      throw new AppError('NO_ROI', { file, expected: `${ROI_GROUP}/<id>/node_number_list or ${GEO_TRIS}` });
    }
    const nodes = readNx3(f, file, nodesPath);
    const rawTris = readNx3(f, file, trisPath);
    const nNodes = nodes.length / 3;
    const triangles = toZeroBased(rawTris, nNodes, file, trisPath);
    const geometry = triangleGeometry(nodes, triangles);
    checkGeometry(file, nodesPath, nodes, geometry.areas);
    return {
      file,
      roiId: id,
      nNodes,
      nTriangles: triangles.length / 3,
      nodes,
      triangles,
      ...geometry,
    };
  } catch (e) {
    throw inputReadError(e, file);
  } finally {
    f.close();
  }
}

/** Reads an (n, 3) dataset as float64, with BAD_SHAPE naming the path otherwise. */
function readNx3(f: H5File, file: string, path: string): Float64Array {
  const ds = requireDataset(f, path);
  const shape = ds.shape ?? [];
  if (shape.length !== 2 || shape[1] !== 3) {
    throw new AppError('BAD_SHAPE', {
      file,
      path,
      found: `shape (${shape.join(', ')})`,
      expected: 'shape (n, 3)',
    });
  }
  checkNumericDataset(file, path, ds);
  checkReadSize(file, path, ds, shape[0] * 3);
  try {
    return toFloat64(quietHdf5(() => ds.value));
  } catch (e) {
    throw inputReadError(e, file, path);
  }
}

/** Node coordinates must be finite and the ROI must have area: otherwise every distance and normal is meaningless. */
function checkGeometry(file: string, path: string, nodes: Float64Array, areas: Float64Array): void {
  for (let i = 0; i < nodes.length; i++) {
    if (!Number.isFinite(nodes[i]))
      throw new AppError('BAD_VALUES', {
        file,
        path,
        found: `${nodes[i]} in node ${Math.floor(i / 3)}`,
        expected: 'finite coordinates',
      });
  }
  if (areas.length > 0 && !areas.some((a) => a > 0))
    throw new AppError('BAD_VALUES', {
      file,
      path,
      found: `${areas.length} triangles, all of zero area`,
      expected: 'a surface (single degenerate triangles are accepted)',
    });
}

/** Converts a triangle list to 0-based Uint32 (1-based when min is 1 and max equals n_nodes), checking ranges. */
export function toZeroBased(raw: Float64Array, nNodes: number, file: string, path: string): Uint32Array {
  let min = Infinity;
  let max = -Infinity;
  for (const v of raw) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const base = raw.length > 0 && min === 1 && max === nNodes ? 1 : 0;
  const out = new Uint32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i] - base;
    if (!(v >= 0 && v < nNodes) || !Number.isInteger(v)) {
      throw new AppError('INDEX_OUT_OF_RANGE', {
        file,
        path,
        found: `node index ${raw[i]} in triangle ${Math.floor(i / 3)}`,
        expected: base === 1 ? `1…${nNodes} (1-based)` : `0…${nNodes - 1}`,
      });
    }
    out[i] = v;
  }
  return out;
}

/** Centroids, unit normals (right-hand rule of the node order) and areas of every triangle. */
export function triangleGeometry(
  nodes: Float64Array,
  triangles: Uint32Array,
): Pick<RoiGeometry, 'centroids' | 'normals' | 'areas'> {
  const n = triangles.length / 3;
  const centroids = new Float64Array(n * 3);
  const normals = new Float64Array(n * 3);
  const areas = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const a = triangles[3 * t] * 3;
    const b = triangles[3 * t + 1] * 3;
    const c = triangles[3 * t + 2] * 3;
    const ux = nodes[b] - nodes[a];
    const uy = nodes[b + 1] - nodes[a + 1];
    const uz = nodes[b + 2] - nodes[a + 2];
    const vx = nodes[c] - nodes[a];
    const vy = nodes[c + 1] - nodes[a + 1];
    const vz = nodes[c + 2] - nodes[a + 2];
    const cx = uy * vz - uz * vy;
    const cy = uz * vx - ux * vz;
    const cz = ux * vy - uy * vx;
    const len = Math.hypot(cx, cy, cz);
    for (let k = 0; k < 3; k++) centroids[3 * t + k] = (nodes[a + k] + nodes[b + k] + nodes[c + k]) / 3;
    // A degenerate triangle keeps a zero normal rather than NaN, so E_norm there is 0, not NaN.
    if (len > 0) {
      normals[3 * t] = cx / len;
      normals[3 * t + 1] = cy / len;
      normals[3 * t + 2] = cz / len;
    }
    areas[t] = len / 2;
  }
  return { centroids, normals, areas };
}
