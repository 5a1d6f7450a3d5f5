// bench:io — E-field column-block reads: raw h5wasm hyperslabs vs readColumns, block sizes and file layouts side by side.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openEfield } from '../../main/io/efield';
import type { H5Dataset } from '../../main/io/h5';
import { loadH5 } from '../../main/io/h5';
import { summarizeDataset } from '../../main/io/summary';
import type { RoiGeometry } from '../../main/io/types';

const N_ZAPS = Number(process.env.BENCH_IO_ZAPS ?? 1000);
const N_ELEMENTS = Number(process.env.BENCH_IO_ELEMENTS ?? 50_000);
const BLOCKS = [100, 1000, 5000];
const MB = (N_ZAPS * N_ELEMENTS * 4) / 1e6;

async function writeFile(path: string, layout: 'column-chunks' | 'row-chunks' | 'contiguous'): Promise<void> {
  const h5 = await loadH5();
  const f = new h5.File(path, 'w');
  const B = 500;
  const fill = (blk: Float32Array, s: number, w: number): void => {
    for (let z = 0; z < N_ZAPS; z++)
      for (let j = 0; j < w; j++) blk[z * w + j] = 1 + ((z * 7 + (s + j) * 13) % 101) / 100;
  };
  if (layout === 'contiguous') {
    const all = new Float32Array(N_ZAPS * N_ELEMENTS);
    fill(all, 0, N_ELEMENTS);
    f.create_dataset({ name: 'E_mag', data: all, shape: [N_ZAPS, N_ELEMENTS], dtype: '<f' });
  } else {
    const chunks = layout === 'column-chunks' ? [N_ZAPS, B] : [Math.min(N_ZAPS, 10), N_ELEMENTS];
    const ds = f.create_dataset({
      name: 'E_mag',
      data: new Float32Array(N_ZAPS * B),
      shape: [N_ZAPS, B],
      dtype: '<f',
      maxshape: [N_ZAPS, N_ELEMENTS],
      chunks,
    });
    ds.resize([N_ZAPS, N_ELEMENTS]);
    const blk = new Float32Array(N_ZAPS * B);
    for (let s = 0; s < N_ELEMENTS; s += B) {
      fill(blk, s, B);
      ds.write_slice(
        [
          [0, N_ZAPS],
          [s, s + B],
        ],
        blk,
      );
    }
  }
  f.close();
}

/** Seconds to read every element once in blocks of `block` elements. */
async function timeAll(read: (s: number, e: number) => unknown, block: number): Promise<number> {
  const t0 = performance.now();
  for (let s = 0; s < N_ELEMENTS; s += block) await read(s, Math.min(N_ELEMENTS, s + block));
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tms-bench-io-'));
  const h5 = await loadH5();
  console.log(
    `bench:io — E_mag ${N_ZAPS} zaps × ${N_ELEMENTS} elements float32 (${MB.toFixed(0)} MB), every element read once\n`,
  );
  console.log('layout          block   raw slice s   MB/s   readColumns s   MB/s');
  try {
    for (const layout of ['column-chunks', 'contiguous', 'row-chunks'] as const) {
      const path = join(dir, `${layout}.hdf5`);
      await writeFile(path, layout);
      for (const block of BLOCKS) {
        if (layout === 'row-chunks' && block < 1000) continue; // every block re-reads every row chunk: minutes
        const f = new h5.File(path, 'r');
        const ds = f.get('E_mag') as H5Dataset;
        const raw = await timeAll(
          (s, e) =>
            ds.slice([
              [0, N_ZAPS],
              [s, e],
            ]),
          block,
        );
        f.close();
        const src = await openEfield(path);
        const cooked = await timeAll((s, e) => src.readColumns('E_mag', s, e), block);
        src.close();
        const row = [
          layout.padEnd(14),
          String(block).padStart(6),
          raw.toFixed(2).padStart(13),
          (MB / raw).toFixed(0).padStart(6),
          cooked.toFixed(2).padStart(15),
          (MB / cooked).toFixed(0).padStart(6),
        ];
        console.log(row.join(' '));
      }
    }
    // The summary's full scan (constant elements, negative E_mag) on the column-chunked file.
    const src = await openEfield(join(dir, 'column-chunks.hdf5'));
    const nodes = new Float64Array(9);
    const roi = { nodes } as unknown as RoiGeometry;
    const responses = { file: '', nZaps: N_ZAPS, columns: {}, conditions: null, intensity: null };
    const t0 = performance.now();
    const s = await summarizeDataset({ roi, efield: src, responses });
    console.log(
      `\nsummarizeDataset full E scan (1 QOI): ${((performance.now() - t0) / 1000).toFixed(2)} s, ${s.warnings.length} warnings`,
    );
    src.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
