// The same wizard walk in the desktop app via Playwright's _electron; runs only where the Electron runtime is installed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { _electron as electron } from 'playwright-core';
import { SHARED_DEMO_DIR } from './serve-helper';

const ROOT = resolve(import.meta.dirname, '../..');
const ART = resolve(ROOT, 'test-artifacts/e2e');

/** The Electron binary, or why there is none (its runtime is downloaded on first launch, which fails offline). */
function electronBinary(): { path: string | null; reason: string } {
  const pkg = join(ROOT, 'node_modules/electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt))
    return {
      path: null,
      reason: `the Electron runtime is not installed (${pathTxt} missing; it downloads on first launch)`,
    };
  const bin = join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin)
    ? { path: bin, reason: '' }
    : { path: null, reason: `the Electron binary ${bin} is missing` };
}

const bin = electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason =
  bin.path === null ? bin.reason : noDisplay ? 'no display (set DISPLAY, e.g. run under xvfb-run)' : '';

describe('wizard in the desktop app', () => {
  if (skipReason) console.warn(`[e2e electron] skipped: ${skipReason}`);

  it.skipIf(!!skipReason)(
    `walks Data → Selection → Model → Run → Results${skipReason ? ` (skipped: ${skipReason})` : ''}`,
    async () => {
      mkdirSync(ART, { recursive: true });
      const userData = mkdtempSync(join(tmpdir(), 'tms-electron-'));
      const app = await electron.launch({
        executablePath: bin.path!,
        args: [join(ROOT, 'out/main/index.js'), `--user-data-dir=${userData}`],
        env: { ...process.env, TMS_MAPPER_DEMO_DIR: SHARED_DEMO_DIR },
      });
      try {
        const page = await app.firstWindow();
        // The renderer sees the preload's verbs and nothing of Node or ipcRenderer.
        const exposed = await page.evaluate(() => ({
          verbs: Object.keys((window as unknown as { tmsMapper: object }).tmsMapper).sort(),
          require: typeof (window as unknown as { require?: unknown }).require,
          process: typeof (window as unknown as { process?: unknown }).process,
        }));
        expect(exposed.require).toBe('undefined');
        expect(exposed.process).toBe('undefined');
        expect(exposed.verbs).toContain('openDemo');
        expect(exposed.verbs).not.toContain('invoke');

        await page.getByTestId('open-demo').click();
        await page.getByTestId('dataset-summary').waitFor({ timeout: 120_000 });
        await page.screenshot({ path: join(ART, 'electron-1-data.png') });
        await page.getByTestId('next-selection').click();
        await expect
          .poll(() => page.getByTestId('selected-zaps').textContent(), { timeout: 60_000 })
          .toMatch(/^\d+$/);
        await page.screenshot({ path: join(ART, 'electron-2-selection.png') });
        await page.getByTestId('next-model').click();
        await page.screenshot({ path: join(ART, 'electron-3-model.png') });
        await page.getByTestId('next-run').click();
        await page.getByTestId('start-job').click();
        await page.getByTestId('progress-rows').waitFor();
        await page.screenshot({ path: join(ART, 'electron-4-run.png') });
        await page.getByTestId('step-results').waitFor({ state: 'visible', timeout: 300_000 });
        await page.screenshot({ path: join(ART, 'electron-5-results.png') });
        expect(await page.getByTestId('app-error').count()).toBe(0);
      } finally {
        await app.close();
      }
    },
  );
});
