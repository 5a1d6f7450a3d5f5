// The superblock check that refuses truncated HDF5 files before h5wasm loads: every superblock version, a user block, 32-bit offsets.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../main/contract';
import { checkHdf5Header } from '../../../main/io/h5';

const dir = mkdtempSync(join(tmpdir(), 'h5-header-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// h5py writes each layout the way HDF5 itself does (superblock v0, v2/v3, user block, 4-byte offsets).
const KINDS = {
  v0: "h5py.File(p, 'w')",
  v1: "h5py.File(p, 'w', libver=('earliest', 'v108'))",
  latest: "h5py.File(p, 'w', libver='latest')",
  userblock: "h5py.File(p, 'w', userblock_size=1024)",
  offsets4: 'h5py.File(h5py.h5f.create(p.encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl4))',
} as const;
const py = spawnSync(
  '/usr/bin/python3',
  [
    '-c',
    `import h5py, numpy as np, sys
fcpl4 = h5py.h5p.create(h5py.h5p.FILE_CREATE)
fcpl4.set_sizes(4, 4)
for name, make in ${JSON.stringify(Object.entries(KINDS))}:
    p = sys.argv[1] + '/' + name + '.hdf5'
    with eval(make) as f:
        f.create_dataset('x', data=np.arange(5000.0), chunks=(100,))`,
    dir,
  ],
  { encoding: 'utf8' },
);

function codeOf(file: string): string {
  try {
    checkHdf5Header(file);
    return 'ok';
  } catch (e) {
    return isAppError(e) ? e.code : String(e);
  }
}

describe('checkHdf5Header', () => {
  it('accepts complete files of every layout and refuses each one cut short', () => {
    expect(py.stderr).toBe('');
    for (const name of Object.keys(KINDS)) {
      const full = join(dir, `${name}.hdf5`);
      expect(codeOf(full), name).toBe('ok');
      const bytes = readFileSync(full);
      for (const cut of [bytes.length - 1, Math.floor(bytes.length / 2), 2048]) {
        const p = join(dir, `${name}-${cut}.hdf5`);
        writeFileSync(p, bytes.subarray(0, cut));
        expect(codeOf(p), `${name} cut at ${cut}`).toBe('FILE_CORRUPT');
      }
      // Trailing bytes (e.g. a padded copy) are not truncation.
      writeFileSync(join(dir, `${name}-padded.hdf5`), Buffer.concat([bytes, Buffer.alloc(100)]));
      expect(codeOf(join(dir, `${name}-padded.hdf5`)), `${name} padded`).toBe('ok');
    }
  });

  it('names the file and both lengths; no signature is NOT_HDF5', () => {
    const bytes = readFileSync(join(dir, 'v0.hdf5'));
    const p = join(dir, 'cut.hdf5');
    writeFileSync(p, bytes.subarray(0, 3000));
    expect(() => checkHdf5Header(p)).toThrow(
      new RegExp(`file ${p}; found 3000 bytes.*records ${bytes.length}`),
    );
    writeFileSync(p, 'not hdf5 at all');
    expect(codeOf(p)).toBe('NOT_HDF5');
  });
});
