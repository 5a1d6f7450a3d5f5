// Numpy arrays inside parsed pickles (pandas object blocks): _reconstruct + __setstate__ or _frombuffer, decoded as data only.
import { AppError } from '../contract';

/**
 * A numeric numpy array as plain data: `data` in C (row-major) order of `shape`, converted to float64.
 * pickleparser builds inert objects for every class (`__module__`/`__name__` on the prototype, call arguments in
 * a non-enumerable `args`, a BUILD state as keys '0', '1', …); nothing from the pickle is ever called.
 */
export interface NumpyArray {
  readonly __numpy: true;
  shape: number[];
  dtype: string;
  data: Float64Array;
}

interface Inert {
  __module__?: unknown;
  __name__?: unknown;
  args?: unknown[];
  [key: string]: unknown;
}

const NUMPY_MODULES = new Set(['numpy.core.multiarray', 'numpy._core.multiarray']);
const FROMBUFFER_MODULES = new Set(['numpy.core.numeric', 'numpy._core.numeric']);

export function isNumpyArray(v: unknown): v is NumpyArray {
  return typeof v === 'object' && v !== null && (v as { __numpy?: unknown }).__numpy === true;
}

/**
 * `v` as a NumpyArray when it is a pickled numeric ndarray; null for anything else (strings, numbers, other
 * classes). Object-dtype arrays are not converted here (pandas' block reader walks them itself).
 */
export function numpyArrayOf(v: unknown, where: { file?: string; path?: string } = {}): NumpyArray | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Inert;
  const mod = o.__module__;
  const name = o.__name__;
  if (typeof mod !== 'string' || typeof name !== 'string') return null;
  if (NUMPY_MODULES.has(mod) && name === '_reconstruct') return fromState(o, where);
  if (FROMBUFFER_MODULES.has(mod) && name === '_frombuffer') return fromBuffer(o, where);
  return null;
}

/** ndarray.__setstate__((version,) shape, dtype, is_fortran, raw bytes | list), written by pickle protocols ≤ 4. */
function fromState(o: Inert, where: { file?: string; path?: string }): NumpyArray | null {
  const hasVersion = o['4'] !== undefined;
  const at = (k: number): unknown => o[String(hasVersion ? k + 1 : k)];
  const shape = at(0);
  const dtype = dtypeOf(at(1), where);
  const fortran = at(2) === true || at(2) === 1;
  const raw = bytesOf(at(3));
  if (!Array.isArray(shape)) throw bad(where, 'an ndarray state without a shape', 'numpy ndarray state');
  if (dtype === 'object') return null;
  if (Array.isArray(raw)) {
    // a list of Python numbers (numpy writes lists only for object arrays; accept numbers anyway)
    return build(shape as number[], dtype, Float64Array.from(raw as number[], Number), fortran, where);
  }
  if (!(raw instanceof Uint8Array)) throw bad(where, `ndarray data of type ${typeof raw}`, 'raw bytes');
  return build(shape as number[], dtype, decode(raw, dtype, where), fortran, where);
}

/** Raw bytes: protocol ≥ 3 writes bytes; protocol 2 from Python 3 writes _codecs.encode(text, 'latin1'). */
function bytesOf(v: unknown): unknown {
  const o = v as Inert | null;
  if (o && o.__module__ === '_codecs' && o.__name__ === 'encode' && Array.isArray(o.args)) {
    const [text, enc] = o.args;
    if (typeof text === 'string' && (enc === 'latin1' || enc === 'latin-1'))
      return Buffer.from(text, 'latin1');
  }
  return v;
}

/** numpy.core.numeric._frombuffer(buffer, dtype, shape, order), written by pickle protocol 5 (in-band buffer). */
function fromBuffer(o: Inert, where: { file?: string; path?: string }): NumpyArray {
  const [buf, dt, shape, order] = o.args ?? [];
  const dtype = dtypeOf(dt, where);
  if (!(buf instanceof Uint8Array)) throw bad(where, 'an out-of-band or missing buffer', 'in-band bytes');
  if (!Array.isArray(shape)) throw bad(where, '_frombuffer without a shape', 'a shape tuple');
  return build(shape as number[], dtype, decode(buf, dtype, where), order === 'F', where);
}

/** numpy.dtype(typestr, align, copy) with BUILD state (version, byteorder, …) → e.g. '<f8'. */
function dtypeOf(v: unknown, where: { file?: string; path?: string }): string {
  const o = v as Inert | null;
  if (!o || o.__name__ !== 'dtype' || !Array.isArray(o.args) || typeof o.args[0] !== 'string')
    throw bad(where, 'an ndarray without a numpy dtype', 'numpy.dtype(...)');
  const kind = o.args[0];
  if (kind === 'O8' || kind === 'O4' || kind === 'O') return 'object';
  const order = typeof o['1'] === 'string' ? o['1'] : '<';
  return `${order === '>' ? '>' : '<'}${kind}`;
}

const DTYPES: Record<string, { bytes: number; get: (d: DataView, off: number, le: boolean) => number }> = {
  f8: { bytes: 8, get: (d, o, le) => d.getFloat64(o, le) },
  f4: { bytes: 4, get: (d, o, le) => d.getFloat32(o, le) },
  i8: { bytes: 8, get: (d, o, le) => Number(d.getBigInt64(o, le)) },
  i4: { bytes: 4, get: (d, o, le) => d.getInt32(o, le) },
  i2: { bytes: 2, get: (d, o, le) => d.getInt16(o, le) },
  i1: { bytes: 1, get: (d, o) => d.getInt8(o) },
  u8: { bytes: 8, get: (d, o, le) => Number(d.getBigUint64(o, le)) },
  u4: { bytes: 4, get: (d, o, le) => d.getUint32(o, le) },
  u2: { bytes: 2, get: (d, o, le) => d.getUint16(o, le) },
  u1: { bytes: 1, get: (d, o) => d.getUint8(o) },
  b1: { bytes: 1, get: (d, o) => d.getUint8(o) },
};

function decode(raw: Uint8Array, dtype: string, where: { file?: string; path?: string }): Float64Array {
  const t = DTYPES[dtype.slice(1)];
  if (!t) throw bad(where, `numpy dtype ${dtype}`, `one of ${Object.keys(DTYPES).join(', ')}`);
  if (raw.length % t.bytes !== 0)
    throw bad(where, `${raw.length} bytes`, `a multiple of ${t.bytes} (dtype ${dtype})`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const le = dtype[0] === '<';
  const out = new Float64Array(raw.length / t.bytes);
  for (let i = 0; i < out.length; i++) out[i] = t.get(view, i * t.bytes, le);
  return out;
}

/** Checks the element count and reorders Fortran-ordered data into C order. */
function build(
  shape: number[],
  dtype: string,
  data: Float64Array,
  fortran: boolean,
  where: { file?: string; path?: string },
): NumpyArray {
  const n = shape.reduce((a, b) => a * b, 1);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0) || data.length !== n)
    throw bad(where, `${data.length} values for shape (${shape.join(', ')})`, `${n} values`);
  if (!fortran || shape.length < 2) return { __numpy: true, shape, dtype, data };
  const c = new Float64Array(n);
  const strideF = shape.map((_, k) => shape.slice(0, k).reduce((a, b) => a * b, 1));
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let k = 0; k < shape.length; k++) f += idx[k] * strideF[k];
    c[i] = data[f];
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
  return { __numpy: true, shape, dtype, data: c };
}

function bad(where: { file?: string; path?: string }, found: string, expected: string): AppError {
  return new AppError('PICKLE_PARSE', { ...where, found, expected }, 'a numpy array in the pickle');
}
