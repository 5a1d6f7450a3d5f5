// End to end in browser mode: Chromium walks Data → Selection → Model → Run → Results on the demo, with a screenshot per step.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { startServer, type RunningServer } from './serve-helper';

const ART = resolve(import.meta.dirname, '../../test-artifacts/e2e');

let server: RunningServer;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  server = await startServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('wizard in browser mode', () => {
  it('loads with the token, drops it from the address bar, and shows the Data step', async () => {
    await page.goto(server.url);
    await page.getByTestId('open-demo').waitFor();
    expect(page.url()).not.toContain('token=');
    // A reload keeps working: the token now travels as header (sessionStorage) and cookie.
    await page.reload();
    await page.getByTestId('open-demo').waitFor();
  });

  it('Data: opens the demo and shows its summary', async () => {
    await page.getByTestId('open-demo').click();
    await page.getByTestId('dataset-summary').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('summary-zaps').textContent()).toMatch(/^\d[\d,]*$/);
    expect(
      Number((await page.getByTestId('summary-elements').textContent())!.replace(/\D/g, '')),
    ).toBeGreaterThan(1000);
    await expect
      .poll(() => page.getByTestId('summary-responses').locator('tbody tr').count(), { timeout: 15_000 })
      .toBe(3);
    // The demo collapses the Files panel: let its transition finish so the screenshot is not caught mid-way.
    await page.locator('.p-panel-content-container').first().waitFor({ state: 'hidden' });
    await page.screenshot({ path: resolve(ART, '1-data.png'), fullPage: true });
  });

  it('Selection: all muscles, E_mag, the zap count and E quality from the backend', async () => {
    await page.getByTestId('next-selection').click();
    await page.getByTestId('step-selection').waitFor();
    await expect
      .poll(() => page.getByTestId('selected-zaps').textContent(), { timeout: 60_000 })
      .toMatch(/^\d+$/);
    await page.getByTestId('quality-table').waitFor({ timeout: 60_000 });
    const total = Number(await page.getByTestId('selected-zaps').textContent());
    // Narrowing the zap range is reflected by the backend's count.
    const end = page.getByTestId('zap-end').locator('input');
    await end.fill('200');
    await end.blur();
    await expect.poll(() => page.getByTestId('selected-zaps').textContent(), { timeout: 30_000 }).toBe('200');
    expect(total).toBeGreaterThan(200);
    // Dropping pre-activated zaps (another muscle's amplitude stands in for a background-EMG column in the demo).
    await page.getByTestId('pre-column').click();
    await page.getByRole('option', { name: 'p2p_ADM' }).click();
    const limit = page.getByTestId('pre-max').locator('input');
    await limit.fill('0.05');
    await limit.blur();
    await expect
      .poll(async () => Number(await page.getByTestId('selected-zaps').textContent()), { timeout: 30_000 })
      .toBeLessThan(200);
    await page.screenshot({ path: resolve(ART, '2-selection.png'), fullPage: true });
    // Without a limit the filter is off again.
    await limit.fill('');
    await limit.blur();
    await expect.poll(() => page.getByTestId('selected-zaps').textContent(), { timeout: 30_000 }).toBe('200');
  });

  it('Model: the reference defaults', async () => {
    await page.getByTestId('next-model').click();
    await page.getByTestId('step-model').waitFor();
    expect(await page.getByTestId('model-fun').textContent()).toContain('sigmoid4');
    expect(await page.getByTestId('model-score').textContent()).toContain('R2');
    expect(await page.getByTestId('model-nrefit').locator('input').inputValue()).toBe('50');
    await page.screenshot({ path: resolve(ART, '3-model.png'), fullPage: true });
  });

  it('Run: one progress bar per muscle, then the results', async () => {
    await page.getByTestId('next-run').click();
    await page.getByTestId('start-job').click();
    await page.getByTestId('progress-rows').waitFor();
    expect(await page.getByTestId('progress-rows').locator('[data-testid^="progress-"]').count()).toBe(3);
    // Screenshot while fitting: wait until some map reports elements done.
    const doneCounts = (): Promise<number[]> =>
      page
        .locator('[data-testid^="progress-p2p"]')
        .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-done'))));
    await expect
      .poll(async () => Math.max(...(await doneCounts())), { timeout: 120_000, interval: 250 })
      .toBeGreaterThan(0);
    expect(await page.getByTestId('job-state').textContent()).toMatch(/running · \d+\.\d s/);
    await page.screenshot({ path: resolve(ART, '4-run.png'), fullPage: true });
    await page.getByTestId('step-results').waitFor({ state: 'visible', timeout: 300_000 });
    await page.waitForTimeout(3000);
    await page.screenshot({ path: resolve(ART, '5-results.png'), fullPage: true });
    expect(await page.getByTestId('app-error').count()).toBe(0);
  });

  it('switches to the dark theme and keeps the choice in the settings', async () => {
    const before = await page.evaluate(() => document.documentElement.classList.contains('app-dark'));
    await page.getByTestId('theme-toggle').click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.classList.contains('app-dark')), {
        timeout: 15_000,
      })
      .toBe(!before);
    await page.screenshot({ path: resolve(ART, '6-results-theme.png'), fullPage: true });
    const { readFileSync } = await import('node:fs');
    await expect
      .poll(
        () =>
          (JSON.parse(readFileSync(resolve(server.configDir, 'settings.json'), 'utf8')) as { theme: string })
            .theme,
      )
      .toBe(before ? 'light' : 'dark');
  });

  it('left no errors in the console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
