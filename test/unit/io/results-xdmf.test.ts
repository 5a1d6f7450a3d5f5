import { describe, expect, it } from 'vitest';
import { buildXdmf, escapeXml } from '../../../main/io/xdmf';

describe('buildXdmf', () => {
  const x = buildXdmf({
    geoFile: 'g.hdf5',
    nodesPath: '/mesh/nodes/node_coord',
    trianglesPath: '/mesh/elm/triangle_number_list',
    nNodes: 4,
    nTriangles: 2,
    nodesType: 'float64',
    trianglesType: 'int32',
    attributes: [
      { name: 'c_E_mag', file: 'd.hdf5', path: '/data/tris/c_E_mag', type: 'float64', center: 'Cell' },
      {
        name: 'status_E_mag',
        file: 'd.hdf5',
        path: '/data/tris/status_E_mag',
        type: 'uint8',
        center: 'Cell',
      },
      {
        name: 'tissue_type',
        file: 'g.hdf5',
        path: '/mesh/elm/tri_tissue_type',
        type: 'int32',
        center: 'Node',
      },
    ],
  });

  it('nests one uniform grid "tris" in a spatial collection, as pyNIBS writes it', () => {
    const order = [
      '<Xdmf Version="2.0"',
      '<Domain>',
      'GridType="Collection"',
      '<Grid Name="tris" GridType="Uniform">',
      '<Topology',
      '<Geometry',
      '<Attribute',
    ];
    const at = order.map((s) => x.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(x.match(/<Grid /g)).toHaveLength(2);
    expect(x.trimEnd().endsWith('</Xdmf>')).toBe(true);
  });

  it('spells out number type and precision of every data item, with the element counts as dimensions', () => {
    expect(x).toMatch(
      /Dimensions="2 3" NumberType="Int" Precision="4">\s*g\.hdf5:\/mesh\/elm\/triangle_number_list/,
    );
    expect(x).toMatch(
      /Dimensions="4 3" NumberType="Float" Precision="8">\s*g\.hdf5:\/mesh\/nodes\/node_coord/,
    );
    expect(x).toMatch(
      /Name="c_E_mag" AttributeType="Scalar" Center="Cell">\s*<DataItem Format="HDF" Dimensions="2 1" NumberType="Float" Precision="8">/,
    );
    expect(x).toMatch(/Name="status_E_mag"[^>]*>\s*<DataItem[^>]*NumberType="UChar" Precision="1">/);
    expect(x).toMatch(
      /Name="tissue_type" AttributeType="Scalar" Center="Node">\s*<DataItem Format="HDF" Dimensions="4 1"/,
    );
  });

  it('escapes XML special characters in names', () => {
    expect(escapeXml('a<b>&"c"')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
  });
});
