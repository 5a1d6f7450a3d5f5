// One way to open HDF5 files with h5wasm in Node and Electron processes: path checks, signature check, coded errors.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type * as H5 from 'h5wasm';
import { AppError } from '../contract';

export type H5Module = typeof H5;
export type H5File = H5.File;
export type H5Dataset = H5.Dataset;
export type H5Group = H5.Group;

let loading: Promise<H5Module> | undefined;

/**
 * Loads h5wasm once per process. Electron processes expose `navigator`, which makes
 * h5wasm's Emscripten start-up assume a browser and refuse; hide it while it initialises.
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
      const mod: H5Module = await import('h5wasm/node');
      await mod.ready;
      return mod;
    } finally {
      if (desc) Object.defineProperty(globalThis, 'navigator', desc);
      else delete g.navigator;
    }
  })();
  return loading;
}

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** HDF5 puts its signature at offset 0, 512, 1024, 2048, … (a user block may precede it). */
export function hasHdf5Signature(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const buf = Buffer.alloc(8);
    for (let off = 0; off + 8 <= size && off <= 1 << 20; off = off === 0 ? 512 : off * 2) {
      readSync(fd, buf, 0, 8, off);
      if (buf.equals(HDF5_SIGNATURE)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Opens an existing HDF5 file read-only, with FILE_NOT_FOUND / FILE_NOT_READABLE / NOT_HDF5 instead of h5wasm's opaque failures. */
export async function openH5(path: string): Promise<H5File> {
  checkReadableFile(path);
  if (!hasHdf5Signature(path))
    throw new AppError('NOT_HDF5', { file: path, expected: 'an HDF5 file (signature \\x89HDF)' });
  const h5 = await loadH5();
  try {
    return new h5.File(path, 'r');
  } catch (e) {
    throw new AppError('NOT_HDF5', { file: path }, `h5wasm could not open it (${String(e)})`, { cause: e });
  }
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
