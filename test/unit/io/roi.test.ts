import { describe, expect, it } from 'vitest';
import { listRois, readRoi } from '../../../main/io/roi';
import { expectAppError, expectClose, expected, fx } from './fixtures';

const E = expected.roi;

describe('listRois', () => {
  it('lists every ROI of a mesh file with node and triangle counts', async () => {
    expect(await listRois(fx('mesh_rois.hdf5'))).toEqual(E.rois);
  });
  it('lists a result-geometry file as one unnamed ROI', async () => {
    expect(await listRois(fx('roi_geo.hdf5'))).toEqual([
      { id: '', nNodes: E.rois[0].nNodes, nTriangles: E.rois[0].nTriangles },
    ]);
  });
  it('returns nothing for a file without geometry', async () => {
    expect(await listRois(fx('no_roi.hdf5'))).toEqual([]);
  });
});

describe('readRoi', () => {
  it('reads a mesh ROI: nodes, 0-based triangles, centroids, unit normals, areas', async () => {
    const roi = await readRoi(fx('mesh_rois.hdf5'), '0');
    expect(roi.roiId).toBe('0');
    expect(roi.nNodes).toBe(E.rois[0].nNodes);
    expect(roi.nTriangles).toBe(E.rois[0].nTriangles);
    expect(Array.from(roi.triangles)).toEqual(E.triangles);
    expectClose(roi.nodes, E.nodes, 1e-12);
    expectClose(roi.centroids, E.centroids, 1e-12);
    expectClose(roi.normals, E.normals, 1e-12);
    expectClose(roi.areas, E.areas, 1e-12);
  });
  it('picks the named ROI among several and ignores the whole-head /mesh', async () => {
    const roi = await readRoi(fx('mesh_rois.hdf5'), 'midlayer_l');
    expect(roi.nTriangles).toBe(E.rois[1].nTriangles);
    expectClose(roi.centroids.subarray(0, 3), E.roi1Centroid0, 1e-12);
  });
  it('detects 1-based triangle lists and converts them', async () => {
    const roi = await readRoi(fx('mesh_1based.hdf5'));
    expect(roi.roiId).toBe('midlayer_m1s1pmd');
    expect(Array.from(roi.triangles)).toEqual(E.triangles);
  });
  it('reads a result-geometry file (/mesh/nodes, /mesh/elm)', async () => {
    const roi = await readRoi(fx('roi_geo.hdf5'));
    expect(roi.roiId).toBeNull();
    expect(Array.from(roi.triangles)).toEqual(E.triangles);
    expectClose(roi.areas, E.areas, 1e-12);
  });
  it('requires an id when the file has several ROIs and lists them', async () => {
    await expectAppError(readRoi(fx('mesh_rois.hdf5')), 'ROI_REQUIRED', [
      'mesh_rois.hdf5',
      '/roi_surface',
      'ROIs 0, midlayer_l',
    ]);
  });
  it('names the available ROIs when the id is unknown', async () => {
    await expectAppError(readRoi(fx('mesh_rois.hdf5'), 'nope'), 'ROI_NOT_FOUND', [
      '/roi_surface/nope',
      'ROIs 0, midlayer_l',
    ]);
  });
  it('rejects triangle indices outside the node list', async () => {
    const b = E.badIndex;
    await expectAppError(readRoi(fx('roi_bad_index.hdf5')), 'INDEX_OUT_OF_RANGE', [
      'roi_bad_index.hdf5',
      '/roi_surface/0/node_number_list',
      `node index ${b.value} in triangle ${b.triangle}`,
      `0…${E.rois[0].nNodes - 1}`,
    ]);
  });
  it('reports files without geometry, non-HDF5 files and missing files', async () => {
    await expectAppError(readRoi(fx('no_roi.hdf5')), 'NO_ROI', ['no_roi.hdf5', 'node_number_list']);
    await expectAppError(readRoi(fx('not_hdf5.hdf5')), 'NOT_HDF5', ['not_hdf5.hdf5']);
    await expectAppError(readRoi(fx('does_not_exist.hdf5')), 'FILE_NOT_FOUND', ['does_not_exist.hdf5']);
  });
  it('reports a missing node dataset', async () => {
    await expectAppError(readRoi(fx('e.hdf5')), 'NO_ROI');
  });
});
