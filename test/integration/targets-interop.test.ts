// targets/ read by Python: expat parses the Localite XML, the Brainsight rows parse as SimNIBS reads them, and
// each SimNIBS script parses (ast) and runs against a stand-in simnibs package once HEAD_MESH and COIL are filled in.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapKey, type TargetInputs } from '../../main/io/targets/best-pose';
import { orthonormalityError } from '../../main/io/targets/pose-math';
import { targetFiles } from '../../main/io/targets/write-targets';
import { gridRoi, mappingResult } from '../unit/io/results-fixture';

const SCRIPT = resolve(import.meta.dirname, '../interop/check_targets.py');

interface Checked {
  brainsight: { header: Record<string, string>; columns: string[]; rows: Record<string, string>[] };
  entryTargets: { tag: string; space: string; targets: number[][]; entries: number[][] };
  markers: { tag: string; space: string; matrices: number[][] };
  scripts: Record<
    string,
    {
      unfilledExit: number | null;
      unfilledMessage: string | null;
      filledExit: number;
      filledStderr: string;
      attrs: Record<string, unknown> | null;
      written: string[];
    }
  >;
}

/** Any python3 with numpy (the stand-in simnibs returns a numpy array): $PYTHON, python3, the system one. */
function findPython(): string {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const c of candidates)
    if (spawnSync(c, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0) return c;
  throw new Error(
    `No python3 with numpy found (tried ${candidates.join(', ')}); set PYTHON=/path/to/python3.`,
  );
}

const roi = gridRoi();
const result = mappingResult(roi);
const pose = Float64Array.from([0, 1, 0, 5, 1, 0, 0, 6, 0, 0, -1, 90, 0, 0, 0, 1]);
const inputs: TargetInputs = {
  poses: { file: 'exp.hdf5', source: '/stim_data/coil_mean', nZaps: 10, poses: [], skipped: [] },
  best: new Map([
    [mapKey('p2p_ADM', 'E_norm'), { zap: 9, pose, e: 80, intensity: 40, perUnit: 2, skippedZaps: 0 }],
  ]),
  warnings: [],
};
let root: string;
let out: Checked;

beforeAll(() => {
  const python = findPython();
  root = mkdtempSync(join(tmpdir(), 'targets-interop-'));
  for (const f of targetFiles(result, roi, inputs)) {
    mkdirSync(dirname(join(root, f.rel)), { recursive: true });
    writeFileSync(join(root, f.rel), f.text);
  }
  mkdirSync(join(root, 'scratch'));
  const r = spawnSync(python, [SCRIPT, join(root, 'targets'), join(root, 'scratch')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`check_targets.py failed: ${r.stderr}`);
  out = JSON.parse(r.stdout) as Checked;
}, 60_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const dist = (a: number[], b: readonly number[]): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('targets/ read by Python', () => {
  it('Brainsight: NIfTI:Aligned, UTF-8, version 12, rows at the hotspot centroids', () => {
    expect(out.brainsight.header['Coordinate system']).toBe('NIfTI:Aligned');
    expect(out.brainsight.header.Encoding).toBe('UTF-8');
    expect(out.brainsight.header.Version).toBe('12');
    expect(out.brainsight.rows.length).toBe(result.maps.length);
    out.brainsight.rows.forEach((row, i) => {
      const p = ['Loc. X', 'Loc. Y', 'Loc. Z'].map((k) => Number(row[k]));
      expect(dist(p, result.maps[i].hotspot.centroid)).toBeLessThan(0.01);
    });
  });

  it('Localite: expat parses both files; targets at the centroids; the marker orthonormal', () => {
    expect(out.entryTargets.tag).toBe('EntryTargetList');
    expect(out.entryTargets.space).toBe('RAS');
    out.entryTargets.targets.forEach((t, i) =>
      expect(dist(t, result.maps[i].hotspot.centroid)).toBeLessThan(0.01),
    );
    expect(out.markers.tag).toBe('InstrumentMarkerList');
    expect(out.markers.matrices.length).toBe(1);
    expect(orthonormalityError(out.markers.matrices[0])).toBeLessThan(1e-9);
    expect(out.markers.matrices[0].slice(0, 4)).toEqual([0, -1, 0, 5]);
  });

  it('SimNIBS scripts stop until filled in, then set TMSoptimize up with the target and write the pose', () => {
    const names = Object.keys(out.scripts);
    expect(names.length).toBe(result.maps.length);
    const first = out.scripts[names[0]];
    expect(first.unfilledExit).toBe(1);
    expect(first.unfilledMessage).toMatch(/Fill in HEAD_MESH and COIL/);
    result.maps.forEach((m) => {
      const s = out.scripts[`tmsoptimize_${m.response}_${m.qoi}.py`];
      expect(s.filledExit, s.filledStderr).toBe(0);
      expect(dist(s.attrs!.target as number[], m.hotspot.centroid)).toBeLessThan(1e-9);
      expect(s.attrs!.fnamehead).toBe('m2m_x/x.msh');
      expect(s.attrs!.fnamecoil).toBe('coil.ccd');
      expect(s.attrs!.method).toBe('direct');
      expect(s.written.sort()).toEqual([
        'opt_coil_pos.txt',
        'opt_coil_pos.xml',
        'opt_coil_pos_brainsight.txt',
      ]);
    });
  });
});
