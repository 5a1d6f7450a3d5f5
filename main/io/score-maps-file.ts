// Score maps (/data/tris/c_<qoi>) of pyNIBS or TMS Mapper results files: read them (and their geometry) and compare one
// map with them (`tms-mapper compare`, the app's Compare tab).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError, compareMaps, scoreDirection, type QoiComparison, type ScoreType } from '../contract';
import { checkNumericDataset, checkReadSize, inputReadError, openH5, requireDataset, toFloat64 } from './h5';
import type { H5File, H5Group } from './h5';
import * as L from './results-layout';
import { toZeroBased, triangleGeometry } from './roi';

/** One score map of a file: the values per element and, where the file says (ours do), the score's type. */
export interface ScoreMap {
  scores: Float64Array;
  scoreType?: string;
}

export interface ScoreMapsFile {
  /** The data file read. */
  file: string;
  /** By QOI name (the dataset name after `c_`), in the file's order. */
  maps: Map<string, ScoreMap>;
  /** Triangle centroids (x, y, z per element) from the geometry file next to it, when there is one. */
  centroids?: Float64Array;
  /** The geometry file the centroids come from. */
  geometryFile?: string;
}

/**
 * The data file a path names: the file itself; a folder holding r2_roi_data.hdf5 (a response folder of ours) or a
 * single <base>_data.hdf5 (a pyNIBS output folder); or a TMS Mapper result folder with exactly one response folder.
 */
export function resolveScoreFile(path: string): string {
  const p = resolve(path);
  let st;
  try {
    st = statSync(p);
  } catch {
    throw new AppError('FILE_NOT_FOUND', { file: p, expected: 'a results file (*_data.hdf5) or its folder' });
  }
  if (!st.isDirectory()) return p;
  const direct = join(p, L.DATA_FILE);
  if (existsSync(direct)) return direct;
  // A pyNIBS output folder: one <base>_data.hdf5.
  const dataFiles = readdirSync(p, { withFileTypes: true }).filter(
    (d) => d.isFile() && d.name.endsWith('_data.hdf5'),
  );
  if (dataFiles.length === 1) return join(p, dataFiles[0].name);
  if (dataFiles.length > 1)
    throw new AppError(
      'BAD_ARGUMENT',
      { file: p, found: `${dataFiles.length} results files`, expected: 'one: name the file' },
      `it holds ${dataFiles.map((d) => d.name).join(', ')}`,
    );
  const inside = readdirSync(p, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(p, d.name, L.DATA_FILE)))
    .map((d) => join(p, d.name, L.DATA_FILE));
  if (inside.length === 1) return inside[0];
  if (inside.length === 0)
    throw new AppError('RESULTS_INVALID', {
      file: p,
      found: `no *_data.hdf5 in the folder and no ${L.DATA_FILE} in its subfolders`,
      expected: 'a results file or a folder holding one',
    });
  throw new AppError(
    'BAD_ARGUMENT',
    { file: p, found: `${inside.length} score files`, expected: 'one: name the response folder' },
    `it holds ${inside.map((f) => basename(dirname(f))).join(', ')}`,
  );
}

/** pyNIBS names the geometry `<base>_geo.hdf5` next to `<base>_data.hdf5` (ours: r2_roi_geo.hdf5 next to r2_roi_data.hdf5). */
export function geometryFileFor(dataFile: string): string | null {
  const name = basename(dataFile);
  if (!name.endsWith('_data.hdf5')) return null;
  return join(dirname(dataFile), `${name.slice(0, -'_data.hdf5'.length)}_geo.hdf5`);
}

/**
 * Reads every `/data/tris/c_*` map of the file a path names (see resolveScoreFile) and its geometry, if present and
 * asked for.
 */
export async function readScoreMaps(path: string, opts: { geometry?: boolean } = {}): Promise<ScoreMapsFile> {
  const file = resolveScoreFile(path);
  const f = await openH5(file);
  let maps: Map<string, ScoreMap>;
  try {
    maps = readMaps(f, file);
  } finally {
    f.close();
  }
  const geo = opts.geometry === false ? null : geometryFileFor(file);
  if (!geo || !existsSync(geo)) return { file, maps };
  const n = maps.values().next().value?.scores.length ?? 0;
  return { file, maps, centroids: await readCentroids(geo, n), geometryFile: geo };
}

function readMaps(f: H5File, file: string): Map<string, ScoreMap> {
  const group = f.get(L.TRIS_GROUP);
  if (!group || 'shape' in group)
    throw new AppError('DATASET_MISSING', {
      file,
      path: L.TRIS_GROUP,
      expected: 'score maps /data/tris/c_<qoi> (the pyNIBS results layout)',
    });
  const names = (group as H5Group).keys().filter((k) => k.startsWith('c_'));
  if (names.length === 0)
    throw new AppError('DATASET_MISSING', {
      file,
      path: `${L.TRIS_GROUP}/c_<qoi>`,
      found: `only ${(group as H5Group).keys().join(', ') || 'an empty group'}`,
      expected: 'at least one score map, e.g. c_E_mag',
    });
  const maps = new Map<string, ScoreMap>();
  let n = -1;
  for (const name of names) {
    const path = `${L.TRIS_GROUP}/${name}`;
    try {
      const ds = requireDataset(f, path);
      const shape = ds.shape ?? [];
      // pyNIBS writes (n_tri,); a column (n_tri, 1) holds the same values.
      if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1)))
        throw new AppError('BAD_SHAPE', {
          file,
          path,
          found: `shape (${shape.join(', ')})`,
          expected: '(n_tri,)',
        });
      checkNumericDataset(file, path, ds);
      checkReadSize(file, path, ds, shape[0]);
      if (n >= 0 && shape[0] !== n)
        throw new AppError('BAD_SHAPE', {
          file,
          path,
          found: `${shape[0]} elements`,
          expected: `${n}, as the file's other score maps`,
        });
      n = shape[0];
      const attr = ds.attrs.score_type?.value;
      maps.set(name.slice(2), {
        scores: Float64Array.from(toFloat64(ds.value)),
        ...(typeof attr === 'string' ? { scoreType: attr } : {}),
      });
    } catch (e) {
      throw inputReadError(e, file, path);
    }
  }
  return maps;
}

/** Centroids of the geometry file's triangles, which must be one per element of the score maps. */
async function readCentroids(file: string, nElements: number): Promise<Float64Array> {
  const f = await openH5(file);
  try {
    const nodes = toFloat64(requireDataset(f, L.NODE_COORD_PATH).value);
    const raw = toFloat64(requireDataset(f, L.TRIANGLES_PATH).value);
    if (nodes.length % 3 !== 0 || raw.length !== 3 * nElements)
      throw new AppError('ELEMENT_COUNT_MISMATCH', {
        file,
        path: L.TRIANGLES_PATH,
        found: `${raw.length / 3} triangles`,
        expected: `${nElements}, one per element of the score maps`,
      });
    // 0-based as pyNIBS and we write them (a 1-based list, as some meshes hold, is recognised too).
    const triangles = toZeroBased(raw, nodes.length / 3, file, L.TRIANGLES_PATH);
    return triangleGeometry(nodes, triangles).centroids;
  } catch (e) {
    throw inputReadError(e, file);
  } finally {
    f.close();
  }
}

function distance(c: Float64Array | undefined, a: number, b: number): number | null {
  if (!c || a < 0 || b < 0) return null;
  return Math.hypot(c[3 * a] - c[3 * b], c[3 * a + 1] - c[3 * b + 1], c[3 * a + 2] - c[3 * b + 2]);
}

/**
 * One map (named `mapName` in messages) against the `qoi` maps of the references: they must exist, cover the same
 * elements and, where a file says, hold the same score type. Best elements' distances use `centroids` (the map's ROI).
 */
export function compareQoi(
  map: ScoreMap,
  mapName: string,
  refs: ScoreMapsFile[],
  qoi: string,
  tolerance: number,
  centroids?: Float64Array,
): QoiComparison {
  if (refs.length === 0)
    throw new AppError('BAD_ARGUMENT', { found: 'no reference', expected: 'at least one reference file' });
  const scoreType = map.scoreType ?? 'R2';
  const path = `${L.TRIS_GROUP}/c_${qoi}`;
  const scores = refs.map((r) => {
    const rm = r.maps.get(qoi);
    if (!rm)
      throw new AppError('DATASET_MISSING', {
        file: r.file,
        path,
        found: [...r.maps.keys()].map((k) => `c_${k}`).join(', '),
      });
    if (rm.scores.length !== map.scores.length)
      throw new AppError('ELEMENT_COUNT_MISMATCH', {
        file: r.file,
        path,
        found: `${rm.scores.length} elements`,
        expected: `${map.scores.length}, as ${mapName} (the same ROI)`,
      });
    if (rm.scoreType !== undefined && rm.scoreType !== scoreType)
      throw new AppError('BAD_ARGUMENT', {
        file: r.file,
        path,
        found: `score type ${rm.scoreType}`,
        expected: `${scoreType}, as ${mapName}`,
      });
    return rm.scores;
  });
  const c = compareMaps(map.scores, scores, tolerance, scoreDirection(scoreType as ScoreType));
  return {
    qoi,
    scoreType,
    ...c,
    bestDistances: c.best.references.map((b) => distance(centroids, c.best.map.element, b.element)),
  };
}
