// Headless Chromium for the browser tests and benchmarks: connects to the one browser test/global-setup.ts started, else launches Debian's (this machine has no network, so no background traffic).
//
// A new browser test adopts the shared browser with two lines: `browser = await launchChromium()` in beforeAll and
// `await browser.close()` in afterAll (that only disconnects from the shared one), a page per test file from
// `browser.newPage()`, and `startServer()` (serve-helper.ts) for a server of its own on the shared demo dataset.
import { chromium, type Browser } from 'playwright-core';
import { findChromium } from '../../scripts/prereqs.mjs';

/** $CHROMIUM_PATH, /usr/bin/chromium, Ubuntu's chromium-browser or the snap (scripts/prereqs.mjs). */
export const CHROMIUM_PATH = findChromium().path ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Set by the global setup: the WebSocket endpoint of the shared browser. */
export const CHROMIUM_WS_ENV = 'TMS_TEST_CHROMIUM_WS';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** The shared browser when the test run has one (close() then only disconnects), else a browser of its own. */
export function launchChromium(): Promise<Browser> {
  const ws = process.env[CHROMIUM_WS_ENV];
  if (ws) return chromium.connect(ws);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
