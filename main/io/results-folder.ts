// A result folder the program shares with the user: it replaces only the files its manifest lists, through a commit journal.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../contract';
import { fsErrorToAppError, isOwnTempName, tempPathFor } from './atomic-write';
import { killPoint } from './kill-point';
import { SUMMARY_FILE } from './results-layout';

/** The list of files this program wrote into a folder; nothing else there is ever replaced or removed. */
export const MANIFEST_FILE = '.tms-mapper-manifest.json';
/** Present only while a result set is being moved into place: a later run or read completes that move. */
export const JOURNAL_FILE = '.tms-mapper-commit.json';
/** Hidden folder inside the result folder where a new result set is written before the commit. */
const STAGING_PREFIX = '.tms-mapper-partial-';

/** Below this many free bytes a failure without an errno (h5wasm hides them) is reported as a full disk. */
const NEARLY_FULL_BYTES = 1 << 20;

/** `results`: one result set (replaced as a whole); `export`: a figure or table saved into the folder (kept). */
export type OwnFileKind = 'results' | 'export';

export interface ManifestEntry {
  file: string;
  kind: OwnFileKind;
  bytes: number;
}

export interface Manifest {
  format: 'tms-mapper-manifest';
  version: 1;
  files: ManifestEntry[];
}

interface Journal {
  format: 'tms-mapper-commit';
  staging: string;
  /** Files moved from the staging folder into place (relative paths). */
  files: string[];
  /** Files of the previous result set that the new one does not have. */
  remove: string[];
  manifest: Manifest;
}

/** Reads the folder's manifest; null when there is none, or it is not ours (then nothing in the folder is ours). */
export function readManifest(dir: string): Manifest | null {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const m = JSON.parse(text) as Manifest;
    if (m.format !== 'tms-mapper-manifest' || !Array.isArray(m.files)) return null;
    const files = m.files.filter(
      (f) =>
        typeof f?.file === 'string' && safeRelative(f.file) && (f.kind === 'results' || f.kind === 'export'),
    );
    return { format: 'tms-mapper-manifest', version: 1, files };
  } catch {
    return null;
  }
}

/** A relative path that stays inside its folder (a manifest never names anything outside). */
function safeRelative(rel: string): boolean {
  return rel.length > 0 && !rel.startsWith('/') && !rel.split(/[\\/]/).some((p) => p === '..' || p === '');
}

/** Writes a small JSON file durably: temporary name, fsync, rename, folder fsync. */
function writeJsonDurably(file: string, value: unknown): void {
  const tmp = tempPathFor(file);
  try {
    writeFileSync(tmp, `${JSON.stringify(value, null, 1)}\n`);
    syncFile(tmp);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw fsErrorToAppError(e, file);
  }
  syncDir(dirname(file));
}

function writeManifest(dir: string, m: Manifest): void {
  writeJsonDurably(join(dir, MANIFEST_FILE), m);
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's `mkdirSync(…, { recursive })`
 * spins forever on pseudo file systems such as /proc (ENOENT for a parent that exists); this
 * stops with a coded error instead. Returns the folders it created, outermost first.
 */
export function makeDirs(dir: string): string[] {
  const abs = resolve(dir);
  const missing: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      const st = statSync(cur);
      if (!st.isDirectory())
        throw new AppError('BAD_OUTPUT', { file: cur, found: 'a file on the way', expected: 'a folder' });
      break;
    } catch (e) {
      if (e instanceof AppError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR')
        throw new AppError('BAD_OUTPUT', { file: cur, found: 'a file on the way', expected: 'a folder' });
      if (code !== 'ENOENT') throw fsErrorToAppError(e, cur);
    }
    missing.push(cur);
    const up = dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  missing.reverse();
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      // ENOENT for a parent that exists: a pseudo file system (/proc) that takes no folders.
      if (code === 'ENOENT')
        throw new AppError('BAD_OUTPUT', {
          file: d,
          found: 'a place that cannot hold folders',
          expected: 'a folder on a disk',
        });
      throw fsErrorToAppError(e, d);
    }
  }
  return missing;
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

/** The nearest folder that exists on the way to `dir` (`dir` itself when it exists). */
function nearestExisting(dir: string): string {
  let cur = resolve(dir);
  for (;;) {
    try {
      const st = statSync(cur);
      if (!st.isDirectory())
        throw new AppError('BAD_OUTPUT', { file: cur, found: 'a file on the way', expected: 'a folder' });
      return cur;
    } catch (e) {
      if (e instanceof AppError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR')
        throw new AppError('BAD_OUTPUT', { file: cur, found: 'a file on the way', expected: 'a folder' });
      if (code !== 'ENOENT') throw fsErrorToAppError(e, cur);
    }
    const up = dirname(cur);
    if (up === cur) return cur;
    cur = up;
  }
}

/** Proves `dir` (which exists) takes new entries by creating and removing a hidden folder there. */
function probeWritable(dir: string, wanted: string): void {
  const probe = join(dir, `${STAGING_PREFIX}probe-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new AppError('BAD_OUTPUT', {
        file: wanted,
        found: `${dir}: a place that cannot hold folders`,
        expected: 'a folder on a disk',
      });
    const mapped = fsErrorToAppError(e, wanted);
    throw new AppError(mapped.code, { file: wanted, found: `no write access to ${dir}` }, undefined, {
      cause: e,
    });
  }
  rmdirSync(probe);
}

/** What a write into `dir` would find: previous results of ours, the manifest, and whether the folder exists. */
export interface TargetState {
  exists: boolean;
  manifest: Manifest | null;
}

/**
 * Checks that `files` (relative paths) may be written as the result set of `dir`, before any work:
 * the folder is new or empty, or holds our manifest (a previous result set needs `force`); no file
 * to write collides with one this program did not write; the place takes new files. A non-empty
 * folder without our manifest is refused even with force: nothing the user keeps is ever replaced.
 */
export function checkTarget(outDir: string, force: boolean, files: string[] = [SUMMARY_FILE]): TargetState {
  const dir = resolve(outDir);
  recoverFolder(dir);
  let st;
  try {
    st = statSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR')
      throw new AppError('BAD_OUTPUT', { file: dir, found: 'a file on the way', expected: 'a folder' });
    if (code !== 'ENOENT') throw fsErrorToAppError(e, dir);
    probeWritable(nearestExisting(dirname(dir)), dir);
    return { exists: false, manifest: null };
  }
  if (!st.isDirectory())
    throw new AppError('OUTPUT_EXISTS', { file: dir, found: 'a file', expected: 'a folder for the results' });
  const manifest = readManifest(dir);
  const entries = readdirSync(dir).filter((n) => !isLeftover(n));
  if (!manifest && entries.length > 0) {
    throw new AppError('OUTPUT_EXISTS', {
      file: dir,
      found: `a non-empty folder without ${MANIFEST_FILE} (not written by TMS Mapper${entries.includes(SUMMARY_FILE) ? ', or by a version without a manifest' : ''})`,
      expected: 'a new or empty folder, or a result folder written by TMS Mapper',
    });
  }
  const ours = new Map((manifest?.files ?? []).map((f) => [f.file, f.kind]));
  if (!force && [...ours.values()].includes('results')) {
    throw new AppError('OUTPUT_EXISTS', {
      file: dir,
      found: `previous results (${MANIFEST_FILE})`,
      expected: 'force (Overwrite) to replace them',
    });
  }
  for (const rel of files) {
    if (ours.get(rel) === 'results') continue;
    if (existsSync(join(dir, rel))) {
      throw new AppError('OUTPUT_EXISTS', {
        file: join(dir, rel),
        found: ours.has(rel) ? 'a file exported there before' : 'a file TMS Mapper did not write',
        expected: 'no file of that name (it is never replaced)',
      });
    }
  }
  probeWritable(dir, dir);
  return { exists: true, manifest };
}

/** Names inside a result folder that only a killed write leaves behind. */
function isLeftover(name: string): boolean {
  return name.startsWith(STAGING_PREFIX) || name === JOURNAL_FILE || isOwnTempName(name);
}

/**
 * Brings `dir` to a complete state after a killed write: a journal present means the new result set
 * was complete, so its move is finished; otherwise the staging folder and temporary files are dropped
 * (the previous results were never touched). Also clears the sibling leftovers of older versions
 * (`.<out>.partial-*`, `.<out>.old-*`), putting an old result folder back when `dir` is missing.
 * Silent when the folder cannot be written (a reader on a read-only disk still reads what is there).
 */
export function recoverFolder(outDir: string): void {
  const dir = resolve(outDir);
  try {
    recoverLegacySiblings(dir);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
    const journalFile = join(dir, JOURNAL_FILE);
    if (existsSync(journalFile)) {
      let j: Journal | null = null;
      try {
        j = JSON.parse(readFileSync(journalFile, 'utf8')) as Journal;
      } catch {
        j = null;
      }
      if (j && j.format === 'tms-mapper-commit') rollForward(dir, j);
      else rmSync(journalFile, { force: true });
    }
    for (const n of readdirSync(dir)) {
      if (n.startsWith(STAGING_PREFIX) || isOwnTempName(n))
        rmSync(join(dir, n), { recursive: true, force: true });
    }
    for (const f of readManifest(dir)?.files ?? []) {
      const sub = dirname(join(dir, f.file));
      if (sub === dir || !existsSync(sub)) continue;
      for (const n of readdirSync(sub)) if (isOwnTempName(n)) rmSync(join(sub, n), { force: true });
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return;
    throw fsErrorToAppError(e, dir);
  }
}

function recoverLegacySiblings(dir: string): void {
  const parent = dirname(dir);
  const base = basename(dir);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const n of names)
    if (n.startsWith(`.${base}.partial-`)) rmSync(join(parent, n), { recursive: true, force: true });
  const old = names.filter((n) => n.startsWith(`.${base}.old-`));
  for (const n of old) {
    if (!existsSync(dir)) renameSync(join(parent, n), dir);
    else rmSync(join(parent, n), { recursive: true, force: true });
  }
}

/** Finishes a committed move; every step can be repeated, so a kill during it is finished by the next call. */
function rollForward(dir: string, j: Journal): void {
  const staging = join(dir, j.staging);
  if (!j.staging.startsWith(STAGING_PREFIX) || j.staging.includes(sep)) throw new Error('bad journal');
  for (const rel of j.files) {
    if (!safeRelative(rel)) continue;
    const src = join(staging, rel);
    if (!existsSync(src)) continue;
    const dst = join(dir, rel);
    mkdirSync(dirname(dst), { recursive: true });
    renameSync(src, dst);
    killPoint(`move ${rel}`);
  }
  for (const rel of j.remove) {
    if (!safeRelative(rel)) continue;
    rmSync(join(dir, rel), { force: true });
    removeEmptyParents(dir, rel);
    killPoint(`remove ${rel}`);
  }
  for (const rel of new Set(j.files.map((f) => dirname(join(dir, f))))) syncDir(rel);
  writeManifest(dir, j.manifest);
  killPoint('manifest');
  rmSync(join(dir, JOURNAL_FILE), { force: true });
  syncDir(dir);
  killPoint('journal removed');
  rmSync(staging, { recursive: true, force: true });
}

/** Removes the (response) folders a removed file leaves empty, never `dir` itself nor a folder with anything in it. */
function removeEmptyParents(dir: string, rel: string): void {
  let sub = dirname(join(dir, rel));
  while (sub !== dir && sub.startsWith(dir + sep)) {
    try {
      if (readdirSync(sub).length > 0) return;
      rmdirSync(sub);
    } catch {
      return;
    }
    sub = dirname(sub);
  }
}

/** Creates the hidden staging folder inside `dir` (same file system, so every move is a rename). */
export function createStaging(dir: string): string {
  const staging = join(dir, `${STAGING_PREFIX}${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(staging);
  } catch (e) {
    throw fsErrorToAppError(e, staging);
  }
  return staging;
}

/**
 * Commits the complete staging folder: the journal is written (from then on the new results win,
 * even after a kill), then each file is moved into place, the previous result set's other files
 * are removed, and the manifest is rewritten. Exported figures and the user's files stay.
 */
export function commitStaging(dir: string, staging: string, files: { file: string; bytes: number }[]): void {
  const previous = readManifest(dir);
  const fresh = new Set(files.map((f) => f.file));
  const kept = (previous?.files ?? []).filter((f) => f.kind !== 'results' && !fresh.has(f.file));
  const remove = (previous?.files ?? [])
    .filter((f) => f.kind === 'results' && !fresh.has(f.file))
    .map((f) => f.file);
  const manifest: Manifest = {
    format: 'tms-mapper-manifest',
    version: 1,
    files: [...kept, ...files.map((f) => ({ file: f.file, kind: 'results' as const, bytes: f.bytes }))],
  };
  const journal: Journal = {
    format: 'tms-mapper-commit',
    staging: relative(dir, staging),
    files: files.map((f) => f.file),
    remove,
    manifest,
  };
  writeJsonDurably(join(dir, JOURNAL_FILE), journal);
  killPoint('journal');
  rollForward(dir, journal);
}

/** Records a file this program just saved (a figure, a table) in its folder's manifest, so later writes know it. */
export function recordExport(file: string, bytes: number): void {
  const dir = dirname(resolve(file));
  const rel = basename(file);
  const m = readManifest(dir) ?? { format: 'tms-mapper-manifest' as const, version: 1 as const, files: [] };
  if (m.files.some((f) => f.file === rel && f.kind === 'results')) return;
  const files = m.files.filter((f) => f.file !== rel);
  files.push({ file: rel, kind: 'export', bytes });
  writeManifest(dir, { ...m, files });
}

/** Removes what a failed write made: the staging folder, and `created` folders when they are empty again. */
export function discardStaging(staging: string | undefined, created: string[]): void {
  if (staging) rmSync(staging, { recursive: true, force: true });
  for (const d of [...created].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
  }
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
