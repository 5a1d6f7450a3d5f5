// The wire codec: typed arrays of every dtype, non-finite numbers and nesting survive a round trip bit-exactly.
import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  decodeWire,
  encodeWire,
  parseWire,
  stringifyWire,
} from '../../../main/contract/codec';

describe('wire codec', () => {
  it('base64 matches Node for lengths 0..20 and random bytes', () => {
    for (let n = 0; n <= 20; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(bytesToBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(Array.from(base64ToBytes(bytesToBase64(b)))).toEqual(Array.from(b));
    }
    const big = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7919) & 255);
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });

  it('round-trips typed arrays of every dtype, also views with an offset', () => {
    const buf = new ArrayBuffer(64);
    const arrays = [
      Float64Array.from([1.5, -0, NaN, Infinity, 1e-310]),
      Float32Array.from([3.25, -1]),
      Int32Array.from([-5, 2 ** 31 - 1]),
      Uint32Array.from([0, 2 ** 32 - 1]),
      Int16Array.from([-3]),
      Uint16Array.from([65535]),
      Int8Array.from([-128]),
      Uint8Array.from([0, 255]),
      new Float64Array(buf, 8, 3).fill(2.5),
    ];
    const back = parseWire(stringifyWire({ arrays })) as { arrays: ArrayBufferView[] };
    back.arrays.forEach((a, i) => {
      expect(a.constructor).toBe(arrays[i].constructor);
      expect(
        Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
          Buffer.from(arrays[i].buffer, arrays[i].byteOffset, arrays[i].byteLength),
        ),
      ).toBe(true);
    });
  });

  it('keeps NaN and ±Infinity numbers, drops undefined fields, leaves plain data alone', () => {
    const v = { a: NaN, b: [Infinity, -Infinity, 1], c: undefined, d: 'x', e: null, f: { g: true } };
    const back = decodeWire(JSON.parse(JSON.stringify(encodeWire(v)))) as Record<string, unknown>;
    expect(back.a).toBeNaN();
    expect(back.b).toEqual([Infinity, -Infinity, 1]);
    expect('c' in back).toBe(false);
    expect(back).toMatchObject({ d: 'x', e: null, f: { g: true } });
  });

  it('rejects broken base64 and byte counts that do not fit the dtype', () => {
    expect(() => decodeWire({ $dtype: 'f64', $b64: 'AAAA' })).toThrow(/multiple/);
    expect(() => base64ToBytes('@@@@')).toThrow(/base64/);
  });
});
