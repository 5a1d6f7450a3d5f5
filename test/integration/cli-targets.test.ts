// The built CLI writes targets/ with the best recorded pose from pyNIBS experiment.hdf5, and refuses a poses file that does not fit before mapping.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
const F = resolve(import.meta.dirname, '../fixtures/io/coils');
const expected = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../fixtures/coil_expected.json'), 'utf8'),
) as { bestGoodZapPerElement: number[] };

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const base = [
  'map',
  '--roi',
  join(F, 'roi_geo.hdf5'),
  '--efield',
  join(F, 'e_coils.hdf5'),
  '--response',
  'p2p_FDI',
];
const tmp = mkdtempSync(join(tmpdir(), 'cli-targets-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('tms-mapper map → targets/', () => {
  it('takes the poses from experiment.hdf5, skips the bad ones with a warning, marks the best usable zap', () => {
    const out = join(tmp, 'ok');
    const r = cli([
      ...base,
      '--responses',
      join(F, 'experiment_coils_bad.hdf5'),
      '--workers',
      '1',
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Warning \(targets\): zap 2: pose skipped \(axes not orthonormal/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      results: { hotspot: { element: number } }[];
    };
    const element = summary.results[0].hotspot.element;
    const xml = readFileSync(join(out, 'targets', 'instrument_markers_localite.xml'), 'utf8');
    expect(xml).toContain(`best recorded pose: zap ${expected.bestGoodZapPerElement[element]},`);
    for (const f of [
      'targets_brainsight.txt',
      'targets_localite.xml',
      'tmsoptimize_p2p_FDI_E_mag.py',
      'README.txt',
    ])
      expect(existsSync(join(out, 'targets', f))).toBe(true);
  });

  it('a --coil-poses file with fewer poses than zaps stops before mapping (exit 2, nothing written)', () => {
    const out = join(tmp, 'short');
    const r = cli([
      ...base,
      '--responses',
      join(F, 'experiment_coils.hdf5'),
      '--coil-poses',
      join(F, 'coil_poses_short.csv'),
      '--out',
      out,
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^POSE_COUNT_MISMATCH: .*found 4 poses; expected 6/m);
    expect(r.stderr).not.toMatch(/Mapping/);
    expect(existsSync(out)).toBe(false);
  });
});
