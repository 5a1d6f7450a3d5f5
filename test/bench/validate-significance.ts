// Validation of the permutation test and the bootstrap: false positives on shuffled MEPs, p and 95 % radius on known hotspots vs zaps.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDemoDataset } from '../../main/io/demo-dataset';
import { readRoi } from '../../main/io/roi';
import { nodeWorkerSpawner } from '../../main/job/node-worker';
import { seededPermutation } from '../../main/job/element-order';
import { mapOnFiles } from '../integration/job-helpers';
import type { JobSpec } from '../../main/contract';
import { geodesicDistance } from '../../workers/mesh';
import { quantileOf } from './validate-stats';
import { writePng } from './validate-plot';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    'null-seeds': { type: 'string', default: '40' },
    seeds: { type: 'string', default: '1,2,3' },
    zaps: { type: 'string', default: '50,100,300,500' },
    permutations: { type: 'string', default: '19' },
    bootstrap: { type: 'string', default: '19' },
    margin: { type: 'string', default: '150' },
    workers: { type: 'string', default: String(Math.min(2, cpus().length)) },
    refits: { type: 'string', default: '2' },
    out: { type: 'string', default: join(root, 'assets/validation') },
    cache: { type: 'string', default: join(root, 'test-artifacts/validation') },
  },
});
const nullSeeds = Number(args['null-seeds']);
const seeds = args.seeds.split(',').map(Number);
const zapCounts = args.zaps
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const nPerm = Number(args.permutations);
const nBoot = Number(args.bootstrap);
const margin = Number(args.margin);
const workers = Number(args.workers);
const nRefit = Number(args.refits);
const spawn = nodeWorkerSpawner(join(root, 'out/main/worker.js'));
const t0 = performance.now();

/** Wilson score interval of a binomial share (95 %). */
export function wilson(k: number, n: number, z = 1.959964): [number, number] {
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

const maxZaps = zapCounts[zapCounts.length - 1];
const dataFor = (seed: number) =>
  ensureDemoDataset(join(args.cache, `seed-${seed}-grid-1.5-zaps-${maxZaps}`), {
    seed,
    nZaps: maxZaps,
    gridSpacing: 1.5,
  });

function baseSpec(d: Awaited<ReturnType<typeof dataFor>>, range: [number, number]): JobSpec {
  return {
    inputs: { roiFile: d.meshFile, roiId: d.roiId, efieldFile: d.efieldFile, responsesFile: d.responsesFile },
    responses: d.truth.muscles.map((m) => m.column),
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
    elementRange: range,
  };
}

const rangeAround = (els: number[], n: number): [number, number] => [
  Math.max(0, Math.min(...els) - margin),
  Math.min(n, Math.max(...els) + margin + 1),
];

// 1. Null study: the first seed's MEPs shuffled over all zaps (a new shuffle per run), so no element relates to them.
const base = await dataFor(seeds[0]);
const range0 = rangeAround(
  base.truth.muscles.map((m) => m.element),
  base.truth.nElements,
);
const csv = readFileSync(base.responsesFile, 'utf8').trim().split('\n');
const head = csv[0].split(',');
const col = head.indexOf(base.truth.muscles[0].column);
const rows = csv.slice(1).map((l) => l.split(','));
const tmp = mkdtempSync(join(tmpdir(), 'validate-sig-'));
const nullP: number[] = [];
for (let s = 1; s <= nullSeeds; s++) {
  const perm = seededPermutation(rows.length, 1000 + s);
  const shuffled = rows.map((r, k) => r.map((v, c) => (c === col ? rows[perm[k]][col] : v)).join(','));
  const file = join(tmp, `null-${s}.csv`);
  writeFileSync(file, [csv[0], ...shuffled].join('\n') + '\n');
  const spec = baseSpec(base, range0);
  spec.inputs = {
    ...spec.inputs,
    responsesFile: file,
    conditionColumn: 'condition',
    intensityColumn: 'intensity',
  };
  spec.responses = [base.truth.muscles[0].column];
  spec.zaps = { first: 300 };
  spec.permutations = nPerm;
  spec.seed = s;
  const r = await mapOnFiles(spec, { spawn });
  nullP.push(r.maps[0].significance!.pFwe);
  console.log(`null ${s}/${nullSeeds}: p_fwe ${r.maps[0].significance!.pFwe.toFixed(3)}`);
}
const falsePos = nullP.filter((p) => p <= 0.05).length;
const [lo, hi] = wilson(falsePos, nullSeeds);

// 2. Known hotspots: p, 95 % radius and whether it covers the ground truth, per zap count.
interface Run {
  seed: number;
  muscle: string;
  nZaps: number;
  p: number;
  radius95: number;
  median: number;
  stability: number;
  toTruth: number;
}
const runs: Run[] = [];
for (const seed of seeds) {
  const d = await dataFor(seed);
  const roi = await readRoi(d.meshFile, d.roiId);
  const range = rangeAround(
    d.truth.muscles.map((m) => m.element),
    d.truth.nElements,
  );
  for (const n of zapCounts) {
    const spec = { ...baseSpec(d, range), zaps: { first: n }, permutations: nPerm, bootstrap: nBoot, seed };
    const r = await mapOnFiles(spec, { spawn });
    for (const m of d.truth.muscles) {
      const map = r.maps.find((x) => x.response === m.column)!;
      const h = map.hotspot.element;
      runs.push({
        seed,
        muscle: m.muscle,
        nZaps: n,
        p: map.significance!.pFwe,
        radius95: map.bootstrap!.radius95,
        median: map.bootstrap!.medianDistance,
        stability: map.bootstrap!.stability,
        toTruth: h === m.element ? 0 : geodesicDistance(roi, h, m.element),
      });
    }
    console.log(
      `seed ${seed}, ${n} zaps: ${runs
        .slice(-3)
        .map(
          (x) =>
            `${x.muscle} p ${x.p.toFixed(3)} r95 ${x.radius95.toFixed(1)} mm truth ${x.toTruth.toFixed(1)} mm`,
        )
        .join('; ')}`,
    );
  }
}
const seconds = (performance.now() - t0) / 1000;

const table = [
  '| zaps | runs | median p_fwe | share p_fwe ≤ 0.05 | median 95 % radius (mm) | median distance to truth (mm) | truth within the 95 % radius | median stability |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...zapCounts.map((n) => {
    const rs = runs.filter((r) => r.nZaps === n);
    const q = (v: number[]): number => quantileOf(v, 0.5);
    return `| ${n} | ${rs.length} | ${q(rs.map((r) => r.p)).toFixed(3)} | ${((100 * rs.filter((r) => r.p <= 0.05).length) / rs.length).toFixed(0)} % | ${q(rs.map((r) => r.radius95)).toFixed(2)} | ${q(rs.map((r) => r.toTruth)).toFixed(2)} | ${((100 * rs.filter((r) => r.toTruth <= r.radius95).length) / rs.length).toFixed(0)} % | ${q(rs.map((r) => r.stability)).toFixed(2)} |`;
  }),
].join('\n');
const nullLine = `Null study (MEPs shuffled over zaps, ${nullSeeds} shuffles, ${nPerm} permutations each, 300 zaps): p_fwe ≤ 0.05 in ${falsePos}/${nullSeeds} = ${((100 * falsePos) / nullSeeds).toFixed(1)} % (95 % Wilson interval ${(100 * lo).toFixed(1)}–${(100 * hi).toFixed(1)} %; nominal 5 %).`;
const recipe = [
  `Demo recipe datasets (seeds ${seeds.join(', ')}, grid 1.5 mm, ${maxZaps}-zap sessions, the first N zaps used); elements ${margin} on either side of the`,
  `three ground-truth elements (a band of the ROI, ${range0[1] - range0[0]} elements for seed ${seeds[0]}) to keep the study to minutes; sigmoid4, R², ${nRefit} zero-refit rounds,`,
  `discontinuity refits, bad-element screen; ${nPerm} permutations (smallest p ${(1 / (nPerm + 1)).toFixed(3)}) and ${nBoot} bootstrap resamples per map, within the three`,
  `condition blocks; ${workers} workers. Distance to truth = geodesic distance from the observed hotspot to the ground-truth element. Total ${seconds.toFixed(0)} s on ${cpus().length}`,
  `shared cores (load average ${loadavg()[1].toFixed(1)}).`,
].join('\n');
const md = `# Validation: permutation test and hotspot bootstrap\n\n${recipe}\n\n${nullLine}\n\n${table}\n\n![p and radius vs zaps](significance.png)\n\nRegenerate with \`npm run validate\` (or \`node --import tsx test/bench/validate-significance.ts\` after \`npm run build\`).\n`;
console.log(`\n${nullLine}\n\n${table}\n`);
mkdirSync(args.out, { recursive: true });
writeFileSync(join(args.out, 'significance.md'), md);
writeFileSync(
  join(args.out, 'significance-runs.csv'),
  [
    'study,seed,muscle,n_zaps,p_fwe,radius95_mm,median_distance_mm,stability,to_truth_mm',
    ...nullP.map((p, i) => `null,${i + 1},${base.truth.muscles[0].muscle},300,${p},,,,`),
    ...runs.map((r) =>
      [
        'known',
        r.seed,
        r.muscle,
        r.nZaps,
        r.p,
        r.radius95.toFixed(3),
        r.median.toFixed(3),
        r.stability,
        r.toTruth.toFixed(3),
      ].join(','),
    ),
  ].join('\n') + '\n',
);
await writePng(
  significanceSvg(
    runs,
    `Null (shuffled MEPs): p_fwe ≤ 0.05 in ${falsePos}/${nullSeeds} (Wilson 95 %: ${(100 * lo).toFixed(1)}–${(100 * hi).toFixed(1)} %). ${seeds.length} seeds × 3 muscles per zap count.`,
  ),
  join(args.out, 'significance.png'),
);
console.log(`wrote ${join(args.out, 'significance.md')}, significance.png and significance-runs.csv`);

/** Two panels over log zaps: p_fwe (log) and the 95 % radius with the distance to the truth; runs as dots, medians as lines. */
function significanceSvg(rs: Run[], caption: string): string {
  const W = 820,
    H = 440;
  const counts = [...new Set(rs.map((r) => r.nZaps))].sort((a, b) => a - b);
  const lx = (n: number, x0: number, w: number): number =>
    x0 +
    ((Math.log(n) - Math.log(counts[0])) / (Math.log(counts[counts.length - 1]) - Math.log(counts[0]) || 1)) *
      w;
  const panel = (
    x0: number,
    title: string,
    y: (v: number) => number,
    ticks: number[],
    series: { key: (r: Run) => number; colour: string; label: string }[],
  ): string => {
    const w = 300,
      top = 60,
      h = 280;
    let s = `<text x="${x0 + w / 2}" y="40" text-anchor="middle" font-size="14">${title}</text>`;
    s += `<rect x="${x0}" y="${top}" width="${w}" height="${h}" fill="none" stroke="#888"/>`;
    for (const t of ticks)
      s += `<text x="${x0 - 6}" y="${top + y(t) * h + 4}" text-anchor="end" font-size="11">${t}</text><line x1="${x0}" x2="${x0 + w}" y1="${top + y(t) * h}" y2="${top + y(t) * h}" stroke="#eee"/>`;
    for (const n of counts)
      s += `<text x="${lx(n, x0, w)}" y="${top + h + 18}" text-anchor="middle" font-size="11">${n}</text>`;
    s += `<text x="${x0 + w / 2}" y="${top + h + 36}" text-anchor="middle" font-size="12">zaps</text>`;
    series.forEach((se, i) => {
      for (const r of rs)
        s += `<circle cx="${lx(r.nZaps, x0, w) + (i - 0.5) * 6}" cy="${top + Math.min(1, Math.max(0, y(se.key(r)))) * h}" r="2.5" fill="${se.colour}" opacity="0.35"/>`;
      const pts = counts.map((n) => {
        const v = quantileOf(rs.filter((r) => r.nZaps === n).map(se.key), 0.5);
        return `${lx(n, x0, w)},${top + Math.min(1, Math.max(0, y(v))) * h}`;
      });
      s += `<polyline points="${pts.join(' ')}" fill="none" stroke="${se.colour}" stroke-width="2"/>`;
      s += `<text x="${x0 + 8}" y="${top + 16 + 14 * i}" font-size="11" fill="${se.colour}">${se.label}</text>`;
    });
    return s;
  };
  const pMin = 1 / (nPerm + 1);
  const yp = (v: number): number =>
    1 - (Math.log10(Math.max(v, pMin)) - Math.log10(pMin)) / -Math.log10(pMin);
  const rMax = 20;
  const yr = (v: number): number => 1 - Math.min(v, rMax) / rMax;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif"><rect width="${W}" height="${H}" fill="white"/>
${panel(
  70,
  'FWE-corrected p of the hotspot',
  yp,
  [1, 0.5, 0.2, 0.1, 0.05].filter((t) => t >= pMin),
  [{ key: (r) => r.p, colour: '#1f77b4', label: 'p_fwe (median line)' }],
)}
${panel(
  480,
  'Hotspot location (mm, capped at 20)',
  yr,
  [0, 5, 10, 15, 20],
  [
    { key: (r) => r.radius95, colour: '#d62728', label: '95 % bootstrap radius' },
    { key: (r) => r.toTruth, colour: '#2ca02c', label: 'distance to ground truth' },
  ],
)}
<text x="20" y="${H - 12}" font-size="11">${caption.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text></svg>`;
}
