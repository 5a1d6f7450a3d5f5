// The validation plot: localisation error vs zap count as a hand-built SVG, rasterised to PNG by headless Chromium.
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { ValidationRow, ValidationRun } from './validate-stats';

const W = 820,
  H = 440,
  M = { left: 70, right: 250, top: 50, bottom: 60 };

/** Log-scaled x (zap counts), linear y (mm); individual runs as faint dots, medians and p90 as lines. */
export function validationSvg(rows: ValidationRow[], runs: ValidationRun[], title: string): string {
  const xs = rows.map((r) => r.nZaps);
  const lx = (n: number) => Math.log(n);
  const [x0, x1] = [lx(Math.min(...xs)) - 0.15, lx(Math.max(...xs)) + 0.15];
  const yMax = Math.max(
    6,
    Math.ceil(Math.max(...rows.map((r) => r.p90Geodesic), ...rows.map((r) => r.p90Euclidean)) + 1),
  );
  const px = (n: number) => M.left + ((lx(n) - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (mm: number) => H - M.bottom - (Math.min(mm, yMax) / yMax) * (H - M.top - M.bottom);
  const parts: string[] = [];
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${M.left}" y="28" font-size="16" font-weight="600">${title}</text>`);
  for (let mm = 0; mm <= yMax; mm += yMax > 12 ? 2 : 1) {
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py(mm)}" y2="${py(mm)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${M.left - 8}" y="${py(mm) + 4}" font-size="12" text-anchor="end">${mm}</text>`);
  }
  for (const n of xs) {
    parts.push(`<line x1="${px(n)}" x2="${px(n)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${px(n)}" y="${H - M.bottom + 18}" font-size="12" text-anchor="middle">${n}</text>`);
  }
  parts.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${py(2)}" y2="${py(2)}" stroke="#2a9d8f" stroke-dasharray="5 4"/>`,
  );
  parts.push(
    `<text x="${M.left + (W - M.left - M.right) / 2}" y="${H - 18}" font-size="13" text-anchor="middle">zaps (log scale)</text>`,
  );
  parts.push(
    `<text transform="translate(20 ${(M.top + H - M.bottom) / 2}) rotate(-90)" font-size="13" text-anchor="middle">localisation error (mm)</text>`,
  );
  // Jitter the dots deterministically so overlapping runs stay visible.
  runs.forEach((r, i) => {
    const jitter = ((i * 37) % 11) / 10 - 0.5;
    parts.push(
      `<circle cx="${px(r.nZaps) + 6 * jitter}" cy="${py(r.geodesic)}" r="2.2" fill="#264653" fill-opacity="0.25"/>`,
    );
  });
  const line = (get: (r: ValidationRow) => number, colour: string, dash = '', width = 2.5) =>
    `<polyline fill="none" stroke="${colour}" stroke-width="${width}" ${dash ? `stroke-dasharray="${dash}"` : ''} points="${rows.map((r) => `${px(r.nZaps)},${py(get(r))}`).join(' ')}"/>` +
    rows.map((r) => `<circle cx="${px(r.nZaps)}" cy="${py(get(r))}" r="3.5" fill="${colour}"/>`).join('');
  parts.push(line((r) => r.medianGeodesic, '#e76f51'));
  parts.push(line((r) => r.p90Geodesic, '#e76f51', '6 4'));
  // Euclidean and geodesic medians often coincide: draw the Euclidean one thin and dotted on top.
  parts.push(line((r) => r.medianEuclidean, '#457b9d', '2 3', 1.5));
  const legend: [string, string, string][] = [
    ['#e76f51', '', 'median, geodesic'],
    ['#e76f51', '6 4', '90th percentile, geodesic'],
    ['#457b9d', '2 3', 'median, Euclidean'],
    ['#2a9d8f', '5 4', '2 mm'],
  ];
  legend.forEach(([c, dash, label], i) => {
    const y = M.top + 10 + 22 * i;
    parts.push(
      `<line x1="${W - M.right + 15}" x2="${W - M.right + 45}" y1="${y}" y2="${y}" stroke="${c}" stroke-width="2.5" ${dash ? `stroke-dasharray="${dash}"` : ''}/>`,
    );
    parts.push(`<text x="${W - M.right + 52}" y="${y + 4}" font-size="12">${label}</text>`);
  });
  parts.push(
    `<circle cx="${W - M.right + 30}" cy="${M.top + 10 + 22 * 4}" r="2.5" fill="#264653" fill-opacity="0.4"/>`,
  );
  parts.push(
    `<text x="${W - M.right + 52}" y="${M.top + 14 + 22 * 4}" font-size="12">one run (geodesic)</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="DejaVu Sans, Arial, sans-serif">${parts.join('')}</svg>`;
}

/** Rasterises the SVG with the system Chromium (playwright-core drives it; no browser download). */
export async function writePng(
  svg: string,
  file: string,
  executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
): Promise<void> {
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--headless', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: W, height: H }, deviceScaleFactor: 2 });
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    const png = await page.locator('svg').screenshot({ type: 'png' });
    writeFileSync(file, png);
  } finally {
    await browser.close();
  }
}
