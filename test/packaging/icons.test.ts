// The committed icons are what electron-builder and the three systems expect: sizes, ICO/ICNS structure, pixel order.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectDir } from './electron-builder-dir';

const assets = join(projectDir, 'assets');
const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8).equals(PNG_SIG)).toBe(true);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

interface IcoEntry {
  size: number;
  bpp: number;
  data: Buffer;
}

function readIco(buf: Buffer): IcoEntry[] {
  expect(buf.readUInt16LE(0)).toBe(0);
  expect(buf.readUInt16LE(2)).toBe(1);
  const n = buf.readUInt16LE(4);
  return Array.from({ length: n }, (_, i) => {
    const e = 6 + 16 * i;
    const bytes = buf.readUInt32LE(e + 8);
    const offset = buf.readUInt32LE(e + 12);
    expect(offset + bytes).toBeLessThanOrEqual(buf.length);
    return {
      size: buf.readUInt8(e) || 256,
      bpp: buf.readUInt16LE(e + 6),
      data: buf.subarray(offset, offset + bytes),
    };
  });
}

/** RGBA of pixel (x, y) (y from the top) in a 32-bit ICO BMP entry, whose rows are stored bottom-up as BGRA. */
function bmpPixel(entry: IcoEntry, x: number, y: number): [number, number, number, number] {
  const n = entry.size;
  const i = 40 + ((n - 1 - y) * n + x) * 4;
  return [entry.data[i + 2], entry.data[i + 1], entry.data[i], entry.data[i + 3]];
}

describe('app icons', () => {
  it('icon.png is 512 × 512 and the Linux set is named by its sizes', () => {
    expect(pngSize(readFileSync(join(assets, 'icon.png')))).toEqual([512, 512]);
    const files = readdirSync(join(assets, 'icons'));
    expect(files).toContain('512x512.png');
    expect(files).toContain('16x16.png');
    for (const f of files) {
      const n = Number(/^(\d+)x\1\.png$/.exec(f)?.[1]);
      expect(pngSize(readFileSync(join(assets, 'icons', f))), f).toEqual([n, n]);
    }
  });

  it('icon.ico holds 16–256 px; 256 as PNG, the rest as 32-bit BMP with the top row last', () => {
    const entries = readIco(readFileSync(join(assets, 'icon.ico')));
    expect(entries.map((e) => e.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const e of entries) {
      expect(e.bpp).toBe(32);
      if (e.size === 256) {
        expect(pngSize(e.data)).toEqual([256, 256]);
        continue;
      }
      expect(e.data.readUInt32LE(0)).toBe(40);
      expect(e.data.readInt32LE(4)).toBe(e.size);
      expect(e.data.readInt32LE(8)).toBe(2 * e.size);
      expect(e.data.length).toBe(40 + e.size * e.size * 4 + Math.ceil(e.size / 32) * 4 * e.size);
    }
    const e64 = entries.find((e) => e.size === 64)!;
    expect(bmpPixel(e64, 0, 0)[3]).toBe(0); // rounded corner: transparent
    const handle = bmpPixel(e64, 32, 12); // the coil's handle, 3 px wide at the top centre: near-white
    expect(Math.min(...handle.slice(0, 3))).toBeGreaterThan(200);
    const below = bmpPixel(e64, 32, 54); // the cortex below: not the handle's white
    expect(Math.min(...below.slice(0, 3))).toBeLessThan(200);
  });

  it('icon.icns carries PNGs for 16 px up to 1024 px (512@2x)', () => {
    const buf = readFileSync(join(assets, 'icon.icns'));
    expect(buf.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(buf.readUInt32BE(4)).toBe(buf.length);
    const sizes = new Map<string, [number, number]>();
    for (let off = 8; off < buf.length;) {
      const type = buf.subarray(off, off + 4).toString('ascii');
      const len = buf.readUInt32BE(off + 4);
      expect(len).toBeGreaterThan(8);
      sizes.set(type, pngSize(buf.subarray(off + 8, off + len)));
      off += len;
    }
    expect(sizes.get('icp4')).toEqual([16, 16]);
    expect(sizes.get('ic07')).toEqual([128, 128]);
    expect(sizes.get('ic09')).toEqual([512, 512]);
    expect(sizes.get('ic10')).toEqual([1024, 1024]);
    expect(sizes.get('ic14')).toEqual([512, 512]);
  });
});
