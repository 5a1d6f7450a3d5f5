import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDemoDataset } from '../../main/io/demo-dataset';
import { readRoi } from '../../main/io/roi';
import { nodeWorkerSpawner } from '../../main/job/node-worker';
import { mapOnFiles } from './job-helpers';
import { geodesicDistance } from '../../workers/mesh';

const root = mkdtempSync(join(tmpdir(), 'tms-demo-map-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the demo dataset through the mapping job', () => {
  it('puts every muscle’s hotspot near its ground-truth element (coarse grid, 200 zaps, real workers)', async () => {
    const demo = await ensureDemoDataset(root, { seed: 3, nZaps: 200, gridSpacing: 2.5 });
    const result = await mapOnFiles(
      {
        inputs: {
          roiFile: demo.meshFile,
          roiId: demo.roiId,
          efieldFile: demo.efieldFile,
          responsesFile: demo.responsesFile,
        },
        responses: demo.truth.muscles.map((m) => m.column),
        qois: ['E_mag'],
        fun: 'sigmoid4',
        score: 'R2',
        preset: 'element',
        nRefit: 5,
        discontinuityRefit: true,
        stepdown: false,
        badElementScreen: false,
        convergence: false,
        workers: 2,
        seed: 1,
      },
      { spawn: nodeWorkerSpawner(resolve(import.meta.dirname, '../../out/main/worker.js')) },
    );
    const roi = await readRoi(demo.meshFile, demo.roiId);
    for (const m of demo.truth.muscles) {
      const map = result.maps.find((x) => x.response === m.column);
      expect(map).toBeDefined();
      const d = geodesicDistance(roi, m.element, map!.hotspot.element);
      console.log(
        `${m.muscle}: hotspot ${d.toFixed(2)} mm from the truth, R² ${map!.hotspot.score.toFixed(3)}`,
      );
      // Element spacing is ~1.8 mm here: the best element is the truth or one of its nearest neighbours.
      expect(d).toBeLessThan(4);
      expect(map!.scores[m.element]).toBeGreaterThan(0.95 * map!.hotspot.score);
    }
  });
});
