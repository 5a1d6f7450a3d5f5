// Ridge maps are closed-form: the job runs no zero-score restarts nor discontinuity refits, and the folder says so.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type * as discontinuity from '../../main/job/discontinuity';
import { nodeWorkerSpawner } from '../../main/job/node-worker';
import type { SpawnWorker } from '../../main/job/worker-handle';
import type { MainToWorker } from '../../workers/protocol';
import { openDataset } from '../../main/io/dataset';
import { writeResults } from '../../main/io/results-writer';
import { smallSpec, WORKER_ENTRY, mapOnFiles } from './job-helpers';

// Counts the discontinuity-refit plans (a plan may be empty, so the blocks sent alone do not show the pass ran).
const plans = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../main/job/discontinuity', async (orig) => {
  const m = await orig<typeof discontinuity>();
  return {
    ...m,
    planDiscontinuityRefits: (...a: Parameters<typeof m.planDiscontinuityRefits>) => {
      plans.n++;
      return m.planDiscontinuityRefits(...a);
    },
  };
});

const spawn = nodeWorkerSpawner(WORKER_ENTRY);

/** Real workers whose messages from the job are recorded: the fit modes of the blocks and the init's restarts. */
function recording(log: { modes: Set<string>; nRefit: Set<number> }): SpawnWorker {
  return (id) => {
    const h = spawn(id);
    return new Proxy(h, {
      get(t, k) {
        if (k === 'post')
          return (m: MainToWorker): void => {
            if (m.type === 'fit-block') log.modes.add(m.mode);
            if (m.type === 'init') log.nRefit.add(m.nRefit);
            t.post(m);
          };
        const v: unknown = Reflect.get(t, k, t);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
  };
}

describe('ridge maps and refits', () => {
  it(
    'skip the refits even when the spec asks for them, and record them as not applicable',
    { timeout: 120_000 },
    async () => {
      // Built in code (not through toJobSpec): the job itself must leave the refits out.
      const spec = await smallSpec({
        fun: 'ridge',
        nRefit: 50,
        discontinuityRefit: true,
        badElementScreen: false,
      });
      const ridge = { modes: new Set<string>(), nRefit: new Set<number>() };
      const r = await mapOnFiles(spec, { spawn: recording(ridge) });
      expect([...ridge.modes]).toEqual(['first']);
      expect([...ridge.nRefit]).toEqual([0]);
      expect(plans.n).toBe(0);
      expect(r.maps[0].scores.subarray(2000, 2400).some(Number.isFinite)).toBe(true);
      // The same spec with sigmoid4 does refit (what the ridge run must miss is there to be seen).
      const sig = { modes: new Set<string>(), nRefit: new Set<number>() };
      await mapOnFiles({ ...spec, fun: 'sigmoid4', nRefit: 2 }, { spawn: recording(sig) });
      expect(plans.n).toBeGreaterThan(0);
      expect([...sig.nRefit]).toEqual([2]);

      const dir = mkdtempSync(join(tmpdir(), 'ridge-refits-'));
      try {
        const ds = await openDataset(spec.inputs);
        try {
          await writeResults(join(dir, 'out'), r, ds.roi);
        } finally {
          ds.close();
        }
        const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as {
          refits: unknown;
        };
        expect(summary.refits).toBe('not applicable (closed-form fit)');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
