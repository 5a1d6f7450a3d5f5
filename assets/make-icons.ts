// Draws the app icon (SVG → headless Chromium) and writes icon.png, icons/NxN.png, icon.ico and icon.icns for electron-builder.
// Run: node --import tsx assets/make-icons.ts [chromium path]   (offline; outputs are committed)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const here = import.meta.dirname;

/**
 * A cortex seen from above with a score-map hotspot and a figure-8 coil over it: bold shapes so
 * the 16 px version still reads as "coil over a hot spot".
 */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024" width="1024" height="1024">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1d3557"/>
      <stop offset="1" stop-color="#0b1324"/>
    </linearGradient>
    <radialGradient id="hot" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="#fff7a8"/>
      <stop offset="0.25" stop-color="#ffd23f"/>
      <stop offset="0.55" stop-color="#f3722c"/>
      <stop offset="0.8" stop-color="#d62828" stop-opacity="0.75"/>
      <stop offset="1" stop-color="#d62828" stop-opacity="0"/>
    </radialGradient>
    <path id="brain" d="M512 330 C 330 330 180 440 180 620 C 180 790 320 900 512 900 C 704 900 844 790 844 620 C 844 440 694 330 512 330 Z"/>
    <clipPath id="brainClip"><use href="#brain"/></clipPath>
  </defs>
  <rect x="32" y="32" width="960" height="960" rx="200" fill="url(#bg)"/>
  <use href="#brain" fill="#8fa3bf"/>
  <g clip-path="url(#brainClip)">
    <g fill="none" stroke="#4a5d78" stroke-width="24" stroke-linecap="round">
      <path d="M512 330 L 512 900"/>
      <path d="M230 600 C 300 560 350 650 420 600 C 460 575 480 540 500 530"/>
      <path d="M250 770 C 320 730 370 820 440 770 C 470 750 485 730 500 720"/>
      <path d="M794 600 C 724 560 674 650 604 600 C 564 575 544 540 524 530"/>
      <path d="M774 770 C 704 730 654 820 584 770 C 554 750 539 730 524 720"/>
    </g>
    <circle cx="512" cy="560" r="210" fill="url(#hot)"/>
  </g>
  <g fill="none" stroke="#f1faee" stroke-width="44">
    <circle cx="362" cy="330" r="150"/>
    <circle cx="662" cy="330" r="150"/>
  </g>
  <path d="M512 330 L 512 96" fill="none" stroke="#f1faee" stroke-width="48" stroke-linecap="round"/>
</svg>`;

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

interface Raster {
  size: number;
  png: Buffer;
  /** RGBA, row-major, top row first (only for sizes below 256; empty otherwise). */
  rgba: Buffer;
}

/** Draws the SVG on a canvas per size and returns base64 PNG plus RGBA pixels (only below 256 px: 1024² as JSON is slow). */
const RENDER_IN_PAGE = `async ({ svg, sizes }) => {
  const img = new Image();
  img.src = 'data:image/svg+xml;base64,' + btoa(svg);
  await img.decode();
  return sizes.map((size) => {
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0, size, size);
    const rgba = size < 256 ? Array.from(ctx.getImageData(0, 0, size, size).data) : [];
    return { size, png: canvas.toDataURL('image/png').split(',')[1], rgba };
  });
}`;

/** Rasterises the SVG at each size in Chromium's canvas (vector drawn at the target size, not scaled down). */
export async function rasterise(
  svg: string,
  sizes: readonly number[],
  executablePath: string,
): Promise<Raster[]> {
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    // Plain JS source: this runs in the page, and the Node-side tsconfig has no DOM types.
    const out: { size: number; png: string; rgba: number[] }[] = await page.evaluate(
      `(${RENDER_IN_PAGE})(${JSON.stringify({ svg, sizes })})`,
    );
    return out.map((r) => ({ size: r.size, png: Buffer.from(r.png, 'base64'), rgba: Buffer.from(r.rgba) }));
  } finally {
    await browser.close();
  }
}

/**
 * Windows .ico: 256 px as PNG (Vista+), smaller sizes as 32-bit BMP entries, which every Windows
 * tool (including NSIS and the shell on old builds) reads.
 */
export function packIco(images: readonly Raster[]): Buffer {
  const entries = images.map((im) => (im.size >= 256 ? im.png : bmpEntry(im)));
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach((im, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(im.size >= 256 ? 0 : im.size, e); // 0 means 256
    header.writeUInt8(im.size >= 256 ? 0 : im.size, e + 1);
    header.writeUInt8(0, e + 2); // no palette
    header.writeUInt8(0, e + 3);
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(entries[i].length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += entries[i].length;
  });
  return Buffer.concat([header, ...entries]);
}

/** BITMAPINFOHEADER + bottom-up BGRA pixels + an all-zero AND mask (alpha carries transparency). */
function bmpEntry(im: Raster): Buffer {
  const n = im.size;
  const maskRow = Math.ceil(n / 32) * 4;
  const head = Buffer.alloc(40);
  head.writeUInt32LE(40, 0);
  head.writeInt32LE(n, 4);
  head.writeInt32LE(2 * n, 8); // XOR + AND mask heights, as ICO requires
  head.writeUInt16LE(1, 12);
  head.writeUInt16LE(32, 14);
  head.writeUInt32LE(0, 16); // BI_RGB
  head.writeUInt32LE(n * n * 4 + maskRow * n, 20);
  const px = Buffer.alloc(n * n * 4);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const src = (y * n + x) * 4;
      const dst = ((n - 1 - y) * n + x) * 4;
      px[dst] = im.rgba[src + 2];
      px[dst + 1] = im.rgba[src + 1];
      px[dst + 2] = im.rgba[src];
      px[dst + 3] = im.rgba[src + 3];
    }
  }
  return Buffer.concat([head, px, Buffer.alloc(maskRow * n)]);
}

/** macOS .icns: PNG payloads under the OSType codes for each size (and its @2x twin). */
export function packIcns(images: readonly Raster[]): Buffer {
  const bySize = new Map(images.map((im) => [im.size, im.png]));
  const types: [string, number][] = [
    ['icp4', 16],
    ['icp5', 32],
    ['icp6', 64],
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512],
    ['ic10', 1024],
    ['ic11', 32],
    ['ic12', 64],
    ['ic13', 256],
    ['ic14', 512],
  ];
  const chunks = types.map(([type, size]) => {
    const png = bySize.get(size);
    if (!png) throw new Error(`packIcns: no ${size} px image`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

async function main(): Promise<void> {
  const executablePath = process.argv[2] ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const images = await rasterise(ICON_SVG, PNG_SIZES, executablePath);
  const get = (s: number): Raster => images.find((im) => im.size === s)!;
  writeFileSync(join(here, 'icon.svg'), ICON_SVG + '\n');
  writeFileSync(join(here, 'icon.png'), get(512).png);
  mkdirSync(join(here, 'icons'), { recursive: true });
  for (const s of [16, 24, 32, 48, 64, 128, 256, 512])
    writeFileSync(join(here, 'icons', `${s}x${s}.png`), get(s).png);
  writeFileSync(join(here, 'icon.ico'), packIco([16, 24, 32, 48, 64, 128, 256].map(get)));
  writeFileSync(join(here, 'icon.icns'), packIcns(images));
  console.log(`icons written to ${here}`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await main();
