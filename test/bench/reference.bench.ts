// Side by side with the reference: the stand-in for pyNIBS regress_data (test/bench/reference/lmfit_map.py: Element
// objects, element shuffle, Pool.map with fork, lmfit leastsq, zero-refit rounds and discontinuity refits, two
// processes) and the built CLI with default refits, on the same 10 k-element × 500-zap synthetic map; reports both
// wall times, the CPU time of all processes per element (the fair yardstick on a shared machine) and every element's
// score against the reference's.
//
// Options: --reference pynibs runs the real pyNIBS regress_data instead of the stand-in (reference/pynibs_map.py: needs
// `import pynibs` to work, e.g. a lab's install or a checkout on PYTHONPATH); --reference-csv <file> reuses a CSV
// written by either script instead of running Python (its wall time is read from the <file>.json sidecar the
// script writes next to it); --runs N runs our CLI N times and reports the
// min and median wall time (speedup and ours_s use the min; the reference runs at most once); --cli-args=<flags>
// adds map flags to our runs (e.g. --cli-args=--step-start to measure the step start, beyond the reference, end to
// end; the "=" form, as node's parseArgs takes a value that starts with a dash only so; several flags:
// --cli-args="--a --b"); --capped (with --reference pynibs) has pynibs_map.py rerun every element's first fit alone
// afterwards to mark those that stopped at max_nfev (the stand-in's CSV always says), its times then read from the
// script's own sidecar, which leaves the rerun out; --pairs N (N ≥ 2, not with --reference-csv) repeats the whole
// comparison, the reference and our N runs after it, N times: the machine's speed drifts by up to 1.5× within
// minutes, so one pair's ratio depends on the phase the reference ran in, and the median of the pairs' ratios is the
// figure to quote; --also-reference-csv <file> adds a second run of the reference (e.g. pyNIBS on a PC without
// AVX-512, which pyNIBS itself does not match at 1e-3) and counts the elements below both runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDemoDataset } from '../../main/io/demo-dataset';
import { openH5, requireDataset, toFloat64 } from '../../main/io/h5';
import { compareMaps } from '../../main/contract/compare-maps';
import { caBundleNote, cpuMeter } from './cpu-time';
import { demoMapArgs } from './demo-map-args';

const { values: args } = parseArgs({
  options: {
    reference: { type: 'string', default: 'stand-in' },
    'reference-csv': { type: 'string' },
    'also-reference-csv': { type: 'string' },
    runs: { type: 'string', default: '1' },
    pairs: { type: 'string', default: '1' },
    'cli-args': { type: 'string', default: '' },
    capped: { type: 'boolean', default: false },
  },
});
const extra = (args['cli-args'] ?? '').split(/\s+/).filter(Boolean);
const runs = Number(args.runs);
const pairs = Number(args.pairs);
const SCRIPTS: Record<string, { file: string; label: string }> = {
  'stand-in': { file: 'lmfit_map.py', label: 'the regress_data stand-in (lmfit_map.py)' },
  pynibs: { file: 'pynibs_map.py', label: 'the real pyNIBS regress_data (pynibs_map.py)' },
};
const script = SCRIPTS[args.reference ?? 'stand-in'];
if (!script) throw new Error(`--reference must be stand-in or pynibs, got ${args.reference}`);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a positive integer, got ${args.runs}`);
if (!Number.isInteger(pairs) || pairs < 1)
  throw new Error(`--pairs must be a positive integer, got ${args.pairs}`);
if (pairs > 1 && args['reference-csv'])
  throw new Error('--pairs reruns the reference: it cannot reuse --reference-csv');

const root = resolve(import.meta.dirname, '../..');
const python = process.env.PYTHON ?? '/usr/bin/python3';
const dir = join(root, 'test-artifacts', 'bench', 'demo-1mm-500zaps');
const d = await ensureDemoDataset(dir, { gridSpacing: 1.0, nZaps: 500 }, undefined);
const column = d.truth.muscles[0].column;
const tmp = mkdtempSync(join(tmpdir(), 'bench-reference-'));

interface RefSummary {
  wall_s: number;
  /** CPU of the parent and its pool workers (written by lmfit_map.py since the regress_data rewrite). */
  cpu_s?: number;
  /** The stand-in's phases (pynibs_map.py cannot see inside regress_data). */
  first_pass_s?: number;
  discontinuity_s?: number;
  refitted?: number;
  improved?: number;
  /** pynibs_map.py: the regress_data call alone (its inputs read before it). */
  regress_data_s?: number;
}

const median = (values: number[]): number => {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
};

/** One side-by-side comparison: the reference (run, or read from --reference-csv), then our CLI `runs` times. */
interface Pair {
  refCsv: string;
  refSeconds: number;
  refCpu: number;
  refSide: RefSummary | null;
  oursTimes: number[];
  oursCpu: number[];
  /** The results folder of our last run. */
  out: string;
}

function runPair(p: number): Pair {
  let refCsv: string;
  let refSeconds: number;
  let refCpu = NaN;
  if (args['reference-csv']) {
    refCsv = resolve(args['reference-csv']);
    const side = `${refCsv}.json`;
    refSeconds = existsSync(side) ? (JSON.parse(readFileSync(side, 'utf8')) as RefSummary).wall_s : NaN;
    console.log(
      `reference: reusing ${refCsv}${Number.isNaN(refSeconds) ? ` (no ${side}: wall time unknown)` : ''}`,
    );
  } else {
    refCsv = join(tmp, pairs > 1 ? `reference-${p}.csv` : 'reference.csv');
    const t = performance.now();
    const meter = cpuMeter();
    const py = spawnSync(
      python,
      [
        join(import.meta.dirname, 'reference', script.file),
        d.efieldFile,
        d.responsesFile,
        column,
        refCsv,
        '--mesh',
        d.meshFile,
        '--roi',
        d.roiId,
        '--workers',
        '2',
        ...(args.capped && args.reference === 'pynibs' ? ['--capped'] : []),
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (py.status !== 0)
      throw new Error(
        `${python} ${script.file} failed (needs python3-h5py and python3-lmfit${args.reference === 'pynibs' ? ', and pyNIBS importable' : ''})`,
      );
    refSeconds = (performance.now() - t) / 1000;
    refCpu = meter().children;
    console.log(`reference CSV (reuse with --reference-csv): ${refCsv}`);
  }
  const refSide = existsSync(`${refCsv}.json`)
    ? (JSON.parse(readFileSync(`${refCsv}.json`, 'utf8')) as RefSummary)
    : null;

  if (Number.isNaN(refCpu)) refCpu = refSide?.cpu_s ?? NaN;
  // The rerun of --capped comes after the script's own timing: take its times, not the child's whole run.
  if (args.capped && args.reference === 'pynibs' && !args['reference-csv'] && refSide) {
    refSeconds = refSide.wall_s;
    refCpu = refSide.cpu_s ?? NaN;
  }

  const oursTimes: number[] = [];
  const oursCpu: number[] = [];
  let out = '';
  for (let i = 0; i < runs; i++) {
    out = join(tmp, pairs > 1 ? `ours-${p}-${i}` : `ours-${i}`);
    const t = performance.now();
    const meter = cpuMeter();
    const cli = spawnSync(
      process.execPath,
      [join(root, 'out/main/cli.js'), ...demoMapArgs(d, column), '--workers', '2', ...extra, '--out', out],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (cli.status !== 0) throw new Error(`the CLI exited with ${cli.status}`);
    oursTimes.push((performance.now() - t) / 1000);
    oursCpu.push(meter().children);
  }
  if (pairs > 1)
    console.log(
      `pair ${p + 1} of ${pairs}: reference ${refSeconds.toFixed(1)} s, ${refCpu.toFixed(1)} CPU-s; ours median ${median(oursTimes).toFixed(2)} s, ${median(oursCpu).toFixed(2)} CPU-s → ${(refSeconds / median(oursTimes)).toFixed(1)}× less wall time, ${(refCpu / median(oursCpu)).toFixed(1)}× less CPU by the medians`,
    );
  return { refCsv, refSeconds, refCpu, refSide, oursTimes, oursCpu, out };
}

const done: Pair[] = [];
for (let p = 0; p < pairs; p++) done.push(runPair(p));
// Everything below reads the last pair (pyNIBS' and our scores are the same bits in every run).
const { refCsv, refSeconds, refCpu, refSide, oursTimes, oursCpu, out } = done[done.length - 1];
const oursCpuMin = Math.min(...oursCpu);
const oursCpuMedian = median(oursCpu);
const oursMin = Math.min(...oursTimes);
const oursMedian = median(oursTimes);

// Scores of the last run (the CLI's scores are identical run to run).
const f = await openH5(join(out, column, 'r2_roi_data.hdf5'));
const ours = toFloat64(requireDataset(f, '/data/tris/c_E_mag').value);
f.close();
/**
 * A reference CSV's scores by element and the elements whose final fit ran out of evaluations (lmfit_map.py's CSVs
 * always say, pynibs_map.py's with --capped). It may cover a subset (lmfit_map.py --limit): the elements it has.
 */
function readReferenceCsv(file: string): {
  ref: Map<number, number>;
  capped: Set<number>;
  saysCapped: boolean;
} {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const iEl = header.indexOf('element');
  const iR2 = header.indexOf('r2');
  const iCapped = header.indexOf('capped');
  const ref = new Map<number, number>();
  const capped = new Set<number>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    ref.set(Number(cells[iEl]), Number(cells[iR2]));
    if (iCapped >= 0 && cells[iCapped] === '1') capped.add(Number(cells[iEl]));
  }
  return { ref, capped, saysCapped: iCapped >= 0 };
}
const { ref, capped, saysCapped } = readReferenceCsv(refCsv);
/** Scores by element as an array over our elements (NaN where the CSV has none). */
const scoresOf = (m: Map<number, number>): Float64Array => {
  const a = new Float64Array(ours.length).fill(NaN);
  for (const [j, r] of m) if (j >= 0 && j < ours.length) a[j] = r;
  return a;
};

// The same counts as `tms-mapper compare` (elements the reference CSV lacks are NaN there and left out).
const refScores = scoresOf(ref);
const cmp = compareMaps(ours, [refScores], 1e-3);
const against = cmp.references[0];
const worse = against.below;
const better = against.above;
const worseCapped = against.belowElements.filter((j) => capped.has(j)).length;
const betterCapped = against.aboveElements.filter((j) => capped.has(j)).length;
const worst = -against.largestShortfall;
const bestOurs = cmp.best.map.element;
const bestRef = cmp.best.references[0].element;
const subset =
  ref.size === ours.length
    ? ''
    : ` (the reference CSV covers ${ref.size} of ${ours.length}: wall times and speedup are not comparable)`;
console.log(`${ref.size} elements × ${d.truth.nZaps} zaps${subset}, ${column}, E_mag, 2 processes each`);
const ca = caBundleNote();
if (ca) console.log(ca);
const split =
  refSide?.first_pass_s !== undefined && refSide.discontinuity_s !== undefined
    ? ` (first pass + zero refits ${refSide.first_pass_s.toFixed(1)} s, discontinuity refits ${refSide.discontinuity_s.toFixed(1)} s: ${refSide.refitted} refitted, ${refSide.improved} improved)`
    : refSide?.regress_data_s !== undefined
      ? ` (the regress_data call ${refSide.regress_data_s.toFixed(1)} s)`
      : '';
const oursText =
  runs === 1
    ? `${oursMin.toFixed(1)} s`
    : `min ${oursMin.toFixed(1)} s, median ${oursMedian.toFixed(1)} s of ${runs} runs (${oursTimes.map((s) => s.toFixed(1)).join(', ')})`;
console.log(
  `reference, ${args['reference-csv'] ? 'read from the CSV' : script.label}, with its first pass, zero refits and discontinuity refits: ${refSeconds.toFixed(1)} s${split}; TMS Mapper CLI (default refits${extra.length ? `, ${extra.join(' ')}` : ''}, process start to files): ${oursText}`,
);
const us = (cpu: number): string => `${((1e6 * cpu) / ref.size).toFixed(0)} µs/element`;
console.log(
  `CPU time of all processes: reference ${refCpu.toFixed(1)} s = ${us(refCpu)}; TMS Mapper ${oursCpuMin.toFixed(2)} s = ${us(oursCpuMin)}` +
    (runs > 1 ? ` (min of ${runs}: ${oursCpu.map((c) => c.toFixed(2)).join(', ')})` : '') +
    ` → ${(refCpu / oursCpuMin).toFixed(1)}× less CPU` +
    (runs > 1
      ? ` (${(refCpu / oursCpuMedian).toFixed(1)}× against our median ${oursCpuMedian.toFixed(2)} s)`
      : ''),
);
console.log(
  `elements below the reference's score − 1e-3: ${worse}; above it + 1e-3: ${better}; largest shortfall ${worst.toExponential(2)}`,
);
// Where the reference's leastsq stopped at max_nfev it was still descending: a higher score of ours there is where the
// reference was heading, elsewhere it is a different (lower) minimum than the one the reference converged to.
if (saysCapped)
  console.log(
    `the reference stopped at its evaluation limit (max_nfev = 10 · zaps) for ${capped.size} elements: ${betterCapped} of the ${better} above and ${worseCapped} of the ${worse} below`,
  );
// A second run of the reference (e.g. pyNIBS on a PC without AVX-512): the elements below both, the fair count where
// the reference itself differs between machines (README "Checking a map against pyNIBS").
let belowAll: number | null = null;
if (args['also-reference-csv']) {
  const also = scoresOf(readReferenceCsv(resolve(args['also-reference-csv'])).ref);
  const both = compareMaps(ours, [refScores, also], 1e-3);
  belowAll = both.belowAll;
  console.log(
    `with the second reference run (${args['also-reference-csv']}): ${both.references[1].below} below it, ${both.belowAll} below both runs − 1e-3 (${both.belowAllElements.slice(0, 10).join(', ') || 'none'}), ${both.aboveAll} above both; the two runs differ by more than 1e-3 on ${both.referencesApart}`,
  );
}
console.log(
  `hotspot: ours ${bestOurs} (R² ${ours[bestOurs].toFixed(6)}), reference ${bestRef} (R² ${(ref.get(bestRef) ?? NaN).toFixed(6)})`,
);
console.log(
  `bench:reference speedup=${(refSeconds / oursMin).toFixed(1)} below_ref=${worse} elements=${ref.size} ref_s=${refSeconds.toFixed(1)} ours_s=${oursMin.toFixed(2)}` +
    (runs > 1
      ? ` ours_median_s=${oursMedian.toFixed(2)} speedup_median=${(refSeconds / oursMedian).toFixed(1)} cpu_ratio_median=${(refCpu / oursCpuMedian).toFixed(1)}`
      : '') +
    ` ref_cpu_us_per_element=${((1e6 * refCpu) / ref.size).toFixed(0)} ours_cpu_us_per_element=${((1e6 * oursCpuMin) / ref.size).toFixed(0)} cpu_ratio=${(refCpu / oursCpuMin).toFixed(1)}` +
    (belowAll !== null ? ` below_both_refs=${belowAll}` : ''),
);
if (pairs > 1) {
  const wall = done.map((q) => q.refSeconds / median(q.oursTimes));
  const cpu = done.map((q) => q.refCpu / median(q.oursCpu));
  console.log(
    `bench:reference pairs=${pairs} speedup_median_of_pairs=${median(wall).toFixed(1)} cpu_ratio_median_of_pairs=${median(cpu).toFixed(1)} speedups=${wall.map((v) => v.toFixed(1)).join(',')} cpu_ratios=${cpu.map((v) => v.toFixed(1)).join(',')} ref_s=${done.map((q) => q.refSeconds.toFixed(1)).join(',')}`,
  );
}
