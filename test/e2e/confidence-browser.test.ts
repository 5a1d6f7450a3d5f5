// End to end in browser mode: a CLI result with a permutation test and a bootstrap opened in the app — the
// Confidence tab shows the result files' p, threshold, radius, frequencies and maxima; the score map's hover
// carries p_FWE; the maxima figure exports to disk. A 40-element fixture keeps the map itself to milliseconds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { startServer, type RunningServer } from './serve-helper';
import { openH5, requireDataset, toFloat64 } from '../../main/io/h5';
import { formatNumber } from '../../renderer/src/results/figureStyle';
import { pngSize } from '../../renderer/src/results/figureExport';
import { FIXTURE_INPUT_ARGS } from '../fixture-args';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
const PERMUTATIONS = 19;
const BOOTSTRAP = 8;

interface Entry {
  response: string;
  significance: { permutations: number; p_fwe: number; threshold_fwe_05: number | null };
  bootstrap: {
    n: number;
    hotspot_radius95_mm: number | null;
    hotspot_median_distance_mm: number | null;
    hotspot_stability: number;
  };
}

/** What plotly keeps on a graph div. */
interface Drawn {
  type?: string;
  name?: string;
  y?: ArrayLike<number>;
  intensity?: ArrayLike<number>;
  text?: string[];
}

let server: RunningServer;
let browser: Browser;
let page: Page;
let entry: Entry;
let resultDir: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'tms-confidence-'));
  resultDir = join(root, 'run');
  // 40 elements × 30 zaps in three conditions: the 1 + 19 + 8 maps take well under a second.
  const r = spawnSync(
    process.execPath,
    [
      CLI,
      'map',
      ...FIXTURE_INPUT_ARGS,
      '--response',
      'p2p_FDI',
      '--refit',
      '3',
      '--permutations',
      String(PERMUTATIONS),
      '--bootstrap',
      String(BOOTSTRAP),
      '--workers',
      '1',
      '--out',
      resultDir,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  expect(r.stderr).not.toMatch(/INTERNAL/);
  expect(r.status).toBe(0);
  entry = (JSON.parse(readFileSync(join(resultDir, 'summary.json'), 'utf8')) as { results: Entry[] })
    .results[0];
  server = await startServer({ root, args: ['--open', resultDir] });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 720 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The graph div's traces of the first plot inside `testId`'s element matching `selector`. */
const traces = (testId: string, selector: string): Promise<Drawn[]> =>
  page
    .getByTestId(testId)
    .locator(selector)
    .first()
    .evaluate((el) =>
      (el as unknown as { data: Drawn[] }).data.map((d) => ({
        type: d.type,
        name: d.name,
        y: d.y ? Array.from(d.y) : undefined,
        intensity: d.intensity ? Array.from(d.intensity) : undefined,
        text: d.text ? Array.from(d.text) : undefined,
      })),
    );

describe('Confidence tab in browser mode (CLI result with permutations and bootstrap)', () => {
  it('shows the result files’ p, threshold, radius, frequencies and maxima', async () => {
    await page.goto(server.url);
    await page.getByTestId('results-view').waitFor({ state: 'visible', timeout: 60_000 });
    await page.getByTestId('results-tab-confidence').click();
    const sig = page.getByTestId('confidence-significance');
    await sig.waitFor();
    const s = entry.significance;
    const floor = 1 / (s.permutations + 1);
    expect(s.permutations).toBe(PERMUTATIONS);
    expect(await sig.textContent()).toContain(
      s.p_fwe <= floor ? `p_FWE ≤ ${formatNumber(floor)}` : `p_FWE = ${formatNumber(s.p_fwe)}`,
    );
    expect(s.threshold_fwe_05).not.toBeNull();
    expect(await sig.textContent()).toContain(`threshold R² ${formatNumber(s.threshold_fwe_05!)}`);
    const b = entry.bootstrap;
    expect(b.n).toBe(BOOTSTRAP);
    const boot = (await page.getByTestId('confidence-bootstrap').textContent())!;
    expect(boot).toContain(`${b.n} resampled hotspots within ${formatNumber(b.hotspot_radius95_mm!)} mm`);
    expect(boot).toContain(`same element in ${formatNumber(100 * b.hotspot_stability)} %`);

    // The frequency map draws /data/tris/hotspot_freq_E_mag; elements never a hotspot are grey (below the range).
    const conf = page.getByTestId('results-confidence');
    // Plotly keeps the traces on the graph div as soon as it draws (the WebGL canvas may take longer to paint).
    await expect
      .poll(
        () =>
          conf
            .locator('.results-score-map')
            .first()
            .evaluate((el) => (el as unknown as { data?: unknown[] }).data?.length ?? 0),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    const f = await openH5(join(resultDir, 'p2p_FDI', 'r2_roi_data.hdf5'));
    let freq: Float64Array;
    let pf: Float64Array;
    try {
      freq = toFloat64(requireDataset(f, '/data/tris/hotspot_freq_E_mag').value);
      pf = toFloat64(requireDataset(f, '/data/tris/p_fwe_E_mag').value);
    } finally {
      f.close();
    }
    const map = await traces('results-confidence', '.results-score-map');
    const mesh = map.find((t) => t.type === 'mesh3d')!;
    expect(mesh.intensity!.length).toBe(freq.length);
    freq.forEach((v, i) => {
      if (v > 0) expect(mesh.intensity![i]).toBeCloseTo(v, 12);
      else expect(mesh.intensity![i]).toBeLessThan(0);
    });
    // The 95 % radius ring is drawn when the radius is above zero.
    if ((b.hotspot_radius95_mm ?? 0) > 0) expect(map.some((t) => t.name === '95 % radius')).toBe(true);
    // Each element's corrected p is on hover, as in /data/tris/p_fwe_E_mag.
    const i = pf.findIndex((v) => Number.isFinite(v) && v > floor);
    if (i >= 0) expect(mesh.text![i]).toContain(`p_FWE = ${formatNumber(pf[i])}`);

    // The histogram of the permutation maxima holds all of them.
    const hist = await traces('results-confidence', '[data-figure="permutation maxima"]');
    const bars = hist.find((t) => t.type === 'bar')!;
    expect(Array.from(bars.y!).reduce((a, v) => a + v, 0)).toBe(PERMUTATIONS);
  }, 60_000);

  it('shows p_FWE on hover over the main score map', async () => {
    const f = await openH5(join(resultDir, 'p2p_FDI', 'r2_roi_data.hdf5'));
    let pf: Float64Array;
    try {
      pf = toFloat64(requireDataset(f, '/data/tris/p_fwe_E_mag').value);
    } finally {
      f.close();
    }
    const main = await page
      .locator('.results-map-panel .results-score-map')
      .first()
      .evaluate((el) => (el as unknown as { data: { text?: string[] }[] }).data[0].text ?? []);
    const floor = 1 / (PERMUTATIONS + 1);
    pf.forEach((p, i) => {
      if (!Number.isFinite(p)) expect(main[i]).not.toContain('p_FWE');
      else if (p <= floor) expect(main[i]).toContain(`p_FWE ≤ ${formatNumber(floor)}`);
      else expect(main[i]).toContain(`p_FWE = ${formatNumber(p)}`);
    });
  }, 30_000);

  it('exports the permutation-maxima figure as a PNG of the asked size', async () => {
    await page.getByTestId('results-export').click();
    const out = join(server.root, 'figures');
    await page.getByTestId('export-folder').fill(out);
    await page.getByTestId('export-figure').click();
    await page.getByRole('option', { name: /Permutation maxima/ }).click();
    const name = await page.getByTestId('export-figure-name').inputValue();
    await page.getByTestId('export-save-figure').click();
    await page.getByTestId('export-done').waitFor({ timeout: 60_000 });
    const file = join(out, name);
    expect(existsSync(file)).toBe(true);
    const size = pngSize(readFileSync(file));
    expect(size?.width).toBeGreaterThan(100);
    expect(size?.height).toBeGreaterThan(100);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
