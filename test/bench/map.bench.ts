// Mapping benchmark: elements/s of a ~30 k-element × 300-zap synthetic ROI with 1 and 2 workers (sigmoid4, all refits),
// and optionally (--e2e) a 10 k × 500 map through the built CLI, process start to files written. Both print the CPU
// time of all processes per element (the yardstick on a shared machine, where wall time measures the neighbours).
// --fast-solver maps with the engine's own solver instead of lmfit's optimizer path (the default of a job).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDemoDataset } from '../../main/io/demo-dataset';
import { loadH5 } from '../../main/io/h5';
import { nodeWorkerSpawner } from '../../main/job/node-worker';
import { mapOnFiles } from '../integration/job-helpers';
import type { JobSpec } from '../../main/contract';
import { caBundleNote, cpuMeter } from './cpu-time';
import { demoMapArgs } from './demo-map-args';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    spacing: { type: 'string', default: '0.57' },
    zaps: { type: 'string', default: '300' },
    range: { type: 'string' },
    workers: { type: 'string', default: '1,2' },
    e2e: { type: 'boolean', default: false },
    'skip-scaling': { type: 'boolean', default: false },
    'fast-solver': { type: 'boolean', default: false },
  },
});

async function dataset(
  spacing: number,
  nZaps: number,
): Promise<Awaited<ReturnType<typeof ensureDemoDataset>>> {
  const dir = join(root, 'test-artifacts', 'bench', `demo-${spacing}mm-${nZaps}zaps`);
  const t = performance.now();
  const d = await ensureDemoDataset(dir, { gridSpacing: spacing, nZaps }, undefined);
  console.log(
    `dataset ${d.truth.nElements} elements × ${d.truth.nZaps} zaps in ${dir} (${d.generated ? `generated in ${((performance.now() - t) / 1000).toFixed(1)} s` : 'cached'})`,
  );
  return d;
}

async function scaling(): Promise<void> {
  const d = await dataset(Number(args.spacing), Number(args.zaps));
  const range = args.range ? (args.range.split(':').map(Number) as [number, number]) : undefined;
  const n = range ? range[1] - range[0] : d.truth.nElements;
  // A private copy of the build: others may rebuild out/ while the benchmark runs, and all runs must use the same worker.
  const snapshot = join(mkdtempSync(join(tmpdir(), 'bench-map-build-')), 'main');
  cpSync(join(root, 'out/main'), snapshot, { recursive: true });
  const spawn = nodeWorkerSpawner(join(snapshot, 'worker.js'));
  // h5wasm once before anything is timed: this bench runs under tsx, whose hooks transform h5wasm's 4 MB module on
  // first import (~3 s of CPU), which the first run's "main" CPU took for the mapping's (the CLI never pays it).
  await loadH5();
  const rows: { workers: number; seconds: number; rate: number; cpuRate: number; failed: number }[] = [];
  let first: Float64Array | null = null;
  for (const workers of args.workers.split(',').map(Number)) {
    const spec: JobSpec = {
      inputs: {
        roiFile: d.meshFile,
        roiId: d.roiId,
        efieldFile: d.efieldFile,
        responsesFile: d.responsesFile,
      },
      responses: [d.truth.muscles[0].column],
      qois: ['E_mag'],
      fun: 'sigmoid4',
      score: 'R2',
      preset: 'element',
      nRefit: 50,
      discontinuityRefit: true,
      stepdown: false,
      badElementScreen: false,
      signedData: false,
      convergence: false,
      workers,
      seed: 1,
      elementRange: range,
      fastSolver: args['fast-solver'],
    };
    const t = performance.now();
    const meter = cpuMeter();
    const r = await mapOnFiles(spec, { spawn });
    const seconds = (performance.now() - t) / 1000;
    // Give the pool's exited workers a moment to be reaped, so their CPU shows in /proc's children time.
    await new Promise((done) => setTimeout(done, 200));
    const all = meter();
    const cpu = r.workerCpuSeconds ?? NaN;
    rows.push({ workers, seconds, rate: n / seconds, cpuRate: n / cpu, failed: r.maps[0].failed });
    const s = r.maps[0].scores;
    const same = first ? Buffer.from(first.buffer).equals(Buffer.from(s.buffer)) : true;
    first ??= s;
    console.log(
      `${workers} worker(s): ${seconds.toFixed(1)} s wall, ${(n / seconds).toFixed(0)} elements/s; worker CPU ${cpu.toFixed(1)} s = ${(n / cpu).toFixed(0)} elements per CPU-second; CPU all processes ${all.total.toFixed(1)} s (main ${all.self.toFixed(1)} s) = ${((1e6 * all.total) / n).toFixed(0)} µs/element; hotspot ${r.maps[0].hotspot.element}, failed ${r.maps[0].failed}, scores identical to the first run: ${same}`,
    );
  }
  if (rows.length >= 2) {
    const a = rows[0];
    const b = rows[rows.length - 1];
    console.log(
      `speed-up ${a.workers} → ${b.workers} workers: ${(b.rate / a.rate).toFixed(2)}× wall clock (CPU work per element ${b.workers}-worker/${a.workers}-worker: ${(a.cpuRate / b.cpuRate).toFixed(2)})`,
    );
    console.log(
      `load average now: ${loadavg()
        .map((v) => v.toFixed(1))
        .join(' ')} on ${availableParallelism()} cores (other processes share them)`,
    );
  }
}

/** 10 k elements × 500 zaps, one muscle, E_mag, default refits: the built CLI from process start to files written. */
async function endToEnd(): Promise<void> {
  const d = await dataset(1.0, 500);
  const out = join(mkdtempSync(join(tmpdir(), 'bench-e2e-')), 'results');
  const cliArgs = [
    ...demoMapArgs(d, d.truth.muscles[0].column),
    '--out',
    out,
    ...(args['fast-solver'] ? ['--fast-solver'] : []),
  ];
  const ca = caBundleNote();
  if (ca) console.log(ca);
  const t = performance.now();
  const meter = cpuMeter();
  const r = spawnSync(process.execPath, [join(root, 'out/main/cli.js'), ...cliArgs], { encoding: 'utf8' });
  const seconds = (performance.now() - t) / 1000;
  const cpu = meter().children;
  if (r.status !== 0) throw new Error(`CLI failed (${r.status}): ${r.stderr}`);
  console.log(r.stdout.trim());
  console.log(
    `end to end ${d.truth.nElements} elements × ${d.truth.nZaps} zaps: ${seconds.toFixed(1)} s (${(d.truth.nElements / seconds).toFixed(0)} elements/s) with the default workers; CPU all processes ${cpu.toFixed(2)} s = ${((1e6 * cpu) / d.truth.nElements).toFixed(0)} µs/element`,
  );
}

console.log(
  args['fast-solver']
    ? 'solver: the fast solver (--fast-solver, beyond the reference)'
    : 'solver: lmfit’s optimizer path (the default)',
);
if (!args['skip-scaling']) await scaling();
if (args.e2e) await endToEnd();
