// The app's path end to end below the UI: a job started with the Model step's permutation/bootstrap counts runs on
// the worker pool, and getConfidence answers for its map (needs out/main/worker.js: `npm run build`).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiService } from '../../main/api/service';
import { RootPathPolicy } from '../../main/api/path-policy';
import { nodeWorkerSpawner } from '../../main/job/node-worker';
import { DEFAULT_MODEL, type ApiEvents, type MapConfidence, type OpenedDataset } from '../../main/contract';
import { WORKER_ENTRY } from './job-helpers';

const FIX = resolve(import.meta.dirname, '../fixtures/io');

describe('getConfidence after a job of the app', () => {
  it(
    'returns the permutation test and bootstrap the job ran with the Model step’s counts',
    { timeout: 120_000 },
    async () => {
      let finished: (v: ApiEvents['job:finished']) => void = () => undefined;
      let failed: (v: ApiEvents['job:failed']) => void = () => undefined;
      const done = new Promise<ApiEvents['job:finished']>((res, rej) => {
        finished = res;
        failed = (f) => rej(new Error(`${f.code}: ${f.message}`));
      });
      const phases = new Set<string>();
      const s = new ApiService({
        transport: 'http',
        policy: new RootPathPolicy(FIX),
        configDir: mkdtempSync(join(tmpdir(), 'svc-conf-cfg-')),
        appVersion: '9.9.9',
        spawn: nodeWorkerSpawner(WORKER_ENTRY),
        emit: (e, p) => {
          if (e === 'job:progress') phases.add((p as ApiEvents['job:progress']).phase);
          if (e === 'job:finished') finished(p as ApiEvents['job:finished']);
          if (e === 'job:failed') failed(p as ApiEvents['job:failed']);
        },
      });
      const opened = await s.dispatch('openDataset', {
        inputs: {
          roiFile: `${FIX}/mesh_rois.hdf5`,
          roiId: '0',
          efieldFile: `${FIX}/e.hdf5`,
          responsesFile: `${FIX}/experiment_fixed.hdf5`,
        },
      });
      if (!opened.ok) throw new Error(JSON.stringify(opened));
      const ds = opened.value as OpenedDataset;
      const started = await s.dispatch('startJob', {
        datasetId: ds.datasetId,
        selection: { responses: ['p2p_FDI'], qois: ['E_mag'], zaps: {} },
        model: { ...DEFAULT_MODEL, nRefit: 2, workers: 1, seed: 3, permutations: 19, bootstrap: 4 },
      });
      if (!started.ok) throw new Error(JSON.stringify(started));
      const { result } = await done;
      expect(phases.has('permutations') && phases.has('bootstrap')).toBe(true);
      expect(result.maps[0].hasConfidence).toBe(true);
      const got = await s.dispatch('getConfidence', {
        resultId: result.resultId,
        response: 'p2p_FDI',
        qoi: 'E_mag',
      });
      if (!got.ok) throw new Error(JSON.stringify(got));
      const c = got.value as MapConfidence;
      expect(c.hotspot.element).toBe(result.maps[0].hotspot.element);
      expect(c.significance!.maxima).toHaveLength(19);
      expect(c.significance!.observed).toBeCloseTo(result.maps[0].hotspot.score, 12);
      // p is (1 + #maxima at least as good) / (N + 1): a multiple of 1/20 in (0, 1], consistent with the maxima.
      const atLeast = Array.from(c.significance!.maxima).filter((v) => v >= c.significance!.observed).length;
      expect(c.significance!.pFwe).toBeCloseTo((1 + atLeast) / 20, 12);
      expect(Number.isFinite(c.significance!.thresholdFwe05)).toBe(true);
      expect(c.bootstrap!.n).toBe(4);
      expect(Array.from(c.bootstrap!.frequency).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    },
  );
});
