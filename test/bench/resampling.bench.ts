// Cost of the permutation test and the bootstrap on the 9 800 × 500 benchmark map: wall, CPU and cost per replicate map.
//
// `--permutations N --bootstrap B` run exactly N permutations and B resamples (the README's figure is N = 1 000,
// B = 200); smaller counts are measured and extrapolated linearly to 1 000 + 200 (every replicate is a full map).
// Jobs, one after the other in one process: the observed map alone (after a warm-up run), then the map + N
// permutations, the map + B resamples (the observed map's CPU is subtracted; wall is timed from the replicates'
// phase on), and with --combined one job with both, as a user would run it.
import { setTimeout as sleep } from 'node:timers/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDemoDataset } from '../../main/io/demo-dataset';
import { nodeWorkerSpawner } from '../../main/job/node-worker';
import { mapOnFiles } from '../integration/job-helpers';
import type { JobSpec } from '../../main/contract';
import { cpuMeter } from './cpu-time';

const { values: args } = parseArgs({
  options: {
    permutations: { type: 'string', default: '20' },
    bootstrap: { type: 'string', default: '10' },
    combined: { type: 'boolean', default: false },
    workers: { type: 'string', default: String(Math.min(2, cpus().length)) },
    refits: { type: 'string', default: '50' },
  },
});
const TARGET_PERMUTATIONS = 1000;
const TARGET_BOOTSTRAP = 200;
const root = resolve(import.meta.dirname, '../..');
const d = await ensureDemoDataset(join(root, 'test-artifacts', 'bench', 'demo-1mm-500zaps'), {
  gridSpacing: 1.0,
  nZaps: 500,
});
const spawn = nodeWorkerSpawner(join(root, 'out/main/worker.js'));
const base: JobSpec = {
  inputs: { roiFile: d.meshFile, roiId: d.roiId, efieldFile: d.efieldFile, responsesFile: d.responsesFile },
  responses: [d.truth.muscles[0].column],
  qois: ['E_mag'],
  fun: 'sigmoid4',
  score: 'R2',
  preset: 'element',
  nRefit: Number(args.refits),
  discontinuityRefit: true,
  stepdown: false,
  badElementScreen: true,
  convergence: false,
  quality: false,
  workers: Number(args.workers),
  seed: 1,
};

interface Timing {
  /** Wall seconds of the job. */
  wall: number;
  /** CPU seconds the workers spent fitting (the job's own accounting). */
  worker: number;
  /** CPU seconds of this process and its reaped children (workers, IPC, reading, statistics): all of it. */
  all: number;
  /** Wall seconds at which each progress phase was first seen. */
  phases: Map<string, number>;
}

/** One job; the phase changes seen in its progress split its wall time. */
async function timed(spec: JobSpec): Promise<Timing> {
  const cpu = cpuMeter();
  const t0 = performance.now();
  const phases = new Map<string, number>();
  const r = await mapOnFiles(spec, {
    spawn,
    onProgress: (p) => {
      if (!phases.has(p.phase)) phases.set(p.phase, (performance.now() - t0) / 1000);
    },
  });
  const wall = (performance.now() - t0) / 1000;
  await sleep(200); // the pool's workers are reaped (their CPU reaches /proc/self/stat) once their exit is seen
  const m = r.maps[0];
  if (m.significance)
    console.log(`  p_fwe ${m.significance.pFwe}, threshold ${m.significance.thresholdFwe05}`);
  if (m.bootstrap)
    console.log(`  radius95 ${m.bootstrap.radius95.toFixed(2)} mm, stability ${m.bootstrap.stability}`);
  return { wall, worker: r.workerCpuSeconds ?? NaN, all: cpu().total, phases };
}

const s = (v: number, digits = 1): string => `${v.toFixed(digits)} s`;
/**
 * The cost of `n` replicates: wall from the job's own phase change (the replicates' phase to the end, so a noisy
 * separate observed run does not enter), CPU as the job's minus the observed map alone's.
 */
function extra(
  label: string,
  phase: string,
  n: number,
  t: Timing,
  plain: Timing,
): { wall: number; worker: number; all: number } {
  const e = {
    wall: t.wall - (t.phases.get(phase) ?? plain.wall),
    worker: t.worker - plain.worker,
    all: t.all - plain.all,
  };
  console.log(
    `measured ${n} ${label}: ${s(e.wall)} wall, ${s(e.worker)} worker CPU, ${s(e.all)} CPU of all processes; ` +
      `per replicate map ${s(e.wall / n, 2)} wall, ${s(e.worker / n, 2)} worker CPU, ${s(e.all / n, 2)} all CPU`,
  );
  return { wall: e.wall / n, worker: e.worker / n, all: e.all / n };
}

const nP = Number(args.permutations);
const nB = Number(args.bootstrap);
const workers = base.workers ?? 2;
console.log(
  `${d.truth.nElements} elements × ${d.truth.nZaps} zaps, ${workers} workers, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}`,
);
// The first job pays one-time costs of this process (module loading, HDF5 start-up): a warm-up, not measured.
await timed(base);
const plain = await timed(base);
console.log(
  `observed map alone: ${s(plain.wall)} wall, ${s(plain.worker)} worker CPU, ${s(plain.all)} CPU of all processes`,
);
const per = { perm: { wall: NaN, worker: NaN, all: NaN }, boot: { wall: NaN, worker: NaN, all: NaN } };
if (nP > 0)
  per.perm = extra('permutations', 'permutations', nP, await timed({ ...base, permutations: nP }), plain);
if (nB > 0)
  per.boot = extra('bootstrap resamples', 'bootstrap', nB, await timed({ ...base, bootstrap: nB }), plain);
if (args.combined && nP > 0 && nB > 0) {
  const both = await timed({ ...base, permutations: nP, bootstrap: nB });
  const p0 = both.phases.get('permutations') ?? NaN;
  const b0 = both.phases.get('bootstrap') ?? NaN;
  console.log(
    `one job with ${nP} permutations + ${nB} resamples: ${s(both.wall)} wall (observed map ${s(p0)}, permutations ${s(b0 - p0)}, ` +
      `bootstrap ${s(both.wall - b0)}), ${s(both.worker)} worker CPU, ${s(both.all)} CPU of all processes`,
  );
}
const exact = nP === TARGET_PERMUTATIONS && nB === TARGET_BOOTSTRAP;
const total = (k: 'wall' | 'worker' | 'all'): number =>
  per.perm[k] * TARGET_PERMUTATIONS + per.boot[k] * TARGET_BOOTSTRAP;
console.log(
  `${exact ? 'measured' : `extrapolated from ${nP} permutations and ${nB} resamples`}: ${TARGET_PERMUTATIONS} permutations + ${TARGET_BOOTSTRAP} resamples = ` +
    `${s(total('wall'), 0)} wall here, ${s(total('worker'), 0)} worker CPU, ${s(total('all'), 0)} CPU of all processes ` +
    `(≈ ${s(total('all') / workers, 0)} on ${workers} idle cores)`,
);
console.log(`load average at the end ${loadavg()[0].toFixed(1)}`);
