import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../main/contract';
import { recordExport } from '../../main/io/results-folder';
import { writeResults } from '../../main/io/results-writer';
import { gridRoi, mappingResult } from '../unit/io/results-fixture';

const roi = gridRoi();
const first = mappingResult(roi);
const second = { ...mappingResult(roi), seconds: 99, nZaps: 6 };
let root: string;
let out: string;

/** path → sha1 of every file under `dir` (hidden ones included): equal snapshots = untouched folder. */
function snapshot(dir: string): Record<string, string> {
  const snap: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else snap[relative(dir, p)] = createHash('sha1').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return snap;
}

function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

async function failing(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected the write to fail');
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'results-safety-'));
  out = join(root, 'run');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('writeResults safety', () => {
  it('never overwrites previous results without force (OUTPUT_EXISTS) and replaces them whole with force', async () => {
    await writeResults(out, first, roi);
    const before = snapshot(out);
    const e = await failing(writeResults(out, second, roi));
    expect(e.code).toBe('OUTPUT_EXISTS');
    expect(e.message).toContain(out);
    expect(snapshot(out)).toEqual(before);

    await writeResults(out, second, roi, { force: true });
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).seconds).toBe(99);
    expect(readdirSync(root)).toEqual(['run']);
  });

  it('leaves a folder that is not a result folder alone, even with force', async () => {
    mkdirSync(out);
    writeFileSync(join(out, 'thesis.tex'), 'precious');
    const e = await failing(writeResults(out, first, roi, { force: true }));
    expect(e.code).toBe('OUTPUT_EXISTS');
    expect(readdirSync(out)).toEqual(['thesis.tex']);
    writeFileSync(join(root, 'afile'), 'x');
    expect((await failing(writeResults(join(root, 'afile'), first, roi, { force: true }))).code).toBe(
      'OUTPUT_EXISTS',
    );
  });

  it('writes into an existing empty folder and creates missing parents', async () => {
    mkdirSync(out);
    await writeResults(out, first, roi);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    await writeResults(join(root, 'a', 'b', 'c'), first, roi);
    expect(existsSync(join(root, 'a', 'b', 'c', 'hotspots.csv'))).toBe(true);
  });

  it('a failure at any file leaves the previous results intact and no temporary file or folder', async () => {
    await writeResults(out, first, roi);
    const before = snapshot(out);
    const files: string[] = [];
    await writeResults(join(root, 'probe'), first, roi, { onFile: (f) => files.push(f) });
    rmSync(join(root, 'probe'), { recursive: true });
    expect(files.length).toBeGreaterThan(8);
    for (let k = 0; k < files.length; k++) {
      const e = await failing(
        writeResults(out, second, roi, {
          force: true,
          onFile: (_f, i) => {
            if (i === k) throw new Error('simulated crash');
          },
        }),
      );
      expect(e.code).toBe('WRITE_FAILED');
      expect(e.message).toContain(files[k]);
      expect(snapshot(out)).toEqual(before);
      expect(readdirSync(root)).toEqual(['run']);
    }
  });

  it('a failure on a first write leaves no folder at all', async () => {
    const e = await failing(
      writeResults(out, first, roi, {
        onFile: (_f, i) => {
          if (i === 3) throw new Error('boom');
        },
      }),
    );
    expect(e.code).toBe('WRITE_FAILED');
    expect(readdirSync(root)).toEqual([]);
  });

  it('maps a full disk to DISK_FULL and denied access to PERMISSION_DENIED, naming the file', async () => {
    await writeResults(out, first, roi);
    const before = snapshot(out);
    const full = await failing(
      writeResults(out, second, roi, {
        force: true,
        onFile: (f) => {
          if (f.endsWith('r2_roi_data.hdf5')) throw errnoError('ENOSPC');
        },
      }),
    );
    expect(full.code).toBe('DISK_FULL');
    expect(full.message).toContain('r2_roi_data.hdf5');
    const denied = await failing(
      writeResults(out, second, roi, {
        force: true,
        onFile: (_f, i) => {
          if (i === 2) throw errnoError('EACCES');
        },
      }),
    );
    expect(denied.code).toBe('PERMISSION_DENIED');
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(root)).toEqual(['run']);
  });

  it('cancelling between files (AbortSignal) gives JOB_CANCELLED and leaves nothing behind', async () => {
    const ac = new AbortController();
    const e = await failing(
      writeResults(out, first, roi, {
        signal: ac.signal,
        onFile: (_f, i) => {
          if (i === 4) ac.abort();
        },
      }),
    );
    expect(e.code).toBe('JOB_CANCELLED');
    expect(readdirSync(root)).toEqual([]);
  });

  it('reports PERMISSION_DENIED for a folder the user may not create (sysfs: root cannot write there either)', async () => {
    // Tests run as root, where chmod does not stop writes; sysfs refuses mkdir with EPERM even for
    // root (EACCES for other users), which is the same path a read-only or foreign folder takes.
    const e = await failing(writeResults('/sys/tms-mapper-results-test/run', first, roi));
    expect(e.code).toBe('PERMISSION_DENIED');
    expect(e.message).toContain('/sys/tms-mapper-results-test');
  });

  it('gives coded errors, not a hang, for a path under a file or inside /proc', async () => {
    writeFileSync(join(root, 'plain'), 'x');
    const underFile = await failing(writeResults(join(root, 'plain', 'run'), first, roi));
    expect(underFile.code).toBe('BAD_OUTPUT');
    expect(underFile.message).toContain('a file on the way');
    // Node's recursive mkdir loops forever on /proc; the writer creates levels itself.
    const proc = await failing(writeResults('/proc/tms-mapper-test/run', first, roi));
    expect(proc.code).toBe('BAD_OUTPUT');
    expect(proc.message).toContain('/proc/tms-mapper-test/run');
  });

  it('clears staging folders a killed writer left beside the result folder', async () => {
    mkdirSync(join(root, '.run.partial-deadbeef'));
    writeFileSync(join(root, '.run.partial-deadbeef', 'r2_roi_data.hdf5'), 'half');
    await writeResults(out, first, roi);
    expect(readdirSync(root)).toEqual(['run']);
  });
});

describe('only the program’s own files are replaced (manifest, issue 15)', () => {
  const manifestOf = (dir: string): { file: string; kind: string }[] =>
    (
      JSON.parse(readFileSync(join(dir, '.tms-mapper-manifest.json'), 'utf8')) as {
        files: { file: string; kind: string }[];
      }
    ).files;

  it('force keeps the user’s files in a result folder and refuses a folder with a foreign summary.json', async () => {
    mkdirSync(out);
    writeFileSync(join(out, 'summary.json'), '{}');
    writeFileSync(join(out, 'thesis.tex'), 'precious');
    const e = await failing(writeResults(out, first, roi, { force: true }));
    expect(e.code).toBe('OUTPUT_EXISTS');
    expect(readFileSync(join(out, 'thesis.tex'), 'utf8')).toBe('precious');
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('{}');

    const mine = join(root, 'mine');
    await writeResults(mine, first, roi);
    writeFileSync(join(mine, 'thesis.tex'), 'precious');
    writeFileSync(join(mine, 'p2p_FDI', 'notes.txt'), 'mine too');
    await writeResults(mine, second, roi, { force: true });
    expect(readFileSync(join(mine, 'thesis.tex'), 'utf8')).toBe('precious');
    expect(readFileSync(join(mine, 'p2p_FDI', 'notes.txt'), 'utf8')).toBe('mine too');
    expect(JSON.parse(readFileSync(join(mine, 'summary.json'), 'utf8')).seconds).toBe(99);
    expect(manifestOf(mine).map((f) => f.file)).not.toContain('thesis.tex');
  });

  it('a file the program did not write is never replaced, even when it bears a result file’s name', async () => {
    await writeResults(out, first, roi);
    const m = manifestOf(out).filter((f) => f.file !== 'hotspots.csv');
    writeFileSync(
      join(out, '.tms-mapper-manifest.json'),
      JSON.stringify({ format: 'tms-mapper-manifest', version: 1, files: m }),
    );
    writeFileSync(join(out, 'hotspots.csv'), 'the user’s own table');
    const e = await failing(writeResults(out, second, roi, { force: true }));
    expect(e.code).toBe('OUTPUT_EXISTS');
    expect(e.message).toContain('hotspots.csv');
    expect(readFileSync(join(out, 'hotspots.csv'), 'utf8')).toBe('the user’s own table');
  });

  it('HDF5, then figures into the same folder, then HDF5 again with overwrite keeps the figures', async () => {
    await writeResults(out, first, roi);
    for (const name of ['map.png', 'curve.svg', 'hotspots-table.csv']) {
      writeFileSync(join(out, name), name);
      recordExport(join(out, name), name.length);
    }
    await writeResults(out, second, roi, { force: true });
    for (const name of ['map.png', 'curve.svg', 'hotspots-table.csv'])
      expect(readFileSync(join(out, name), 'utf8')).toBe(name);
    expect(
      manifestOf(out)
        .filter((f) => f.kind === 'export')
        .map((f) => f.file)
        .sort(),
    ).toEqual(['curve.svg', 'hotspots-table.csv', 'map.png']);
    // Figures first, then results: the folder is ours (manifest), so no force is needed.
    const figs = join(root, 'figs');
    mkdirSync(figs);
    writeFileSync(join(figs, 'map.png'), 'png');
    recordExport(join(figs, 'map.png'), 3);
    await writeResults(figs, first, roi);
    expect(readFileSync(join(figs, 'map.png'), 'utf8')).toBe('png');
  });

  it('a smaller new result set removes the old set’s other files but keeps a folder that holds the user’s files', async () => {
    await writeResults(out, first, roi);
    const kept = first.maps[0].response;
    const gone = first.maps.find((m) => m.response !== kept)!.response;
    expect(existsSync(join(out, gone, 'r2_roi_data.hdf5'))).toBe(true);
    writeFileSync(join(out, gone, 'notes.txt'), 'keep');
    const one = { ...first, maps: first.maps.filter((m) => m.response === kept), convergence: [] };
    await writeResults(out, one, roi, { force: true });
    expect(readdirSync(join(out, gone))).toEqual(['notes.txt']);
    for (const f of manifestOf(out)) expect(existsSync(join(out, f.file))).toBe(true);
  });
});
