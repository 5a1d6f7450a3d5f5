// Benchmark of the score map in headless Chromium: first draw, recolour (restyle) vs rebuild (react), and PNG export, at ROI sizes up to 40 k triangles and two WebGL densities; then what an idle map costs with gl-plot3d's frame loop and without it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { launchChromium } from '../e2e/chromium';
import { chromiumCpuSeconds } from './cpu-time';

const ROOT = resolve(import.meta.dirname, '../..');
const SIZES = (process.env.BENCH_SIZES ?? '5000,20000,40000').split(',').map(Number);
const REPEATS = 5;

// The pure trace builders, bundled for the page exactly as the renderer uses them.
const bundle = await build({
  stdin: {
    contents: `export * from './renderer/src/results/scoreMapTraces'; export { sceneFrames } from './renderer/src/composables/sceneFrames';`,
    resolveDir: ROOT,
    loader: 'ts',
  },
  bundle: true,
  format: 'iife',
  globalName: 'traces',
  write: false,
});
const plotly = readFileSync(resolve(ROOT, 'node_modules/plotly.js-dist-min/plotly.min.js'), 'utf8');

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
await page.setContent('<div id="map" style="width:1000px;height:800px"></div>');
// tsx compiles the evaluated function with esbuild's keep-names helper; the page needs it too.
await page.addScriptTag({ content: 'window.__name = (f) => f;' });
await page.addScriptTag({ content: plotly });
await page.addScriptTag({ content: bundle.outputFiles[0].text });

console.log('score map in headless Chromium (SwiftShader WebGL), median of %d runs, ms', REPEATS);
console.log(
  'triangles | WebGL density | first draw | recolour (restyle) | rebuild (react, new arrays) | rotate (one frame) | PNG 1200×900',
);
/** A folded patch (gyri along x) on a regular grid: n × n nodes, 2 (n−1)² triangles, about `target` of them. */
function foldedPatch(target: number): { nodes: number[]; tris: number[] } {
  const n = Math.round(Math.sqrt(target / 2)) + 1;
  const nodes: number[] = [];
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      const x = (a / (n - 1)) * 60 - 30;
      nodes.push(x, (b / (n - 1)) * 60 - 30, 75 + 6 * Math.sin((2 * Math.PI * x) / 24));
    }
  const tris: number[] = [];
  for (let a = 0; a < n - 1; a++)
    for (let b = 0; b < n - 1; b++) {
      const p = a * n + b;
      tris.push(p, p + n, p + 1, p + 1, p + n, p + n + 1);
    }
  return { nodes, tris };
}

// Density 2 is plotly's default for every screen (the app before 2026-12); 1 is what the app now uses on a
// standard-density screen (usePlotly: the screen's devicePixelRatio). Exports render WebGL at 2 either way.
for (const target of SIZES)
  for (const density of [2, 1]) {
    const r = await page.evaluate(
      async ({ patch, repeats, density }) => {
        type Fig = Record<string, unknown>;
        const w = window as unknown as {
          Plotly: {
            newPlot(el: HTMLElement, d: Fig[], l: Fig, c: Fig): Promise<void>;
            react(el: HTMLElement, d: Fig[], l: Fig, c: Fig): Promise<void>;
            restyle(el: HTMLElement, u: Fig, t: number[]): Promise<void>;
            relayout(el: HTMLElement, u: Fig): Promise<void>;
            toImage(el: HTMLElement | Fig, o: Fig): Promise<string>;
            purge(el: HTMLElement): void;
          };
          traces: {
            sceneFrames(el: HTMLElement): unknown;
            colourCells(s: Float64Array, c: Fig): Fig;
            meshTrace(g: Fig, c: Fig, o: Fig): Fig;
            recolourUpdate(c: Fig, t: string): Fig;
            scoreMapLayout(g: Fig, o: Fig): Fig;
          };
        };
        const nodes = Float64Array.from(patch.nodes);
        const tris = patch.tris;
        const g = { nodes, triangles: Uint32Array.from(tris) };
        const nTri = tris.length / 3;
        const scores = (cx: number) => {
          const s = new Float64Array(nTri);
          for (let t = 0; t < nTri; t++) {
            const v = tris[3 * t];
            const dx = nodes[3 * v] - cx;
            const dy = nodes[3 * v + 1];
            s[t] = 0.8 * Math.exp(-(dx * dx + dy * dy) / 200);
          }
          return s;
        };
        const el = document.getElementById('map')!;
        const settings = { scale: 'viridis', range: [0, 0.8], threshold: 0.1 };
        const median = (xs: number[]) => xs.sort((p, q) => p - q)[Math.floor(xs.length / 2)];
        const frame = () => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
        const layout = w.traces.scoreMapLayout(g, { showAxes: true });
        const config = { plotGlPixelRatio: density };

        const first: number[] = [];
        const restyle: number[] = [];
        const rebuild: number[] = [];
        const png: number[] = [];
        const rotate: number[] = [];
        for (let i = 0; i < repeats; i++) {
          w.Plotly.purge(el);
          let t0 = performance.now();
          const c0 = w.traces.colourCells(scores(0), settings);
          await w.Plotly.newPlot(el, [w.traces.meshTrace(g, c0, { colourBarTitle: 'R²' })], layout, config);
          await frame();
          first.push(performance.now() - t0);

          // The rebuild goes first: the first update after newPlot also absorbs the scene's settling work,
          // which would otherwise be charged to the recolour.
          t0 = performance.now();
          const c2 = w.traces.colourCells(scores(-10 - i), settings);
          await w.Plotly.react(el, [w.traces.meshTrace(g, c2, { colourBarTitle: 'R²' })], layout, config);
          await frame();
          rebuild.push(performance.now() - t0);

          t0 = performance.now();
          const c1 = w.traces.colourCells(scores(10 + i), settings);
          await w.Plotly.restyle(el, w.traces.recolourUpdate(c1, 'R²'), [0]);
          await frame();
          restyle.push(performance.now() - t0);

          // A camera move redraws the same buffers: the cost of one WebGL frame, the floor of any update.
          t0 = performance.now();
          await w.Plotly.relayout(el, { 'scene.camera.eye': { x: 0.3 + 0.1 * i, y: -0.3, z: 1.6 } });
          await frame();
          rotate.push(performance.now() - t0);

          t0 = performance.now();
          // As the app exports: a copy of the shown figure, WebGL at density 2.
          const gd = el as unknown as { data: Fig[]; layout: Fig };
          await w.Plotly.toImage(
            {
              data: structuredClone(gd.data),
              layout: structuredClone(gd.layout),
              config: { plotGlPixelRatio: 2 },
            },
            { format: 'png', width: 1200, height: 900 },
          );
          png.push(performance.now() - t0);
        }
        return {
          nTri,
          first: median(first),
          restyle: median(restyle),
          rebuild: median(rebuild),
          rotate: median(rotate),
          png: median(png),
        };
      },
      { patch: foldedPatch(target), repeats: REPEATS, density },
    );
    console.log(
      `${String(r.nTri).padStart(9)} | ${String(density).padStart(13)} | ${r.first.toFixed(0).padStart(10)} | ${r.restyle.toFixed(0).padStart(18)} | ${r.rebuild
        .toFixed(0)
        .padStart(27)} | ${r.rotate.toFixed(0).padStart(17)} | ${r.png.toFixed(0).padStart(12)}`,
    );
  }

// An idle map: Chromium's CPU (all its processes, read from /proc) while a drawn 20 000-triangle map sits still for
// IDLE_S seconds, with gl-plot3d's own frame loop and after sceneFrames took it over (as the app does), alternately.
const IDLE_S = 5;
const idle: Record<string, number[]> = { 'own loop': [], 'taken over': [] };
for (let round = 0; round < 3; round++)
  for (const mode of Object.keys(idle)) {
    await page.evaluate(
      async ({ patch, takeOver }) => {
        const w = window as unknown as {
          Plotly: {
            newPlot(el: HTMLElement, d: unknown[], l: unknown, c: unknown): Promise<void>;
            purge(el: HTMLElement): void;
          };
          traces: {
            sceneFrames(el: HTMLElement): { adopt(): Promise<void> };
            colourCells(s: Float64Array, c: unknown): unknown;
            meshTrace(g: unknown, c: unknown, o: unknown): unknown;
            scoreMapLayout(g: unknown, o: unknown): unknown;
          };
        };
        const g = { nodes: Float64Array.from(patch.nodes), triangles: Uint32Array.from(patch.tris) };
        const s = new Float64Array(patch.tris.length / 3).map((_, i) => (i % 97) / 120);
        const el = document.getElementById('map')!;
        w.Plotly.purge(el);
        const c = w.traces.colourCells(s, { scale: 'viridis', range: [0, 0.8], threshold: 0.1 });
        await w.Plotly.newPlot(
          el,
          [w.traces.meshTrace(g, c, { colourBarTitle: 'R²' })],
          w.traces.scoreMapLayout(g, { showAxes: true }),
          {
            plotGlPixelRatio: 1,
          },
        );
        if (takeOver) await w.traces.sceneFrames(el).adopt();
        await new Promise((r) => setTimeout(r, 1000));
      },
      { patch: foldedPatch(20_000), takeOver: mode === 'taken over' },
    );
    const c0 = chromiumCpuSeconds();
    await new Promise((r) => setTimeout(r, IDLE_S * 1000));
    idle[mode].push((chromiumCpuSeconds() - c0) / IDLE_S);
  }
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `idle 20 000-triangle map, Chromium CPU-s per second (median of 3, alternating): gl-plot3d's own loop ${med(idle['own loop']).toFixed(3)}, taken over by sceneFrames ${med(idle['taken over']).toFixed(3)}`,
);
await browser.close();
