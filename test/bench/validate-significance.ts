// Validation of the permutation test and the bootstrap: false positives on shuffled MEPs, p and 95 % radius on known hotspots vs zaps.
//
// Three studies, each sized by flags so a shared machine can run a small version while developing:
//   null     MEPs shuffled over zaps (no relation): share of maps with p_fwe ≤ 0.05 over many shuffles;
//   p        permutation p of the known hotspots per zap count, with enough permutations to leave the floor;
//   radius   bootstrap 95 % radius per zap count, and whether it covers the ground-truth hotspot (many seeds at
//            the coverage zap count for a binomial interval).
// Each muscle is mapped on its own ROI, a geodesic disc of --disc mm around its ground truth (cost ∝ elements).
// A (seed, muscle, zap count) job carries the permutations and the resamples its studies ask for, so the observed
// map is computed once. Raw outcomes go to --raw after every job: --report-only redraws the report from them,
// --resume runs only the jobs missing there, --budget-minutes stops starting jobs (most important ones run first).
// Small: --null-seeds 1-4 --p-seeds 1 --p-zaps 20 --seeds 1 --zaps 300 --coverage-seeds '' --permutations 39
//        --bootstrap 19 --out /tmp/v --raw /tmp/v/raw.json
// Published: the defaults (npm run validate), plus --studies p --p-seeds 1-5 --p-zaps 10,15,20,30
//        --permutations 999 --out <dir> --raw <dir>/raw.json for p below 1/200 at few zaps.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDemoDataset } from '../../main/io/demo-dataset';
import { readRoi } from '../../main/io/roi';
import type { RoiGeometry } from '../../main/io/types';
import { bootstrapResult, significanceResult } from '../../main/job/resampling-results';
import { nodeWorkerSpawner } from '../../main/job/node-worker';
import { seededPermutation } from '../../main/job/element-order';
import { mapOnFiles } from '../integration/job-helpers';
import { cropAroundTruth, type CroppedDemo } from './validate-significance-crop';
import type { JobSpec, MappingResult } from '../../main/contract';
import { geodesicDistance } from '../../workers/mesh';
import { quantileOf } from './validate-stats';
import { writePng } from './validate-plot';
import { meanSd, parseList, shareCloser, wilson } from './validate-significance-stats';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    studies: { type: 'string', default: 'null,p,radius' },
    'null-seeds': { type: 'string', default: '1-100' },
    'null-permutations': { type: 'string', default: '19' },
    'null-zaps': { type: 'string', default: '300' },
    'p-seeds': { type: 'string', default: '1-2' },
    'p-zaps': { type: 'string', default: '10,20,30,50,100,300,500' },
    permutations: { type: 'string', default: '199' },
    seeds: { type: 'string', default: '1-2' },
    zaps: { type: 'string', default: '50,100,300,500' },
    'coverage-seeds': { type: 'string', default: '3-20' },
    'coverage-zaps': { type: 'string', default: '300' },
    bootstrap: { type: 'string', default: '99' },
    muscles: { type: 'string', default: 'FDI,ADM,APB' },
    disc: { type: 'string', default: '10' },
    'budget-minutes': { type: 'string', default: '600' },
    workers: { type: 'string', default: String(Math.min(2, cpus().length)) },
    refits: { type: 'string', default: '2' },
    'max-zaps': { type: 'string', default: '500' },
    out: { type: 'string', default: join(root, 'assets/validation') },
    cache: { type: 'string', default: join(root, 'test-artifacts/validation') },
    raw: { type: 'string', default: join(root, 'test-artifacts/validation/significance-raw.json') },
    'report-only': { type: 'boolean', default: false },
    /** Keep the outcomes already in --raw and run only the jobs missing there (e.g. more seeds). */
    resume: { type: 'boolean', default: false },
  },
});
const studies = new Set(args.studies.split(','));
const nullSeeds = studies.has('null') ? parseList(args['null-seeds']) : [];
const nullPerm = Number(args['null-permutations']);
const nullZaps = Number(args['null-zaps']);
const pSeeds = studies.has('p') ? parseList(args['p-seeds']) : [];
const pZaps = parseList(args['p-zaps']);
const nPerm = Number(args.permutations);
const rSeeds = studies.has('radius') ? parseList(args.seeds) : [];
const rZaps = parseList(args.zaps);
const cSeeds = studies.has('radius') ? parseList(args['coverage-seeds']) : [];
const cZaps = parseList(args['coverage-zaps']);
const nBoot = Number(args.bootstrap);
const muscles = args.muscles.split(',');
const discMm = Number(args.disc);
const budgetMinutes = Number(args['budget-minutes']);
const workers = Number(args.workers);
const nRefit = Number(args.refits);
const maxZaps = Number(args['max-zaps']);
const spawn = nodeWorkerSpawner(join(root, 'out/main/worker.js'));
const t0 = performance.now();
let workerCpu = 0;

const dataFor = (seed: number) =>
  ensureDemoDataset(join(args.cache, `seed-${seed}-grid-1.5-zaps-${maxZaps}`), {
    seed,
    nZaps: maxZaps,
    gridSpacing: 1.5,
  });
/** The disc of the ROI around one muscle's ground truth that a map of that muscle covers. */
const cropFor = async (seed: number, muscle: string): Promise<CroppedDemo> =>
  cropAroundTruth(
    await dataFor(seed),
    muscle,
    discMm,
    join(args.cache, `seed-${seed}-grid-1.5-zaps-${maxZaps}-${muscle}-disc-${discMm}mm`),
  );

function specFor(c: CroppedDemo, responsesFile = c.responsesFile): JobSpec {
  return {
    inputs: {
      roiFile: c.meshFile,
      roiId: c.roiId,
      efieldFile: c.efieldFile,
      responsesFile,
      conditionColumn: 'condition',
      intensityColumn: 'intensity',
    },
    responses: [c.column],
    qois: ['E_mag'],
    fun: 'sigmoid4',
    score: 'R2',
    preset: 'element',
    nRefit,
    discontinuityRefit: true,
    stepdown: false,
    badElementScreen: true,
    convergence: false,
    quality: false,
    workers,
    seed: 1,
  };
}

async function run(spec: JobSpec): Promise<MappingResult> {
  const r = await mapOnFiles(spec, { spawn });
  workerCpu += r.workerCpuSeconds ?? 0;
  return r;
}

/** What the studies produced: enough to redraw the report and recompute the radius without mapping again. */
/** The settings a run used (the flags and the parsed lists): the report describes these, not today's flags. */
interface Settings {
  [flag: string]: unknown;
  'max-zaps': string;
  muscles: string;
  disc: string;
  refits: string;
  workers: string;
  nullPerm: number;
  nullZaps: number;
  nPerm: number;
  nBoot: number;
  pSeeds: number[];
  pZaps: number[];
  rSeeds: number[];
  rZaps: number[];
  cSeeds: number[];
  cZaps: number[];
}

interface Raw {
  settings: Settings;
  nullDesc: string;
  nullSeeds: number[];
  nullP: number[];
  runs: RawRun[];
  /** Jobs planned but not run within the time budget. */
  skipped: string[];
  /** Elements of each disc ("seed/muscle") and the distance from its truth to its edge. */
  discs: Record<string, { nElements: number; edgeMm: number }>;
  seconds: number;
  workerCpu: number;
  cores: number;
  load: number;
}

interface RawRun {
  seed: number;
  muscle: string;
  nZaps: number;
  /** Elements of the cropped disc: the hotspot and the truth index it. */
  hotspot: number;
  truth: number;
  observed: number;
  maxima: number[] | null;
  bootElements: number[] | null;
  bootScores: number[] | null;
}

/** A job: one muscle's map with its permutations and/or resamples, or one shuffle of the null study. */
interface Job {
  kind: 'null' | 'known';
  seed: number;
  muscle: string;
  n: number;
  perm: boolean;
  boot: boolean;
  /** Lower runs first. */
  priority: number;
}

async function compute(): Promise<Raw> {
  const nullP: number[] = [];
  const nullSeedsRun: number[] = [];
  const rawRuns: RawRun[] = [];
  const skipped: string[] = [];
  const discs: Raw['discs'] = {};
  const nullDesc = `${muscles[0]} MEPs of seed 1 (its disc)`;
  let before = { seconds: 0, workerCpu: 0 };
  if (args.resume && existsSync(args.raw)) {
    const prev = JSON.parse(readFileSync(args.raw, 'utf8')) as Raw;
    nullP.push(...prev.nullP);
    nullSeedsRun.push(...prev.nullSeeds);
    rawRuns.push(...prev.runs);
    Object.assign(discs, prev.discs);
    before = { seconds: prev.seconds, workerCpu: prev.workerCpu };
  }
  const done = (j: Job): boolean =>
    j.kind === 'null'
      ? nullSeedsRun.includes(j.seed)
      : rawRuns.some(
          (r) =>
            r.seed === j.seed &&
            r.muscle === j.muscle &&
            r.nZaps === j.n &&
            (!j.perm || r.maxima !== null) &&
            (!j.boot || r.bootElements !== null),
        );
  /** The outcomes so far: saved after every job, so a run stopped early still reports what it finished. */
  const snapshot = (): Raw => ({
    settings: { ...args, nullPerm, nullZaps, nPerm, nBoot, pSeeds, pZaps, rSeeds, rZaps, cSeeds, cZaps },
    nullDesc,
    nullSeeds: nullSeedsRun,
    nullP,
    runs: rawRuns,
    skipped,
    discs,
    seconds: before.seconds + (performance.now() - t0) / 1000,
    workerCpu: before.workerCpu + workerCpu,
    cores: cpus().length,
    load: loadavg()[1],
  });
  const save = (): void => {
    mkdirSync(dirname(args.raw), { recursive: true });
    writeFileSync(args.raw, JSON.stringify(snapshot()));
  };

  // The plan, most important first: coverage at the coverage zap count (the binomial interval needs many runs),
  // the null study, p at the zap counts where it leaves the floor, then the rest of the curves.
  const jobs = new Map<string, Job>();
  const want = (seed: number, n: number, what: 'perm' | 'boot', priority: number): void => {
    for (const muscle of muscles) {
      const k = `${seed}/${muscle}/${n}`;
      const j = jobs.get(k) ?? {
        kind: 'known' as const,
        seed,
        muscle,
        n,
        perm: false,
        boot: false,
        priority,
      };
      j[what] = true;
      j.priority = Math.min(j.priority, priority);
      jobs.set(k, j);
    }
  };
  for (const s of [...rSeeds, ...cSeeds]) for (const n of cZaps) want(s, n, 'boot', 0);
  for (const s of pSeeds) for (const n of pZaps) want(s, n, 'perm', 2 + n / 1e4 + (s - pSeeds[0]));
  for (const s of rSeeds) for (const n of rZaps) want(s, n, 'boot', 3 + n / 1e4);
  const plan: Job[] = [
    ...jobs.values(),
    ...nullSeeds.map((seed) => ({
      kind: 'null' as const,
      seed,
      muscle: muscles[0],
      n: nullZaps,
      perm: true,
      boot: false,
      priority: 1,
    })),
  ].sort((a, b) => a.priority - b.priority || a.seed - b.seed || a.muscle.localeCompare(b.muscle));

  // The null study shuffles seed 1's MEPs over all zaps (a new shuffle per run), so no element relates to them.
  const base = await dataFor(1);
  const csv = readFileSync(base.responsesFile, 'utf8').trim().split('\n');
  const rows = csv.slice(1).map((l) => l.split(','));
  const tmp = mkdtempSync(join(tmpdir(), 'validate-sig-'));

  for (const j of plan) {
    const label = `${j.kind} seed ${j.seed} ${j.muscle} ${j.n} zaps${j.perm ? ' perm' : ''}${j.boot ? ' boot' : ''}`;
    if (done(j)) continue;
    if (performance.now() - t0 > budgetMinutes * 60e3) {
      skipped.push(label);
      continue;
    }
    const c = await cropFor(j.kind === 'null' ? 1 : j.seed, j.muscle);
    discs[`${j.kind === 'null' ? 1 : j.seed}/${j.muscle}`] = { nElements: c.nElements, edgeMm: c.edgeMm };
    if (j.kind === 'null') {
      const col = csv[0].split(',').indexOf(c.column);
      const perm = seededPermutation(rows.length, 1000 + j.seed);
      const shuffled = rows.map((r, k) => r.map((v, ci) => (ci === col ? rows[perm[k]][col] : v)).join(','));
      const file = join(tmp, `null-${j.seed}.csv`);
      writeFileSync(file, [csv[0], ...shuffled].join('\n') + '\n');
      const r = await run({
        ...specFor(c, file),
        zaps: { first: j.n },
        permutations: nullPerm,
        seed: j.seed,
      });
      nullP.push(r.maps[0].significance!.pFwe);
      nullSeedsRun.push(j.seed);
      console.log(`${label}: p_fwe ${r.maps[0].significance!.pFwe.toFixed(3)} (${elapsed()})`);
    } else {
      const r = await run({
        ...specFor(c),
        zaps: { first: j.n },
        seed: j.seed,
        ...(j.perm ? { permutations: nPerm } : {}),
        ...(j.boot ? { bootstrap: nBoot } : {}),
      });
      const map = r.maps[0];
      // A resumed job that adds permutations or resamples to a kept map replaces it.
      const kept = rawRuns.findIndex((x) => x.seed === j.seed && x.muscle === j.muscle && x.nZaps === j.n);
      if (kept >= 0) rawRuns.splice(kept, 1);
      rawRuns.push({
        seed: j.seed,
        muscle: j.muscle,
        nZaps: j.n,
        hotspot: map.hotspot.element,
        truth: c.truth,
        observed: map.hotspot.score,
        maxima: map.significance ? Array.from(map.significance.maxima) : null,
        bootElements: map.bootstrap ? Array.from(map.bootstrap.elements) : null,
        bootScores: map.bootstrap ? Array.from(map.bootstrap.scores) : null,
      });
      console.log(
        `${label}: p ${map.significance?.pFwe.toFixed(4) ?? '–'} r95 ${map.bootstrap?.radius95.toFixed(2) ?? '–'} mm (${elapsed()})`,
      );
    }
    save();
  }
  if (skipped.length) console.log(`not run within ${budgetMinutes} min: ${skipped.join('; ')}`);
  return snapshot();
}
const elapsed = (): string => `${((performance.now() - t0) / 1000).toFixed(0)} s`;

const raw: Raw = args['report-only'] ? (JSON.parse(readFileSync(args.raw, 'utf8')) as Raw) : await compute();
const { nullP, nullDesc } = raw;
const falsePos = nullP.filter((p) => p <= 0.05).length;
const [nullLo, nullHi] = wilson(falsePos, nullP.length);

/** One known-hotspot map's figures, from the raw outcomes through the engine's own result functions. */
interface Run {
  seed: number;
  muscle: string;
  nZaps: number;
  /** NaN when the job ran no permutations / no bootstrap. */
  p: number;
  /** Observed best score in standard deviations above the mean of the permutation maxima. */
  zMax: number;
  radius95: number;
  median: number;
  stability: number;
  /** Geodesic distance from the observed hotspot to the ground-truth element. */
  toTruth: number;
  /** Share of resamples whose hotspot is strictly closer to the observed one than the truth is. */
  truthShare: number;
  /** Hotspot frequency of the ground-truth element. */
  truthFreq: number;
}
const geometries = new Map<string, RoiGeometry>();
const runs: Run[] = [];
for (const r of raw.runs) {
  const gk = `${r.seed}/${r.muscle}`;
  let g = geometries.get(gk);
  if (!g) {
    const c = await cropFor(r.seed, r.muscle);
    g = await readRoi(c.meshFile, c.roiId);
    geometries.set(gk, g);
  }
  const sig = r.maxima
    ? significanceResult(
        Float64Array.of(r.observed),
        Float64Array.from(r.maxima),
        [0, 1],
        'R2',
        r.seed,
        false,
      )
    : null;
  const boot = r.bootElements
    ? bootstrapResult(
        g,
        r.hotspot,
        Int32Array.from(r.bootElements),
        Float64Array.from(r.bootScores!),
        r.seed,
        false,
      )
    : null;
  const toTruth = r.hotspot === r.truth ? 0 : geodesicDistance(g, r.hotspot, r.truth);
  const nul = r.maxima ? meanSd(r.maxima) : { mean: NaN, sd: NaN };
  runs.push({
    seed: r.seed,
    muscle: r.muscle,
    nZaps: r.nZaps,
    p: sig ? sig.pFwe : NaN,
    zMax: sig ? (r.observed - nul.mean) / nul.sd : NaN,
    radius95: boot ? boot.radius95 : NaN,
    median: boot ? boot.medianDistance : NaN,
    stability: boot ? boot.stability : NaN,
    toTruth,
    truthShare: boot ? shareCloser(boot.distances, toTruth) : NaN,
    truthFreq: boot ? boot.frequency[r.truth] : NaN,
  });
}
const seconds = raw.seconds;
workerCpu = raw.workerCpu;

// Tables.
const pct = (k: number, n: number): string => `${k}/${n} (${n ? ((100 * k) / n).toFixed(0) : '–'} %)`;
const interval = (k: number, n: number): string => {
  const [lo, hi] = wilson(k, n);
  return n ? `${(100 * lo).toFixed(0)}–${(100 * hi).toFixed(0)} %` : '–';
};
const med = (v: number[]): number => quantileOf(v, 0.5);
const pRuns = runs.filter((r) => !Number.isNaN(r.p));
const bRuns = runs.filter((r) => !Number.isNaN(r.radius95));
const cfg = raw.settings;
const pFloor = 1 / (cfg.nPerm + 1);
const pTable = [
  `| zaps | maps | median p_fwe | largest p_fwe | p_fwe at the floor ${pFloor.toFixed(4)} | p_fwe ≤ 0.05 | median z of the observed best score vs the permutation maxima |`,
  '|---:|---:|---:|---:|---:|---:|---:|',
  ...[...new Set(pRuns.map((r) => r.nZaps))]
    .sort((a, b) => a - b)
    .map((n) => {
      const rs = pRuns.filter((r) => r.nZaps === n);
      const atFloor = rs.filter((r) => r.p <= pFloor + 1e-12).length;
      return `| ${n} | ${rs.length} | ${med(rs.map((r) => r.p)).toFixed(4)} | ${Math.max(...rs.map((r) => r.p)).toFixed(4)} | ${atFloor}/${rs.length} | ${rs.filter((r) => r.p <= 0.05).length}/${rs.length} | ${med(rs.map((r) => r.zMax)).toFixed(1)} |`;
    }),
].join('\n');
const rTable = [
  '| zaps | maps | median 95 % radius (mm) | median distance to truth (mm) | truth within the 95 % radius (Wilson 95 %) | median stability |',
  '|---:|---:|---:|---:|---:|---:|',
  ...[...new Set(bRuns.map((r) => r.nZaps))]
    .sort((a, b) => a - b)
    .map((n) => {
      const rs = bRuns.filter((r) => r.nZaps === n);
      const k = rs.filter((r) => r.toTruth <= r.radius95 + 1e-9).length;
      return `| ${n} | ${rs.length} | ${med(rs.map((r) => r.radius95)).toFixed(2)} | ${med(rs.map((r) => r.toTruth)).toFixed(2)} | ${pct(k, rs.length)} (${interval(k, rs.length)}) | ${med(rs.map((r) => r.stability)).toFixed(2)} |`;
    }),
].join('\n');
const nullLine = nullP.length
  ? `Null study (${nullDesc} shuffled over all zaps, ${nullP.length} shuffles, ${cfg.nullPerm} permutations each within the condition blocks, first ${cfg.nullZaps} zaps): p_fwe ≤ 0.05 in ${pct(falsePos, nullP.length)} (95 % Wilson interval ${(100 * nullLo).toFixed(1)}–${(100 * nullHi).toFixed(1)} %; nominal 5 %).`
  : 'Null study not run.';
// Under the null p is uniform on {1, …, N + 1}/(N + 1); maps without any element past the screen get p = 1.
const nullShape = nullP.length
  ? `Null p distribution: p ≤ 0.25 in ${pct(nullP.filter((p) => p <= 0.25 + 1e-12).length, nullP.length)}, p ≤ 0.5 in ${pct(nullP.filter((p) => p <= 0.5 + 1e-12).length, nullP.length)} (nominal 25 % and 50 %); p = 1 in ${pct(nullP.filter((p) => p >= 1).length, nullP.length)} (every element of the observed map failed the negative-slope screen: no hotspot, no evidence).`
  : '';
const discList = Object.values(raw.discs);
const discText = discList.length
  ? `${Math.min(...discList.map((d) => d.nElements))}–${Math.max(...discList.map((d) => d.nElements))} elements, the nearest element left out ${Math.min(...discList.map((d) => d.edgeMm)).toFixed(1)} mm from the truth`
  : '–';
const recipe = [
  `Demo recipe datasets (grid 1.5 mm, ${cfg['max-zaps']}-zap sessions, the first N zaps used; muscles ${cfg.muscles}). Each muscle is mapped`,
  `on its own ROI: the demo ROI cropped to a geodesic disc of ${cfg.disc} mm around its ground-truth element (mesh and E cropped, same`,
  `responses), to keep the study affordable. sigmoid4, R², ${cfg.refits} zero-refit rounds, discontinuity refits, bad-element screen;`,
  `permutations and resamples within the three condition blocks; ${cfg.workers} workers.`,
  `p study: seeds ${cfg.pSeeds.join(', ') || '–'} at ${cfg.pZaps.join(' / ')} zaps, ${cfg.nPerm} permutations per map (smallest p ${pFloor.toFixed(4)}).`,
  `Radius study: seeds ${cfg.rSeeds.join(', ') || '–'} at ${cfg.rZaps.join(' / ')} zaps and seeds ${cfg.cSeeds.join(', ') || '–'} at ${cfg.cZaps.join(' / ')} zaps, ${cfg.nBoot} resamples per map.`,
  `Distance to truth = geodesic distance from the observed hotspot to the ground-truth element. Total ${seconds.toFixed(0)} s wall,`,
  `${workerCpu.toFixed(0)} s of worker CPU on ${raw.cores} shared cores (load average ${raw.load.toFixed(1)} at the end).`,
  ...(raw.skipped.length
    ? [`Not run within the time budget: ${raw.skipped.length} jobs (${raw.skipped.join('; ')}).`]
    : []),
  `Discs: ${discText} (${discList.length} seed × muscle discs).`,
].join('\n');
// Calibration at the coverage zap count: where the truth's distance falls among the resampled hotspots' distances
// (uniform on [0, 1] for a perfectly calibrated bootstrap; the 95 % radius covers it when below 0.95).
const calib = bRuns.filter((r) => cfg.cZaps.includes(r.nZaps));
const calibLine = calib.length
  ? `At ${cfg.cZaps.join('/')} zaps the observed hotspot was the ground-truth element in ${pct(calib.filter((r) => r.toTruth === 0).length, calib.length)} maps; elsewhere a share of ${quantileOf(
      calib.filter((r) => r.toTruth > 0).map((r) => r.truthShare),
      0.5,
    ).toFixed(
      2,
    )} (median; largest ${Math.max(...calib.map((r) => r.truthShare)).toFixed(2)}) of the resampled hotspots lay closer to the observed hotspot than the truth did.`
  : '';
const md = `# Validation: permutation test and hotspot bootstrap\n\n${recipe}\n\n${nullLine}\n${nullShape}\n\n## p of the known hotspots\n\n${pTable}\n\n## 95 % radius and coverage of the ground truth\n\n${rTable}\n\n${calibLine}\n\n![p and radius vs zaps](significance.png)\n\nRegenerate with \`npm run validate\` (or \`node --import tsx test/bench/validate-significance.ts\` after \`npm run build\`; \`--help\`-less: see the flags at the top of the script).\n`;
console.log(`\n${recipe}\n\n${nullLine}\n${nullShape}\n\n${pTable}\n\n${rTable}\n\n${calibLine}\n`);
mkdirSync(args.out, { recursive: true });
writeFileSync(join(args.out, 'significance.md'), md);
const f = (v: number, digits: number): string => (Number.isNaN(v) ? '' : v.toFixed(digits));
writeFileSync(
  join(args.out, 'significance-runs.csv'),
  [
    'study,seed,muscle,n_zaps,p_fwe,z_max,radius95_mm,median_distance_mm,stability,to_truth_mm,truth_share_closer,truth_frequency',
    ...nullP.map(
      (p, i) => `null,${raw.nullSeeds[i]},${cfg.muscles.split(',')[0]},${cfg.nullZaps},${p},,,,,,,`,
    ),
    ...runs.map((r) =>
      [
        'known',
        r.seed,
        r.muscle,
        r.nZaps,
        f(r.p, 6),
        f(r.zMax, 3),
        f(r.radius95, 3),
        f(r.median, 3),
        f(r.stability, 4),
        r.toTruth.toFixed(3),
        f(r.truthShare, 4),
        f(r.truthFreq, 4),
      ].join(','),
    ),
  ].join('\n') + '\n',
);
const cov = bRuns.filter((r) => cfg.cZaps.includes(r.nZaps));
const covK = cov.filter((r) => r.toTruth <= r.radius95 + 1e-9).length;
await writePng(
  significanceSvg(
    pRuns,
    bRuns,
    `Null: p_fwe ≤ 0.05 in ${falsePos}/${nullP.length} (Wilson ${(100 * nullLo).toFixed(1)}–${(100 * nullHi).toFixed(1)} %). ` +
      `Radius covers truth at ${cfg.cZaps.join('/')} zaps in ${covK}/${cov.length} (Wilson ${interval(covK, cov.length)}).`,
  ),
  join(args.out, 'significance.png'),
);
console.log(`wrote ${join(args.out, 'significance.md')}, significance.png and significance-runs.csv`);

/** Two panels over log zaps: p_fwe (log) and the 95 % radius with the distance to the truth; runs as dots, medians as lines. */
function significanceSvg(pr: Run[], br: Run[], caption: string): string {
  const W = 1240,
    H = 440;
  const axis = (rs: Run[]): number[] => [...new Set(rs.map((r) => r.nZaps))].sort((a, b) => a - b);
  const lx = (counts: number[], n: number, x0: number, w: number): number =>
    x0 +
    ((Math.log(n) - Math.log(counts[0])) / (Math.log(counts[counts.length - 1]) - Math.log(counts[0]) || 1)) *
      w;
  const panel = (
    rs: Run[],
    x0: number,
    title: string,
    y: (v: number) => number,
    ticks: number[],
    series: { key: (r: Run) => number; colour: string; label: string }[],
  ): string => {
    const counts = axis(rs);
    const w = 300,
      top = 60,
      h = 280;
    let s = `<text x="${x0 + w / 2}" y="40" text-anchor="middle" font-size="14">${title}</text>`;
    s += `<rect x="${x0}" y="${top}" width="${w}" height="${h}" fill="none" stroke="#888"/>`;
    for (const t of ticks)
      s += `<text x="${x0 - 6}" y="${top + y(t) * h + 4}" text-anchor="end" font-size="11">${t}</text><line x1="${x0}" x2="${x0 + w}" y1="${top + y(t) * h}" y2="${top + y(t) * h}" stroke="#eee"/>`;
    if (!counts.length) return s;
    for (const n of counts)
      s += `<text x="${lx(counts, n, x0, w)}" y="${top + h + 18}" text-anchor="middle" font-size="11">${n}</text>`;
    s += `<text x="${x0 + w / 2}" y="${top + h + 36}" text-anchor="middle" font-size="12">zaps</text>`;
    series.forEach((se, i) => {
      for (const r of rs)
        s += `<circle cx="${lx(counts, r.nZaps, x0, w) + (i - 0.5) * 6}" cy="${top + Math.min(1, Math.max(0, y(se.key(r)))) * h}" r="2.5" fill="${se.colour}" opacity="0.35"/>`;
      const pts = counts.map((n) => {
        const v = med(rs.filter((r) => r.nZaps === n).map(se.key));
        return `${lx(counts, n, x0, w)},${top + Math.min(1, Math.max(0, y(v))) * h}`;
      });
      s += `<polyline points="${pts.join(' ')}" fill="none" stroke="${se.colour}" stroke-width="2"/>`;
      s += `<text x="${x0 + 8}" y="${top + 16 + 14 * i}" font-size="11" fill="${se.colour}">${se.label}</text>`;
    });
    return s;
  };
  const yp = (v: number): number =>
    1 - (Math.log10(Math.max(v, pFloor)) - Math.log10(pFloor)) / -Math.log10(pFloor);
  const rMax = 20;
  const yr = (v: number): number => 1 - Math.min(v, rMax) / rMax;
  const pTicks = [1, 0.1, 0.05, 0.01, 0.001, 0.0001].filter((t) => t >= pFloor);
  // z of the observed best score against the permutation maxima, log scale 1…100: it keeps growing past p's floor.
  const yz = (v: number): number => 1 - Math.log10(Math.min(100, Math.max(1, v))) / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif"><rect width="${W}" height="${H}" fill="white"/>
${panel(pr, 70, `FWE-corrected p of the hotspot (${cfg.nPerm} permutations)`, yp, pTicks, [
  { key: (r) => r.p, colour: '#1f77b4', label: `p_fwe (median line; floor ${pFloor.toFixed(4)})` },
])}
${panel(
  pr,
  480,
  'Observed best score vs permutation maxima (z)',
  yz,
  [1, 2, 5, 10, 20, 50, 100],
  [{ key: (r) => r.zMax, colour: '#9467bd', label: '(observed − mean of maxima) / SD' }],
)}
${panel(
  br,
  890,
  'Hotspot location (mm, capped at 20)',
  yr,
  [0, 5, 10, 15, 20],
  [
    { key: (r) => r.radius95, colour: '#d62728', label: `95 % bootstrap radius (${cfg.nBoot} resamples)` },
    { key: (r) => r.toTruth, colour: '#2ca02c', label: 'distance to ground truth' },
  ],
)}
<text x="20" y="${H - 12}" font-size="11">${caption.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text></svg>`;
}
