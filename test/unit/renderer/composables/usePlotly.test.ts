// @vitest-environment jsdom
// usePlotly redraws a figure on a size change only (not for the report every observed element gets at once, nor into a hidden 0 × 0 tab), and draws WebGL at the screen's density but exports at 2.
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import {
  figureToImage,
  usePlotly,
  type PlotHandle,
  type PlotlyApi,
} from '../../../../renderer/src/composables/usePlotly';

/** A ResizeObserver whose reports the test sends (jsdom has none). */
class FakeObserver {
  static all: FakeObserver[] = [];
  constructor(private readonly cb: () => void) {
    FakeObserver.all.push(this);
  }
  observe(): void {}
  disconnect(): void {}
  report(): void {
    this.cb();
  }
}

const g = globalThis as { ResizeObserver?: unknown };
const original = g.ResizeObserver;
afterEach(() => {
  g.ResizeObserver = original;
  FakeObserver.all = [];
});

/** A component that draws one plot with `api` as plotly. */
function mountPlot(api: PlotlyApi) {
  let plot!: PlotHandle;
  const el = ref<HTMLElement | null>(null);
  const Comp = defineComponent({
    setup() {
      plot = usePlotly({ el, load: () => Promise.resolve(api) });
      return () => h('div', { ref: el });
    },
  });
  const w = mount(Comp, { attachTo: document.body });
  return { w, plot, el };
}

async function setup() {
  g.ResizeObserver = FakeObserver;
  const resized: string[] = [];
  const size = { w: 656, h: 560 };
  const api = {
    react: (el: HTMLElement) => Promise.resolve(el),
    Plots: { resize: (el: HTMLElement) => void resized.push(`${el.clientWidth}x${el.clientHeight}`) },
    purge: () => undefined,
  } as unknown as PlotlyApi;
  const { w, plot } = mountPlot(api);
  const div = w.element as HTMLElement;
  Object.defineProperty(div, 'clientWidth', { get: () => size.w });
  Object.defineProperty(div, 'clientHeight', { get: () => size.h });
  await plot.react([], {});
  await flushPromises();
  return { w, plot, size, resized, observer: FakeObserver.all[0] };
}

describe('usePlotly size watch', () => {
  it('does not redraw for the first report at the size it drew at', async () => {
    const { w, observer, resized } = await setup();
    observer.report();
    observer.report();
    expect(resized).toEqual([]);
    w.unmount();
  });
  it('redraws once per new size, not into a hidden tab, and again when shown', async () => {
    const { w, observer, resized, size } = await setup();
    size.w = 800;
    observer.report();
    observer.report();
    expect(resized).toEqual(['800x560']);
    size.w = 0;
    size.h = 0;
    observer.report();
    expect(resized).toEqual(['800x560']);
    size.w = 800;
    size.h = 560;
    observer.report();
    expect(resized).toEqual(['800x560', '800x560']);
    w.unmount();
  });
  it('takes the size of a later draw as drawn', async () => {
    const { w, observer, resized, size, plot } = await setup();
    size.w = 900;
    await plot.react([], {});
    observer.report();
    expect(resized).toEqual([]);
    w.unmount();
  });
});

describe('usePlotly WebGL pixel density', () => {
  /** A plotly stand-in that keeps the figure on the element, as plotly does, and records what it was given. */
  async function drawn(dpr: number, config?: Record<string, unknown>) {
    const w0 = window as { devicePixelRatio: number };
    const before = w0.devicePixelRatio;
    w0.devicePixelRatio = dpr;
    const calls: { react: Record<string, unknown>[]; toImage: unknown[] } = { react: [], toImage: [] };
    const api = {
      react: (el: HTMLElement, data: unknown[], layout: unknown, cfg: Record<string, unknown>) => {
        Object.assign(el, { data, layout });
        calls.react.push(cfg);
        return Promise.resolve(el);
      },
      toImage: (fig: unknown) => {
        calls.toImage.push(fig);
        return Promise.resolve('data:image/png;base64,');
      },
      Plots: { resize: () => undefined },
      purge: () => undefined,
    } as unknown as PlotlyApi;
    const { w, plot, el } = mountPlot(api);
    const data = [{ type: 'mesh3d', intensity: new Float32Array([0.1, 0.2]) }];
    const layout = { scene: { camera: { eye: { x: 1, y: 2, z: 0.5 } } } };
    await plot.react(data as never, layout, config);
    w0.devicePixelRatio = before;
    return { w, plot, calls, el: el.value!, data, layout };
  }

  it('draws live 3-D scenes at the screen density (plotly would use 2 everywhere), a caller may override it', async () => {
    for (const [dpr, want] of [
      [1, 1],
      [1.5, 1.5],
      [2, 2],
      [0, 1],
      [8, 4],
    ]) {
      const { w, calls } = await drawn(dpr);
      expect(calls.react[0].plotGlPixelRatio, `devicePixelRatio ${dpr}`).toBe(want);
      expect(calls.react[0].displaylogo).toBe(false);
      w.unmount();
    }
    const { w, calls } = await drawn(1, { plotGlPixelRatio: 3 });
    expect(calls.react[0].plotGlPixelRatio).toBe(3);
    w.unmount();
  });

  it('exports a copy of the shown figure (camera included) at density 2, not the live plot at the screen density', async () => {
    const { w, plot, calls, el, data, layout } = await drawn(1, { showTips: false });
    await plot.toImage({ format: 'png', width: 800, height: 600 });
    expect(calls.toImage).toHaveLength(1);
    const fig = calls.toImage[0] as { data: unknown[]; layout: unknown; config: Record<string, unknown> };
    expect(fig).not.toBe(el);
    expect(fig.config.plotGlPixelRatio).toBe(2);
    expect(fig.config.showTips).toBe(false);
    expect(fig.config.displaylogo).toBe(false);
    expect(fig.layout).toEqual(layout);
    // (compared by value: jsdom's structuredClone makes typed arrays of another realm)
    const trace = fig.data[0] as { type: string; intensity: Float32Array };
    expect(fig.data).toHaveLength(1);
    expect(trace.type).toBe('mesh3d');
    expect(Array.from(trace.intensity)).toEqual(Array.from(data[0].intensity));
    // Copies: the export's own plot cannot change the live figure's objects.
    expect(fig.layout).not.toBe(layout);
    expect(fig.data[0]).not.toBe(data[0]);
    w.unmount();
  });

  it('exports from the live plot when the figure cannot be copied', async () => {
    const { w, plot, calls, el, layout } = await drawn(1);
    Object.assign(el, { layout: { ...layout, uncopyable: () => 1 } });
    await plot.toImage({ format: 'png', width: 800, height: 600 });
    expect(calls.toImage).toEqual([el]);
    w.unmount();
  });

  it('exports WebGL at the export scale when it is above 2 (else the 3-D map is enlarged from fewer pixels)', async () => {
    const { w, plot, calls } = await drawn(1);
    for (const scale of [1, 2, 3, 4, 2.5, 8])
      await plot.toImage({ format: 'png', width: 800, height: 600, scale } as never);
    const ratios = (calls.toImage as { config: { plotGlPixelRatio: number } }[]).map(
      (f) => f.config.plotGlPixelRatio,
    );
    expect(ratios).toEqual([2, 2, 3, 4, 3, 4]);
    w.unmount();
    // Figures drawn only for the export (hidden tabs) likewise.
    const seen: unknown[] = [];
    const api = { toImage: (fig: unknown) => (seen.push(fig), Promise.resolve('')) } as unknown as PlotlyApi;
    await figureToImage(
      { data: [], layout: {} },
      { format: 'png', width: 10, height: 10, scale: 3 } as never,
      () => Promise.resolve(api),
    );
    await figureToImage({ data: [], layout: {} }, { format: 'png', width: 10, height: 10 } as never, () =>
      Promise.resolve(api),
    );
    expect(
      (seen as { config: { plotGlPixelRatio: number } }[]).map((f) => f.config.plotGlPixelRatio),
    ).toEqual([3, 2]);
  });
});

describe('usePlotly 3-D frames', () => {
  /** A plotly whose react draws one gl3d scene with gl-plot3d's endless loop (frames from jsdom's timer-based rAF). */
  function sceneApi() {
    const scene = {
      _stopped: false,
      contextLost: false,
      loopFrames: 0,
      draws: 0,
      redraw: () => void scene.draws++,
    };
    const loop = (): void => {
      if (scene._stopped) return;
      scene.loopFrames++;
      requestAnimationFrame(loop);
    };
    const api = {
      react: (el: HTMLElement) => {
        (el as unknown as { _fullLayout: unknown })._fullLayout = {
          _subplots: { gl3d: ['scene'] },
          scene: { _scene: { glplot: scene } },
        };
        if (scene.loopFrames === 0) loop();
        return Promise.resolve(el);
      },
      Plots: { resize: () => undefined },
      purge: () => void (scene._stopped = true),
    } as unknown as PlotlyApi;
    return { api, scene };
  }
  const frames = (n: number) =>
    new Promise<void>((done) => {
      const next = (k: number): void => void (k === 0 ? done() : requestAnimationFrame(() => next(k - 1)));
      next(n);
    });
  const visibility = (state: DocumentVisibilityState): void => {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  };
  afterEach(() => {
    delete (document as { visibilityState?: unknown }).visibilityState;
  });

  it('ends the scene loop after the first draw, and draws the scene once more itself', async () => {
    const { api, scene } = sceneApi();
    const { w, plot } = mountPlot(api);
    await plot.react([], {});
    await frames(5);
    const loops = scene.loopFrames;
    await frames(5);
    expect(scene.loopFrames).toBe(loops);
    expect(scene._stopped).toBe(false);
    expect(scene.draws).toBeGreaterThan(0);
    w.unmount();
    expect(scene._stopped).toBe(true);
  });

  it('takes over a scene drawn while the page was in the background once the page shows', async () => {
    const { api, scene } = sceneApi();
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    const { w, plot } = mountPlot(api);
    await plot.react([], {});
    let loops = scene.loopFrames;
    await frames(3);
    expect(scene.loopFrames).toBeGreaterThan(loops);
    visibility('visible');
    await frames(5);
    loops = scene.loopFrames;
    await frames(5);
    expect(scene.loopFrames).toBe(loops);
    w.unmount();
  });
});
