// End to end in browser mode with the user's own files: the server-side picker opens ROI, E-field and CSV under --root,
// the CSV's columns are guessed, and a session is saved and reopened through the same picker.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { ensureDemoDataset } from '../../main/io/demo-dataset';
import { SHARED_DEMO_DIR, startServer, type RunningServer } from './serve-helper';

const ART = resolve(import.meta.dirname, '../../test-artifacts/e2e');

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  const demo = await ensureDemoDataset(SHARED_DEMO_DIR);
  server = await startServer();
  mkdirSync(join(server.root, 'subject01'));
  copyFileSync(demo.meshFile, join(server.root, 'subject01', 'mesh_roi.hdf5'));
  copyFileSync(demo.efieldFile, join(server.root, 'subject01', 'e.hdf5'));
  copyFileSync(demo.responsesFile, join(server.root, 'subject01', 'meps.csv'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function chooseFile(field: string, name: string): Promise<void> {
  await page.getByTestId(`${field}-choose`).click();
  const dialog = page.getByTestId('file-browser');
  await dialog.waitFor();
  await dialog.getByTestId('entry-subject01').click();
  await dialog.getByTestId(`entry-${name}`).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('own files in browser mode', () => {
  it('shows a coded error naming the file when an E-field file is chosen as the ROI', async () => {
    await chooseFile('roi', 'e.hdf5');
    const err = page.getByTestId('app-error');
    await err.waitFor();
    expect(await err.textContent()).toContain('NO_ROI');
    expect(await err.textContent()).toContain('e.hdf5');
    expect(await page.getByTestId('roi-path').inputValue()).toBe('');
    await page.screenshot({ path: join(ART, '0-error.png') });
    await err.locator('button').click();
    await err.waitFor({ state: 'detached' });
  });

  it('opens ROI, E-field and CSV through the server-side picker', async () => {
    await page.getByTestId('roi-choose').click();
    await page.getByTestId('file-browser').waitFor();
    await page.getByTestId('entry-subject01').click();
    await page.getByTestId('entry-e.hdf5').waitFor();
    await page.screenshot({ path: join(ART, '0-file-browser.png') });
    await page.getByTestId('entry-mesh_roi.hdf5').click();
    await expect
      .poll(() => page.getByTestId('roi-path').inputValue(), { timeout: 15_000 })
      .toBe(join(server.root, 'subject01', 'mesh_roi.hdf5'));
    await chooseFile('efield', 'e.hdf5');
    await chooseFile('responses', 'meps.csv');
    // The CSV preview guessed the condition and intensity columns.
    await expect
      .poll(() => page.getByTestId('condition-column').textContent(), { timeout: 15_000 })
      .toContain('condition');
    expect(await page.getByTestId('intensity-column').textContent()).toContain('intensity');
    await page.getByTestId('open-files').click();
    await page.getByTestId('dataset-summary').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('summary-zaps').textContent()).toBe('300');
  });

  it('saves the session into the root and reopens it at the Model step', async () => {
    await page.getByTestId('next-selection').click();
    await page.getByTestId('qoi-select').getByText('E⊥').click();
    await page.getByTestId('next-model').click();
    await page.getByTestId('save-session').click();
    const dialog = page.getByTestId('file-browser');
    await dialog.waitFor();
    // The listing may wait for the Selection step's E-quality preview (computed on the server's thread).
    await expect
      .poll(() => page.getByTestId('file-browser-dir').textContent(), { timeout: 30_000 })
      .toBe(server.root);
    await page.getByTestId('file-browser-name').fill('subject01.tmsmap');
    await page.screenshot({ path: join(ART, '0-save-session.png') });
    await page.getByTestId('file-browser-confirm').click();
    const file = join(server.root, 'subject01.tmsmap');
    await expect.poll(() => existsSync(file), { timeout: 30_000 }).toBe(true);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      selection: { qois: string[] };
      inputs: { responsesFile: string; conditionColumn?: string };
    };
    expect(saved.selection.qois).toEqual(['E_mag', 'E_norm']);
    expect(saved.inputs).toMatchObject({
      responsesFile: join(server.root, 'subject01', 'meps.csv'),
      conditionColumn: 'condition',
    });

    // Saving again asks before replacing the file.
    await page.getByTestId('save-session').click();
    await dialog.waitFor();
    await page.getByTestId('file-browser-name').fill('subject01.tmsmap');
    await page.getByTestId('file-browser-confirm').click();
    await page.getByText('already exists. Replace it?').waitFor();
    await page.getByRole('alertdialog', { name: 'Replace file?' }).getByLabel('Cancel').click();

    await page.reload();
    await page.getByTestId('open-session').click();
    await dialog.waitFor();
    await page.getByTestId('entry-subject01.tmsmap').click();
    await page.getByTestId('step-model').waitFor({ state: 'visible', timeout: 60_000 });
    // Settings remember the last opened files for the next launch.
    const settings = JSON.parse(readFileSync(join(server.configDir, 'settings.json'), 'utf8')) as {
      recentFiles: string[];
    };
    expect(settings.recentFiles).toContain(join(server.root, 'subject01', 'e.hdf5'));
  });
});
