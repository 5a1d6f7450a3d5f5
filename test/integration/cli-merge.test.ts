// Shards and merge through the built CLI: two shards joined equal the unsharded map bit for bit (no neighbour refits across shards).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../main/io/results-reader';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
const cli = (args: string[]): { status: number | null; stderr: string } => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, stderr: r.stderr };
};

describe('tms-mapper map --shard / merge', () => {
  it(
    'merges two shards into the unsharded result and rejects an incomplete set',
    { timeout: 900_000 },
    async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'cli-merge-'));
      const common = [
        'map',
        '--demo',
        '--response',
        'p2p_FDI',
        '--refit',
        '2',
        '--no-discontinuity-refit',
        // Signed-data selection on E_norm (mixed signs): the merged folder must keep each element's n_fit and sign.
        '--qoi',
        'E_norm',
        '--signed-data',
        'on',
        '--convergence',
        '--steps',
        '100,200',
        '--workers',
        '2',
      ];
      expect(cli([...common, '--shard', '0/2', '--out', join(tmp, 's0')]).status).toBe(0);
      expect(cli([...common, '--shard', '1/2', '--out', join(tmp, 's1')]).status).toBe(0);
      expect(cli([...common, '--out', join(tmp, 'full')]).status).toBe(0);
      const s0 = JSON.parse(readFileSync(join(tmp, 's0', 'summary.json'), 'utf8')) as {
        elementRange: number[];
        shard: number[];
      };
      expect(s0.shard).toEqual([0, 2]);
      expect(s0.elementRange[0]).toBe(0);

      expect(cli(['merge', join(tmp, 's1'), join(tmp, 's0'), '--out', join(tmp, 'merged')]).status).toBe(0);
      const full = await readResults(join(tmp, 'full'));
      const merged = await readResults(join(tmp, 'merged'));
      const a = full.result.maps[0];
      const b = merged.result.maps[0];
      expect(Buffer.from(b.scores.buffer).equals(Buffer.from(a.scores.buffer))).toBe(true);
      expect(Buffer.from(b.status).equals(Buffer.from(a.status))).toBe(true);
      expect(b.hotspot.element).toBe(a.hotspot.element);
      expect(a.nFit && a.fitSign).toBeTruthy();
      expect(Array.from(b.nFit ?? [])).toEqual(Array.from(a.nFit ?? []));
      expect(Array.from(b.fitSign ?? [])).toEqual(Array.from(a.fitSign ?? []));
      // Both signs occur, so the tiling of the signs is really compared.
      expect(Array.from(a.fitSign ?? [])).toEqual(expect.arrayContaining([-1, 1]));
      // The convergence runs join per step, and their comparisons are recomputed over the whole ROI.
      const ca = full.result.convergence[0];
      const cb = merged.result.convergence[0];
      expect(cb.steps.map((t) => t.nZaps)).toEqual(ca.steps.map((t) => t.nZaps));
      cb.steps.forEach((t, i) => {
        expect(Buffer.from(t.scores.buffer).equals(Buffer.from(ca.steps[i].scores.buffer))).toBe(true);
        expect(t.hotspot.element).toBe(ca.steps[i].hotspot.element);
        if (i === 0) expect(t.nrmsd).toBeNaN();
        else {
          expect(t.nrmsd).toBeCloseTo(ca.steps[i].nrmsd, 12);
          expect(t.hotspotDistance).toBeCloseTo(ca.steps[i].hotspotDistance, 9);
        }
        // Per-shard E-matrix samples do not combine.
        expect(t.mutualCoherence).toBeNaN();
      });

      const bad = cli(['merge', join(tmp, 's0'), '--out', join(tmp, 'partial')]);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/^BAD_ARGUMENT: .*shards cover \[0, \d+\)/m);
    },
  );
});
