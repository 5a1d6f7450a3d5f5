// One way to open HDF5 files with h5wasm in Node and Electron processes: path checks, signature check, coded errors.
import fs, { closeSync, openSync, readSync, statSync } from 'node:fs';
import { devNull } from 'node:os';
import { dirname, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type * as H5 from 'h5wasm';
import { AppError } from '../contract';

export type H5Module = typeof H5;
export type H5File = H5.File;
export type H5Dataset = H5.Dataset;
export type H5Group = H5.Group;

let loading: Promise<H5Module> | undefined;

/**
 * Runs `fn` with HDF5's error stack (100+ lines per failed open, written by h5wasm straight to file
 * descriptor 2) kept off the user's terminal: the coded errors say what failed.
 * TMS_MAPPER_HDF5_DIAGNOSTICS=1 shows it for debugging. loadH5() also mutes h5wasm's stderr for every call
 * (muteHdf5Stderr); this second guard covers the calls known to fail on damaged files should that ever not apply.
 */
export function quietHdf5<T>(fn: () => T): T {
  if (process.env.TMS_MAPPER_HDF5_DIAGNOSTICS) return fn();
  const original = fs.writeSync;
  const quiet = function (this: unknown, fd: number, data: unknown, ...rest: unknown[]): number {
    if (fd !== 2) return (original as (...a: unknown[]) => number).call(this, fd, data, ...rest);
    if (typeof data === 'string') return Buffer.byteLength(data);
    const [offset, length] = rest as [number | undefined, number | undefined];
    return typeof length === 'number' ? length : (data as ArrayBufferView).byteLength - (offset ?? 0);
  };
  fs.writeSync = quiet;
  try {
    return fn();
  } finally {
    fs.writeSync = original;
  }
}

/**
 * V8 compiles hot WebAssembly functions a second time, optimised, after a budget of executed bytes. With the default
 * budget HDF5's one-off start-up code crosses it and the optimising compiles cost ~0.1 s of CPU in every process that
 * opens a file (a third of h5wasm's start); ten times the budget keeps them for code that runs long (reading and
 * inflating large E-fields still tiers up: a 48 MB gzip read measured no slower, h5wasm's start 0.30 → 0.24 s CPU).
 */
const WASM_TIERING_BUDGET = '--wasm-tiering-budget=20000000';

/**
 * Loads h5wasm once per process, only when a file is opened (argument and path errors never pay for it).
 * Electron processes expose `navigator`, which makes h5wasm's Emscripten start-up assume a browser and refuse;
 * hide it while it initialises.
 */
export function loadH5(): Promise<H5Module> {
  loading ??= (async () => {
    const g = globalThis as { navigator?: unknown };
    const desc = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    if (desc)
      Object.defineProperty(globalThis, 'navigator', {
        value: undefined,
        configurable: true,
        writable: true,
      });
    try {
      setFlagsFromString(WASM_TIERING_BUDGET);
      const mod: H5Module = await import('h5wasm/node');
      await mod.ready;
      muteHdf5Stderr(mod);
      return mod;
    } finally {
      if (desc) Object.defineProperty(globalThis, 'navigator', desc);
      else delete g.navigator;
    }
  })();
  return loading;
}

/**
 * HDF5 prints its error stack (100+ lines per failed call) to its C stderr, which h5wasm's Node file system
 * writes to file descriptor 2 from any call on a damaged file. Point that descriptor at the null device
 * once, for every call (the coded errors say what failed); TMS_MAPPER_HDF5_DIAGNOSTICS=1 keeps it for debugging.
 */
function muteHdf5Stderr(mod: H5Module): void {
  if (process.env.TMS_MAPPER_HDF5_DIAGNOSTICS) return;
  const stream = (mod.FS as { getStream?: (fd: number) => { nfd?: number } | null } | null)?.getStream?.(2);
  if (stream && stream.nfd === 2) stream.nfd = openSync(devNull, 'w');
}

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Offset of the HDF5 signature (0, 512, 1024, 2048, …: a user block may precede it), or -1 without one. */
function signatureOffset(fd: number, size: number): number {
  const buf = Buffer.alloc(8);
  for (let off = 0; off + 8 <= size && off <= 1 << 20; off = off === 0 ? 512 : off * 2) {
    readSync(fd, buf, 0, 8, off);
    if (buf.equals(HDF5_SIGNATURE)) return off;
  }
  return -1;
}

/** HDF5 puts its signature at offset 0, 512, 1024, 2048, … (a user block may precede it). */
export function hasHdf5Signature(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    return signatureOffset(fd, statSync(path).size) >= 0;
  } finally {
    closeSync(fd);
  }
}

/**
 * The file length the superblock records (its end-of-file address, which counts a user block too), or
 * undefined when the superblock cannot say (unknown version, unusual offset size, the "undefined address").
 * Layout (HDF5 file format spec, "Superblock"): versions 0 and 1 keep 16 (v0) or 20 (v1) bytes of versions,
 * sizes and tree parameters, then base, free-space and end-of-file addresses; versions 2 and 3 keep
 * 4 bytes, then base, extension and end-of-file addresses.
 */
function recordedLength(fd: number, at: number, size: number): bigint | undefined {
  const head = Buffer.alloc(64);
  const n = readSync(fd, head, 0, Math.min(head.length, size - at), at);
  if (n < 16) return undefined;
  const version = head[8];
  const offsets = version <= 1 ? head[13] : version <= 3 ? head[9] : 0;
  if (offsets !== 8 && offsets !== 4) return undefined;
  const pos = (version === 0 ? 24 : version === 1 ? 28 : 12) + 2 * offsets;
  if (pos + offsets > n) return undefined;
  const eof = offsets === 8 ? head.readBigUInt64LE(pos) : BigInt(head.readUInt32LE(pos));
  return eof === (offsets === 8 ? 0xffffffffffffffffn : 0xffffffffn) ? undefined : eof;
}

/**
 * NOT_HDF5 without the signature; FILE_CORRUPT when the file is shorter than its superblock says, which is
 * how HDF5 itself recognises a truncated file (checked here in microseconds, before h5wasm is even loaded).
 */
export function checkHdf5Header(path: string): void {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const at = signatureOffset(fd, size);
    if (at < 0) throw new AppError('NOT_HDF5', { file: path, expected: 'an HDF5 file (signature \\x89HDF)' });
    const length = recordedLength(fd, at, size);
    if (length !== undefined && BigInt(size) < length)
      throw new AppError('FILE_CORRUPT', {
        file: path,
        found: `${size} bytes, but its HDF5 superblock records ${length} (truncated, e.g. an interrupted copy)`,
        expected: 'the complete file',
      });
  } finally {
    closeSync(fd);
  }
}

/** What openH5 checks before HDF5 starts: FILE_NOT_FOUND / FILE_NOT_READABLE, NOT_HDF5, a truncated file. */
export function checkHdf5File(path: string): void {
  checkReadableFile(path);
  checkHdf5Header(path);
}

/** Opens an existing HDF5 file read-only, with FILE_NOT_FOUND / FILE_NOT_READABLE / NOT_HDF5 instead of h5wasm's opaque failures. */
export async function openH5(path: string): Promise<H5File> {
  checkHdf5File(path);
  const h5 = await loadH5();
  let f: H5File;
  try {
    f = quietHdf5(() => new h5.File(path, 'r'));
  } catch (e) {
    throw new AppError('FILE_CORRUPT', { file: path }, `HDF5 could not open it (${String(e)})`, { cause: e });
  }
  // h5wasm does not throw when HDF5 refuses the file: it returns a File whose id is negative, and
  // every later call fails with "name not defined". Only a valid id is an opened file.
  if (typeof f.file_id !== 'bigint' || f.file_id < 0n) {
    throw new AppError('FILE_CORRUPT', {
      file: path,
      found: `an HDF5 signature, but HDF5 cannot open the file (truncated or damaged; ${statSync(path).size} bytes)`,
      expected: 'a complete HDF5 file',
    });
  }
  return f;
}

/** Largest single read of a dataset (bytes): above it a declared size is refused instead of crashing the allocator. */
export const MAX_READ_BYTES = 1 << 30;

/** HDF5 type classes as h5wasm reports them in Metadata.type. */
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_ENUM = 8;

/**
 * Checks a numeric dataset before it is read: integer or float (32/64-bit floats; no float16, no
 * bool/enum, no strings or compounds), virtual sources present, and at most MAX_READ_BYTES per read.
 */
export function checkNumericDataset(
  file: string,
  path: string,
  ds: H5Dataset,
  opts: { floatOnly?: boolean } = {},
): void {
  const m = ds.metadata;
  const what = describeType(m.type, m.size);
  if (m.type === H5T_ENUM)
    throw new AppError('BAD_DTYPE', {
      file,
      path,
      found: `${what} (e.g. bool)`,
      expected: 'numbers (float32/float64)',
    });
  if (m.type === H5T_FLOAT && m.size < 4)
    throw new AppError('BAD_DTYPE', {
      file,
      path,
      found: what,
      expected: 'float32 or float64 (convert float16 first)',
    });
  if (m.type !== H5T_FLOAT && (opts.floatOnly || m.type !== H5T_INTEGER))
    throw new AppError('BAD_DTYPE', {
      file,
      path,
      found: what,
      expected: opts.floatOnly ? 'float32 or float64' : 'integers or floats',
    });
  for (const v of m.virtual_sources ?? []) {
    const src = v.file_name === '.' ? file : resolve(dirname(file), v.file_name);
    let ok = false;
    try {
      ok = statSync(src).isFile();
    } catch {
      ok = false;
    }
    if (!ok)
      throw new AppError('DATASET_MISSING', {
        file,
        path,
        found: `a virtual dataset whose source file ${src} is missing`,
        expected: 'every source file of the virtual dataset',
      });
  }
}

/** Refuses a read of `count` values of `ds` larger than MAX_READ_BYTES (a declared size the file may not even hold). */
export function checkReadSize(file: string, path: string, ds: H5Dataset, count: number): void {
  const bytes = count * Math.max(ds.metadata.size, 1);
  if (bytes > MAX_READ_BYTES)
    throw new AppError('TOO_LARGE', {
      file,
      path,
      found: `a read of ${bytes} bytes (shape ${(ds.shape ?? []).join(' × ')})`,
      expected: `at most ${MAX_READ_BYTES} bytes per read`,
    });
}

function describeType(type: number, size: number): string {
  if (type === H5T_FLOAT) return `float${size * 8}`;
  if (type === H5T_INTEGER) return `int${size * 8}`;
  if (type === H5T_ENUM) return `an enum of ${size} byte(s)`;
  return `HDF5 type class ${type}`;
}

/** A failure inside h5wasm while reading an input (not an AppError) means the file is damaged. */
export function inputReadError(e: unknown, file: string, path?: string): AppError {
  if (e instanceof AppError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new AppError(
    'FILE_CORRUPT',
    { file, path, found: `a read error (${msg.slice(0, 200)})`, expected: 'readable data' },
    undefined,
    {
      cause: e,
    },
  );
}

/** Creates (truncates) an HDF5 file for writing; callers write to a temporary name (see atomic-write.ts). */
export async function createH5(path: string): Promise<H5File> {
  const h5 = await loadH5();
  return new h5.File(path, 'w');
}

export function checkReadableFile(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new AppError('FILE_NOT_FOUND', { file: path });
  }
  if (!st.isFile())
    throw new AppError('FILE_NOT_FOUND', { file: path, found: 'a folder', expected: 'a file' });
  try {
    closeSync(openSync(path, 'r'));
  } catch (e) {
    throw new AppError('FILE_NOT_READABLE', { file: path }, undefined, { cause: e });
  }
}

/** Returns the dataset at `path` or throws DATASET_MISSING naming the file and path. */
export function requireDataset(file: H5File, path: string): H5Dataset {
  const entity = file.get(path);
  if (!entity || !('shape' in entity)) {
    throw new AppError('DATASET_MISSING', { file: file.filename, path, expected: 'a dataset' });
  }
  return entity;
}

/** True when `path` names a dataset in the file. */
export function hasDataset(file: H5File, path: string): boolean {
  const entity = file.get(path);
  return !!entity && 'shape' in entity;
}

/** Creates each missing level of a group path (h5wasm's create_group does not create parents). */
export function ensureGroup(file: H5File, path: string): H5Group {
  let cur: H5Group = file;
  let acc = '';
  for (const part of path.split('/').filter(Boolean)) {
    acc += `/${part}`;
    const existing = file.get(acc);
    cur = existing && !('shape' in existing) ? (existing as H5Group) : cur.create_group(part);
  }
  return cur;
}

/** Numeric typed-array view of any dataset value as float64 (int64 arrives as BigInt64Array). */
export function toFloat64(data: unknown): Float64Array {
  if (data instanceof Float64Array) return data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    const out = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
    return out;
  }
  if (ArrayBuffer.isView(data)) return Float64Array.from(data as unknown as ArrayLike<number>);
  if (typeof data === 'number') return Float64Array.of(data);
  throw new AppError('BAD_DTYPE', { found: typeof data, expected: 'numeric data' });
}
