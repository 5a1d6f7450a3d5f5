// The wire codec of browser mode: JSON with typed arrays as base64 of their bytes plus a dtype tag, used both ways.

type TypedArray =
  Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

const CTORS = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u32: Uint32Array,
  i16: Int16Array,
  u16: Uint16Array,
  i8: Int8Array,
  u8: Uint8Array,
} as const;
type Dtype = keyof typeof CTORS;

/** The JSON form of a typed array. */
export interface EncodedArray {
  $dtype: Dtype;
  $b64: string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

// Hand-written because neither Buffer (Node only) nor btoa (strings only, slow) serves both sides. The output is
// built as ASCII bytes and decoded once: per-character string concatenation was ~10× slower on 800 kB.
const ENCODE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = 61; // '='
const ascii = new TextDecoder('latin1');

export function bytesToBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = ENCODE[(v >> 18) & 63];
    out[o++] = ENCODE[(v >> 12) & 63];
    out[o++] = ENCODE[(v >> 6) & 63];
    out[o++] = ENCODE[v & 63];
  }
  if (i < n) {
    const b1 = i + 1 < n ? bytes[i + 1] : 0;
    const v = (bytes[i] << 16) | (b1 << 8);
    out[o++] = ENCODE[(v >> 18) & 63];
    out[o++] = ENCODE[(v >> 12) & 63];
    out[o++] = i + 1 < n ? ENCODE[(v >> 6) & 63] : PAD;
    out[o++] = PAD;
  }
  return ascii.decode(out);
}

export function base64ToBytes(b64: string): Uint8Array {
  if (b64.length % 4 !== 0 || /[^A-Za-z0-9+/=]/.test(b64)) throw new Error('invalid base64');
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((b64.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < b64.length; i += 4) {
    const n =
      (LOOKUP[b64.charCodeAt(i)] << 18) |
      (LOOKUP[b64.charCodeAt(i + 1)] << 12) |
      (LOOKUP[b64.charCodeAt(i + 2)] << 6) |
      LOOKUP[b64.charCodeAt(i + 3)];
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

function dtypeOf(a: ArrayBufferView): Dtype | null {
  for (const [k, C] of Object.entries(CTORS)) if (a instanceof C) return k as Dtype;
  return null;
}

function isEncodedArray(v: unknown): v is EncodedArray {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as EncodedArray).$b64 === 'string' &&
    typeof (v as EncodedArray).$dtype === 'string' &&
    (v as EncodedArray).$dtype in CTORS
  );
}

/** Replaces typed arrays (at any depth) by their encoded form; NaN/±Inf numbers become tagged strings. */
export function encodeWire(value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    return { $num: Number.isNaN(value) ? 'NaN' : value > 0 ? 'Inf' : '-Inf' };
  }
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) {
    const dtype = dtypeOf(value);
    if (!dtype) throw new Error(`cannot encode ${value.constructor.name}`);
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { $dtype: dtype, $b64: bytesToBase64(bytes) } satisfies EncodedArray;
  }
  if (Array.isArray(value)) return value.map(encodeWire);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encodeWire(v);
  return out;
}

/** Inverse of encodeWire. */
export function decodeWire(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeWire);
  if (isEncodedArray(value)) {
    const bytes = base64ToBytes(value.$b64);
    const C = CTORS[value.$dtype];
    if (bytes.length % C.BYTES_PER_ELEMENT !== 0)
      throw new Error(`byte length ${bytes.length} is not a multiple of ${value.$dtype}`);
    // Copy into a fresh, aligned buffer: the decoded bytes' offset may not suit wider types.
    const arr: TypedArray = new C(bytes.length / C.BYTES_PER_ELEMENT);
    new Uint8Array(arr.buffer).set(bytes);
    return arr;
  }
  const num = (value as { $num?: unknown }).$num;
  if (typeof num === 'string' && Object.keys(value).length === 1) {
    return num === 'NaN' ? NaN : num === 'Inf' ? Infinity : num === '-Inf' ? -Infinity : value;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // An own "__proto__" key stays a key (assignment would set the prototype); the validators refuse it.
    if (k === '__proto__')
      Object.defineProperty(out, k, {
        value: decodeWire(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[k] = decodeWire(v);
  }
  return out;
}

/** JSON text of a value, typed arrays included. */
export function stringifyWire(value: unknown): string {
  return JSON.stringify(encodeWire(value));
}

export function parseWire(text: string): unknown {
  return decodeWire(JSON.parse(text));
}
