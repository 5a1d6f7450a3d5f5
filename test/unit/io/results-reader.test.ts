import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createH5 } from '../../../main/io/h5';
import { readResults } from '../../../main/io/results-reader';
import { writeResults } from '../../../main/io/results-writer';
import { gridRoi, mappingResult } from './results-fixture';

const roi = gridRoi();
const result = mappingResult(roi);
let root: string;
let out: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'results-reader-'));
  out = join(root, 'run');
  await writeResults(out, result, roi);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readResults', () => {
  it('gives back the MappingResult that was written (maps, params element-major, statuses, convergence, quality)', async () => {
    const back = await readResults(out);
    expect(back.result.maps).toEqual(result.maps);
    expect(back.result.convergence).toEqual(result.convergence);
    expect(back.result.quality).toEqual(result.quality);
    expect(back.result.spec).toEqual(result.spec);
    expect(Array.from(back.result.zapIndices)).toEqual(Array.from(result.zapIndices));
    expect([
      back.result.nZaps,
      back.result.nElements,
      back.result.workers,
      back.result.seconds,
      back.result.appVersion,
    ]).toEqual([6, 8, 2, 3.5, '0.1.0']);
    expect(Array.from(back.geometry.nodes)).toEqual(Array.from(roi.nodes));
    expect(Array.from(back.geometry.triangles)).toEqual(Array.from(roi.triangles));
    expect(back.result.maps[0].status).toBeInstanceOf(Uint8Array);
  });

  it('keeps responses whose names are not file names apart (folder recorded in summary.json)', async () => {
    const odd = mappingResult(roi);
    odd.maps = odd.maps.map((m) => ({ ...m, response: m.response === 'p2p_FDI' ? 'FDI / left' : '.hidden' }));
    odd.convergence = [];
    const dir = join(root, 'odd');
    await writeResults(dir, odd, roi);
    const back = await readResults(dir);
    expect(back.summary.results.map((r) => r.folder)).toEqual([
      'FDI___left',
      'FDI___left',
      'response_hidden',
      'response_hidden',
    ]);
    expect(back.result.maps).toEqual(odd.maps);
  });

  it('names what is wrong with a folder that is not a readable result', async () => {
    await expect(readResults(join(root, 'nothing'))).rejects.toMatchObject({ code: 'RESULTS_INVALID' });
    const bad = join(root, 'bad');
    rmSync(bad, { recursive: true, force: true });
    await writeResults(bad, result, roi);
    writeFileSync(join(bad, 'summary.json'), '{ not json');
    await expect(readResults(bad)).rejects.toMatchObject({ code: 'RESULTS_INVALID' });
    writeFileSync(join(bad, 'summary.json'), JSON.stringify({ format: 'something-else', results: [] }));
    await expect(readResults(bad)).rejects.toMatchObject({ code: 'RESULTS_INVALID' });
  });

  it('reports a missing dataset with file and path', async () => {
    const dir = join(root, 'missing');
    await writeResults(dir, result, roi);
    const f = await createH5(join(dir, 'p2p_ADM', 'r2_roi_data.hdf5'));
    f.close();
    const e = await readResults(dir).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'DATASET_MISSING' });
    expect((e as Error).message).toContain('/data/tris/c_E_mag');
    expect((e as Error).message).toContain('p2p_ADM');
  });
});
