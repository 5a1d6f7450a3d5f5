// @vitest-environment jsdom
// The Confidence tab: texts from the store's confidence, the frequency map with the 95 % ring, and the maxima plot.
import { describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';

// jsdom has no WebGL: plotly is replaced by a recorder of the figures drawn.
const drawn: { data: { type?: string; name?: string; text?: string[] }[] }[] = [];
vi.mock('plotly.js-dist-min', () => {
  const api = {
    react: (el: HTMLElement, data: { type?: string; name?: string; text?: string[] }[]) => {
      drawn.push({ data });
      (el as unknown as { on: () => void }).on = () => undefined;
      return Promise.resolve(el);
    },
    restyle: (el: HTMLElement) => Promise.resolve(el),
    relayout: () => Promise.resolve(),
    toImage: () => Promise.resolve('data:image/png;base64,'),
    purge: () => undefined,
    Plots: { resize: () => undefined },
  };
  return { default: api };
});

import ResultsConfidence from '../../../../renderer/src/components/results/ResultsConfidence.vue';
import { useResultsStore } from '../../../../renderer/src/stores/useResultsStore';
import type { MapConfidence, ResultSummary } from '../../../../main/contract';

describe('ResultsConfidence', () => {
  it('shows p, threshold, radius and draws the frequency map with its ring and the maxima histogram', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const store = useResultsStore();
    const hotspot = { element: 0, score: 0.9, centroid: [0.3, 0.3, 0] as [number, number, number] };
    store.summary = {
      resultId: 'r',
      nZaps: 10,
      nElements: 2,
      maps: [
        {
          response: 'p2p_FDI',
          qoi: 'E_mag',
          fun: 'sigmoid4',
          score: 'R2',
          better: 'higher',
          paramNames: [],
          hotspot,
          scoreMin: 0.1,
          scoreMax: 0.9,
          failed: 0,
          seconds: 1,
          hasConfidence: true,
        },
      ],
      workers: 1,
      seconds: 1,
      hasConvergence: false,
    } satisfies ResultSummary;
    store.selected = { response: 'p2p_FDI', qoi: 'E_mag' };
    store.geometry = {
      nNodes: 4,
      nTriangles: 2,
      nodes: new Float32Array([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0]),
      triangles: new Uint32Array([0, 1, 2, 0, 2, 3]),
      centroids: new Float32Array(6),
    };
    store.arrays = { scores: new Float64Array([0.9, 0.1]), status: new Uint8Array(2) };
    store.confidence = {
      hotspot,
      better: 'higher',
      significance: {
        permutations: 99,
        seed: 1,
        maxima: Float64Array.from({ length: 99 }, (_, i) => i / 200),
        observed: 0.9,
        pFwe: 0.01,
        thresholdFwe05: 0.47,
        elementP: new Float64Array([0.01, 1]),
      },
      bootstrap: {
        n: 50,
        seed: 1,
        frequency: new Float64Array([0.9, 0.1]),
        radius95: 3,
        medianDistance: 0,
        stability: 0.9,
      },
    } satisfies MapConfidence;
    const w = mount(ResultsConfidence, { global: { plugins: [pinia, [PrimeVue, { unstyled: true }]] } });
    await flushPromises();
    expect(w.get('[data-testid="confidence-significance"]').text()).toContain('p_FWE ≤ 0.01');
    expect(w.get('[data-testid="confidence-significance"]').text()).toContain('0.47');
    expect(w.get('[data-testid="confidence-bootstrap"]').text()).toContain('within 3 mm');
    const names = drawn.flatMap((f) => f.data.map((d) => d.name ?? d.type));
    expect(names).toContain('95 % radius');
    expect(names).toContain('permutation maxima');
    // Hovering an element of the map tells its corrected p (the hotspot at the floor 1/(99 + 1)).
    const mesh = drawn.flatMap((f) => f.data).find((d) => d.type === 'mesh3d')!;
    expect(mesh.text![0]).toContain('p_FWE ≤ 0.01');
    expect(mesh.text![1]).toContain('p_FWE = 1');
    w.unmount();
  });
});
