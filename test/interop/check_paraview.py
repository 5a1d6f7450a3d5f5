"""Opens every .xdmf of a TMS Mapper result folder with ParaView's three XDMF readers and compares each cell array
with the HDF5 dataset the XDMF points at. Manual check (CI has no ParaView):

    apt-get install python3-paraview        # Debian/Ubuntu; or any ParaView's pvpython
    pvpython --force-offscreen-rendering test/interop/check_paraview.py <result-folder>

Prints one line per file × reader and exits 1 if any reader fails or any value differs.
"""
import os
import sys
import xml.etree.ElementTree as ET

import h5py
import numpy as np
from paraview import servermanager as sm
from paraview import simple
from vtk.util.numpy_support import vtk_to_numpy

READERS = {
    "XDMFReader": lambda p: simple.XDMFReader(FileNames=[p]),
    "Xdmf3ReaderS": lambda p: simple.Xdmf3ReaderS(FileName=[p]),
    "Xdmf3ReaderT": lambda p: simple.Xdmf3ReaderT(FileName=[p]),
}


def cell_sources(xdmf):
    """Attribute name → (hdf5 file, path) for the cell-centred attributes."""
    out = {}
    for a in ET.parse(xdmf).getroot().iter("Attribute"):
        if a.get("Center") == "Cell":
            file, path = list(a)[0].text.strip().split(":")
            out[a.get("Name")] = (os.path.join(os.path.dirname(xdmf), file), path)
    return out


def first_block(d):
    if d.IsA("vtkCompositeDataSet"):
        it = d.NewIterator()
        it.InitTraversal()
        return it.GetCurrentDataObject()
    return d


def main():
    top = sys.argv[1]
    failures = 0
    for folder, _, files in sorted(os.walk(top)):
        for fn in sorted(files):
            if not fn.endswith(".xdmf"):
                continue
            xdmf = os.path.join(folder, fn)
            sources = cell_sources(xdmf)
            for name, make in READERS.items():
                try:
                    r = make(xdmf)
                    r.UpdatePipeline()
                    ds = first_block(sm.Fetch(r))
                    cd = ds.GetCellData()
                    bad = []
                    for attr, (h5file, path) in sources.items():
                        arr = cd.GetArray(attr)
                        with h5py.File(h5file, "r") as f:
                            want = f[path][()]
                        if arr is None or not np.array_equal(vtk_to_numpy(arr).reshape(-1), want, equal_nan=want.dtype.kind == "f"):
                            bad.append(attr)
                    ok = not bad and ds.GetNumberOfCells() > 0 and ds.GetCellType(0) == 5  # VTK_TRIANGLE
                    failures += 0 if ok else 1
                    print(f"{'ok  ' if ok else 'FAIL'} {os.path.relpath(xdmf, top)} {name}: {ds.GetNumberOfPoints()} points, "
                          f"{ds.GetNumberOfCells()} triangles, {len(sources)} cell arrays{'; differ: ' + ', '.join(bad) if bad else ''}")
                    simple.Delete(r)
                except Exception as e:  # a reader refusing the file is a failure to report, not to hide
                    failures += 1
                    print(f"FAIL {os.path.relpath(xdmf, top)} {name}: {type(e).__name__}: {e}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
