// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';

// jsdom has no WebGL: plotly is replaced by a recorder of the calls the component makes.
const calls: { fn: string; args: unknown[] }[] = [];
const handlers = new Map<string, (ev: unknown) => void>();
vi.mock('plotly.js-dist-min', () => {
  const api = {
    react: (el: HTMLElement & { on?: unknown }, ...rest: unknown[]) => {
      calls.push({ fn: 'react', args: rest });
      (el as unknown as { on: (n: string, h: (ev: unknown) => void) => void }).on = (n, h) =>
        handlers.set(n, h);
      return Promise.resolve(el);
    },
    restyle: (_el: HTMLElement, ...rest: unknown[]) => {
      calls.push({ fn: 'restyle', args: rest });
      return Promise.resolve(_el);
    },
    relayout: () => Promise.resolve(),
    toImage: () => Promise.resolve('data:image/png;base64,'),
    purge: () => calls.push({ fn: 'purge', args: [] }),
    Plots: { resize: () => undefined },
  };
  return { default: api };
});

import ResultsScoreMap from '../../../../renderer/src/components/results/ResultsScoreMap.vue';

const geometry = {
  nodes: new Float32Array([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0]),
  triangles: new Uint32Array([0, 1, 2, 0, 2, 3]),
};
const GEOMETRY_KEYS = ['x', 'y', 'z', 'i', 'j', 'k'];

function props(scores: number[], threshold: number | null = null) {
  return {
    geometry,
    scores: new Float64Array(scores),
    scoreName: 'R²',
    colourBarTitle: 'R²',
    colour: { scale: 'viridis' as const, range: [0, 1] as [number, number], threshold },
    hotspot: { element: 1, label: 'FDI hotspot' },
  };
}

describe('ResultsScoreMap', () => {
  it('leaves the scale bar out with show-scale false (small multiples)', async () => {
    const w = mount(ResultsScoreMap, {
      props: { ...props([0.2, 0.8]), showScale: false },
      attachTo: document.body,
    });
    await flushPromises();
    const [data] = calls.filter((c) => c.fn === 'react')[0].args as [Record<string, unknown>[]];
    expect(data.filter((t) => t.name === 'scale')).toHaveLength(0);
    w.unmount();
  });

  beforeEach(() => {
    calls.length = 0;
    handlers.clear();
  });

  it('draws the mesh once and recolours by restyling intensity only when scores or threshold change', async () => {
    const w = mount(ResultsScoreMap, { props: props([0.2, 0.8]), attachTo: document.body });
    await flushPromises();
    const reacts = calls.filter((c) => c.fn === 'react');
    expect(reacts).toHaveLength(1);
    const [data] = reacts[0].args as [Record<string, unknown>[]];
    expect(data[0].type).toBe('mesh3d');
    for (const k of GEOMETRY_KEYS) expect(data[0]).toHaveProperty(k);
    expect(Array.from(data[0].intensity as Float64Array)).toEqual([0.2, 0.8]);
    expect(data[1].type).toBe('scatter3d');
    // The scale bar is drawn unless asked not to (an absent boolean prop is false in Vue: it used to be left out).
    expect(data.filter((t) => t.name === 'scale')).toHaveLength(1);

    // another muscle's map: same geometry object
    await w.setProps({ scores: new Float64Array([0.9, 0.1]) });
    await flushPromises();
    await w.setProps({ colour: { scale: 'hot', range: [0, 1], threshold: 0.5 } });
    await flushPromises();
    expect(calls.filter((c) => c.fn === 'react')).toHaveLength(1);
    const meshUpdates = calls.filter((c) => c.fn === 'restyle' && (c.args[1] as number[])[0] === 0);
    expect(meshUpdates.length).toBeGreaterThanOrEqual(2);
    for (const u of meshUpdates) for (const k of GEOMETRY_KEYS) expect(u.args[0]).not.toHaveProperty(k);
    const last = meshUpdates.at(-1)!.args[0] as { intensity: Float64Array[]; cmin: number[] };
    // 0.1 is below the threshold 0.5: the grey sentinel (cmin)
    expect(Array.from(last.intensity[0])).toEqual([0.9, last.cmin[0]]);
    expect(w.attributes('data-grey')).toBe('1');
    w.unmount();
    expect(calls.at(-1)!.fn).toBe('purge');
  });

  it('rebuilds the figure when the geometry changes', async () => {
    const w = mount(ResultsScoreMap, { props: props([0.2, 0.8]), attachTo: document.body });
    await flushPromises();
    await w.setProps({ geometry: { nodes: geometry.nodes.slice(), triangles: geometry.triangles.slice() } });
    await flushPromises();
    expect(calls.filter((c) => c.fn === 'react')).toHaveLength(2);
    w.unmount();
  });

  it('emits the clicked triangle (plotly reports the face index as pointNumber) and the hotspot on a marker click', async () => {
    const w = mount(ResultsScoreMap, { props: props([0.2, 0.8]), attachTo: document.body });
    await flushPromises();
    const click = handlers.get('plotly_click')!;
    click({ points: [{ curveNumber: 0, pointNumber: 1 }] });
    click({ points: [{ curveNumber: 1, pointNumber: 0 }] });
    click({ points: [] });
    expect(w.emitted('pick')).toEqual([[1], [1]]);
    w.unmount();
  });
});
