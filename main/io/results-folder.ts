// A result folder that appears complete or not at all: written into a hidden sibling, then swapped in by rename.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  statfsSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../contract';
import { fsErrorToAppError } from './atomic-write';
import { SUMMARY_FILE } from './results-layout';

/** Below this many free bytes a failure without an errno (h5wasm hides them) is reported as a full disk. */
const NEARLY_FULL_BYTES = 1 << 20;

/**
 * Creates `dir` and its missing parents one level at a time. Node's `mkdirSync(…, { recursive })`
 * spins forever on pseudo file systems such as /proc (ENOENT for a parent that exists); this
 * stops with a coded error instead.
 */
export function makeDirs(dir: string): void {
  const abs = resolve(dir);
  const missing: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      const st = statSync(cur);
      if (!st.isDirectory())
        throw new AppError('WRITE_FAILED', { file: cur, found: 'a file', expected: 'a folder' });
      break;
    } catch (e) {
      if (e instanceof AppError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR')
        throw new AppError('WRITE_FAILED', { file: cur, found: 'a file on the way', expected: 'a folder' });
      if (code !== 'ENOENT') throw fsErrorToAppError(e, cur);
    }
    missing.push(cur);
    const up = dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fsErrorToAppError(e, d);
    }
  }
}

/** Bytes free for unprivileged writes on the file system holding `dir` (Infinity when unknown). */
export function freeBytes(dir: string): number {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return Infinity;
  }
}

/**
 * Checks that `outDir` may receive results: new, empty, or (with `force`) a previous result
 * folder. A non-empty folder without summary.json is never replaced, even with force, because
 * the swap would delete whatever the user keeps there.
 */
export function checkTarget(outDir: string, force: boolean): { exists: boolean } {
  let st;
  try {
    st = statSync(outDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { exists: false };
    if (code === 'ENOTDIR')
      throw new AppError('WRITE_FAILED', { file: outDir, found: 'a file on the way', expected: 'a folder' });
    throw fsErrorToAppError(e, outDir);
  }
  if (!st.isDirectory())
    throw new AppError('OUTPUT_EXISTS', {
      file: outDir,
      found: 'a file',
      expected: 'a folder for the results',
    });
  const entries = readdirSync(outDir);
  if (entries.length === 0) return { exists: true };
  if (!entries.includes(SUMMARY_FILE)) {
    throw new AppError('OUTPUT_EXISTS', {
      file: outDir,
      found: `a non-empty folder without ${SUMMARY_FILE} (not a result folder)`,
      expected: 'a new or empty folder, or a previous result folder',
    });
  }
  if (!force) {
    throw new AppError('OUTPUT_EXISTS', {
      file: outDir,
      found: `previous results (${SUMMARY_FILE})`,
      expected: 'force to replace them',
    });
  }
  return { exists: true };
}

/** Hidden siblings used during a write; the prefix lets a later write clear those of a killed process. */
function stagingPrefix(outDir: string): string {
  return `.${basename(outDir)}.partial-`;
}

/** Removes staging folders a killed process left beside `outDir`. */
export function removeStaleStaging(outDir: string): void {
  const parent = dirname(outDir);
  const prefix = stagingPrefix(outDir);
  let names: string[] = [];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const n of names) if (n.startsWith(prefix)) rmSync(join(parent, n), { recursive: true, force: true });
}

/** Creates the hidden staging sibling of `outDir` (same folder, so the final rename is atomic). */
export function createStaging(outDir: string): string {
  const staging = join(dirname(outDir), `${stagingPrefix(outDir)}${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(staging);
  } catch (e) {
    throw fsErrorToAppError(e, staging);
  }
  return staging;
}

/**
 * Moves the complete staging folder to `outDir`. A previous result folder is first renamed
 * aside and only deleted once the new one is in place; if the swap fails it is put back.
 */
export function swapIn(staging: string, outDir: string, exists: boolean): void {
  if (!exists) {
    try {
      renameSync(staging, outDir);
    } catch (e) {
      throw fsErrorToAppError(e, outDir);
    }
    return;
  }
  const aside = join(dirname(outDir), `.${basename(outDir)}.old-${randomBytes(4).toString('hex')}`);
  try {
    renameSync(outDir, aside);
  } catch (e) {
    throw fsErrorToAppError(e, outDir);
  }
  try {
    renameSync(staging, outDir);
  } catch (e) {
    renameSync(aside, outDir);
    throw fsErrorToAppError(e, outDir);
  }
  rmSync(aside, { recursive: true, force: true });
}

/**
 * The coded error for a failed write: AppErrors pass through, errno errors are mapped, and
 * errors without an errno (h5wasm reports only "HDF5 error") become DISK_FULL when the disk is.
 */
export function writeError(e: unknown, file: string, dir: string): AppError {
  const mapped = fsErrorToAppError(e, file);
  if (mapped.code === 'WRITE_FAILED' && freeBytes(dir) < NEARLY_FULL_BYTES) {
    return new AppError('DISK_FULL', { file }, undefined, { cause: e });
  }
  return mapped;
}

/** Flushes a written file to the disk, so a rename never publishes a name whose bytes a crash can lose. */
export function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a folder's entries (the renames); some platforms cannot open folders, which only loses that guarantee. */
export function syncDir(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // Windows refuses fsync on folder handles (EPERM/EISDIR): the file data itself is already synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
