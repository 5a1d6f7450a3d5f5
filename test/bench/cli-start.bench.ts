// CLI start-up, side by side: wall and CPU (with workers) of an argument error, an input error and small real maps.
// Usage: node --import tsx test/bench/cli-start.bench.ts [other-out-dir …] — compares out/ with other builds' out/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { childrenCpuSeconds } from './cpu-time';

const root = resolve(import.meta.dirname, '../..');
const F = join(root, 'test/fixtures/io');
const builds = [join(root, 'out'), ...process.argv.slice(2).map((d) => resolve(d))];
const tmp = mkdtempSync(join(tmpdir(), 'cli-start-'));
const RUNS = 5;

const inputs = ['--efield', join(F, 'e.hdf5'), '--responses', join(F, 'responses_comma.csv')];
const cases: [string, string[], number][] = [
  ['argument error (unknown option)', ['map', '--bogus'], 2],
  [
    'input error (missing ROI file)',
    ['map', '--roi', join(tmp, 'nope.hdf5'), ...inputs, '--response', 'p2p_FDI', '--out', join(tmp, 'x')],
    2,
  ],
  [
    'small map (fixtures: 40 elements, 30 zaps)',
    [
      'map',
      '--roi',
      join(F, 'roi_geo.hdf5'),
      ...inputs,
      '--response',
      'p2p_FDI',
      '--force',
      '--out',
      join(tmp, 'm'),
    ],
    0,
  ],
  [
    'demo map (4418 elements × 3 muscles, 2 workers)',
    ['map', '--demo', '--force', '--out', join(tmp, 'd')],
    0,
  ],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

try {
  for (const [name, args, status] of cases) {
    const wall = builds.map(() => [] as number[]);
    const cpu = builds.map(() => [] as number[]);
    for (let r = 0; r < RUNS; r++) {
      // Interleaved, so a noisy neighbour slows every build alike.
      builds.forEach((b, i) => {
        const c0 = childrenCpuSeconds();
        const t0 = performance.now();
        const p = spawnSync(process.execPath, [join(b, 'main/cli.js'), ...args], { encoding: 'utf8' });
        wall[i].push(performance.now() - t0);
        cpu[i].push((childrenCpuSeconds() - c0) * 1000);
        if (p.status !== status) throw new Error(`${b} ${name}: exit ${p.status}\n${p.stderr}`);
      });
    }
    const cols = builds.map(
      (b, i) =>
        `${b === builds[0] ? 'this build' : b}: ${median(wall[i]).toFixed(0)} ms wall, ${median(cpu[i]).toFixed(0)} ms CPU`,
    );
    console.log(`${name} (median of ${RUNS})\n  ${cols.join('\n  ')}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
