// Reopening result folders through the service: maps, geometry and convergence come back; IO curves need the inputs;
// merged shard folders reopen as the unsharded run; closeResult forgets a result; makeFolder and saveFigure create missing folders; `serve --open` names the folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiService } from '../../../main/api/service';
import { RootPathPolicy } from '../../../main/api/path-policy';
import { writeResults } from '../../../main/io/results-writer';
import { parseServerArgs } from '../../../main/server/args';
import { gridRoi, mappingResult } from '../io/results-fixture';
import { FIXTURE_INPUT_ARGS } from '../../fixture-args';
import { folderDetail } from '../../../renderer/src/stores/useRunsStore';
import type { ResultSummary } from '../../../main/contract';

function service(root: string) {
  return new ApiService({
    transport: 'http',
    policy: new RootPathPolicy(root),
    configDir: mkdtempSync(join(tmpdir(), 'open-cfg-')),
    appVersion: '9.9.9',
    emit: () => undefined,
  });
}

describe('openResults', () => {
  it('reopens a written result folder with its maps, geometry and convergence, without IO curves when inputs are gone', async () => {
    const root = mkdtempSync(join(tmpdir(), 'open-root-'));
    const roi = gridRoi();
    const result = mappingResult(roi);
    await writeResults(join(root, 'run'), result, roi);
    const s = service(root);
    const opened = await s.dispatch('openResults', { dir: join(root, 'run') });
    expect(opened.ok).toBe(true);
    const summary = (
      opened as {
        value: {
          resultId: string;
          maps: unknown[];
          folder: string;
          hasInputs: boolean;
          hasConvergence: boolean;
          pipeline: string;
          stepStart: boolean;
          fastSolver: boolean;
        };
      }
    ).value;
    expect(summary.maps).toHaveLength(result.maps.length);
    expect(summary.folder).toBe(join(root, 'run'));
    expect(summary.hasInputs).toBe(false);
    expect(summary.hasConvergence).toBe(true);
    // How the maps were made, as the files say: the fixture's element preset with the screen is no reference set,
    // and its spec (written before the options) had the step start and the fast solver on.
    expect([summary.pipeline, summary.stepStart, summary.fastSolver]).toEqual(['custom', true, true]);
    expect(folderDetail('run', summary as ResultSummary)).toContain(' · custom, step start, fast solver · ');
    await writeResults(
      join(root, 'plain'),
      { ...result, spec: { ...result.spec, badElementScreen: false, stepStart: false, fastSolver: false } },
      roi,
    );
    const plain = await s.dispatch('openResults', { dir: join(root, 'plain') });
    if (!plain.ok) throw new Error(plain.message);
    const made = plain.value as ResultSummary;
    expect([made.pipeline, made.stepStart, made.fastSolver]).toEqual(['regress_data', false, false]);
    expect(folderDetail('plain', made)).toBe(
      `plain · ${result.maps.length} map(s) · ${result.nZaps} zaps · regress_data · inputs not readable here: no IO curves`,
    );
    const m = result.maps[0];
    const map = await s.dispatch('getMap', { resultId: summary.resultId, response: m.response, qoi: m.qoi });
    expect(map.ok && Array.from((map.value as { scores: Float64Array }).scores)).toEqual(
      Array.from(m.scores),
    );
    const geo = await s.dispatch('getGeometry', { resultId: summary.resultId });
    expect(geo.ok && (geo.value as { nTriangles: number }).nTriangles).toBe(roi.nTriangles);
    const el = await s.dispatch('getElement', {
      resultId: summary.resultId,
      response: m.response,
      qoi: m.qoi,
      element: 0,
    });
    expect(el).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    expect(await s.dispatch('closeResult', { resultId: summary.resultId })).toEqual({ ok: true, value: {} });
    expect(await s.dispatch('getGeometry', { resultId: summary.resultId })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });

  it('refuses a folder without results and one outside the root, naming them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'open-root-'));
    const s = service(root);
    expect(await s.dispatch('openResults', { dir: root })).toMatchObject({
      ok: false,
      code: 'RESULTS_INVALID',
    });
    expect(await s.dispatch('openResults', { dir: tmpdir() })).toMatchObject({
      ok: false,
      code: 'PERMISSION_DENIED',
    });
  });

  it('creates missing folders for makeFolder and for a figure saved into a new folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'open-root-'));
    const s = service(root);
    const made = await s.dispatch('makeFolder', { path: join(root, 'a', 'b') });
    expect(made).toEqual({ ok: true, value: { path: join(root, 'a', 'b') } });
    expect(existsSync(join(root, 'a', 'b'))).toBe(true);
    const fig = join(root, 'new', 'deeper', 'map.png');
    const saved = await s.dispatch('saveFigure', {
      path: fig,
      format: 'png',
      data: new Uint8Array([1, 2, 3]),
      overwrite: false,
    });
    expect(saved).toEqual({ ok: true, value: { files: [fig], bytes: 3 } });
  });

  it('takes `serve --open <folder>` relative to the root', () => {
    const a = parseServerArgs(['--root', '/data', '--open', 'results/run1']);
    expect(a.open).toBe('/data/results/run1');
    expect(parseServerArgs([]).open).toBeNull();
  });
});

/** The built CLI on the small fixture (40 elements × 30 zaps): a map takes well under a second. */
const CLI = resolve(import.meta.dirname, '../../../out/main/cli.js');
function cli(args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`tms-mapper ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
}

describe('openResults on merged shards', () => {
  it(
    'reopens `map --shard 0/2`, `--shard 1/2`, then `merge` as the unsharded run, with convergence',
    { timeout: 60_000 },
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'open-shards-'));
      const common = [
        'map',
        ...FIXTURE_INPUT_ARGS,
        '--response',
        'p2p_FDI',
        '--refit',
        '2',
        '--convergence',
        '--steps',
        '15,30',
        '--workers',
        '1',
      ];
      cli([...common, '--shard', '0/2', '--out', join(root, 's0')]);
      cli([...common, '--shard', '1/2', '--out', join(root, 's1')]);
      cli([...common, '--out', join(root, 'full')]);
      cli(['merge', join(root, 's0'), join(root, 's1'), '--out', join(root, 'merged')]);

      const s = service(root);
      type Summary = {
        resultId: string;
        nElements: number;
        maps: { response: string; qoi: string; hotspot: { element: number; score: number } }[];
        hasConvergence: boolean;
      };
      const open = async (dir: string): Promise<Summary> => {
        const r = await s.dispatch('openResults', { dir: join(root, dir) });
        if (!r.ok) throw new Error(`openResults ${dir}: ${JSON.stringify(r)}`);
        return r.value as Summary;
      };
      const full = await open('full');
      const merged = await open('merged');
      expect(merged.nElements).toBe(40);
      expect(merged.maps.map((m) => [m.response, m.qoi])).toEqual(full.maps.map((m) => [m.response, m.qoi]));
      expect(merged.hasConvergence).toBe(true);
      const ref = { response: 'p2p_FDI', qoi: 'E_mag' };
      const mapOf = async (id: string) => {
        const r = await s.dispatch('getMap', { resultId: id, ...ref });
        if (!r.ok) throw new Error(JSON.stringify(r));
        return r.value as { scores: Float64Array };
      };
      const a = await mapOf(full.resultId);
      const b = await mapOf(merged.resultId);
      expect(b.scores).toHaveLength(40);
      // Each half of the merged map is its shard's map, unmapped (NaN) exactly where the unsharded run is.
      const s0Summary = await open('s0');
      const s1Summary = await open('s1');
      const s0 = await mapOf(s0Summary.resultId);
      const s1 = await mapOf(s1Summary.resultId);
      expect(Array.from(b.scores.subarray(0, 20))).toEqual(Array.from(s0.scores.subarray(0, 20)));
      expect(Array.from(b.scores.subarray(20))).toEqual(Array.from(s1.scores.subarray(20)));
      expect(Array.from(b.scores, Number.isNaN)).toEqual(Array.from(a.scores, Number.isNaN));
      // Its hotspot is the better of the shards' (R²: higher), found over the whole ROI.
      const [h0, h1] = [s0Summary.maps[0].hotspot, s1Summary.maps[0].hotspot];
      expect(merged.maps[0].hotspot.element).toBe(h0.score >= h1.score ? h0.element : h1.element);
      const conv = await s.dispatch('getConvergence', { resultId: merged.resultId, ...ref });
      expect(conv.ok && (conv.value as { points: { nZaps: number }[] }).points.map((p) => p.nZaps)).toEqual([
        15, 30,
      ]);
      // A single shard is a partial map, not the whole ROI: it still opens, with the other half unmapped.
      const half = await open('s0');
      expect(half.nElements).toBe(40);
    },
  );
});
