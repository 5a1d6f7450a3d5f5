// The results workspace walked as a lab uses it in browser mode: demo → run → back to Model → second run (AIC) →
// compare → reopen a result folder from disk → export everything into one folder twice. Every request stays on
// 127.0.0.1, no console error, and a screenshot of each state is kept in test-artifacts/e2e/workspace-*.png.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { startServer, type RunningServer } from './serve-helper';
import { openDemoWithZaps } from './wizard-helpers';

const ART = resolve(import.meta.dirname, '../../test-artifacts/e2e');
const ZAPS = 120;

let server: RunningServer;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const consoleErrors: string[] = [];

/** A private copy of out/ (other engineers rebuild it on this machine while the walk runs). */
function snapshotBuild(): string {
  const root = resolve(import.meta.dirname, '../..');
  for (let attempt = 0; attempt < 5; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'tms-workspace-app-'));
    cpSync(join(root, 'out'), join(dir, 'out'), { recursive: true });
    symlinkSync(join(root, 'assets'), join(dir, 'assets'));
    if (
      ['out/main/server.js', 'out/main/worker.js', 'out/renderer/index.html'].every((f) =>
        existsSync(join(dir, f)),
      )
    )
      return join(dir, 'out/main/server.js');
  }
  throw new Error('out/ stayed incomplete (a build in progress?): run "npm run build"');
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    statSync(join(dir, f)).isFile(),
  );
}

async function shot(name: string): Promise<void> {
  await page.waitForTimeout(400);
  await page.screenshot({ path: resolve(ART, `workspace-${name}.png`), fullPage: true });
}

/** Starts a job from the Run step and waits for its results. */
async function runJob(): Promise<void> {
  await page.getByTestId('next-run').click();
  await page.getByTestId('start-job').click();
  await page.getByTestId('results-view').waitFor({ state: 'visible', timeout: 300_000 });
  // The first draw loads plotly's 4.6 MB chunk and compiles WebGL shaders under SwiftShader: slow on a busy machine.
  await page.locator('.results-score-map canvas').first().waitFor({ timeout: 180_000 });
}

async function topScores(): Promise<number[]> {
  const cells = await page.getByTestId('top-table').locator('tbody tr td:nth-child(3)').allTextContents();
  return cells.slice(0, 5).map((t) => Number(t.replace('−', '-')));
}

/** Clicks an export button and accepts an overwrite question if one comes. */
async function exportStep(testId: string): Promise<void> {
  // Rendering a WebGL figure to PNG can hold the page's main thread for a while under SwiftShader.
  await page.getByTestId(testId).click({ timeout: 120_000 });
  const done = page.getByTestId('export-done');
  const ask = page.getByTestId('export-confirm');
  const err = page.getByTestId('export-error');
  await expect
    .poll(async () => (await done.isVisible()) || (await ask.isVisible()) || (await err.isVisible()), {
      timeout: 180_000,
    })
    .toBe(true);
  if (await ask.isVisible()) {
    await page.getByTestId('export-overwrite').click();
    await expect
      .poll(async () => (await done.isVisible()) || (await err.isVisible()), { timeout: 180_000 })
      .toBe(true);
  }
  if (await err.isVisible()) throw new Error(`export ${testId} failed: ${await err.textContent()}`);
}

beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  server = await startServer({ serverJs: snapshotBuild() });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`console: ${m.text()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('results workspace in browser mode', () => {
  it('runs the demo and shows the results with usable step headers and no cloud button', async () => {
    await page.goto(server.url);
    await openDemoWithZaps(page, ZAPS);
    await runJob();
    // Every earlier step header can be clicked from Results (PrimeVue's linear mode disabled them all).
    for (const s of ['data', 'selection', 'model', 'run'])
      expect(await page.getByTestId(`stepper-${s}`).locator('button').isDisabled()).toBe(false);
    // Plotly's modebar offers nothing that reaches the network.
    await page.locator('.results-score-map').hover();
    const titles = await page
      .locator('.modebar-btn')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-title') ?? ''));
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.join('|')).not.toMatch(/cloud|chart studio|plotly\.com|share/i);
    expect(await page.locator('.modebar a[href]').count()).toBe(0);
    await expect.poll(() => page.getByTestId('top-table').locator('tbody tr').count()).toBeGreaterThan(3);
    const r2 = await topScores();
    expect(r2).toEqual([...r2].sort((a, b) => b - a));
    await shot('1-first-run');
  }, 500_000);

  it('goes back to Model, runs again with AIC and keeps both runs; AIC ranks lowest first', async () => {
    await page.getByTestId('results-back-model').click();
    await page.getByTestId('step-model').waitFor();
    await page.getByTestId('model-score').click();
    await page.getByRole('option', { name: 'AIC', exact: true }).click();
    await runJob();
    await expect.poll(() => page.getByTestId('run-list').locator('.run').count()).toBe(2);
    await expect.poll(() => page.getByTestId('top-table').locator('tbody tr').count()).toBeGreaterThan(3);
    const aic = await topScores();
    expect(aic).toEqual([...aic].sort((a, b) => a - b));
    await page.getByTestId('results-threshold-on').click();
    expect(await page.getByTestId('results-threshold-label').textContent()).toMatch(/lower is better/);
    // The best (lowest) AIC elements stay coloured: the hotspot itself is never greyed by the default threshold.
    const grey = Number(await page.locator('.results-score-map').first().getAttribute('data-grey'));
    expect(grey).toBeGreaterThan(0);
    const hotspotGrey = await page
      .locator('.results-score-map')
      .first()
      .evaluate((el) => {
        const gd = el as unknown as { data: { intensity: Float64Array; cmin: number }[] };
        const cap = document.querySelector('[data-testid="results-caption"]')?.textContent ?? '';
        const hs = Number(/hotspot element (\d+)/.exec(cap)![1]);
        return gd.data[0].intensity[hs] === gd.data[0].cmin;
      });
    expect(hotspotGrey).toBe(false);
    await shot('2-second-run-aic');
    await page.getByTestId('results-threshold-on').click();
  }, 500_000);

  it('compares the muscles side by side and all hotspots on one map', async () => {
    await page.getByTestId('results-tab-compare').click();
    await expect
      .poll(() => page.getByTestId('results-compare').locator('.results-score-map canvas').count(), {
        timeout: 60_000,
      })
      .toBeGreaterThan(1);
    await page.getByTestId('results-compare').scrollIntoViewIfNeeded();
    await shot('3-compare-muscles');
    await page.getByTestId('compare-mode').getByText('All hotspots on one map').click();
    await page.getByTestId('compare-hotspots').locator('canvas').first().waitFor({ timeout: 30_000 });
    const n = await page
      .getByTestId('compare-hotspots')
      .evaluate((el) => (el as unknown as { data: { x: unknown[] }[] }).data[1].x.length);
    expect(n).toBeGreaterThan(1);
    await shot('4-compare-hotspots');
  }, 120_000);

  it('switches back to the first run, exports it and reopens that folder from disk', async () => {
    await page.getByTestId('run-list').locator('.run').first().locator('.run-name').click();
    await expect.poll(async () => (await topScores())[0] <= 1).toBe(true);
    await page.getByTestId('results-export').click();
    await page.getByTestId('export-folder').fill(join(server.root, 'run1'));
    await exportStep('export-results');
    await page.keyboard.press('Escape');
    await page.getByTestId('results-open-folder').click();
    await page.getByTestId('file-browser').waitFor();
    await page.getByTestId('entry-run1').click();
    await expect.poll(() => page.getByTestId('file-browser-dir').textContent()).toContain('run1');
    await page.getByTestId('file-browser-confirm').click();
    await expect
      .poll(() => page.getByTestId('run-list').locator('.run').count(), { timeout: 60_000 })
      .toBe(3);
    await page.locator('.results-score-map canvas').first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('run-run1').count()).toBe(1);
    await shot('5-reopened-folder');
    // Deleting a run drops it from the list and shows a neighbour.
    await page.getByTestId('run-delete-Run 2').click();
    await expect.poll(() => page.getByTestId('run-list').locator('.run').count()).toBe(2);
  }, 180_000);

  it('exports results, figures and tables into one new folder, twice, and keeps every file', async () => {
    const out = join(server.root, 'paper', 'figure-1');
    await page.getByTestId('results-export').click();
    await page.getByTestId('export-folder').fill(out);
    const expected = new Set<string>();
    const figuresAndTables = async (): Promise<void> => {
      for (const f of ['Score map', 'Score histogram']) {
        await page.getByTestId('export-figure').click();
        await page.getByRole('option', { name: new RegExp(f) }).click();
        expected.add(await page.getByTestId('export-figure-name').inputValue());
        await exportStep('export-save-figure');
      }
      await exportStep('export-table-top');
      await exportStep('export-table-hotspots');
    };
    // Round 1: results first, then figures and tables; round 2 the other way round, so the results export meets a
    // folder that already holds figures and tables and must keep them (the writer's rule, issue 12).
    await exportStep('export-results');
    await figuresAndTables();
    await figuresAndTables();
    await exportStep('export-results');
    await shot('6-export');
    await page.keyboard.press('Escape');
    const written = files(out);
    for (const f of [...expected, 'hotspots.csv']) expect(written).toContain(f);
    expect(written.some((f) => f.startsWith('top-elements_'))).toBe(true);
    expect(written.some((f) => f.endsWith('r2_roi_data.hdf5'))).toBe(true);
    expect(written.some((f) => f.endsWith('summary.json'))).toBe(true);
  }, 300_000);

  it('sent no request beyond 127.0.0.1 and logged no console error', () => {
    const outside = requests.filter((u) => {
      if (u.startsWith('data:') || u.startsWith('blob:')) return false;
      return new URL(u).hostname !== '127.0.0.1';
    });
    expect(requests.length).toBeGreaterThan(10);
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
