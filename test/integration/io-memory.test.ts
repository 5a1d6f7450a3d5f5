// A 1000 × 50 000 float32 E-field (200 MB) read in column blocks keeps memory far below one whole QOI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEfield } from '../../main/io/efield';
import { loadH5 } from '../../main/io/h5';

const N_ZAPS = 1000;
const N_ELEMENTS = 50_000;
const CHUNK = 500;
const QOI_BYTES = N_ZAPS * N_ELEMENTS * 4;
/** The value written at (zap, element): cheap to recompute, varies along both axes. */
const valueAt = (z: number, e: number): number => Math.fround(1 + ((z * 7 + e * 13) % 101) / 100);

// Written in a separate Node process so the writer's wasm heap does not inflate this process's baseline.
const WRITER = `
const h5 = await import('h5wasm/node'); await h5.ready;
const [path, nZ, nE, B] = [process.argv[1], ${N_ZAPS}, ${N_ELEMENTS}, ${CHUNK}];
const f = new h5.File(path, 'w');
const ds = f.create_dataset({ name: 'E_mag', data: new Float32Array(nZ * B), shape: [nZ, B], dtype: '<f', maxshape: [nZ, nE], chunks: [nZ, B] });
ds.resize([nZ, nE]);
const blk = new Float32Array(nZ * B);
for (let s = 0; s < nE; s += B) {
  for (let z = 0; z < nZ; z++) for (let j = 0; j < B; j++) blk[z * B + j] = 1 + ((z * 7 + (s + j) * 13) % 101) / 100;
  ds.write_slice([[0, nZ], [s, s + B]], blk);
}
f.close();
`;

let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tms-io-memory-'));
  file = join(dir, 'e.hdf5');
  execFileSync(process.execPath, ['--input-type=module', '-e', WRITER, file], {
    cwd: resolve(import.meta.dirname, '../..'),
    stdio: 'inherit',
  });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('E-field block reads and memory', () => {
  it('reads every element of a 200 MB QOI in blocks with peak growth below one QOI', async () => {
    expect(statSync(file).size).toBeGreaterThan(QOI_BYTES);
    await loadH5(); // the library itself is not data: load it before the baseline
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakAb = before.arrayBuffers;
    const src = await openEfield(file);
    expect([src.nZaps, src.nElements]).toEqual([N_ZAPS, N_ELEMENTS]);
    const block = 1000;
    let checked = 0;
    const t0 = performance.now();
    for (let start = 0; start < N_ELEMENTS; start += block) {
      const end = Math.min(N_ELEMENTS, start + block);
      const cols = await src.readColumns('E_mag', start, end);
      expect(cols.length).toBe((end - start) * N_ZAPS);
      // spot-check element-major order on a few cells of every block
      for (const [j, z] of [
        [0, 0],
        [end - start - 1, N_ZAPS - 1],
        [(start / block) % (end - start), 417],
      ]) {
        expect(cols[j * N_ZAPS + z]).toBe(valueAt(z, start + j));
        checked++;
      }
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakAb = Math.max(peakAb, m.arrayBuffers);
    }
    const seconds = (performance.now() - t0) / 1000;
    src.close();
    const growRss = peakRss - before.rss;
    const growAb = peakAb - before.arrayBuffers;
    console.log(
      `[io-memory] ${N_ZAPS}×${N_ELEMENTS} float32 (${(QOI_BYTES / 1e6).toFixed(0)} MB) in ${N_ELEMENTS / block} blocks: ` +
        `${seconds.toFixed(2)} s, peak RSS +${(growRss / 1e6).toFixed(1)} MB, peak arrayBuffers +${(growAb / 1e6).toFixed(1)} MB`,
    );
    expect(checked).toBe(3 * (N_ELEMENTS / block));
    expect(growRss).toBeLessThan(QOI_BYTES);
    expect(growAb).toBeLessThan(QOI_BYTES);
  });

  it('reads a zap subset of a block in the requested order', async () => {
    const src = await openEfield(file);
    try {
      const zaps = Uint32Array.of(999, 0, 500);
      const cols = await src.readColumns('E_mag', 49_990, 50_000, zaps);
      for (let j = 0; j < 10; j++)
        for (let k = 0; k < 3; k++) expect(cols[j * 3 + k]).toBe(valueAt(zaps[k], 49_990 + j));
    } finally {
      src.close();
    }
  });
});
