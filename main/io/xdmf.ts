// XDMF 2.0 text for ParaView linking a triangle surface (geo file) with cell data (data file), as pyNIBS writes it.

/** How one HDF5 dataset is typed in XDMF (NumberType + Precision in bytes). */
export type XdmfNumber = 'float64' | 'float32' | 'int32' | 'uint8';

const NUMBER_TYPES: Record<XdmfNumber, [string, number]> = {
  float64: ['Float', 8],
  float32: ['Float', 4],
  int32: ['Int', 4],
  uint8: ['UChar', 1],
};

export interface XdmfAttribute {
  name: string;
  /** File base name relative to the .xdmf (HDF paths use base names so the folder can move). */
  file: string;
  path: string;
  type: XdmfNumber;
  center: 'Cell' | 'Node';
}

export interface XdmfSurface {
  /** Base name of the geometry file (node_coord + triangle_number_list). */
  geoFile: string;
  nodesPath: string;
  trianglesPath: string;
  nNodes: number;
  nTriangles: number;
  nodesType: XdmfNumber;
  trianglesType: XdmfNumber;
  attributes: XdmfAttribute[];
}

function dataItem(indent: string, dims: string, type: XdmfNumber, ref: string): string {
  const [numberType, precision] = NUMBER_TYPES[type];
  return (
    `${indent}<DataItem Format="HDF" Dimensions="${dims}" NumberType="${numberType}" Precision="${precision}">\n` +
    `${indent}\t${escapeXml(ref)}\n` +
    `${indent}</DataItem>\n`
  );
}

/** XML attribute/text escaping; dataset and file names come from user-chosen response names. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The structure pyNIBS' write_data_hdf5_surf produces: Domain → spatial Collection → one
 * Uniform grid "tris" (Topology Triangle, Geometry XYZ, one Scalar attribute per dataset).
 * NumberType/Precision are spelled out because XDMF's default (Float, 4 bytes) is wrong for
 * float64/int32/uint8 data in readers that honour it.
 */
export function buildXdmf(s: XdmfSurface): string {
  const t1 = '\t';
  const t2 = '\t\t';
  const t3 = '\t\t\t';
  let x = '<?xml version="1.0"?>\n';
  x += '<!DOCTYPE Xdmf SYSTEM "Xdmf.dtd" []>\n';
  x += '<Xdmf Version="2.0" xmlns:xi="http://www.w3.org/2001/XInclude">\n';
  x += '<Domain>\n';
  x += `${t1}<Grid CollectionType="Spatial" GridType="Collection" Name="Collection">\n`;
  x += `${t2}<Grid Name="tris" GridType="Uniform">\n`;
  x += `${t3}<Topology NumberOfElements="${s.nTriangles}" TopologyType="Triangle" Name="Tri">\n`;
  x += dataItem(`${t3}\t`, `${s.nTriangles} 3`, s.trianglesType, `${s.geoFile}:${s.trianglesPath}`);
  x += `${t3}</Topology>\n`;
  x += `${t3}<Geometry GeometryType="XYZ">\n`;
  x += dataItem(`${t3}\t`, `${s.nNodes} 3`, s.nodesType, `${s.geoFile}:${s.nodesPath}`);
  x += `${t3}</Geometry>\n`;
  for (const a of s.attributes) {
    const n = a.center === 'Cell' ? s.nTriangles : s.nNodes;
    x += `${t3}<Attribute Name="${escapeXml(a.name)}" AttributeType="Scalar" Center="${a.center}">\n`;
    x += dataItem(`${t3}\t`, `${n} 1`, a.type, `${a.file}:${a.path}`);
    x += `${t3}</Attribute>\n`;
  }
  x += `${t2}</Grid>\n`;
  x += `${t1}</Grid>\n`;
  x += '</Domain>\n';
  x += '</Xdmf>\n';
  return x;
}
