// @vitest-environment jsdom
// usePlotly redraws a figure on a size change only: not for the report every observed element gets at once, nor into a hidden (0 × 0) tab.
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { usePlotly, type PlotHandle, type PlotlyApi } from '../../../../renderer/src/composables/usePlotly';

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

async function setup() {
  g.ResizeObserver = FakeObserver;
  const resized: string[] = [];
  const size = { w: 656, h: 560 };
  const api = {
    react: (el: HTMLElement) => Promise.resolve(el),
    Plots: { resize: (el: HTMLElement) => void resized.push(`${el.clientWidth}x${el.clientHeight}`) },
    purge: () => undefined,
  } as unknown as PlotlyApi;
  let plot!: PlotHandle;
  const Comp = defineComponent({
    setup() {
      const el = ref<HTMLElement | null>(null);
      plot = usePlotly({ el, load: () => Promise.resolve(api) });
      return () => h('div', { ref: el });
    },
  });
  const w = mount(Comp, { attachTo: document.body });
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
