// Stepdown, convergence and E quality on the demo with real workers.
import { describe, expect, it } from 'vitest';
import { nodeWorkerSpawner } from '../../main/job/node-worker';
import { ElementStatus } from '../../workers/fit/types';
import { demoFiles, smallSpec, WORKER_ENTRY, mapOnFiles } from './job-helpers';

const spawn = nodeWorkerSpawner(WORKER_ENTRY);

describe('mapping job features', () => {
  it(
    'E_norm runs the signed-data selection and reports progress per map up to done',
    { timeout: 300_000 },
    async () => {
      const events: { phase: string; done: number; total: number; qoi: string }[] = [];
      const r = await mapOnFiles(
        await smallSpec({ qois: ['E_mag', 'E_norm'], elementRange: [2100, 2400], nRefit: 2 }),
        {
          spawn,
          onProgress: (p) => events.push({ phase: p.phase, done: p.done, total: p.total, qoi: p.qoi }),
        },
      );
      const norm = r.maps.find((m) => m.qoi === 'E_norm')!;
      const counts = new Map<number, number>();
      for (let j = 2100; j < 2400; j++) counts.set(norm.status[j], (counts.get(norm.status[j]) ?? 0) + 1);
      // Every element of the range has a status from the job (fitted or a reasoned skip), none "not mapped".
      expect(counts.get(ElementStatus.notMapped)).toBeUndefined();
      expect(
        (counts.get(ElementStatus.converged) ?? 0) + (counts.get(ElementStatus.maxEvaluations) ?? 0),
      ).toBeGreaterThan(0);
      for (const qoi of ['E_mag', 'E_norm']) {
        const ev = events.filter((e) => e.qoi === qoi);
        expect(ev[ev.length - 1].phase).toBe('done');
        const fitting = ev.filter((e) => e.phase === 'fitting');
        expect(fitting.length).toBeGreaterThan(0);
        expect(fitting.every((e) => e.total === 300 && e.done <= e.total)).toBe(true);
        for (let i = 1; i < fitting.length; i++)
          expect(fitting[i].done).toBeGreaterThanOrEqual(fitting[i - 1].done);
      }
    },
  );

  it(
    'stepdown fits every element of the range and finds the ground-truth hotspot',
    { timeout: 300_000 },
    async () => {
      const demo = await demoFiles();
      const truth = demo.truth.muscles[0];
      const r = await mapOnFiles(await smallSpec({ stepdown: true, elementRange: [1900, 2500] }), { spawn });
      const m = r.maps[0];
      const c = m.hotspot.centroid;
      expect(
        Math.hypot(c[0] - truth.centroid[0], c[1] - truth.centroid[1], c[2] - truth.centroid[2]),
      ).toBeLessThanOrEqual(2);
      // Every element got a result or a reasoned skip (status set, score finite unless skipped).
      let fitted = 0;
      for (let j = 1900; j < 2500; j++) if (Number.isFinite(m.scores[j])) fitted++;
      expect(fitted).toBeGreaterThan(500);
      expect(m.failed).toBe(0);
    },
  );

  it(
    'convergence: maps per zap count with NRMSD, hotspot distance and E quality per step',
    { timeout: 300_000 },
    async () => {
      const r = await mapOnFiles(await smallSpec({ convergence: true, convergenceSteps: [60, 150, 300] }), {
        spawn,
      });
      expect(r.convergence.length).toBe(1);
      const steps = r.convergence[0].steps;
      expect(steps.map((s) => s.nZaps)).toEqual([60, 150, 300]);
      expect(Number.isNaN(steps[0].nrmsd)).toBe(true);
      for (const s of steps.slice(1)) {
        expect(s.nrmsd).toBeGreaterThanOrEqual(0);
        expect(s.nrmsd).toBeLessThan(1);
        expect(s.hotspotDistance).toBeGreaterThanOrEqual(0);
      }
      // The last step is the full map.
      expect(steps[2].scores).toBe(r.maps[0].scores);
      for (const s of steps) {
        // Neighbouring triangles have nearly collinear E columns.
        expect(s.mutualCoherence).toBeGreaterThan(0.9);
        expect(s.mutualCoherence).toBeLessThanOrEqual(1);
        // Infinity: numerically rank deficient (400 adjacent elements barely differ at 300 zaps).
        expect(s.svRatio).toBeGreaterThan(1);
      }
      expect(Number.isFinite(steps[0].svRatio)).toBe(true);
      expect(r.quality).toEqual([
        { qoi: 'E_mag', mutualCoherence: steps[2].mutualCoherence, svRatio: steps[2].svRatio },
      ]);
    },
  );
});
