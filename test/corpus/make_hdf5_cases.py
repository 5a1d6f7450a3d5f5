"""Hostile HDF5 inputs for the corpus test (issue 15): bad E-fields and ROIs, written into argv[1]/<name>.hdf5.

Run with /usr/bin/python3 (h5py). Each file is a complete HDF5 file whose *values or types* are wrong;
truncations and byte damage are made by the TypeScript generator from the repository's fixtures.
"""
import os
import sys

import h5py
import numpy as np

out = sys.argv[1]
Z, N = 30, 40  # zaps, elements of test/fixtures/io (roi_geo.hdf5 has 40 triangles)
rng = np.random.default_rng(15)
good = rng.uniform(0.5, 1.5, (Z, N))


def efield(name, **datasets):
    with h5py.File(os.path.join(out, name + '.hdf5'), 'w') as f:
        for k, v in datasets.items():
            f.create_dataset(k, data=v)


efield('e_zero', E_mag=np.zeros((Z, N)))
efield('e_constant', E_mag=np.full((Z, N), 0.7))
efield('e_denormal', E_mag=np.full((Z, N), 5e-324) * rng.integers(1, 3, (Z, N)))
efield('e_float16', E_mag=good.astype(np.float16))
efield('e_bool', E_mag=good > 1)
efield('e_int8_enum', E_mag=np.array(good > 1, dtype=h5py.enum_dtype({'lo': 0, 'hi': 1}, basetype='i1')))
efield('e_strings', E_mag=np.array([[b'x'] * N] * Z))
for z in range(0, Z, 3):
    bad = good.copy()
    bad[z, (z * 7) % N] = -0.5
    efield('e_negative_%02d' % z, E_mag=bad)
for z in range(0, Z, 3):
    bad = good.copy()
    bad[z, (z * 5) % N] = np.inf if z % 2 else np.nan
    efield('e_nonfinite_%02d' % z, E_mag=bad)
efield('e_1d', E_mag=good[0])
efield('e_3d_wrong', E=np.zeros((Z, N, 2)))
efield('e_wrong_zaps', E_mag=good[:-1])
efield('e_wrong_elements', E_mag=good[:, :-1])
# Declared (zaps × elements) far larger than the file: read would allocate gigabytes.
with h5py.File(os.path.join(out, 'e_huge_declared.hdf5'), 'w') as f:
    f.create_dataset('E_mag', shape=(Z, 40_000_000), dtype='f8', chunks=(1, 1_000_000))
# A virtual dataset whose source file is missing.
src = os.path.join(out, 'vsource_gone.hdf5')
with h5py.File(src, 'w') as f:
    f.create_dataset('E_mag', data=good)
layout = h5py.VirtualLayout(shape=(Z, N), dtype='f8')
layout[:] = h5py.VirtualSource('vsource_gone.hdf5', 'E_mag', shape=(Z, N))
with h5py.File(os.path.join(out, 'e_virtual_missing.hdf5'), 'w') as f:
    f.create_virtual_dataset('E_mag', layout, fillvalue=0)
os.remove(src)

with h5py.File(os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'io', 'roi_geo.hdf5'), 'r') as f:
    nodes = f['mesh/nodes/node_coord'][:]
    tris = f['mesh/elm/triangle_number_list'][:]


def roi(name, n, t):
    with h5py.File(os.path.join(out, name + '.hdf5'), 'w') as f:
        f.create_dataset('mesh/nodes/node_coord', data=n)
        f.create_dataset('mesh/elm/triangle_number_list', data=t)


for i in range(0, len(nodes), 3):
    bad = nodes.copy()
    bad[i, i % 3] = [np.nan, np.inf, -np.inf][i % 3]
    roi('roi_nonfinite_%02d' % i, bad, tris)
roi('roi_all_degenerate', np.zeros_like(nodes), tris)
roi('roi_collinear', np.stack([np.arange(len(nodes)), np.zeros(len(nodes)), np.zeros(len(nodes))], 1).astype('f8'), tris)
roi('roi_float16', nodes.astype(np.float16), tris)
roi('roi_bool_tris', nodes, tris > 3)
roi('roi_index_high', nodes, tris + 100)
roi('roi_index_negative', nodes, tris - 5)
roi('roi_2col', nodes[:, :2], tris)

# Declared 6 GiB (6442450944 bytes) but never written, so the file stays tiny: reading it whole would ask
# the WebAssembly heap for 6 GiB. E (as wide as 6 GiB, or as many zaps as 6 GiB of vectors), the mesh's node
# list, and an ROI's triangle list.
SIX_GIB_F8 = 6 * 2**30 // 8
with h5py.File(os.path.join(out, 'e_6gib_declared.hdf5'), 'w') as f:
    f.create_dataset('E_mag', shape=(Z, SIX_GIB_F8 // Z), dtype='f8')
with h5py.File(os.path.join(out, 'e_6gib_zaps.hdf5'), 'w') as f:
    f.create_dataset('E', shape=(SIX_GIB_F8 // N // 3, N, 3), dtype='f8')
with h5py.File(os.path.join(out, 'mesh_6gib_nodes.hdf5'), 'w') as f:
    f.create_dataset('mesh/nodes/node_coord', shape=(SIX_GIB_F8 // 3, 3), dtype='f8')
    f.create_dataset('mesh/elm/triangle_number_list', data=tris)
with h5py.File(os.path.join(out, 'roi_6gib_triangles.hdf5'), 'w') as f:
    f.create_dataset('roi_surface/0/node_coord_mid', data=nodes)
    f.create_dataset('roi_surface/0/node_number_list', shape=(SIX_GIB_F8 // 3, 3), dtype='i8')
