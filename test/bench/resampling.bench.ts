// Cost of the permutation test and the bootstrap on the 9 800 × 500 benchmark map: wall and worker CPU per replicate, extrapolated.
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDemoDataset } from '../../main/io/demo-dataset';
import { nodeWorkerSpawner } from '../../main/job/node-worker';
import { mapOnFiles } from '../integration/job-helpers';
import type { JobSpec } from '../../main/contract';

const { values: args } = parseArgs({
  options: {
    permutations: { type: 'string', default: '20' },
    bootstrap: { type: 'string', default: '10' },
    workers: { type: 'string', default: String(Math.min(2, cpus().length)) },
    refits: { type: 'string', default: '50' },
  },
});
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

/** One job; the phase changes seen in its progress split its wall time. */
async function timed(spec: JobSpec): Promise<{ seconds: number; cpu: number; phases: Map<string, number> }> {
  const t0 = performance.now();
  const phases = new Map<string, number>();
  const r = await mapOnFiles(spec, {
    spawn,
    onProgress: (p) => {
      if (!phases.has(p.phase)) phases.set(p.phase, (performance.now() - t0) / 1000);
    },
  });
  const m = r.maps[0];
  if (m.significance)
    console.log(`  p_fwe ${m.significance.pFwe}, threshold ${m.significance.thresholdFwe05}`);
  if (m.bootstrap)
    console.log(`  radius95 ${m.bootstrap.radius95.toFixed(2)} mm, stability ${m.bootstrap.stability}`);
  return { seconds: (performance.now() - t0) / 1000, cpu: r.workerCpuSeconds ?? NaN, phases };
}

const nP = Number(args.permutations);
const nB = Number(args.bootstrap);
console.log(
  `${d.truth.nElements} elements × ${d.truth.nZaps} zaps, ${base.workers} workers, load ${loadavg()[0].toFixed(1)}`,
);
const plain = await timed(base);
console.log(`observed map only: ${plain.seconds.toFixed(1)} s wall, ${plain.cpu.toFixed(1)} s worker CPU`);
const perm = await timed({ ...base, permutations: nP });
const pWall = perm.seconds - plain.seconds;
const pCpu = perm.cpu - plain.cpu;
console.log(
  `+ ${nP} permutations: ${pWall.toFixed(1)} s wall (${(pWall / nP).toFixed(2)} s each), ${pCpu.toFixed(1)} s worker CPU (${(pCpu / nP).toFixed(2)} s each)`,
);
const boot = await timed({ ...base, bootstrap: nB });
const bWall = boot.seconds - plain.seconds;
const bCpu = boot.cpu - plain.cpu;
console.log(
  `+ ${nB} bootstrap resamples: ${bWall.toFixed(1)} s wall (${(bWall / nB).toFixed(2)} s each), ${bCpu.toFixed(1)} s worker CPU (${(bCpu / nB).toFixed(2)} s each)`,
);
const cpuPerCore = (pCpu / nP) * 1000 + (bCpu / nB) * 200;
console.log(
  `extrapolated 1000 permutations + 200 resamples: ${((pWall / nP) * 1000 + (bWall / nB) * 200).toFixed(0)} s wall as measured here; ` +
    `${cpuPerCore.toFixed(0)} s of worker CPU = ${(cpuPerCore / base.workers).toFixed(0)} s on ${base.workers} idle cores`,
);
console.log(`load average at the end ${loadavg()[0].toFixed(1)}`);
