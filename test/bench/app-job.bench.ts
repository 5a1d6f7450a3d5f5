// The demo job started from the app in browser mode (headless Chromium): the job's time as the app shows it, and the CPU Chromium spends while the mapping runs beside it.
//
// `npm run bench:app-job [-- --runs N] [-- --other <another build's out/main/server.js>]`: N runs (default 5) of this
// build's server, alternating with the other build's when given (e.g. a copy of out/ from before a change).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../e2e/chromium';
import { chromiumCpuSeconds } from './cpu-time';
import { startServer } from '../e2e/serve-helper';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, other: { type: 'string' } },
});
const runs = Number(args.runs);
const builds: Record<string, string> = {
  'this build': resolve(import.meta.dirname, '../../out/main/server.js'),
};
if (args.other) builds.other = resolve(args.other);

const browser = await launchChromium();
const results: Record<string, { job: number[]; cpu: number[] }> = {};
for (let r = 0; r < runs; r++)
  for (const [name, serverJs] of Object.entries(builds)) {
    const server = await startServer({ serverJs });
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(server.url);
    await page.getByTestId('open-demo').click();
    await page.getByTestId('dataset-summary').waitFor({ timeout: 120_000 });
    await page.getByTestId('next-selection').click();
    await page.getByTestId('quality-table').waitFor({ timeout: 60_000 });
    await page.getByTestId('next-model').click();
    await page.getByTestId('next-run').click();
    await page.waitForTimeout(1000);
    const c0 = chromiumCpuSeconds();
    await page.getByTestId('start-job').click();
    // Until the app reports the job finished (the results view draws after that and is not counted).
    await page.waitForFunction(
      () => /^finished/.test(document.querySelector('[data-testid="job-state"]')?.textContent ?? ''),
      null,
      { timeout: 600_000, polling: 50 },
    );
    const cpu = chromiumCpuSeconds() - c0;
    const state = (await page.getByTestId('job-state').textContent()) ?? '';
    const seconds = Number(/([\d.]+) s/.exec(state)?.[1]);
    (results[name] ??= { job: [], cpu: [] }).job.push(seconds);
    results[name].cpu.push(cpu);
    await page.close();
    await server.stop();
  }
await browser.close();

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `demo job from the app (3 maps × 4 418 elements × 300 zaps, 2 workers), ${runs} run(s) per build${args.other ? ', alternating' : ''}:`,
);
for (const [name, r] of Object.entries(results))
  console.log(
    `${name.padEnd(11)} job ${median(r.job).toFixed(2)} s median (${r.job.map((x) => x.toFixed(1)).join(' ')}), Chromium during the job ${median(r.cpu).toFixed(2)} CPU-s median (${r.cpu.map((x) => x.toFixed(2)).join(' ')})`,
  );
