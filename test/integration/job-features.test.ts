// Stepdown, convergence and E quality on the demo with real workers.
import { describe, expect, it } from 'vitest';
import { nodeWorkerSpawner } from '../../main/job/node-worker';
import { runMapping } from '../../main/job/run-mapping';
import { demoFiles, smallSpec, WORKER_ENTRY } from './job-helpers';

const spawn = nodeWorkerSpawner(WORKER_ENTRY);

describe('mapping job features', () => {
  it('stepdown fits every element of the range and finds the ground-truth hotspot', { timeout: 300_000 }, async () => {
    const demo = await demoFiles();
    const truth = demo.truth.muscles[0];
    const r = await runMapping(await smallSpec({ stepdown: true, elementRange: [1900, 2500] }), { spawn });
    const m = r.maps[0];
    const c = m.hotspot.centroid;
    expect(Math.hypot(c[0] - truth.centroid[0], c[1] - truth.centroid[1], c[2] - truth.centroid[2])).toBeLessThanOrEqual(2);
    // Every element got a result or a reasoned skip (status set, score finite unless skipped).
    let fitted = 0;
    for (let j = 1900; j < 2500; j++) if (Number.isFinite(m.scores[j])) fitted++;
    expect(fitted).toBeGreaterThan(500);
    expect(m.failed).toBe(0);
  });

  it('convergence: maps per zap count with NRMSD, hotspot distance and E quality per step', { timeout: 300_000 }, async () => {
    const r = await runMapping(await smallSpec({ convergence: true, convergenceSteps: [60, 150, 300] }), { spawn });
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
    expect(r.quality).toEqual([{ qoi: 'E_mag', mutualCoherence: steps[2].mutualCoherence, svRatio: steps[2].svRatio }]);
  });
});
