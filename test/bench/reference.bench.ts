// Side by side with the reference: the lmfit-based per-element fit (test/bench/reference/lmfit_map.py, pyNIBS
// starts/bounds, leastsq, zero refits, one process per core) and the built CLI with default refits, on the same
// 10 k-element × 500-zap synthetic map; reports both wall times and every element's score against the reference's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureDemoDataset } from '../../main/io/demo-dataset';
import { openH5, requireDataset, toFloat64 } from '../../main/io/h5';

const root = resolve(import.meta.dirname, '../..');
const python = process.env.PYTHON ?? '/usr/bin/python3';
const dir = join(root, 'test-artifacts', 'bench', 'demo-1mm-500zaps');
const d = await ensureDemoDataset(dir, { gridSpacing: 1.0, nZaps: 500 }, undefined);
const column = d.truth.muscles[0].column;
const tmp = mkdtempSync(join(tmpdir(), 'bench-reference-'));

let t = performance.now();
const refCsv = join(tmp, 'reference.csv');
const py = spawnSync(
  python,
  [
    join(import.meta.dirname, 'reference/lmfit_map.py'),
    d.efieldFile,
    d.responsesFile,
    column,
    refCsv,
    '--workers',
    '2',
  ],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
if (py.status !== 0) throw new Error(`${python} lmfit_map.py failed (needs python3-h5py and python3-lmfit)`);
const refSeconds = (performance.now() - t) / 1000;

t = performance.now();
const out = join(tmp, 'ours');
const cli = spawnSync(
  process.execPath,
  [
    join(root, 'out/main/cli.js'),
    'map',
    '--roi',
    `${d.meshFile}:${d.roiId}`,
    '--efield',
    d.efieldFile,
    '--responses',
    d.responsesFile,
    '--response',
    column,
    '--workers',
    '2',
    '--out',
    out,
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
if (cli.status !== 0) throw new Error(`the CLI exited with ${cli.status}`);
const oursSeconds = (performance.now() - t) / 1000;

const f = await openH5(join(out, column, 'r2_roi_data.hdf5'));
const ours = toFloat64(requireDataset(f, '/data/tris/c_E_mag').value);
f.close();
const ref = readFileSync(refCsv, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => Number(line.split(',')[1]));

let worse = 0;
let better = 0;
let worst = 0;
let bestOurs = 0;
let bestRef = 0;
for (let j = 0; j < ours.length; j++) {
  const diff = ours[j] - ref[j];
  if (diff < -1e-3) worse++;
  if (diff > 1e-3) better++;
  if (diff < worst) worst = diff;
  if (ours[j] > ours[bestOurs]) bestOurs = j;
  if (ref[j] > ref[bestRef]) bestRef = j;
}
console.log(`${ours.length} elements × ${d.truth.nZaps} zaps, ${column}, E_mag, 2 processes each`);
console.log(
  `reference (lmfit, first pass + zero refits): ${refSeconds.toFixed(1)} s; TMS Mapper CLI (default refits, process start to files): ${oursSeconds.toFixed(1)} s`,
);
console.log(
  `elements below the reference's score − 1e-3: ${worse}; above it + 1e-3: ${better}; largest shortfall ${worst.toExponential(2)}`,
);
console.log(
  `hotspot: ours ${bestOurs} (R² ${ours[bestOurs].toFixed(6)}), reference ${bestRef} (R² ${ref[bestRef].toFixed(6)})`,
);
console.log(
  `bench:reference speedup=${(refSeconds / oursSeconds).toFixed(1)} below_ref=${worse} elements=${ours.length}`,
);
