// The built CLI as users run it: demo hotspots within 2 mm of the ground truth, summary.json, exit codes and coded messages.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoFiles } from './job-helpers';
import { openH5 } from '../../main/io/h5';
import { readResults } from '../../main/io/results-reader';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');

function cli(args: string[], timeout = 600_000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout,
    env: { ...process.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface SummaryJson {
  results: {
    response: string;
    qoi: string;
    hotspot: { element: number; score: number; centroid: number[] };
    elements: number;
    failed: number;
    seconds: number;
    truthDistance: number;
  }[];
  zaps: number;
  workers: number;
  seconds: number;
  quality: { qoi: string; mutualCoherence: number; svRatio: number | null }[];
}

describe('tms-mapper map (built CLI)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'cli-map-'));

  it(
    'maps the demo with the defaults and finds every muscle within 2 mm of its ground truth',
    { timeout: 900_000 },
    async () => {
      const demo = await demoFiles();
      const out = join(tmp, 'demo');
      const r = cli(['map', '--demo', '--out', out, '--workers', '2']);
      expect(r.stderr).not.toMatch(/INTERNAL/);
      expect(r.status).toBe(0);
      const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as SummaryJson;
      expect(s.zaps).toBe(demo.truth.nZaps);
      expect(s.workers).toBe(2);
      expect(s.seconds).toBeGreaterThan(0);
      // E-matrix quality only on request (--quality or --convergence).
      expect(s.quality).toEqual([]);
      expect(s.results.map((e) => e.response).sort()).toEqual(demo.truth.muscles.map((m) => m.column).sort());
      for (const m of demo.truth.muscles) {
        const e = s.results.find((x) => x.response === m.column)!;
        const c = e.hotspot.centroid;
        const d = Math.hypot(c[0] - m.centroid[0], c[1] - m.centroid[1], c[2] - m.centroid[2]);
        expect(d, `${m.column}: hotspot ${e.hotspot.element} vs truth ${m.element}`).toBeLessThanOrEqual(2);
        expect(e.truthDistance).toBeCloseTo(d, 2);
        expect(e.qoi).toBe('E_mag');
        expect(e.elements).toBe(demo.truth.nElements);
        expect(e.failed).toBe(0);
        expect(e.hotspot.score).toBeGreaterThan(0.3);
        // The table on stdout lists the same hotspot.
        expect(r.stdout).toMatch(new RegExp(`${m.column}\\s+E_mag\\s+${e.hotspot.element}\\s`));
        expect(existsSync(join(out, m.column, 'r2_roi_data.hdf5'))).toBe(true);
      }
    },
  );

  it('adds the E-matrix quality of the selection with --quality', { timeout: 300_000 }, async () => {
    await demoFiles();
    const out = join(tmp, 'quality');
    const r = cli(['map', '--demo', '--response', 'p2p_FDI', '--zaps', '60', '--quality', '--out', out]);
    expect(r.stderr).not.toMatch(/INTERNAL/);
    expect(r.status).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as SummaryJson;
    expect(s.zaps).toBe(60);
    expect(s.quality.map((q) => q.qoi)).toEqual(['E_mag']);
    expect(s.quality[0].mutualCoherence).toBeGreaterThan(0);
    expect(s.quality[0].mutualCoherence).toBeLessThanOrEqual(1);
  });

  it(
    '--preinnervation drops zaps over the limit, and names a missing column (exit 2)',
    { timeout: 300_000 },
    async () => {
      const demo = await demoFiles();
      // The demo has no background-EMG column; another muscle's amplitudes stand in for one.
      const out = join(tmp, 'pre');
      const r = cli([
        'map',
        '--demo',
        '--response',
        'p2p_FDI',
        '--preinnervation',
        'p2p_ADM:0.05',
        '--out',
        out,
      ]);
      expect(r.stderr).not.toMatch(/INTERNAL/);
      expect(r.status).toBe(0);
      const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as SummaryJson;
      expect(s.zaps).toBeGreaterThan(3);
      expect(s.zaps).toBeLessThan(demo.truth.nZaps);
      const bad = cli([
        'map',
        '--demo',
        '--preinnervation',
        'preinnervation_FDI:50',
        '--out',
        join(tmp, 'pre2'),
      ]);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/COLUMN_NOT_FOUND.*preinnervation_FDI/);
    },
  );

  it(
    'the step start and the fast solver (beyond the reference) are off by default, their flags turn them on, and the results say which',
    { timeout: 300_000 },
    async () => {
      await demoFiles();
      // 60 zaps: noisy enough that the step start finds better fits for some elements without a clear relation.
      const run = async (
        name: string,
        extra: string[],
      ): Promise<{
        scores: Float64Array;
        spec: { stepStart?: boolean; fastSolver?: boolean };
        attr: unknown;
        solver: unknown;
      }> => {
        const out = join(tmp, name);
        const r = cli(['map', '--demo', '--response', 'p2p_FDI', '--zaps', '60', '--out', out, ...extra]);
        expect(r.stderr).not.toMatch(/INTERNAL/);
        expect(r.status).toBe(0);
        const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
          spec: { stepStart?: boolean; fastSolver?: boolean };
        };
        const read = await readResults(out);
        const f = await openH5(join(out, 'p2p_FDI', 'r2_roi_data.hdf5'));
        try {
          return {
            scores: read.result.maps[0].scores,
            spec: s.spec,
            attr: f.attrs.step_start?.value,
            solver: f.attrs.fast_solver?.value,
          };
        } finally {
          f.close();
        }
      };
      const off = await run('step-default', []);
      const on = await run('step-on', ['--step-start']);
      const explicit = await run('step-off', ['--no-step-start']);
      expect(off.attr).toBe(0);
      expect(on.attr).toBe(1);
      expect(off.spec.stepStart).toBe(false);
      expect(on.spec.stepStart).toBe(true);
      expect(explicit.spec.stepStart).toBe(false);
      expect(Array.from(explicit.scores)).toEqual(Array.from(off.scores));
      expect(on.scores.length).toBe(off.scores.length);
      // Off is the reference's single start: some elements end lower without the step start, none higher by
      // more than what the refits that follow (discontinuity, from neighbours) can move.
      let lower = 0;
      for (let i = 0; i < on.scores.length; i++) if (off.scores[i] < on.scores[i] - 1e-6) lower++;
      expect(lower).toBeGreaterThan(0);
      // The solver likewise: lmfit's optimizer path by default, --fast-solver the engine's own, and the file says which.
      expect(off.solver).toBe(0);
      expect(off.spec.fastSolver).toBe(false);
      const fast = await run('fast', ['--fast-solver']);
      expect(fast.solver).toBe(1);
      expect(fast.spec.fastSolver).toBe(true);
      // Same data and starts, another optimizer: the elements with a clear relation agree, some without one do not.
      let same = 0;
      let differ = 0;
      for (let i = 0; i < fast.scores.length; i++) {
        const d = Math.abs(fast.scores[i] - off.scores[i]);
        if (d < 1e-6) same++;
        else if (d > 1e-4) differ++;
      }
      expect(same).toBeGreaterThan(fast.scores.length / 2);
      expect(differ).toBeGreaterThan(0);
      const explicitSolver = await run('lmfit-path', ['--no-fast-solver']);
      expect(Array.from(explicitSolver.scores)).toEqual(Array.from(off.scores));
    },
  );

  it('exits 2 with FILE_NOT_FOUND naming the file when an input is missing', async () => {
    const demo = await demoFiles();
    const missing = join(tmp, 'nope.hdf5');
    const r = cli([
      'map',
      '--roi',
      `${demo.meshFile}:${demo.roiId}`,
      '--efield',
      missing,
      '--responses',
      demo.responsesFile,
      '--response',
      'p2p_FDI',
      '--out',
      join(tmp, 'x1'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^FILE_NOT_FOUND: .*nope\.hdf5/m);
    expect(existsSync(join(tmp, 'x1'))).toBe(false);
  });

  it.each([
    [['map', '--demo', '--out', 'x', '--bogus'], /^BAD_ARGUMENT: .*unknown option '--bogus'/m],
    [
      ['map', '--demo', '--out', 'x', '--qoi', 'E_foo'],
      /^BAD_ARGUMENT: .*--qoi.*found "E_foo".*E_mag \| E_norm \| E_tan/m,
    ],
    [['map', '--demo', '--out', 'x', '--fun', 'cubic'], /^BAD_ARGUMENT: .*--fun/m],
    [['map', '--demo'], /^BAD_ARGUMENT: .*--out/m],
    [['map', '--out', 'x', '--roi', 'a.hdf5'], /^BAD_ARGUMENT: .*missing --efield, --responses, --response/m],
    [['frobnicate'], /^BAD_ARGUMENT: .*unknown command/m],
  ])('exits 2 with a coded message on bad flags: %s', (args, pattern) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(pattern);
  });

  it('refuses to overwrite results without --force (exit 2, OUTPUT_EXISTS) before fitting anything', () => {
    const out = join(tmp, 'existing');
    mkdirSync(out);
    writeFileSync(join(out, 'summary.json'), '{}');
    const r = cli(['map', '--demo', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^OUTPUT_EXISTS: /m);
    expect(r.stderr).not.toMatch(/Mapping/);
  });

  it('prints help with exit 0', () => {
    const r = cli(['map', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--shard <i\/N>/);
  });
});
