// CSRF in real Chromium (issue 15): a page on another 127.0.0.1 port cannot make the browser-mode server write a file; the app's own page can.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { stringifyWire } from '../../main/contract';
import { APP_REQUEST_HEADER } from '../../main/contract';
import { launchChromium } from './chromium';
import { startServer, type RunningServer } from './serve-helper';

let app: RunningServer;
let evil: Server;
let evilOrigin: string;
let browser: Browser;

/** The attacker's page: every request a cross-origin page can make without the server's consent. */
function attackPage(target: string, body: string): string {
  return `<!doctype html><html><body>
<form id="f" method="POST" action="${target}/api/saveFigure" enctype="text/plain" target="sink">
<input name='${body.slice(0, -2)}' value='"}'></form><iframe name="sink"></iframe>
<script>
window.attempts = (async () => {
  const out = [];
  const body = ${JSON.stringify(body)};
  try { await fetch('${target}/api/saveFigure', { method: 'POST', mode: 'no-cors', credentials: 'include',
    headers: { 'content-type': 'text/plain' }, body }); out.push('no-cors sent'); } catch (e) { out.push('no-cors ' + e); }
  try { const r = await fetch('${target}/api/saveFigure', { method: 'POST', credentials: 'include',
    headers: { 'content-type': 'application/json', '${APP_REQUEST_HEADER}': '1' }, body }); out.push('cors ' + r.status); }
  catch (e) { out.push('cors blocked'); }
  document.getElementById('f').submit();
  await new Promise((r) => setTimeout(r, 1500));
  return out;
})();
</script></body></html>`;
}

beforeAll(async () => {
  app = await startServer();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await new Promise((r) => (evil ? evil.close(r) : r(undefined)));
});

describe('browser mode refuses cross-origin writes (real Chromium, second local server)', () => {
  it(
    'a page on another 127.0.0.1 port cannot save a figure; the app page can',
    { timeout: 120_000 },
    async () => {
      const target = join(app.root, 'pwned.svg');
      const body = stringifyWire({
        path: target,
        format: 'svg',
        data: new Uint8Array([60, 62]),
        overwrite: true,
      });
      evil = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(attackPage(app.origin, body));
      });
      await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
      evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;

      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      // The victim opened the app (the SameSite=Strict token cookie is set; it is sent to other 127.0.0.1 ports too).
      await page.goto(app.url);
      const attacker = await ctx.newPage();
      await attacker.goto(evilOrigin);
      const attempts = await attacker.evaluate(
        () => (window as unknown as { attempts: Promise<string[]> }).attempts,
      );
      expect(attempts).toContain('cors blocked');
      expect(existsSync(target)).toBe(false);

      // The app's own page, with the header its transport sends, may write.
      const status = await page.evaluate(
        async ([b, h]) => {
          const r = await fetch('/api/saveFigure', {
            method: 'POST',
            headers: { 'content-type': 'application/json', [h]: '1' },
            body: b,
          });
          return r.status;
        },
        [body, APP_REQUEST_HEADER] as const,
      );
      expect(status).toBe(200);
      expect(existsSync(target)).toBe(true);
      await ctx.close();
    },
  );
});
