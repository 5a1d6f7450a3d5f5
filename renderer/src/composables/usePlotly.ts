// Plotly in a Vue component: lazy-loaded (4.6 MB), Plotly.react for redraws, restyle for in-place updates, purge on dispose.
import { onBeforeUnmount, ref, shallowRef, type Ref } from 'vue';
import type { Config, Data, Layout, PlotlyHTMLElement, PlotMouseEvent, ToImgopts } from 'plotly.js-dist-min';
import { NO_NETWORK } from '../results/figureStyle';
import { sceneFrames, type SceneFrames } from './sceneFrames';

/** The part of the plotly API the result views use. */
export interface PlotlyApi {
  react(
    root: HTMLElement,
    data: Data[],
    layout?: Partial<Layout>,
    config?: Partial<Config>,
  ): Promise<PlotlyHTMLElement>;
  restyle(root: HTMLElement, update: Data, traces?: number[] | number): Promise<PlotlyHTMLElement>;
  relayout(root: HTMLElement, layout: Partial<Layout>): Promise<PlotlyHTMLElement>;
  toImage(root: HTMLElement | PlotFigure, opts?: ToImgopts): Promise<string>;
  purge(root: HTMLElement): void;
  Plots: { resize(root: HTMLElement): Promise<void> | void };
}

/** A figure that is not on screen: Plotly.toImage draws it in a hidden div of its own. */
export interface PlotFigure {
  data: Data[];
  layout: Partial<Layout>;
  config?: Partial<Config>;
}

/**
 * Live 3-D scenes draw at the screen's pixel density. plotly's default (plotGlPixelRatio 2) draws them at twice the
 * density whatever the screen: four times the pixels of a standard screen in every frame and every canvas resize,
 * which software WebGL (remote desktops, VMs without a GPU, the tests' Chromium) pays in full.
 */
export function liveGlPixelRatio(): number {
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio;
  return Math.min(4, Math.max(1, Number.isFinite(dpr) ? dpr : 1));
}

/**
 * WebGL density of an exported figure: plotly's default 2, or the export's scale when larger (at most plotly's 4).
 * plotly embeds the 3-D scene as a picture of width × density pixels and scales the whole figure by `scale`, so a
 * PNG at scale 3 or 4 would otherwise show the map enlarged from half or a third of its pixels.
 */
export function exportGlPixelRatio(scale: number | undefined): number {
  return Math.min(4, Math.max(2, Math.ceil(Number.isFinite(scale) ? scale! : 1)));
}

let shared: Promise<PlotlyApi> | null = null;

/** One lazy import of plotly for the whole renderer; the chunk loads when the first plot mounts. */
export function loadPlotly(): Promise<PlotlyApi> {
  shared ??= import('plotly.js-dist-min').then((m) => {
    const mod = m as unknown as { default?: PlotlyApi } & PlotlyApi;
    return mod.default ?? mod;
  });
  return shared;
}

/** Renders a figure spec to an image without a visible plot (figures in hidden tabs, exports at any size). */
export async function figureToImage(
  fig: PlotFigure,
  opts: ToImgopts,
  load: () => Promise<PlotlyApi> = loadPlotly,
): Promise<string> {
  const p = await load();
  const config = { plotGlPixelRatio: exportGlPixelRatio(opts.scale), ...fig.config, ...NO_NETWORK };
  return p.toImage({ ...fig, config }, opts);
}

export interface UsePlotlyOptions {
  el: Ref<HTMLElement | null>;
  onClick?: (ev: PlotMouseEvent) => void;
  /** plotly_relayout (camera moves of a 3-D scene: linked cameras of the compare views). */
  onRelayout?: (ev: Record<string, unknown>) => void;
  /** Injected in tests; defaults to the lazy import. */
  load?: () => Promise<PlotlyApi>;
}

export interface PlotHandle {
  /** True once the first figure has been drawn. */
  ready: Ref<boolean>;
  /** Draws or reconciles the whole figure (first draw, or a change of structure). */
  react(data: Data[], layout: Partial<Layout>, config?: Partial<Config>): Promise<void>;
  /** In-place update of trace attributes; no-op before the first draw. */
  restyle(update: Record<string, unknown>, traces: number[]): Promise<void>;
  relayout(layout: Partial<Layout>): Promise<void>;
  /** The current figure as an image (data URL for png/jpeg, an SVG data URL for svg). */
  toImage(opts: ToImgopts): Promise<string>;
}

export function usePlotly(opts: UsePlotlyOptions): PlotHandle {
  const load = opts.load ?? loadPlotly;
  const api = shallowRef<PlotlyApi | null>(null);
  const ready = ref(false);
  let disposed = false;
  let listening = false;
  let lastConfig: Partial<Config> = {};
  let observer: ResizeObserver | null = null;
  // 3-D scenes draw frames only after input and updates (sceneFrames.ts); made at the first draw.
  let frames: SceneFrames | null = null;
  // A scene drawn while the page was in the background (a job that ended in a minimised window) keeps its own loop
  // (no frame comes to take it over); it is taken over when the page shows again.
  const onVisible = (): void => {
    if (frames && !disposed && document.visibilityState === 'visible') void enqueue(() => frames!.adopt());
  };
  // Calls are chained so a restyle never overtakes the react that creates the plot.
  let queue: Promise<unknown> = Promise.resolve();

  function enqueue<T>(job: () => Promise<T>): Promise<T> {
    const next = queue.then(job, job);
    queue = next.catch(() => undefined);
    return next;
  }

  async function plotly(): Promise<PlotlyApi> {
    if (!api.value) api.value = await load();
    return api.value;
  }

  // The size the figure was last drawn at. A ResizeObserver reports every element once when it starts observing,
  // and a hidden tab's plot reports 0 × 0: redrawing at the same size or into nothing only costs (a 3-D score map
  // takes ~0.9 s to redraw under software WebGL). A hidden plot is resized when it shows, as its size changes then.
  let drawnSize = '';
  const sizeOf = (el: HTMLElement): string => `${el.clientWidth}x${el.clientHeight}`;

  function watchSize(el: HTMLElement, p: PlotlyApi): void {
    drawnSize = sizeOf(el);
    if (observer || typeof ResizeObserver === 'undefined') return;
    observer = new ResizeObserver(() => {
      const size = sizeOf(el);
      if (size === drawnSize || !ready.value || disposed) return;
      drawnSize = size;
      if (el.clientWidth > 0 && el.clientHeight > 0)
        void Promise.resolve(p.Plots.resize(el)).then(() => frames?.wake());
    });
    observer.observe(el);
  }

  onBeforeUnmount(() => {
    disposed = true;
    observer?.disconnect();
    observer = null;
    frames?.dispose();
    if (frames) document.removeEventListener('visibilitychange', onVisible);
    const el = opts.el.value;
    if (el && api.value) api.value.purge(el);
    ready.value = false;
  });

  return {
    ready,
    react: (data, layout, config) =>
      enqueue(async () => {
        const p = await plotly();
        const el = opts.el.value;
        if (!el || disposed) return;
        // Whatever a caller passes, no control that reaches the network is ever shown.
        lastConfig = { plotGlPixelRatio: liveGlPixelRatio(), ...config, ...NO_NETWORK };
        const gd = await p.react(el, data, layout, lastConfig);
        if (!listening && typeof gd.on === 'function') {
          if (opts.onClick) gd.on('plotly_click', opts.onClick);
          if (opts.onRelayout) gd.on('plotly_relayout', opts.onRelayout as (ev: unknown) => void);
          listening = true;
        }
        watchSize(el, p);
        if (!frames) {
          frames = sceneFrames(el);
          document.addEventListener('visibilitychange', onVisible);
        }
        await frames.adopt();
        frames.wake();
        ready.value = true;
      }),
    restyle: (update, traces) =>
      enqueue(async () => {
        const el = opts.el.value;
        if (!el || disposed || !ready.value || !api.value) return;
        await api.value.restyle(el, update, traces);
        frames?.wake();
      }),
    relayout: (layout) =>
      enqueue(async () => {
        const el = opts.el.value;
        if (!el || disposed || !ready.value || !api.value) return;
        await api.value.relayout(el, layout);
        frames?.wake();
      }),
    toImage: (imgOpts) =>
      enqueue(async () => {
        const el = opts.el.value;
        const p = await plotly();
        if (!el || !ready.value) throw new Error('The figure is not drawn yet');
        // plotly's toImage of a drawn plot copies its config, live pixel density included; a copy of the figure
        // (with the camera the user left it at) is exported at the export's density instead.
        // (A figure that cannot be copied is exported from the live plot: the same image at the screen's density.)
        const gd = el as HTMLElement & { data?: Data[]; layout?: Partial<Layout> };
        let figure: PlotFigure | null = null;
        try {
          if (gd.data && gd.layout)
            figure = {
              data: structuredClone(gd.data),
              layout: structuredClone(gd.layout),
              config: { ...lastConfig, plotGlPixelRatio: exportGlPixelRatio(imgOpts.scale) },
            };
        } catch {
          figure = null;
        }
        return p.toImage(figure ?? el, imgOpts);
      }),
  };
}
