// The app walked once in browser mode as a lab uses it: Data → Selection → Model → Run (convergence on) → Results
// views (score map, picking, IO curve, convergence, exports checked on disk) → back to Model, second run (AIC) →
// compare → reopen a result folder → export everything into one folder twice → dark theme. Every request stays on
// 127.0.0.1, no console or page error, and a screenshot of each state is kept in test-artifacts/e2e/.
//
// One walk instead of three files (wizard, results, workspace) that each opened the demo and mapped it: the demo is
// opened once and its first run (120 zaps with the convergence analysis) serves the wizard, the results views and
// the workspace; only the workspace's second run (AIC) is a run of its own. Every assertion of the three walks is
// here, in the order a user meets them.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { startServer, type RunningServer } from './serve-helper';
import { pngSize } from '../../renderer/src/results/figureExport';
import { muscleName } from '../../renderer/src/results/figureStyle';
import { openH5, requireDataset, toFloat64 } from '../../main/io/h5';
import { writePynibs } from '../unit/io/pynibs-results-fixture';

const ART = resolve(import.meta.dirname, '../../test-artifacts/e2e');
/** Zaps of the walk's runs: enough for a converged hotspot fit and six convergence steps, few enough for 2 cores. */
const ZAPS = 120;

let server: RunningServer;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const consoleErrors: string[] = [];

/** What plotly keeps on the score map's graph div: the traces as drawn. */
interface DrawnMap {
  type: string;
  intensityLength: number;
  intensityMode: string;
  finite: number;
  nodes: number;
}

function files(dir: string): string[] {
  // A listing can catch the writer's temporary file between its write and its rename: a name gone by the stat is
  // not a file of the folder.
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => {
    try {
      return statSync(join(dir, f)).isFile();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  });
}

/**
 * A private copy of the build: other engineers rebuild out/ on this shared machine while this long test runs,
 * and a renderer chunk replaced under a running page breaks its lazy imports.
 */
function snapshotBuild(): string {
  const root = resolve(import.meta.dirname, '../..');
  for (let attempt = 0; attempt < 5; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'tms-walk-app-'));
    cpSync(join(root, 'out'), join(dir, 'out'), { recursive: true });
    symlinkSync(join(root, 'assets'), join(dir, 'assets'));
    const complete = ['out/main/server.js', 'out/main/worker.js', 'out/renderer/index.html'].every((f) =>
      existsSync(join(dir, f)),
    );
    if (complete) return join(dir, 'out/main/server.js');
  }
  throw new Error('out/ stayed incomplete (a build in progress?): run "npm run build"');
}

async function shot(name: string): Promise<void> {
  await page.waitForTimeout(400);
  await page.screenshot({ path: resolve(ART, `workspace-${name}.png`), fullPage: true });
}

/** Waits for the results view of a finished run and its first score-map draw. */
async function resultsDrawn(): Promise<void> {
  await page.getByTestId('results-view').waitFor({ state: 'visible', timeout: 300_000 });
  // The first draw loads plotly's 4.6 MB chunk and compiles WebGL shaders under SwiftShader: slow on a busy machine.
  await page.locator('.results-score-map canvas').first().waitFor({ timeout: 180_000 });
}

async function topScores(): Promise<number[]> {
  const cells = await page.getByTestId('top-table').locator('tbody tr td:nth-child(3)').allTextContents();
  return cells.slice(0, 5).map((t) => Number(t.replace('−', '-')));
}

async function ioElement(): Promise<number> {
  return Number(await page.getByTestId('io-element').evaluate((el) => el.firstChild?.textContent ?? ''));
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
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
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
  }, 180_000);

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
    await end.fill(String(ZAPS));
    await end.blur();
    await expect
      .poll(() => page.getByTestId('selected-zaps').textContent(), { timeout: 30_000 })
      .toBe(String(ZAPS));
    expect(total).toBeGreaterThan(ZAPS);
    // Dropping pre-activated zaps (another muscle's amplitude stands in for a background-EMG column in the demo).
    await page.getByTestId('pre-column').click();
    await page.getByRole('option', { name: 'p2p_ADM' }).click();
    const limit = page.getByTestId('pre-max').locator('input');
    await limit.fill('0.05');
    await limit.blur();
    await expect
      .poll(async () => Number(await page.getByTestId('selected-zaps').textContent()), { timeout: 30_000 })
      .toBeLessThan(ZAPS);
    await page.screenshot({ path: resolve(ART, '2-selection.png'), fullPage: true });
    // Without a limit the filter is off again.
    await limit.fill('');
    await limit.blur();
    await expect
      .poll(() => page.getByTestId('selected-zaps').textContent(), { timeout: 30_000 })
      .toBe(String(ZAPS));
  }, 180_000);

  it('Model: the reference defaults; the convergence analysis on for the results views', async () => {
    await page.getByTestId('next-model').click();
    await page.getByTestId('step-model').waitFor();
    expect(await page.getByTestId('model-fun').textContent()).toContain('sigmoid4');
    expect(await page.getByTestId('model-score').textContent()).toContain('R2');
    expect(await page.getByTestId('model-nrefit').locator('input').inputValue()).toBe('50');
    await page.screenshot({ path: resolve(ART, '3-model.png'), fullPage: true });
    await page.getByTestId('model-convergence').click();
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
    // The bars step with each report: a width transition restarted by every report kept Chromium laying out and
    // painting every frame of the mapping.
    const sliding = await page.evaluate(
      () =>
        document.getAnimations().filter((a) => (a as CSSTransition).transitionProperty === 'width').length,
    );
    expect(sliding).toBe(0);
    await page.screenshot({ path: resolve(ART, '4-run.png'), fullPage: true });
    await page.getByTestId('step-results').waitFor({ state: 'visible', timeout: 600_000 });
    await resultsDrawn();
    await page.screenshot({ path: resolve(ART, '5-results.png'), fullPage: true });
    expect(await page.getByTestId('app-error').count()).toBe(0);
  }, 700_000);
});

describe('results views (the run with the convergence analysis)', () => {
  it('shows usable step headers and no cloud button; the top table ranks R² highest first', async () => {
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
  }, 120_000);

  it('renders the score map: a WebGL canvas, one intensity per triangle, colours on screen', async () => {
    const map = page.locator('.results-score-map');
    await map.locator('canvas').first().waitFor({ timeout: 60_000 });
    const caption = (await page.getByTestId('results-caption').textContent())!;
    const nElements = Number(/(\d+) elements/.exec(caption)![1]);
    const drawn = await map.evaluate((el): DrawnMap => {
      const gd = el as unknown as {
        data: { type: string; intensity: ArrayLike<number>; intensitymode: string; x: ArrayLike<number> }[];
      };
      const t = gd.data[0];
      let finite = 0;
      for (let i = 0; i < t.intensity.length; i++) if (Number.isFinite(t.intensity[i])) finite++;
      return {
        type: t.type,
        intensityLength: t.intensity.length,
        intensityMode: t.intensitymode,
        finite,
        nodes: t.x.length,
      };
    });
    expect(drawn.type).toBe('mesh3d');
    expect(drawn.intensityMode).toBe('cell');
    expect(drawn.intensityLength).toBe(nElements);
    expect(drawn.finite).toBe(nElements);
    // Colours applied: the rendered map holds many distinct saturated colours, not a blank or grey canvas.
    const png = await map.screenshot();
    const colours = await page.evaluate(async (b64) => {
      // Decoded here (the page's CSP forbids fetching data: URLs).
      const bin = atob(b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const blob = new Blob([bytes], { type: 'image/png' });
      const bmp = await createImageBitmap(blob);
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const px = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
      const seen = new Set<number>();
      let saturated = 0;
      for (let i = 0; i < px.length; i += 4) {
        const [r, g, b] = [px[i], px[i + 1], px[i + 2]];
        if (Math.max(r, g, b) - Math.min(r, g, b) > 60) saturated++;
        seen.add((r >> 3) * 1024 + (g >> 3) * 32 + (b >> 3));
      }
      return { distinct: seen.size, saturatedFraction: saturated / (px.length / 4) };
    }, png.toString('base64'));
    expect(colours.distinct).toBeGreaterThan(100);
    expect(colours.saturatedFraction).toBeGreaterThan(0.1);
    await page.screenshot({ path: resolve(ART, 'results-map.png'), fullPage: true });
  }, 120_000);

  it('an idle score map asks for no frames; a drag on it still turns the view', async () => {
    const map = page.locator('.results-score-map');
    // Frames requested in one second of idling (gl-plot3d's own loop would ask for one every frame, ~60).
    const idleFrames = async (): Promise<number> =>
      page.evaluate(async () => {
        const w = window as unknown as { requestAnimationFrame: (cb: FrameRequestCallback) => number };
        const original = w.requestAnimationFrame;
        let n = 0;
        w.requestAnimationFrame = (cb) => {
          n++;
          return original.call(window, cb);
        };
        await new Promise((r) => setTimeout(r, 1000));
        w.requestAnimationFrame = original;
        return n;
      });
    await page.waitForTimeout(600);
    expect(await idleFrames()).toBeLessThan(5);
    const camera = (): Promise<string> =>
      map.evaluate((el) =>
        JSON.stringify(
          (
            el as unknown as { _fullLayout: { scene: { _scene: { getCamera(): unknown } } } }
          )._fullLayout.scene._scene.getCamera(),
        ),
      );
    const before = await camera();
    const shotBefore = await map.screenshot();
    const box = (await map.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5 + 30, box.y + box.height * 0.5, { steps: 6 });
    await page.mouse.up();
    await expect.poll(camera, { timeout: 10_000 }).not.toEqual(before);
    await expect
      .poll(async () => (await map.screenshot()).equals(shotBefore), { timeout: 10_000 })
      .toBe(false);
    // Once the view has come to rest, no frames again.
    await page.waitForTimeout(600);
    expect(await idleFrames()).toBeLessThan(5);
  }, 120_000);

  it('recolours for another muscle and a threshold without re-sending the geometry', async () => {
    const map = page.locator('.results-score-map');
    // Tag the drawn x column: a rebuild would replace it, a restyle keeps it.
    await map.evaluate((el) => {
      (el as unknown as { data: { x: { __tag?: boolean } }[] }).data[0].x.__tag = true;
    });
    const before = await map.evaluate((el) =>
      Array.from((el as unknown as { data: { intensity: Float64Array }[] }).data[0].intensity.slice(0, 50)),
    );
    await page.getByTestId('results-muscle').click();
    await page.getByRole('option').nth(1).click();
    await expect
      .poll(() =>
        map.evaluate((el) =>
          Array.from(
            (el as unknown as { data: { intensity: Float64Array }[] }).data[0].intensity.slice(0, 50),
          ),
        ),
      )
      .not.toEqual(before);
    await page.getByTestId('results-threshold-on').click();
    await expect
      .poll(async () => Number(await map.getAttribute('data-grey')), { timeout: 15_000 })
      .toBeGreaterThan(0);
    const tagged = await map.evaluate(
      (el) => (el as unknown as { data: { x: { __tag?: boolean } }[] }).data[0].x.__tag === true,
    );
    expect(tagged).toBe(true);
    await page.getByTestId('results-threshold-on').click();
    await page.getByTestId('results-muscle').click();
    await page.getByRole('option').nth(0).click();
    await expect.poll(async () => Number(await map.getAttribute('data-grey')), { timeout: 15_000 }).toBe(0);
  }, 120_000);

  it('a click on a triangle shows that element; the hotspot shows its IO curve with the fitted parameters', async () => {
    const map = page.locator('.results-score-map');
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    const hotspotText = (await page.getByTestId('results-caption').textContent())!;
    const hotspot = Number(/hotspot element (\d+)/.exec(hotspotText)![1]);
    // gl3d picks on hover: glide to a point left of the hotspot (the patch fills it), wait until plotly reports
    // the face under the pointer (slow under SwiftShader on a busy machine), then click.
    await map.evaluate((el) => {
      const w = window as unknown as { __hoveredFace: number | null };
      w.__hoveredFace = null;
      (el as unknown as { on(n: string, h: (e: { points: { pointNumber: number }[] }) => void): void }).on(
        'plotly_hover',
        (e) => {
          w.__hoveredFace = e.points[0]?.pointNumber ?? null;
        },
      );
    });
    for (const [fx, fy] of [
      [0.3, 0.5],
      [0.35, 0.4],
      [0.4, 0.6],
      [0.25, 0.45],
      [0.3, 0.6],
    ]) {
      const [x, y] = [box.x + box.width * fx, box.y + box.height * fy];
      await page.evaluate(
        () => ((window as unknown as { __hoveredFace: number | null }).__hoveredFace = null),
      );
      await page.mouse.move(x - 5, y - 5);
      await page.mouse.move(x, y, { steps: 5 });
      const hovered = await page
        .waitForFunction(
          () => (window as unknown as { __hoveredFace: number | null }).__hoveredFace !== null,
          null,
          { timeout: 5000 },
        )
        .then(() => true)
        .catch(() => false);
      if (!hovered) continue;
      // gl3d emits plotly_click from its render loop while a button is down: hold it for a few frames.
      await page.mouse.down();
      await page.waitForTimeout(400);
      await page.mouse.up();
      await page.waitForTimeout(1500);
      if ((await ioElement()) !== hotspot) break;
    }
    await expect.poll(ioElement, { timeout: 20_000 }).not.toBe(hotspot);
    const clicked = await ioElement();
    expect(clicked).toBeGreaterThanOrEqual(0);
    // The clicked element's curve is drawn next to the hotspot's (grey, dashed) for comparison.
    await expect
      .poll(() =>
        page
          .locator('[data-figure="IO curve"]')
          .evaluate((el) => (el as unknown as { data: unknown[] }).data.length),
      )
      .toBe(4);
    await page.waitForTimeout(500);
    await page.locator('.results-curve-panel').screenshot({ path: resolve(ART, 'results-io-compare.png') });
    await page.getByTestId('results-pick-hotspot').click();
    await expect.poll(ioElement, { timeout: 20_000 }).toBe(hotspot);
    expect(await page.getByTestId('io-status').textContent()).toBe('converged');
    for (const p of ['x0', 'r', 'amp', 'y0'])
      expect(await page.getByTestId(`io-param-${p}`).textContent()).toMatch(/^-?\d/);
    expect(await page.getByTestId('io-param-x0').textContent()).toContain('V/m');
    const curve = page.locator('[data-figure="IO curve"]');
    const traces = await curve.evaluate((el) =>
      (el as unknown as { data: { mode: string; x: unknown[] }[] }).data.map((t) => [t.mode, t.x.length]),
    );
    expect(traces).toContainEqual(['markers', ZAPS]);
    expect(traces.some(([mode, n]) => mode === 'lines' && (n as number) > 50)).toBe(true);
    await page.locator('.results-curve-panel').screenshot({ path: resolve(ART, 'results-io-curve.png') });
  }, 120_000);

  it('shows the convergence plot of the job', async () => {
    await page.getByTestId('results-tab-convergence').click();
    const fig = page.locator('[data-figure="convergence"]');
    await fig.waitFor({ timeout: 30_000 });
    // The tab draws its plot when it is shown: wait for plotly to hold the traces.
    const xsOf = () =>
      fig.evaluate((el) => (el as unknown as { data?: { x: number[] }[] }).data?.[0]?.x ?? []);
    await expect.poll(async () => (await xsOf()).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const xs = await xsOf();
    expect(xs.length).toBeGreaterThan(3);
    expect(xs.at(-1)).toBe(ZAPS);
    await page.waitForTimeout(500);
    await fig.screenshot({ path: resolve(ART, 'results-convergence.png') });
    await page.getByRole('tab', { name: 'Top elements' }).click();
  }, 60_000);

  it('exports HDF5 + XDMF to a folder, asking before it overwrites', async () => {
    const out = join(server.root, 'exported');
    await page.getByTestId('results-export').click();
    await page.getByTestId('export-dialog').waitFor();
    await page.getByTestId('export-folder').fill(out);
    await page.getByTestId('export-results').click();
    await page.getByTestId('export-done').waitFor({ timeout: 60_000 });
    const written = files(out);
    const data = written.filter((f) => f.endsWith('r2_roi_data.hdf5'));
    expect(data.length).toBeGreaterThanOrEqual(3);
    expect(written.some((f) => f.endsWith('r2_roi_geo.hdf5'))).toBe(true);
    expect(written.some((f) => f.endsWith('r2_roi_data.xdmf'))).toBe(true);
    // Again: the folder holds results now, so the dialog asks; overwriting then succeeds.
    await page.getByTestId('export-results').click();
    await page.getByTestId('export-confirm').waitFor({ timeout: 30_000 });
    await page.getByTestId('export-overwrite').click();
    await page.getByTestId('export-done').waitFor({ timeout: 60_000 });

    // The written scores: one per triangle, and the best one is the hotspot the view shows.
    const h5 = await import('h5wasm/node');
    await h5.ready;
    const caption = (await page.getByTestId('results-caption').textContent())!;
    const hotspot = Number(/hotspot element (\d+)/.exec(caption)![1]);
    const nElements = Number(/(\d+) elements/.exec(caption)![1]);
    const fdi = data.find((f) => f.includes('FDI'))!;
    const f = new h5.File(join(out, fdi), 'r');
    try {
      const ds = f.get('/data/tris/c_E_mag') as InstanceType<typeof h5.Dataset>;
      const scores = ds.value as Float64Array;
      expect(scores.length).toBe(nElements);
      let best = 0;
      for (let j = 1; j < scores.length; j++) if (scores[j] > scores[best]) best = j;
      expect(best).toBe(hotspot);
    } finally {
      f.close();
    }
  }, 180_000);

  it('saves the score map as a PNG of the requested size, the IO curve as SVG, and the tables as CSV', async () => {
    const out = join(server.root, 'exported');
    await page.getByTestId('export-figure').click();
    await page.getByRole('option', { name: /Score map/ }).click();
    const w = page.getByTestId('export-width').locator('input');
    const h = page.getByTestId('export-height').locator('input');
    await w.fill('1000');
    await w.blur();
    await h.fill('760');
    await h.blur();
    const name = await page.getByTestId('export-figure-name').inputValue();
    expect(name).toMatch(/^score-map_.*\.png$/);
    await page.getByTestId('export-save-figure').click();
    await page.getByTestId('export-done').waitFor({ timeout: 60_000 });
    const png = new Uint8Array(readFileSync(join(out, name)));
    expect(pngSize(png)).toEqual({ width: 1000, height: 760 });

    await page.getByTestId('export-figure').click();
    await page.getByRole('option', { name: /IO curve/ }).click();
    await page.getByTestId('export-format').getByText('svg').click();
    const svgName = await page.getByTestId('export-figure-name').inputValue();
    expect(svgName).toMatch(/\.svg$/);
    await page.getByTestId('export-save-figure').click();
    await expect.poll(() => existsSync(join(out, svgName)), { timeout: 60_000 }).toBe(true);
    const svg = readFileSync(join(out, svgName), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('V/m');

    await page.getByTestId('export-table-top').click();
    await expect
      .poll(() => files(out).find((f) => f.startsWith('top-elements_')), { timeout: 30_000 })
      .toBeTruthy();
    const top = readFileSync(
      join(
        out,
        files(out).find((f) => f.startsWith('top-elements_'))!,
      ),
      'utf8',
    )
      .trim()
      .split('\n');
    expect(top[0]).toBe('rank,element,response,qoi,R2,x_mm,y_mm,z_mm,status,x0,r,amp,y0');
    expect(top).toHaveLength(21);
    await page.screenshot({ path: resolve(ART, 'results-export.png') });
    await page.keyboard.press('Escape');
  }, 120_000);
});

describe('results workspace (a second run, compare, reopen, export)', () => {
  beforeAll(async () => {
    // A failed step above may have left the export dialog open: close it, so these steps report their own result.
    if (await page.getByTestId('export-dialog').isVisible()) await page.keyboard.press('Escape');
  });

  it('goes back to Model, runs again with AIC and keeps both runs; AIC ranks lowest first', async () => {
    await page.getByTestId('results-back-model').click();
    await page.getByTestId('step-model').waitFor();
    await page.getByTestId('model-convergence').click();
    await page.getByTestId('model-score').click();
    await page.getByRole('option', { name: 'AIC', exact: true }).click();
    await page.getByTestId('next-run').click();
    await page.getByTestId('start-job').click();
    await resultsDrawn();
    await expect.poll(() => page.getByTestId('run-list').locator('.run').count()).toBe(2);
    await expect.poll(() => page.getByTestId('top-table').locator('tbody tr').count()).toBeGreaterThan(3);
    // The first run's table stays up until the new run's data have arrived (they replace it in one update).
    await expect
      .poll(() => page.getByTestId('top-table').locator('thead th:nth-child(3)').textContent())
      .toContain('AIC');
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
});

describe('checking a map against pyNIBS', () => {
  it('compares the shown map with a pyNIBS results file and marks the elements below it', async () => {
    // The reference: the map exported above (the first muscle, E_mag) as pyNIBS writes it, three elements 0.005 higher.
    const out = join(server.root, 'paper', 'figure-1');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      results: { response: string; qoi: string; folder: string }[];
    };
    const first = summary.results.find((r) => r.qoi === 'E_mag')!;
    const f = await openH5(join(out, first.folder, 'r2_roi_data.hdf5'));
    const scores = Float64Array.from(toFloat64(requireDataset(f, '/data/tris/c_E_mag').value));
    f.close();
    const raised = [...scores.keys()].filter((i) => Number.isFinite(scores[i])).slice(0, 3);
    for (const i of raised) scores[i] += 0.005;
    await writePynibs(null, join(server.root, 'pynibs'), { E_mag: scores });

    await page.getByTestId('results-muscle').click();
    await page.getByRole('option', { name: muscleName(first.response), exact: true }).click();
    await page.getByTestId('results-tab-compare').click();
    await page.getByTestId('compare-mode').getByText('Against a reference file (pyNIBS)').click();
    await page.getByTestId('compare-reference-file-choose').click();
    await page.getByTestId('file-browser').waitFor();
    await page.getByTestId('entry-pynibs').click();
    await page.getByTestId('entry-sub01_data.hdf5').click();
    await expect
      .poll(() => page.getByTestId('compare-reference-below').first().textContent(), { timeout: 60_000 })
      .toBe('3');
    for (const e of raised) expect(await page.getByTestId(`compare-reference-element-${e}`).count()).toBe(1);
    expect(await page.getByTestId('compare-reference-summary').textContent()).toMatch(
      /Best element: this map \d+/,
    );
    // The three elements are marked on the map (the markers' trace holds one point each).
    await page.getByTestId('compare-reference-map').locator('canvas').first().waitFor({ timeout: 30_000 });
    const marked = await page
      .getByTestId('compare-reference-map')
      .evaluate((el) => (el as unknown as { data: { x?: unknown[] }[] }).data[1]?.x?.length ?? 0);
    expect(marked).toBe(3);
    await shot('7-compare-reference');
    // A tolerance above the 0.005 difference: nothing below.
    await page.getByTestId('compare-reference-tolerance').click();
    await page.getByRole('option', { name: '0.01', exact: true }).click();
    await expect.poll(() => page.getByTestId('compare-reference-below').first().textContent()).toBe('0');
    expect(await page.getByTestId('compare-reference-none').textContent()).toContain(
      'No element lies below the reference by more than 0.01',
    );
    expect(await page.getByTestId('compare-reference-map').count()).toBe(0);
    // The chosen file and tolerance stay while the user looks elsewhere.
    await page.getByTestId('compare-mode').getByText('Muscles side by side').click();
    await page.getByTestId('compare-mode').getByText('Against a reference file (pyNIBS)').click();
    expect(await page.getByTestId('compare-reference-file-path').inputValue()).toContain('sub01_data.hdf5');
    await expect.poll(() => page.getByTestId('compare-reference-below').first().textContent()).toBe('0');
  }, 180_000);
});

describe('settings and the whole walk', () => {
  it('switches to the dark theme and keeps the choice in the settings', async () => {
    const before = await page.evaluate(() => document.documentElement.classList.contains('app-dark'));
    await page.getByTestId('theme-toggle').click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.classList.contains('app-dark')), {
        timeout: 15_000,
      })
      .toBe(!before);
    await page.screenshot({ path: resolve(ART, '6-results-theme.png'), fullPage: true });
    await expect
      .poll(
        () =>
          (JSON.parse(readFileSync(resolve(server.configDir, 'settings.json'), 'utf8')) as { theme: string })
            .theme,
      )
      .toBe(before ? 'light' : 'dark');
  });

  it('sent no request beyond 127.0.0.1 and logged no console or page error', () => {
    const outside = requests.filter((u) => {
      if (u.startsWith('data:') || u.startsWith('blob:')) return false;
      return new URL(u).hostname !== '127.0.0.1';
    });
    expect(requests.length).toBeGreaterThan(10);
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
