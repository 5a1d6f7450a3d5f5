// Issue 15's hostile-input corpus (≥ 300 cases, generated at test time), every case through the built CLI as its own process: a coded error or a documented acceptance, no partial output, no process left.
import { execFile, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus, type CorpusCase } from '../corpus/generate';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cases = generateCorpus(dir);

/** CLI processes at once: enough to keep two cores busy while one process waits on its disk or its worker. */
const CONCURRENCY = Math.min(4, Math.max(2, availableParallelism()));

/** In the environment of every CLI run of this test (and so of its workers): `${MARKER}-<case>`. */
const MARKER = `TMS_CORPUS_RUN=${process.pid}`;

/** Every process still running whose environment carries `marker` (the CLI's workers inherit it). */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker)) found.push(Number(pid));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

interface Run {
  c: CorpusCase;
  status: number | null;
  stderr: string;
  /** What the run's own parent folder holds afterwards (only `out` on success, nothing on failure). */
  left: string[];
  /** Processes of this run (the CLI's workers) still alive once the CLI exited. */
  leftover: number[];
  outDir: string;
}

/** One case as a user would run it: its own parent folder for --out, and a marker in its environment. */
function runCase(c: CorpusCase, i: number): Promise<Run> {
  const parent = join(dir, `run-${i}`);
  mkdirSync(parent);
  const outDir = join(parent, 'out');
  const marker = `${MARKER}-${i}\0`;
  const args = [
    CLI,
    'map',
    ...['--roi', c.roi, '--efield', c.efield, '--responses', c.responses, '--response', c.response],
    ...['--workers', '1', '--out', outDir],
  ];
  return new Promise((done) => {
    execFile(
      process.execPath,
      args,
      {
        encoding: 'utf8',
        timeout: 60_000,
        maxBuffer: 1 << 20,
        env: { ...process.env, TMS_CORPUS_RUN: `${process.pid}-${i}` },
      },
      (err, _stdout, stderr) => {
        const status = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        // A run that started the mapping had workers for sure: scan /proc for those at once (~50 ms a scan).
        // Workers also boot while the ROI and E-field open, so a run refused there may have had some too: the last
        // test scans once for every run.
        const started = status === 0 || stderr.includes('Mapping ');
        done({
          c,
          status,
          stderr,
          left: readdirSync(parent),
          leftover: started ? processesWith(marker) : [],
          outDir,
        });
      },
    );
  });
}

/** Runs every case, `CONCURRENCY` at a time. */
async function runAll(list: CorpusCase[]): Promise<Run[]> {
  const runs: Run[] = new Array<Run>(list.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < list.length) {
      const i = next++;
      runs[i] = await runCase(list[i], i);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return runs;
}

/** Everything wrong with one run, empty when it is a correct answer. */
function problems(r: Run): string[] {
  const { c } = r;
  const out: string[] = [];
  const lines = r.stderr.trimEnd().split('\n');
  const last = lines.at(-1) ?? '';
  const code = /^([A-Z0-9_]+): /.exec(last)?.[1];
  if (/HDF5-DIAG|INTERNAL|RangeError|at .*\.js:\d+/.test(r.stderr))
    out.push('diagnostics or a stack on stderr');
  if (r.leftover.length) out.push(`processes left: ${r.leftover.join(', ')}`);
  if (r.status === 0) {
    if (!c.expect.includes('ok')) out.push(`exit 0, expected ${c.expect.join('|')}`);
    if (!existsSync(join(r.outDir, 'summary.json'))) out.push('exit 0 without summary.json');
    if (r.left.join() !== 'out') out.push(`beside the results: ${r.left.join(', ')}`);
    return out;
  }
  if (r.status !== 2) out.push(`exit ${r.status}`);
  if (!code || !c.expect.includes(code))
    out.push(`got ${code ?? last.slice(0, 200)}, expected ${c.expect.join('|')}`);
  // One coded line (a mapping that started prints progress before it), naming the file and what was found/expected.
  const coded = lines.filter((l) => /^[A-Z0-9_]+: /.test(l));
  if (coded.length !== 1) out.push(`${coded.length} coded lines`);
  if (![c.roi, c.efield, c.responses].some((f) => last.includes(`file ${f}`)))
    out.push('message names no input file');
  if (!/; (found|expected) /.test(last)) out.push('message says neither found nor expected');
  if (last.length > 1000) out.push(`message of ${last.length} characters`);
  if (r.left.length) out.push(`left in the output's folder: ${r.left.join(', ')}`);
  return out;
}

describe('hostile-input corpus (issue 15), every case through the built CLI', () => {
  let runs: Run[] = [];
  beforeAll(async () => {
    runs = await runAll(cases);
  }, 600_000);

  it('holds at least 300 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(runs.length).toBe(cases.length);
  });

  it('every case: exit 2 with one coded line of the expected kind naming file and found/expected, or a documented acceptance; no partial output; no process left', () => {
    const wrong = runs.flatMap((r) => {
      const p = problems(r);
      return p.length ? [`${r.c.name}: ${p.join('; ')}\n    ${r.stderr.trimEnd().split('\n').at(-1)}`] : [];
    });
    expect(wrong).toEqual([]);
  });

  it('bad inputs are refused before the mapping starts, except E values, which only the mapping reads', () => {
    const late = runs.filter((r) => r.status !== 0 && r.stderr.includes('Mapping '));
    const notE = late.filter(
      (r) =>
        !/^(BAD_VALUES|NON_FINITE_E|NO_VARIATION): .*; file /.test(r.stderr.trimEnd().split('\n').at(-1)!) ||
        !r.stderr.includes(`file ${r.c.efield}`),
    );
    expect(notE.map((r) => `${r.c.name}: ${r.stderr.trimEnd().split('\n').at(-1)}`)).toEqual([]);
  });

  it('listRois (browser mode, app) on every damaged mesh: a list or a coded error, and nothing on stderr', () => {
    const meshes = readdirSync(dir)
      .filter((f) => /^(trunc|damaged)-\d+-(roi_geo|mesh_1based)\.hdf5$|^(mesh|roi)_6gib_.*\.hdf5$/.test(f))
      .map((f) => join(dir, f));
    expect(meshes.length).toBeGreaterThan(40);
    // h5wasm is imported before tsx's hooks are registered: through them its 4 MB module took ~4 s of CPU (tsx
    // transforms it); roi.ts's own import of it then finds it loaded.
    const script = `
      await import('h5wasm/node');
      const { register } = await import('tsx/esm/api');
      register();
      const { listRois } = await import(${JSON.stringify(resolve(import.meta.dirname, '../../main/io/roi.ts'))});
      for (const f of ${JSON.stringify(meshes)}) {
        try { await listRois(f); console.log('ok'); }
        catch (e) { console.log(e?.code ?? 'UNCODED ' + String(e).split('\\n')[0]); }
      }`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    const answers = r.stdout.trim().split('\n');
    expect(answers.length).toBe(meshes.length);
    expect(
      answers.filter((a) => !/^(ok|FILE_CORRUPT|NOT_HDF5|DATASET_MISSING|BAD_SHAPE|NO_ROI)$/.test(a)),
    ).toEqual([]);
  });

  it('no process of any run is left once all have finished (and the scan does see a marked process)', () => {
    expect(processesWith(`${MARKER}-`)).toEqual([]);
    const probe = spawn('sleep', ['30'], { env: { ...process.env, TMS_CORPUS_RUN: `${process.pid}-probe` } });
    try {
      expect(processesWith(`${MARKER}-probe\0`)).toEqual([probe.pid]);
    } finally {
      probe.kill('SIGKILL');
    }
  });

  it('unusable output paths are refused before mapping (exit 2, BAD_OUTPUT)', () => {
    const file = join(dir, 'file.csv');
    writeFileSync(file, 'x');
    const c = cases[0];
    for (const out of [join(file, 'sub'), '/proc/tms-mapper-x']) {
      const r = spawnSync(
        process.execPath,
        [
          CLI,
          'map',
          '--roi',
          c.roi,
          '--efield',
          c.efield,
          '--responses',
          c.responses,
          '--response',
          'p2p_FDI',
          '--out',
          out,
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^BAD_OUTPUT: .*tms-mapper-x|^BAD_OUTPUT: .*sub/m);
      expect(r.stderr).not.toMatch(/Mapping /);
    }
  });
});
