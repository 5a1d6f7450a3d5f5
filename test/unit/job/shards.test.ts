import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MappingResult } from '../../../main/contract';
import { readResults } from '../../../main/io/results-reader';
import { writeResults } from '../../../main/io/results-writer';
import { mergeShards } from '../../../main/job/shards';
import { gridRoi, mappingResult } from '../io/results-fixture';

const roi = gridRoi();
const root = mkdtempSync(join(tmpdir(), 'shards-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A signed-data run: the E_norm maps carry per-element zap counts and signs (one element skipped: 0 / 0). */
function signedRun(): MappingResult {
  const r = mappingResult(roi);
  r.maps = r.maps.map((m, mi) => {
    if (m.qoi !== 'E_norm') return m;
    const n = m.scores.length;
    const nFit = Uint32Array.from({ length: n }, (_, j) => (j === 5 ? 0 : 3 + ((j + mi) % 4)));
    const fitSign = Int8Array.from({ length: n }, (_, j) => (j === 5 ? 0 : (j + mi) % 3 === 0 ? -1 : 1));
    return { ...m, nFit, fitSign };
  });
  return r;
}

describe('mergeShards with signed-data selection', () => {
  it('carries n_fit/sign into the merged folder equal to the unsharded run', async () => {
    const full = signedRun();
    const n = full.nElements;
    const cut = Math.floor(n / 2);
    const shard = (i: number, range: [number, number]): MappingResult => ({
      ...full,
      spec: { ...full.spec, shard: [i, 2], elementRange: range },
    });
    await writeResults(join(root, 'full'), full, roi);
    await writeResults(join(root, 's0'), shard(0, [0, cut]), roi);
    await writeResults(join(root, 's1'), shard(1, [cut, n]), roi);
    const s1 = await readResults(join(root, 's1'));
    const s0 = await readResults(join(root, 's0'));
    // Zero the counts outside each shard's range: only the shard's own elements may reach the merge.
    for (const [s, r] of [
      [s0, [0, cut]],
      [s1, [cut, n]],
    ] as const) {
      for (const m of s.result.maps) {
        if (!m.nFit || !m.fitSign) continue;
        for (let j = 0; j < n; j++) {
          if (j >= r[0] && j < r[1]) continue;
          m.nFit[j] = 99;
          m.fitSign[j] = 0;
        }
      }
    }
    const { result, roi: mroi } = mergeShards([s1, s0]);
    await writeResults(join(root, 'merged'), result, mroi);
    const merged = await readResults(join(root, 'merged'));
    const want = await readResults(join(root, 'full'));
    want.result.maps.forEach((a, i) => {
      const b = merged.result.maps[i];
      if (a.qoi === 'E_mag') {
        expect(b.nFit).toBeUndefined();
        expect(b.fitSign).toBeUndefined();
        return;
      }
      expect(b.nFit).toBeInstanceOf(Uint32Array);
      expect(b.fitSign).toBeInstanceOf(Int8Array);
      expect(Array.from(b.nFit ?? [])).toEqual(Array.from(a.nFit ?? []));
      expect(Array.from(b.fitSign ?? [])).toEqual(Array.from(a.fitSign ?? []));
      expect(Array.from(a.fitSign ?? [])).toContain(-1);
    });
  });
});

describe('mergeShards refuses shards of different models', () => {
  it('names the folder and the setting (step start, preset, seed …); a spec without stepStart counts as on', async () => {
    const full = mappingResult(roi);
    const n = full.nElements;
    const cut = Math.floor(n / 2);
    const shard = (
      i: number,
      range: [number, number],
      over: Partial<MappingResult['spec']>,
    ): MappingResult => ({
      ...full,
      spec: { ...full.spec, shard: [i, 2], elementRange: range, ...over },
    });
    const { stepStart: _absent, ...older } = full.spec;
    await writeResults(
      join(root, 'm0'),
      { ...shard(0, [0, cut], {}), spec: { ...older, shard: [0, 2], elementRange: [0, cut] } },
      roi,
    );
    await writeResults(join(root, 'm1'), shard(1, [cut, n], { stepStart: true }), roi);
    await writeResults(join(root, 'm1-off'), shard(1, [cut, n], { stepStart: false }), roi);
    await writeResults(
      join(root, 'm1-seed'),
      shard(1, [cut, n], { stepStart: true, seed: full.spec.seed + 1 }),
      roi,
    );
    const m0 = await readResults(join(root, 'm0'));
    // A shard written before the option (no stepStart) merges with one that has it on.
    const m1 = await readResults(join(root, 'm1'));
    expect(() => mergeShards([m0, m1])).not.toThrow();
    const refused = async (dir: string): Promise<{ code?: string; file?: unknown; path?: unknown }> => {
      const other = await readResults(join(root, dir));
      try {
        mergeShards([m0, other]);
        return {};
      } catch (e) {
        const err = e as { code?: string; context?: { file?: unknown; path?: unknown } };
        return { code: err.code, file: err.context?.file, path: err.context?.path };
      }
    };
    expect(await refused('m1-off')).toEqual({
      code: 'BAD_ARGUMENT',
      file: join(root, 'm1-off'),
      path: 'stepStart',
    });
    expect(await refused('m1-seed')).toEqual({
      code: 'BAD_ARGUMENT',
      file: join(root, 'm1-seed'),
      path: 'seed',
    });
    // The solver likewise: the older shard (no fastSolver, which ran the engine's own) refuses one on lmfit's path.
    await writeResults(
      join(root, 'm1-lmfit'),
      shard(1, [cut, n], { stepStart: true, fastSolver: false }),
      roi,
    );
    expect(await refused('m1-lmfit')).toEqual({
      code: 'BAD_ARGUMENT',
      file: join(root, 'm1-lmfit'),
      path: 'fastSolver',
    });
  });
});
