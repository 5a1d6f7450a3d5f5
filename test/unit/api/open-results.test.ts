// Reopening result folders through the service: maps, geometry and convergence come back; IO curves need the inputs;
// closeResult forgets a result; makeFolder and saveFigure create missing folders; `serve --open` names the folder.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiService } from '../../../main/api/service';
import { RootPathPolicy } from '../../../main/api/path-policy';
import { writeResults } from '../../../main/io/results-writer';
import { parseServerArgs } from '../../../main/server/args';
import { gridRoi, mappingResult } from '../io/results-fixture';

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
        };
      }
    ).value;
    expect(summary.maps).toHaveLength(result.maps.length);
    expect(summary.folder).toBe(join(root, 'run'));
    expect(summary.hasInputs).toBe(false);
    expect(summary.hasConvergence).toBe(true);
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
