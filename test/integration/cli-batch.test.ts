// tms-mapper batch on the demo: a failing subject does not stop the others (exit 2 at the end), complete subjects are resumed, group.csv/group.svg list every subject; slurm --no-submit writes the scripts.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFiles } from './job-helpers';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
const cli = (args: string[]): SpawnSyncReturns<string> =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 300_000 });

let tmp: string;
let manifest: string;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tms-batch-'));
  const d = await demoFiles();
  // Relative input paths are read from the manifest's folder; refit/zaps per row, workers from the command line.
  writeFileSync(
    join(tmp, 'subjects.json'),
    JSON.stringify([
      {
        subject: 'sub-01',
        roi: `${d.meshFile}:${d.roiId}`,
        efield: d.efieldFile,
        responses: d.responsesFile,
        response: 'p2p_FDI',
        zaps: 60,
      },
      {
        subject: 'sub-02',
        roi: `${d.meshFile}:${d.roiId}`,
        efield: d.efieldFile,
        responses: d.responsesFile,
        response: ['p2p_NOPE'],
      },
      {
        subject: 'sub-03',
        roi: `${d.meshFile}:${d.roiId}`,
        efield: d.efieldFile,
        responses: d.responsesFile,
        response: 'p2p_ADM',
        zaps: 60,
        'discontinuity-refit': false,
      },
    ]),
  );
  manifest = join(tmp, 'subjects.json');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('tms-mapper batch', () => {
  it(
    'maps every subject, reports the failing one, writes the group table and figure, exits 2',
    { timeout: 300_000 },
    () => {
      const out = join(tmp, 'group');
      const r = cli(['batch', manifest, '--out', out, '--refit', '0', '--workers', '2']);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/\[2\/3\] sub-02: FAILED \(entry 2 of the manifest\): COLUMN_NOT_FOUND/);
      expect(r.stderr).toMatch(/^BATCH_INCOMPLETE: .*found 1 of 3 without results: sub-02/m);
      const lines = readFileSync(join(out, 'group.csv'), 'utf8').trim().split('\n');
      expect(lines[0]).toBe('subject,status,response,qoi,element,score,x,y,z,failed,error');
      expect(lines[1]).toMatch(/^sub-01,ok,p2p_FDI,E_mag,\d+,0\.\d+,/);
      expect(lines[2]).toMatch(/^sub-02,failed,,,,,,,,,"COLUMN_NOT_FOUND: /);
      expect(lines[3]).toMatch(/^sub-03,ok,p2p_ADM,E_mag,\d+,/);
      const spec = JSON.parse(readFileSync(join(out, 'sub-03', 'summary.json'), 'utf8')) as {
        spec: { discontinuityRefit: boolean; nRefit: number };
      };
      expect(spec.spec.discontinuityRefit).toBe(false);
      expect(spec.spec.nRefit).toBe(0);
      const svg = readFileSync(join(out, 'group.svg'), 'utf8');
      expect(svg).toMatch(/^<svg /);
      expect((svg.match(/<circle [^>]*><title>sub-0[13] /g) ?? []).length).toBe(4); // 2 subjects × 2 panels
      expect(svg).toContain('sub-02 ✗');

      // Again: complete subjects are skipped, the failing one is tried again; --force maps all again.
      const before = statSync(join(out, 'sub-01', 'summary.json')).mtimeMs;
      const again = cli(['batch', manifest, '--out', out, '--refit', '0', '--workers', '2']);
      expect(again.status).toBe(2);
      expect(again.stderr).toMatch(/sub-01: results complete, skipped/);
      expect(again.stdout).toMatch(/^sub-01\s+resumed\s+p2p_FDI/m);
      expect(statSync(join(out, 'sub-01', 'summary.json')).mtimeMs).toBe(before);
      const only = cli([
        'batch',
        manifest,
        '--out',
        out,
        '--rows',
        '0',
        '--force',
        '--refit',
        '0',
        '--workers',
        '2',
      ]);
      expect(only.status, only.stderr).toBe(0);
      expect(statSync(join(out, 'sub-01', 'summary.json')).mtimeMs).toBeGreaterThan(before);
    },
  );

  it('rejects an unknown column naming the file, row and column before mapping anything', () => {
    const bad = join(tmp, 'bad.csv');
    writeFileSync(bad, 'subject,roi,refits\ns1,a.hdf5,3\n');
    const r = cli(['batch', bad, '--out', join(tmp, 'bad-out')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^BAD_ARGUMENT: .*file .*bad\.csv; at row 1 \(line 2\), column refits; found an unknown column; expected subject or a map option: roi, .*refit/m,
    );
  });
});

describe('tms-mapper slurm --no-submit', () => {
  it('writes an array job over the shards and an afterok merge job, with extra #SBATCH lines', () => {
    const out = join(tmp, 'cluster');
    const r = cli([
      'slurm',
      '--shards',
      '4',
      '--demo',
      '--qoi',
      'E_mag,E_norm',
      '--out',
      out,
      '--no-submit',
      '--sbatch',
      '--time=2:00:00',
      '--sbatch',
      '#SBATCH --mem=4G',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`sbatch --dependency=afterok:$id ${join(out, 'slurm', 'merge.sbatch')}`);
    const map = readFileSync(join(out, 'slurm', 'map.sbatch'), 'utf8');
    expect(map).toMatch(/^#SBATCH --array=0-3$/m);
    expect(map).toMatch(/^#SBATCH --time=2:00:00$/m);
    expect(map).toMatch(/^#SBATCH --mem=4G$/m);
    expect(map).toMatch(
      / map --demo --qoi E_mag,E_norm --workers "\$\{SLURM_CPUS_PER_TASK:-1\}" --shard "\$i\/4" --out "[^"]+\/shards\/\$i" --force$/m,
    );
    const merge = readFileSync(join(out, 'slurm', 'merge.sbatch'), 'utf8');
    expect(merge).toContain(
      ` merge ${[0, 1, 2, 3].map((i) => join(out, 'shards', String(i))).join(' ')} --out ${join(out, 'merged')} --force`,
    );
    // Neither --shards nor --batch: a coded error, nothing written.
    const none = cli(['slurm', '--demo', '--out', join(tmp, 'none')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^BAD_ARGUMENT: .*neither --shards nor --batch/m);
  });
});
