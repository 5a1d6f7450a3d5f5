// tms-mapper slurm against a real single-node Slurm started here: a 2-shard map merged by the afterok job equals the unsharded map bit for bit; a batch runs one task per subject and its group job reports the failed one.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResults } from '../../main/io/results-reader';
import { startLocalSlurm, type LocalSlurm } from './slurm-cluster';
import { demoFiles } from './job-helpers';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
/** A small map: one muscle, 60 zaps, no refits (seconds per run; the sharding is what is under test). */
const SMALL = ['--response', 'p2p_FDI', '--zaps', '60', '--refit', '0', '--no-discontinuity-refit'];

let tmp: string;
let slurm: LocalSlurm;

const cli = (args: string[]): SpawnSyncReturns<string> =>
  spawnSync(process.execPath, [CLI, ...args], { env: slurm.env, encoding: 'utf8', timeout: 300_000 });

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tms-slurm-'));
  slurm = await startLocalSlurm(join(tmp, 'cluster'));
});

afterAll(async () => {
  await slurm?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('tms-mapper slurm on a real Slurm', () => {
  it(
    'maps 2 shards as an array job, merges them after both succeeded, equal to the unsharded map',
    { timeout: 300_000 },
    async () => {
      const out = join(tmp, 'sharded');
      const r = cli(['slurm', '--shards', '2', '--demo', ...SMALL, '--workers', '1', '--out', out, '--wait']);
      expect(r.status, `${r.stdout}\n${r.stderr}\n${slurm.logs()}`).toBe(0);
      const ids = /map job (\d+) \(2 array tasks\) and merge job (\d+)/.exec(r.stdout);
      expect(ids, r.stdout).not.toBeNull();
      expect(Number(ids![2])).toBeGreaterThan(Number(ids![1]));
      const mergeScript = readFileSync(join(out, 'slurm', 'merge.sbatch'), 'utf8');
      expect(mergeScript).toContain(`merge ${join(out, 'shards', '0')} ${join(out, 'shards', '1')} --out`);
      expect(readFileSync(join(out, 'slurm', `map-${ids![1]}_1.log`), 'utf8')).toMatch(/Done in/);

      const ref = cli(['map', '--demo', ...SMALL, '--workers', '2', '--out', join(tmp, 'whole')]);
      expect(ref.status, ref.stderr).toBe(0);
      const whole = (await readResults(join(tmp, 'whole'))).result.maps[0];
      const merged = (await readResults(join(out, 'merged'))).result.maps[0];
      expect(Buffer.from(merged.scores.buffer).equals(Buffer.from(whole.scores.buffer))).toBe(true);
      expect(Buffer.from(merged.params.buffer).equals(Buffer.from(whole.params.buffer))).toBe(true);
      expect(Buffer.from(merged.status).equals(Buffer.from(whole.status))).toBe(true);
      expect(readFileSync(join(out, 'merged', 'hotspots.csv'), 'utf8')).toBe(
        readFileSync(join(tmp, 'whole', 'hotspots.csv'), 'utf8'),
      );
    },
  );

  it(
    'runs a batch as one task per subject; the group job lists the failed subject and --wait exits 2',
    { timeout: 300_000 },
    async () => {
      const d = await demoFiles();
      const manifest = join(tmp, 'subjects.csv');
      const row = (s: string, response: string): string =>
        [s, `${d.meshFile}:${d.roiId}`, d.efieldFile, d.responsesFile, response, 'E_mag', '60', '0'].join(
          ',',
        );
      writeFileSync(
        manifest,
        [
          'subject,roi,efield,responses,response,qoi,zaps,refit',
          row('s1', 'p2p_FDI'),
          row('s2', 'p2p_MISSING'),
        ].join('\n'),
      );
      const out = join(tmp, 'batch');
      const r = cli([
        'slurm',
        '--batch',
        manifest,
        '--workers',
        '1',
        '--out',
        out,
        '--wait',
        '--sbatch',
        '--time=10',
      ]);
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(2);
      expect(r.stdout).toMatch(/batch job \d+ \(2 array tasks, one per subject\) and group job \d+/);
      expect(r.stderr).toMatch(/SLURM_FAILED: .*job \d+.*found FAILED/);
      expect(readFileSync(join(out, 'slurm', 'map.sbatch'), 'utf8')).toContain('#SBATCH --time=10');
      const group = readFileSync(join(out, 'group.csv'), 'utf8').trim().split('\n');
      expect(group[1]).toMatch(/^s1,ok,p2p_FDI,E_mag,\d+,/);
      expect(group[2]).toMatch(/^s2,missing,/);
      expect(existsSync(join(out, 'group.svg'))).toBe(true);
    },
  );
});
