// Once per test run, before any file: check the build exists (tests never rebuild), prepare the one demo dataset every suite shares, and start the one Chromium the browser suites connect to.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type BrowserServer } from 'playwright-core';
import { ensureDemoDataset } from '../main/io/demo-dataset';
import { findChromium } from '../scripts/prereqs.mjs';
import { CHROMIUM_ARGS, CHROMIUM_WS_ENV } from './e2e/chromium';
import { SHARED_DEMO_DIR } from './e2e/serve-helper';

let browser: BrowserServer | undefined;

export default async function setup(): Promise<() => Promise<void>> {
  const worker = resolve(import.meta.dirname, '../out/main/worker.js');
  if (!existsSync(worker)) {
    throw new Error(`Missing build output ${worker}: run "npm run build" (npm test does it for you).`);
  }
  // Every suite (servers, CLI runs, job helpers) reads the demo from here; generating it takes ~20 s, so once.
  process.env.TMS_MAPPER_DEMO_DIR = SHARED_DEMO_DIR;
  const demo = await ensureDemoDataset(SHARED_DEMO_DIR);
  if (demo.generated)
    process.stderr.write(`Demo dataset generated in ${demo.seconds.toFixed(1)} s (${SHARED_DEMO_DIR})\n`);
  // One browser for all browser suites (each opens its own contexts); test files connect over its WebSocket.
  const chromiumPath = findChromium().path;
  if (chromiumPath && !process.env[CHROMIUM_WS_ENV]) {
    browser = await chromium.launchServer({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    process.env[CHROMIUM_WS_ENV] = browser.wsEndpoint();
  }
  return async () => {
    await browser?.close();
    browser = undefined;
  };
}
