// A results file in pyNIBS' layout (/data/tris/c_<qoi>, geometry in <base>_geo.hdf5), for the compare tests.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createH5, ensureGroup } from '../../../main/io/h5';
import type { RoiGeometry } from '../../../main/io/types';

/**
 * A results file as pyNIBS writes it (`/data/tris/c_<qoi>`, here as (n, 1) columns), with the ROI's geometry next to it
 * unless `roi` is null or `geometry` false.
 */
export async function writePynibs(
  roi: RoiGeometry | null,
  dir: string,
  maps: Record<string, Float64Array>,
  opts: { geometry?: boolean; scoreType?: string } = {},
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'sub01_data.hdf5');
  const f = await createH5(file);
  const tris = ensureGroup(f, '/data/tris');
  for (const [qoi, v] of Object.entries(maps)) {
    const ds = tris.create_dataset({ name: `c_${qoi}`, data: v, shape: [v.length, 1], dtype: '<d' });
    if (opts.scoreType) ds.create_attribute('score_type', opts.scoreType);
  }
  f.close();
  if (roi && opts.geometry !== false) {
    const g = await createH5(join(dir, 'sub01_geo.hdf5'));
    ensureGroup(g, '/mesh/nodes').create_dataset({
      name: 'node_coord',
      data: roi.nodes,
      shape: [roi.nNodes, 3],
      dtype: '<d',
    });
    ensureGroup(g, '/mesh/elm').create_dataset({
      name: 'triangle_number_list',
      data: Int32Array.from(roi.triangles),
      shape: [roi.nTriangles, 3],
      dtype: '<i',
    });
    g.close();
  }
  return file;
}
