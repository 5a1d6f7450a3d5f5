// targets/ files read back with a strict XML parser and a TSV reader: positions = hotspot centroids, axes orthonormal, conventions.
import { DOMParser } from '@xmldom/xmldom';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { mapKey, type BestPose, type TargetInputs } from '../../../../main/io/targets/best-pose';
import {
  det3,
  mul,
  orthonormalityError,
  SIMNIBS_TO_BRAINSIGHT,
  SIMNIBS_TO_LOCALITE,
} from '../../../../main/io/targets/pose-math';
import { targetFiles } from '../../../../main/io/targets/write-targets';
import { coilViews } from '../../../../main/io/targets/coil-view';
import { gridRoi, mappingResult } from '../results-fixture';

/** A rotation about (1, 2, 3) by 0.7 rad, coil z tilted into the head, centre 30 mm above element 0. */
function recordedPose(): Float64Array {
  const [x, y, z] = [1, 2, 3].map((v) => v / Math.sqrt(14));
  const c = Math.cos(0.7);
  const s = Math.sin(0.7);
  const r = [
    [c + x * x * (1 - c), x * y * (1 - c) - z * s, x * z * (1 - c) + y * s],
    [y * x * (1 - c) + z * s, c + y * y * (1 - c), y * z * (1 - c) - x * s],
    [z * x * (1 - c) - y * s, z * y * (1 - c) + x * s, c + z * z * (1 - c)],
  ];
  return Float64Array.from([...r[0], 3, ...r[1], 4, ...r[2], 85, 0, 0, 0, 1]);
}

function fourByFour(rows: number[][]): Float64Array {
  return Float64Array.from(rows.flat());
}

const roi = gridRoi();
const result = mappingResult(roi);
// a response name that needs escaping in XML and in file names
result.maps[2] = { ...result.maps[2], response: 'p2p_A&D<M>"' };
const best: BestPose = {
  zap: 3,
  pose: recordedPose(),
  e: 120.5,
  intensity: 60,
  perUnit: 2.0083,
  skippedZaps: 1,
};
const inputs: TargetInputs = {
  poses: { file: '/data/exp.hdf5', source: '/stim_data/coil_mean', nZaps: 10, poses: [], skipped: [] },
  best: new Map([[mapKey('p2p_FDI', 'E_mag'), best]]),
  warnings: ['zap 7: pose skipped (NaN or Inf in the matrix)'],
};
const files = new Map(targetFiles(result, roi, inputs).map((f) => [f.rel, f.text]));

/** Strict: any parser error or warning fails the test. */
function parseXml(text: string): Document {
  const fail = (m: string): never => {
    throw new Error(`XML: ${m}`);
  };
  return new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(
    text,
    'text/xml',
  );
}

const dist = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('targets/', () => {
  it('holds the Brainsight, Localite and SimNIBS files and a README', () => {
    expect([...files.keys()].sort()).toEqual(
      [
        'targets/README.txt',
        'targets/instrument_markers_localite.xml',
        'targets/targets_brainsight.txt',
        'targets/targets_localite.xml',
        'targets/tmsoptimize_p2p_ADM_E_norm.py',
        'targets/tmsoptimize_p2p_A_D_M__E_mag.py',
        'targets/tmsoptimize_p2p_FDI_E_mag.py',
        'targets/tmsoptimize_p2p_FDI_E_norm.py',
      ].sort(),
    );
    expect(files.get('targets/README.txt')).toMatch(/zap 3, E 120\.500 at 60 A\/us/);
    expect(files.get('targets/README.txt')).toMatch(/zap 7: pose skipped/);
  });

  it('Brainsight: documented header, one row per hotspot at its centroid, orthonormal right-handed axes', () => {
    const text = files.get('targets/targets_brainsight.txt')!;
    const lines = text.split('\n');
    expect(lines.slice(0, 2)).toEqual(['# Version: 12', '# Coordinate system: NIfTI:Aligned']);
    expect(lines[3]).toBe('# Units: millimetres, degrees, milliseconds, and microvolts');
    expect(lines[4]).toBe('# Encoding: UTF-8');
    const header = lines[6].replace(/^# /, '').split('\t');
    expect(header.slice(0, 5)).toEqual(['Target Name', 'Loc. X', 'Loc. Y', 'Loc. Z', 'm0n0']);
    const body = lines.filter((l) => l && !l.startsWith('#')).join('\n');
    const rows = Papa.parse<string[]>(body, { delimiter: '\t' }).data;
    expect(rows.length).toBe(result.maps.length);
    rows.forEach((row, i) => {
      expect(row.length).toBe(13);
      const m = result.maps[i];
      expect(dist(row.slice(1, 4).map(Number), m.hotspot.centroid)).toBeLessThan(0.01);
      // m<i>n<j>: component j of axis i; back to SimNIBS axes (negate x and z)
      const a = new Float64Array(16);
      for (let ax = 0; ax < 3; ax++) for (let c = 0; c < 3; c++) a[c * 4 + ax] = Number(row[4 + ax * 3 + c]);
      a[15] = 1;
      const sim = mul(a, SIMNIBS_TO_BRAINSIGHT);
      expect(orthonormalityError(sim)).toBeLessThan(1e-9);
      expect(det3(sim)).toBeCloseTo(1, 9);
      if (i === 0) {
        for (const k of [0, 1, 2, 4, 5, 6, 8, 9, 10]) expect(sim[k]).toBeCloseTo(best.pose[k], 9);
      } else {
        // no pose: SimNIBS z into the head (normals are +z, the grid lies above the origin), handle backwards
        expect([sim[2], sim[6], sim[10]].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0, 0, -1]);
        expect(-sim[5]).toBeLessThan(0);
      }
    });
  });

  it('Localite EntryTargetList: strict XML, RAS, target = centroid, entry 20 mm out along the normal', () => {
    const doc = parseXml(files.get('targets/targets_localite.xml')!);
    const root = doc.documentElement;
    expect(root.tagName).toBe('EntryTargetList');
    expect(root.getAttribute('coordinateSpace')).toBe('RAS');
    const vec = (el: Element): number[] => {
      const v = el.getElementsByTagName('ColVec3D')[0];
      return ['data0', 'data1', 'data2'].map((k) => Number(v.getAttribute(k)));
    };
    const targets = Array.from(root.getElementsByTagName('Target'));
    const entries = Array.from(root.getElementsByTagName('Entry'));
    expect(targets.length).toBe(result.maps.length);
    targets.forEach((t, i) => {
      expect(t.getAttribute('index')).toBe(String(i));
      expect(dist(vec(t), result.maps[i].hotspot.centroid)).toBeLessThan(0.01);
      const e = vec(entries[i]);
      const d = vec(t).map((v, k) => e[k] - v);
      expect(Math.hypot(...d)).toBeCloseTo(20, 6);
      expect(d[2]).toBeGreaterThan(19.99); // outward = +z on this grid
    });
    const desc = targets[2].getElementsByTagName('Marker')[0].getAttribute('description');
    expect(desc).toContain('hotspot_A_D_M__E_mag');
  });

  it('Localite InstrumentMarkerList: the best recorded pose in Localite axes, orthonormal to 1e-9', () => {
    const doc = parseXml(files.get('targets/instrument_markers_localite.xml')!);
    const root = doc.documentElement;
    expect(root.tagName).toBe('InstrumentMarkerList');
    expect(root.getAttribute('coordinateSpace')).toBe('RAS');
    const markers = Array.from(root.getElementsByTagName('InstrumentMarker'));
    expect(markers.length).toBe(1);
    const m4 = markers[0].getElementsByTagName('Matrix4D')[0];
    const loc = fourByFour(
      [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => Number(m4.getAttribute(`data${r}${c}`)))),
    );
    expect(orthonormalityError(loc)).toBeLessThan(1e-9);
    expect(det3(loc)).toBeCloseTo(1, 9);
    // Localite x = SimNIBS z: F is its own inverse
    const back = mul(loc, SIMNIBS_TO_LOCALITE);
    for (let k = 0; k < 16; k++) expect(back[k]).toBeCloseTo(best.pose[k], 9);
    for (let r = 0; r < 3; r++) {
      expect(loc[r * 4]).toBeCloseTo(best.pose[r * 4 + 2], 9); // Localite x = SimNIBS z
      expect(loc[r * 4 + 1]).toBeCloseTo(-best.pose[r * 4 + 1], 9); // Localite y = −SimNIBS y
    }
    expect(markers[0].getElementsByTagName('Marker')[0].getAttribute('description')).toMatch(/zap 3/);
  });

  it('SimNIBS scripts: TMSoptimize with the centroid as target and marked placeholders', () => {
    const py = files.get('targets/tmsoptimize_p2p_FDI_E_mag.py')!;
    const target = /tms_opt\.target = \[([^\]]+)\]/.exec(py)![1].split(',').map(Number);
    expect(dist(target, result.maps[0].hotspot.centroid)).toBeLessThan(1e-9);
    expect(py).toMatch(/^HEAD_MESH = None {2}# FILL IN/m);
    expect(py).toMatch(/^COIL = None {2}# FILL IN/m);
    expect(py).toMatch(/from simnibs import opt_struct/);
    expect(py).toMatch(/tms_opt = opt_struct\.TMSoptimize\(\)/);
    // the best recorded coil centre is offered as the search centre
    expect(py).toMatch(/# tms_opt\.centre = \[3, 4, 85\]/);
    // names that are not identifiers stay in comments only
    expect(files.get('targets/tmsoptimize_p2p_A_D_M__E_mag.py')!).not.toMatch(/^[^#].*[<>&"]M/m);
  });

  it('the XML parser used here rejects malformed XML (expat checks the rest: test/integration/targets-interop)', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/XML/);
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/XML/);
    expect(() => parseXml('<a>')).toThrow(/XML/);
  });

  it('writes nothing when no map has a hotspot', () => {
    const none = {
      ...result,
      maps: result.maps.map((m) => ({
        ...m,
        hotspot: { element: -1, score: NaN, centroid: [NaN, NaN, NaN] as [number, number, number] },
      })),
    };
    expect(targetFiles(none, roi, undefined)).toEqual([]);
  });
});

describe('coilViews (the coil the app draws)', () => {
  it('the recorded pose as recorded; without poses the target orientation 20 mm out along the normal', () => {
    const views = coilViews(result, roi, inputs);
    const fdi = views.get(mapKey('p2p_FDI', 'E_mag'))!;
    expect(fdi.from).toBe('recorded pose');
    expect(fdi.zap).toBe(3);
    expect(fdi.matrix).toEqual(Array.from(best.pose));
    const adm = views.get(mapKey('p2p_ADM', 'E_norm'))!;
    expect(adm.from).toBe('element normal');
    const c = result.maps[3].hotspot.centroid;
    expect([adm.matrix[3], adm.matrix[7], adm.matrix[11]]).toEqual([c[0], c[1], c[2] + 20]);
    expect(
      [adm.matrix[2], adm.matrix[6], adm.matrix[10]].map((v) => Math.round(v * 1e12) / 1e12 + 0),
    ).toEqual([0, 0, -1]);
  });
});

describe('no targets for part of the ROI', () => {
  it('a shard folder gets no targets/, the merged (whole-ROI) result does', () => {
    const shard = { ...result, spec: { ...result.spec, shard: [1, 4] as [number, number] } };
    expect(targetFiles(shard, roi, inputs)).toEqual([]);
    const part = { ...result, spec: { ...result.spec, elementRange: [0, 3] as [number, number] } };
    expect(targetFiles(part, roi, inputs)).toEqual([]);
    const whole = { ...result, spec: { ...result.spec, shard: [0, 1] as [number, number] } };
    expect(targetFiles(whole, roi, inputs).length).toBeGreaterThan(0);
  });
});
