#!/usr/bin/env python3
"""Checks a TMS Mapper result folder with the users' own tools (h5py, meshio) and prints what they see as JSON.

Usage: python3 check_results.py <result-folder>
Exit 0 when every check passes, 1 when a check fails, 2 when h5py/meshio are missing.
The JSON (stdout) carries the values read, so the calling test compares them with what it wrote.
"""
import contextlib
import json
import math
import os
import sys
import tempfile
import xml.etree.ElementTree as ET

try:
    import h5py
    import meshio
    import numpy as np
except ImportError as e:  # the test turns this into a clear failure, never a skip
    print(json.dumps({"ok": False, "missing": str(e), "python": sys.executable}))
    sys.exit(2)

errors = []


def check(cond, msg):
    if not cond:
        errors.append(msg)
    return cond


def clean(x):
    """JSON without NaN/Inf (the test side parses with JSON.parse)."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return clean(x.tolist())
    if isinstance(x, (np.floating, float)):
        return None if not math.isfinite(float(x)) else float(x)
    if isinstance(x, np.integer):
        return int(x)
    return x


def check_dataset(f, path, dtype, shape):
    if not check(path in f, f"{f.filename}: missing {path}"):
        return None
    d = f[path]
    check(d.dtype == np.dtype(dtype), f"{f.filename}:{path} dtype {d.dtype}, expected {dtype}")
    check(d.shape == tuple(shape), f"{f.filename}:{path} shape {d.shape}, expected {tuple(shape)}")
    return d[()]


def check_geo(path):
    with h5py.File(path, "r") as f:
        nodes = f["/mesh/nodes/node_coord"][()]
        n_nodes = nodes.shape[0]
        check(nodes.dtype == np.float64 and nodes.ndim == 2 and nodes.shape[1] == 3, f"{path}: node_coord {nodes.dtype} {nodes.shape}")
        tris = f["/mesh/elm/triangle_number_list"][()]
        check(tris.dtype == np.int32 and tris.ndim == 2 and tris.shape[1] == 3, f"{path}: triangle_number_list {tris.dtype} {tris.shape}")
        check(tris.min() == 0 and tris.max() < n_nodes, f"{path}: triangle indices not 0-based within {n_nodes} nodes")
        tt = f["/mesh/elm/tri_tissue_type"][()]
        check(np.issubdtype(tt.dtype, np.integer) and tt.shape == (n_nodes, 1) and not tt.any(), f"{path}: tri_tissue_type {tt.dtype} {tt.shape}")
        return {"n_nodes": int(n_nodes), "n_tris": int(tris.shape[0]), "nodes": nodes, "triangles": tris}


def data_items(elem):
    items = list(elem)
    check(len(items) == 1 and items[0].tag == "DataItem", f"<{elem.tag}> must hold exactly one DataItem")
    return items[0]


def resolve_item(folder, item):
    """Opens what a DataItem points at, as ParaView would: base file name relative to the .xdmf."""
    check(item.get("Format") == "HDF", "DataItem Format must be HDF")
    file, h5path = item.text.strip().split(":")
    check(os.path.basename(file) == file, f"HDF reference {file} must be a base name")
    with h5py.File(os.path.join(folder, file), "r") as f:
        check(h5path in f, f"{file}:{h5path} does not exist")
        data = f[h5path][()]
    dims = tuple(int(d) for d in item.get("Dimensions").split())
    check(int(np.prod(dims)) == data.size, f"{file}:{h5path} has {data.size} values, XDMF says {dims}")
    kind = {"f": "Float", "i": "Int", "u": "UInt" if data.dtype.itemsize > 1 else "UChar"}[data.dtype.kind]
    check(item.get("NumberType") == kind, f"{h5path}: NumberType {item.get('NumberType')} for {data.dtype}")
    check(item.get("Precision") == str(data.dtype.itemsize), f"{h5path}: Precision {item.get('Precision')} for {data.dtype}")
    return data


def check_xdmf(path, n_nodes, n_tris):
    """The pyNIBS structure: Domain > spatial Collection > Uniform grid 'tris'."""
    folder = os.path.dirname(path)
    root = ET.parse(path).getroot()
    check(root.tag == "Xdmf" and root.get("Version") == "2.0", "root must be <Xdmf Version=2.0>")
    domain = list(root)[0]
    coll = list(domain)[0]
    check(coll.get("GridType") == "Collection" and coll.get("CollectionType") == "Spatial", "Domain must hold a spatial collection")
    grids = list(coll)
    check(len(grids) == 1, "the collection must hold one grid")
    grid = grids[0]
    check(grid.get("Name") == "tris" and grid.get("GridType") == "Uniform", "the grid must be Uniform 'tris'")
    out = {"attributes": [], "node_attributes": []}
    for el in grid:
        if el.tag == "Topology":
            check(el.get("TopologyType") == "Triangle", "Topology must be Triangle")
            check(el.get("NumberOfElements") == str(n_tris), "NumberOfElements must be n_tris")
            resolve_item(folder, data_items(el))
        elif el.tag == "Geometry":
            check(el.get("GeometryType") == "XYZ", "Geometry must be XYZ")
            resolve_item(folder, data_items(el))
        elif el.tag == "Attribute":
            check(el.get("AttributeType") == "Scalar", "attributes must be Scalar")
            data = resolve_item(folder, data_items(el))
            if el.get("Center") == "Cell":
                check(data.shape[0] == n_tris, f"cell attribute {el.get('Name')} has {data.shape[0]} values")
                out["attributes"].append(el.get("Name"))
            else:
                check(data.shape[0] == n_nodes, f"node attribute {el.get('Name')} has {data.shape[0]} values")
                out["node_attributes"].append(el.get("Name"))
        else:
            check(False, f"unexpected <{el.tag}> in grid")
    return out


def meshio_read(path):
    """meshio.read on the .xdmf. meshio's XDMF 2 reader accepts only a lone Uniform grid, so the
    pyNIBS collection is tried as is first and, if refused, read through its one inner grid."""
    info = {"direct": True, "direct_error": None}
    try:
        # meshio prints "Couldn't read file …" to stdout on failure; keep stdout pure JSON.
        with contextlib.redirect_stdout(sys.stderr):
            mesh = meshio.read(path)
    except (Exception, SystemExit):  # meshio.read exits(1) after printing when no reader accepts the file
        info["direct"] = False
        try:
            meshio.xdmf.read(path)
        except Exception as e:  # the XDMF reader's own reason
            info["direct_error"] = f"{type(e).__name__}: {e}"
        tree = ET.parse(path)
        domain = list(tree.getroot())[0]
        coll = list(domain)[0]
        inner = list(coll)[0]
        domain.remove(coll)
        domain.append(inner)
        fd, tmp = tempfile.mkstemp(suffix=".xdmf", dir=os.path.dirname(path))
        os.close(fd)
        try:
            tree.write(tmp)
            with contextlib.redirect_stdout(sys.stderr):
                mesh = meshio.read(tmp)
        finally:
            os.remove(tmp)
    info["n_points"] = int(mesh.points.shape[0])
    info["cell_types"] = [b.type for b in mesh.cells]
    info["n_cells"] = int(sum(len(b.data) for b in mesh.cells))
    info["points"] = mesh.points
    info["cells"] = mesh.cells[0].data if mesh.cells else []
    info["cell_data"] = {k: np.asarray(v[0]).reshape(-1) for k, v in mesh.cell_data.items()}
    info["point_data"] = sorted(mesh.point_data.keys())
    return info


def check_response(folder, entries, n_tris_expected):
    geo = check_geo(os.path.join(folder, "r2_roi_geo.hdf5"))
    n_tris, n_nodes = geo["n_tris"], geo["n_nodes"]
    check(n_tris == n_tris_expected, f"{folder}: {n_tris} triangles, summary says {n_tris_expected}")
    datasets = {}
    with h5py.File(os.path.join(folder, "r2_roi_data.hdf5"), "r") as f:
        attrs = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in f.attrs.items()}
        for e in entries:
            q = e["qoi"]
            datasets[f"c_{q}"] = check_dataset(f, f"/data/tris/c_{q}", "float64", (n_tris,))
            for p in e["paramNames"]:
                datasets[f"{p}_{q}"] = check_dataset(f, f"/data/tris/{p}_{q}", "float64", (n_tris,))
            datasets[f"status_{q}"] = check_dataset(f, f"/data/tris/status_{q}", "uint8", (n_tris,))
        zap_idx = f["/zap_idx"][()] if "/zap_idx" in f else None
    xdmf = check_xdmf(os.path.join(folder, "r2_roi_data.xdmf"), n_nodes, n_tris)
    check(sorted(xdmf["attributes"]) == sorted(datasets.keys()), "XDMF attributes must be exactly the /data/tris datasets")
    mesh = meshio_read(os.path.join(folder, "r2_roi_data.xdmf"))
    check(mesh["cell_types"] == ["triangle"], f"meshio sees {mesh['cell_types']}")
    check(mesh["n_cells"] == n_tris and mesh["n_points"] == n_nodes, "meshio sizes differ from the geo file")
    check(np.array_equal(mesh["points"], geo["nodes"]), "meshio points differ from node_coord")
    check(np.array_equal(np.asarray(mesh["cells"]), geo["triangles"]), "meshio cells differ from triangle_number_list")
    for name, values in datasets.items():
        if values is None:
            continue
        got = mesh["cell_data"].get(name)
        check(got is not None and np.array_equal(got, values, equal_nan=values.dtype.kind == "f"), f"meshio cell data {name} differs from h5py")
    conv = {}
    for fn in sorted(os.listdir(folder)):
        if fn.startswith("convergence_") and fn.endswith(".hdf5"):
            with h5py.File(os.path.join(folder, fn), "r") as f:
                steps = sorted(f["c"].keys(), key=int)
                conv[fn] = {
                    "n_zaps": [int(s) for s in steps],
                    "c": {s: check_dataset(f, f"c/{s}", "float64", (n_tris,)) for s in steps},
                    "mc": {s: check_dataset(f, f"mc/{s}", "float64", ()) for s in steps},
                    "sv_rat": {s: check_dataset(f, f"sv_rat/{s}", "float64", ()) for s in steps},
                }
            check_xdmf(os.path.join(folder, fn[:-5] + ".xdmf"), n_nodes, n_tris)
    mesh_out = {k: v for k, v in mesh.items() if k not in ("points", "cells")}
    return {
        "geo": {"n_nodes": n_nodes, "n_tris": n_tris},
        "attrs": attrs,
        "datasets": datasets,
        "zap_idx": zap_idx,
        "xdmf": xdmf,
        "meshio": mesh_out,
        "convergence": conv,
    }


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(1)
    top = sys.argv[1]
    with open(os.path.join(top, "summary.json")) as fh:
        summary = json.load(fh)
    folders = {}
    for e in summary["results"]:
        folders.setdefault(e["folder"], []).append(e)
    responses = {}
    for folder, entries in folders.items():
        try:
            responses[entries[0]["response"]] = check_response(os.path.join(top, folder), entries, summary["elements"])
        except Exception as e:  # a missing path or unreadable file is a failed check, reported with the rest
            errors.append(f"{folder}: {type(e).__name__}: {e}")
    out = {
        "ok": not errors,
        "errors": errors,
        "python": sys.executable,
        "versions": {"h5py": h5py.__version__, "meshio": meshio.__version__, "numpy": np.__version__},
        "responses": responses,
    }
    print(json.dumps(clean(out)))
    sys.exit(0 if not errors else 1)


if __name__ == "__main__":
    main()
