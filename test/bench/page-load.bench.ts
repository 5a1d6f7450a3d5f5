// Browser mode, page load after page load in one browser profile: how long the app's plotly chunk (4.6 MB, loaded when results first show) takes to import on each load, through the real server and its caching headers.
//
// `npm run bench:page-load [-- --loads N] [-- --other <another build's out/main/server.js>]`: N loads (default 5) of
// this build's app in one browser context, then of the other build's in a fresh one when given. The first load
// compiles plotly from source; later loads of a file the browser may keep come from its cache (and, from the third
// load on, with V8's compiled code).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../e2e/chromium';
import { startServer } from '../e2e/serve-helper';

const { values: args } = parseArgs({
  options: { loads: { type: 'string', default: '5' }, other: { type: 'string' } },
});
const loads = Number(args.loads);
const builds: Record<string, string> = {
  'this build': resolve(import.meta.dirname, '../../out/main/server.js'),
};
if (args.other) builds.other = resolve(args.other);

const browser = await launchChromium();
for (const [name, serverJs] of Object.entries(builds)) {
  const server = await startServer({ serverJs });
  // One context: one HTTP cache and code cache, as one user's browser.
  const context = await browser.newContext();
  const page = await context.newPage();
  const times: number[] = [];
  for (let i = 0; i < loads; i++) {
    await page.goto(i === 0 ? server.url : server.origin);
    await page.getByTestId('open-demo').waitFor();
    // The plotly chunk as the app's bundle names it (the name carries the build's hash).
    const plotlyUrl = await page.evaluate(async () => {
      const index = performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .find((n) => /\/assets\/index-[^/]+\.js$/.test(n));
      if (!index) return '';
      const m = /["'`](\.\/plotly[^"'`]+\.js)["'`]/.exec(await (await fetch(index)).text());
      return m ? new URL(m[1], index).href : '';
    });
    if (!plotlyUrl) throw new Error('no plotly chunk named in the app bundle');
    times.push(
      await page.evaluate(async (url) => {
        const t = performance.now();
        await import(url);
        return performance.now() - t;
      }, plotlyUrl),
    );
    // Chromium writes the code cache after the script ran: give it time before the next load.
    await page.waitForTimeout(1500);
  }
  console.log(
    `${name.padEnd(11)} plotly chunk import, ms, load by load: ${times.map((t) => t.toFixed(0)).join(' ')}`,
  );
  await context.close();
  await server.stop();
}
await browser.close();
