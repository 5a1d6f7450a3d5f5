// A demo dataset cropped to a geodesic disc around one muscle's ground-truth hotspot: the ROI subset the significance validation maps.
//
// The permutation test and the bootstrap map every replicate over the whole ROI, so the validation's cost is
// proportional to the ROI's size. Their behaviour near a hotspot only needs the hotspot's surroundings: a disc of
// the ROI (its own mesh and E file, same responses) mapped as an ROI of its own, with the usual pipeline.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoFiles } from '../../main/io/demo-dataset';
import { openEfield } from '../../main/io/efield';
import { createH5, ensureGroup } from '../../main/io/h5';
import { readRoi } from '../../main/io/roi';
import { geodesicDistances } from '../../workers/mesh';

export interface CroppedDemo {
  meshFile: string;
  roiId: string;
  efieldFile: string;
  responsesFile: string;
  column: string;
  muscle: string;
  /** The ground-truth element's index in the cropped ROI. */
  truth: number;
  nElements: number;
  /** Smallest geodesic distance (mm) from the truth to an element left out: how far a hotspot could wander. */
  edgeMm: number;
}

/** Crops `d` to the elements within `radiusMm` (geodesic) of `muscle`'s ground-truth element; cached in `dir`. */
export async function cropAroundTruth(
  d: DemoFiles,
  muscle: string,
  radiusMm: number,
  dir: string,
): Promise<CroppedDemo> {
  const m = d.truth.muscles.find((x) => x.muscle === muscle);
  if (!m) throw new Error(`no muscle ${muscle} in ${d.truthFile}`);
  const meta = join(dir, 'crop.json');
  const key = JSON.stringify({ source: d.dir, recipe: d.truth.recipe, muscle, radiusMm });
  if (existsSync(meta)) {
    const c = JSON.parse(readFileSync(meta, 'utf8')) as CroppedDemo & { key: string };
    if (c.key === key) return c;
  }
  const roi = await readRoi(d.meshFile, d.roiId);
  const dist = geodesicDistances(roi, m.element);
  const keep: number[] = [];
  let edgeMm = Infinity;
  for (let j = 0; j < dist.length; j++) {
    if (dist[j] <= radiusMm) keep.push(j);
    else edgeMm = Math.min(edgeMm, dist[j]);
  }
  // Nodes of the kept triangles, renumbered in order.
  const nodeMap = new Map<number, number>();
  const tri = new Int32Array(keep.length * 3);
  keep.forEach((t, i) => {
    for (let c = 0; c < 3; c++) {
      const n = roi.triangles[3 * t + c];
      if (!nodeMap.has(n)) nodeMap.set(n, nodeMap.size);
      tri[3 * i + c] = nodeMap.get(n)!;
    }
  });
  const nodes = new Float64Array(nodeMap.size * 3);
  for (const [old, k] of nodeMap) nodes.set(roi.nodes.subarray(3 * old, 3 * old + 3), 3 * k);
  const centroids = new Float64Array(keep.length * 3);
  keep.forEach((t, i) => centroids.set(roi.centroids.subarray(3 * t, 3 * t + 3), 3 * i));

  mkdirSync(dir, { recursive: true });
  const meshFile = join(dir, 'mesh.hdf5');
  const mesh = await createH5(meshFile);
  try {
    const g = ensureGroup(mesh, `/roi_surface/${d.roiId}`);
    g.create_dataset({ name: 'node_coord_mid', data: nodes, shape: [nodeMap.size, 3], dtype: '<d' });
    g.create_dataset({ name: 'node_number_list', data: tri, shape: [keep.length, 3], dtype: '<i' });
    g.create_dataset({ name: 'tri_center_coord_mid', data: centroids, shape: [keep.length, 3], dtype: '<d' });
  } finally {
    mesh.close();
  }
  // E columns of the kept elements, all zaps, in the demo's layout (zaps × elements).
  const src = await openEfield(d.efieldFile);
  const efieldFile = join(dir, 'e.hdf5');
  const out = await createH5(efieldFile);
  try {
    for (const qoi of ['E_mag', 'E_norm', 'E_tan'] as const) {
      const cols = await src.readColumns(qoi, 0, src.nElements); // element-major: [element][zap]
      const nz = src.nZaps;
      const data = new Float32Array(nz * keep.length);
      keep.forEach((e, i) => {
        for (let k = 0; k < nz; k++) data[k * keep.length + i] = cols[e * nz + k];
      });
      out.create_dataset({
        name: qoi,
        data,
        shape: [nz, keep.length],
        dtype: '<f',
        chunks: [nz, keep.length],
      });
    }
  } finally {
    out.close();
    src.close();
  }
  const c: CroppedDemo = {
    meshFile,
    roiId: d.roiId,
    efieldFile,
    responsesFile: d.responsesFile,
    column: m.column,
    muscle,
    truth: keep.indexOf(m.element),
    nElements: keep.length,
    edgeMm,
  };
  writeFileSync(meta, JSON.stringify({ ...c, key }));
  return c;
}
