// Real worker processes: identical results for any worker count and chunk size, crash retry, failed blocks, cancel.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../main/contract';
import { nodeWorkerSpawner } from '../../main/job/node-worker';
import type { MappingResult } from '../../main/contract';
import type { WorkerExit } from '../../main/job/worker-handle';
import { ElementStatus } from '../../workers/fit/types';
import { isAlive, smallSpec, WORKER_ENTRY, mapOnFiles } from './job-helpers';

const spawn = nodeWorkerSpawner(WORKER_ENTRY);
const bytes = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function expectSameMaps(a: MappingResult, b: MappingResult): void {
  expect(a.maps.length).toBe(b.maps.length);
  a.maps.forEach((m, i) => {
    expect(bytes(m.scores).equals(bytes(b.maps[i].scores))).toBe(true);
    expect(bytes(m.params).equals(bytes(b.maps[i].params))).toBe(true);
    expect(Buffer.from(m.status).equals(Buffer.from(b.maps[i].status))).toBe(true);
  });
}

describe('mapping job on worker processes', () => {
  let reference: MappingResult;

  it(
    'gives bitwise-identical maps for 1 and 2 workers and different chunk sizes',
    { timeout: 300_000 },
    async () => {
      reference = await mapOnFiles(await smallSpec({ workers: 1, chunkSize: 256 }), { spawn });
      const two = await mapOnFiles(await smallSpec({ workers: 2, chunkSize: 37 }), { spawn });
      const three = await mapOnFiles(await smallSpec({ workers: 2, chunkSize: 1 }), { spawn });
      expectSameMaps(reference, two);
      expectSameMaps(reference, three);
      const m = reference.maps[0];
      const fitted = m.scores.subarray(2000, 2400).filter((s) => Number.isFinite(s)).length;
      expect(fitted).toBeGreaterThan(300);
      expect(m.failed).toBe(0);
      // Outside the element range nothing was fitted.
      expect(Number.isNaN(m.scores[0]) && Number.isNaN(m.scores[3000])).toBe(true);
      expect(m.status[0]).toBe(ElementStatus.notMapped);
      expect(m.status[3000]).toBe(ElementStatus.notMapped);
    },
  );

  it('retries the block of a killed worker and still gets the same map', { timeout: 300_000 }, async () => {
    const pids: number[] = [];
    const exits: { exit: WorkerExit; busy: boolean }[] = [];
    let killed = false;
    let spawned = 0;
    const spec = await smallSpec({ workers: 2, chunkSize: 64 });
    const result = await mapOnFiles(spec, {
      // Counted at spawn: a replacement that is still booting when the job ends is killed before it reports ready.
      spawn: (id) => {
        spawned++;
        return spawn(id);
      },
      onWorkerStart: ({ pid }) => pids.push(pid),
      onWorkerExit: ({ exit, busy }) => exits.push({ exit, busy }),
      onProgress: (p) => {
        if (!killed && p.phase === 'fitting' && p.done > 0) {
          killed = true;
          process.kill(pids[0], 'SIGKILL');
        }
      },
    });
    expect(killed).toBe(true);
    expect(exits.some((e) => e.exit.reason === 'crashed' && e.busy)).toBe(true);
    // A fresh worker replaced the killed one.
    expect(spawned).toBeGreaterThanOrEqual(3);
    expect(result.maps[0].failed).toBe(0);
    expectSameMaps(reference, result);
  });

  it(
    'marks a block failed after its retry crashes too, and the job still finishes',
    { timeout: 120_000 },
    async () => {
      // A real process that starts like a worker and dies on its first task (fit block or E-quality task).
      const dir = mkdtempSync(join(tmpdir(), 'crashing-worker-'));
      const entry = join(dir, 'worker.mjs');
      writeFileSync(
        entry,
        "process.on('message', (m) => { if (m.type === 'fit-block' || m.type === 'quality') process.exit(3); });\nprocess.send({ type: 'ready', pid: process.pid });\n",
      );
      chmodSync(entry, 0o644);
      // Two blocks of 16 (the smallest chunk near a pass's end): each crashes twice, within the respawn budget.
      const spec = await smallSpec({
        workers: 2,
        chunkSize: 16,
        elementRange: [0, 32],
        discontinuityRefit: false,
      });
      const result = await mapOnFiles(spec, { spawn: nodeWorkerSpawner(entry) });
      const m = result.maps[0];
      expect(m.failed).toBe(32);
      for (let j = 0; j < 32; j++) expect(m.status[j]).toBe(ElementStatus.failed);
      // The E-quality task crashed twice as well: its figures were computed on the main process.
      expect(result.quality.length).toBe(1);
      expect(result.quality[0].mutualCoherence).toBeGreaterThan(0);
    },
  );

  it(
    'fails the job with WORKER_FAILED when no worker can be kept running',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dead-worker-'));
      const entry = join(dir, 'worker.mjs');
      writeFileSync(entry, 'process.exit(1);\n');
      const err = await mapOnFiles(await smallSpec({ elementRange: [0, 50] }), {
        spawn: nodeWorkerSpawner(entry),
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isAppError(err) && err.code).toBe('WORKER_FAILED');
      expect(() => nodeWorkerSpawner(join(dir, 'missing.js'))).toThrow(/WORKER_FAILED/);
    },
  );

  it.runIf(process.platform === 'linux')(
    'starts workers with the parent environment less NODE_EXTRA_CA_CERTS (read at every Node start, unused by a worker)',
    { timeout: 60_000 },
    async () => {
      const saved = { ca: process.env.NODE_EXTRA_CA_CERTS, marker: process.env.TMS_WORKER_ENV_PROBE };
      process.env.NODE_EXTRA_CA_CERTS = '/nonexistent/extra-ca.pem';
      process.env.TMS_WORKER_ENV_PROBE = 'kept';
      const h = spawn(0);
      try {
        await new Promise<void>((ready, fail) => {
          h.onMessage((m) => m.type === 'ready' && ready());
          h.onExit((e) => fail(new Error(`worker exited: ${e.reason}`)));
        });
        const env = readFileSync(`/proc/${h.pid}/environ`, 'latin1').split('\0');
        expect(env).toContain('TMS_WORKER_ENV_PROBE=kept');
        expect(env.filter((v) => v.startsWith('NODE_EXTRA_CA_CERTS='))).toEqual([]);
        // The parent's own environment is left as it was.
        expect(process.env.NODE_EXTRA_CA_CERTS).toBe('/nonexistent/extra-ca.pem');
      } finally {
        h.kill();
        for (const [k, v] of [
          ['NODE_EXTRA_CA_CERTS', saved.ca],
          ['TMS_WORKER_ENV_PROBE', saved.marker],
        ] as const) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
    },
  );

  it('cancels within a second and leaves no worker process behind', { timeout: 120_000 }, async () => {
    const pids: number[] = [];
    const controller = new AbortController();
    let abortedAt = 0;
    const spec = await smallSpec({ workers: 2, elementRange: [0, 4000], nRefit: 50 });
    const run = mapOnFiles(spec, {
      spawn,
      signal: controller.signal,
      onWorkerStart: ({ pid }) => pids.push(pid),
      onProgress: (p) => {
        if (!abortedAt && p.done > 0) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    const tookMs = performance.now() - abortedAt;
    expect(isAppError(err) && err.code).toBe('JOB_CANCELLED');
    expect(pids.length).toBe(2);
    expect(pids.filter(isAlive)).toEqual([]);
    // Generous bound on a shared machine: the pool waits 500 ms, then kills.
    expect(tookMs).toBeLessThan(3000);
  });
});
