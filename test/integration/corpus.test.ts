// Issue 15's hostile-input corpus (≥ 300 cases, generated at test time): every case ends in a coded error or a documented acceptance.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../main/contract';
import { openDataset, selectZaps, type Dataset } from '../../main/io/dataset';
import { generateCorpus, type CorpusCase } from '../corpus/generate';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
const WORKER = resolve(import.meta.dirname, '../../out/main/worker.js');
const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cases = generateCorpus(dir);

/** Cases whose answer needs the mapping itself (no element can be fitted): only the CLI decides them. */
const NEEDS_MAPPING = new Set(['E all zero', 'E constant', 'E denormal']);

/**
 * The CLI's input path in-process: open ROI, E-field and responses as `map` does, select the zaps,
 * and read every E column the workers would fit. Returns the error code, or 'ok'.
 */
async function inputPath(c: CorpusCase): Promise<string> {
  let ds: Dataset | undefined;
  try {
    ds = await openDataset({ roiFile: c.roi, roiId: null, efieldFile: c.efield, responsesFile: c.responses });
    const zaps = selectZaps(ds.responses, undefined, [c.response]);
    for (const q of ds.efield.qois) await ds.efield.readColumns(q, 0, ds.efield.nElements, zaps);
    return 'ok';
  } catch (e) {
    return isAppError(e) ? e.code : `UNCODED ${e instanceof Error ? e.stack : String(e)}`;
  } finally {
    ds?.close();
  }
}

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
}

function ourWorkers(): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.includes(WORKER));
}

describe('hostile-input corpus (issue 15)', () => {
  it('holds at least 300 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
  });

  it(
    'every case through the input path: a coded error of the expected kind or a documented acceptance',
    { timeout: 300_000 },
    async () => {
      const wrong: string[] = [];
      for (const c of cases) {
        if (NEEDS_MAPPING.has(c.name)) continue;
        const got = await inputPath(c);
        if (!c.expect.includes(got)) wrong.push(`${c.name}: got ${got}, expected ${c.expect.join('|')}`);
      }
      expect(wrong).toEqual([]);
    },
  );

  it(
    'a representative set through the real CLI: exit 2, one coded line, no output folder, no leftover worker',
    { timeout: 600_000 },
    () => {
      const pick = [
        'E all zero',
        'E constant',
        'E denormal',
        'truncated e.hdf5 at 52080 bytes',
        'E float16',
        'virtual E with its source missing',
        '+Inf MEP in row 1',
        '1000000-column header',
        'non-finite node 3',
      ];
      const byName = new Map(cases.map((c) => [c.name, c]));
      const run: CorpusCase[] = pick.map(
        (n) => byName.get(n) ?? cases.find((c) => c.name.startsWith(n.split(' at ')[0]))!,
      );
      for (const c of run) {
        const out = join(dir, `out-${run.indexOf(c)}`);
        const r = cli([
          'map',
          '--roi',
          c.roi,
          '--efield',
          c.efield,
          '--responses',
          c.responses,
          '--response',
          c.response,
          '--workers',
          '1',
          '--out',
          out,
        ]);
        const line = r.stderr.trim().split('\n').at(-1) ?? '';
        expect(r.status, `${c.name}: ${r.stderr.slice(-400)}`).toBe(2);
        expect(c.expect, `${c.name}: ${line}`).toContain(line.split(':')[0]);
        expect(r.stderr.length, `${c.name}: short message`).toBeLessThan(4000);
        expect(r.stderr).not.toMatch(/HDF5-DIAG|INTERNAL|RangeError/);
        expect(existsSync(out), `${c.name}: no partial output`).toBe(false);
      }
      expect(ourWorkers()).toEqual([]);
    },
  );

  it('unusable output paths are refused before mapping (exit 2, BAD_OUTPUT)', () => {
    const file = join(dir, 'file.csv');
    writeFileSync(file, 'x');
    const c = cases[0];
    for (const out of [join(file, 'sub'), '/proc/tms-mapper-x']) {
      const t0 = Date.now();
      const r = cli([
        'map',
        '--roi',
        join(c.roi),
        '--efield',
        c.efield,
        '--responses',
        c.responses,
        '--response',
        'p2p_FDI',
        '--out',
        out,
      ]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^BAD_OUTPUT: .*tms-mapper-x|^BAD_OUTPUT: .*sub/m);
      expect(r.stderr).not.toMatch(/Mapping /);
      expect(Date.now() - t0).toBeGreaterThan(0);
    }
  });
});
