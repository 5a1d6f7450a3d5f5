// @vitest-environment jsdom
// The compare view's panels: fetched together, and a slower fetch for an earlier panel list never replaces the last.
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import ResultsCompare from '../../../../renderer/src/components/results/ResultsCompare.vue';
import { useResultsStore, type ResultsClient } from '../../../../renderer/src/stores/useResultsStore';
import type { MapInfo, ResultSummary } from '../../../../main/contract';

const map = (response: string, qoi: 'E_mag' | 'E_norm'): MapInfo => ({
  response,
  qoi,
  fun: 'sigmoid4',
  score: 'R2',
  better: 'higher',
  paramNames: ['x0', 'r', 'amp', 'y0'],
  hotspot: { element: 0, score: 0.5, centroid: [0, 0, 0] },
  scoreMin: 0,
  scoreMax: 0.5,
  failed: 0,
  seconds: 1,
});
const summary: ResultSummary = {
  resultId: 'r1',
  nZaps: 3,
  nElements: 2,
  maps: [map('p2p_FDI', 'E_mag'), map('p2p_ADM', 'E_mag'), map('p2p_FDI', 'E_norm')],
  workers: 1,
  seconds: 1,
  hasConvergence: false,
};

describe('ResultsCompare', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('shows the panels of the last choice even when an earlier choice’s maps arrive later', async () => {
    const gates = new Map<string, () => void>();
    const asked: string[] = [];
    const client = {
      getMap: (r: { response: string; qoi: string }) => {
        const key = `${r.response}-${r.qoi}`;
        asked.push(key);
        return new Promise((done) =>
          gates.set(key, () =>
            done({
              scores: new Float64Array([0.1, 0.5]),
              status: new Uint8Array(2),
              params: new Float64Array(8),
              better: 'higher',
            }),
          ),
        );
      },
    } as unknown as ResultsClient;
    const store = useResultsStore();
    store.client = client;
    store.summary = summary;
    store.selected = { response: 'p2p_FDI', qoi: 'E_mag' };
    const w = mount(ResultsCompare, {
      global: { plugins: [PrimeVue], stubs: { ResultsScoreMap: true } },
    });
    await flushPromises();
    // Muscles side by side: both E_mag maps asked for at once, not one after the other.
    expect(asked).toEqual(['p2p_FDI-E_mag', 'p2p_ADM-E_mag']);
    // The user turns to the QOIs before those answers came.
    store.selected = { response: 'p2p_FDI', qoi: 'E_norm' };
    await flushPromises();
    gates.get('p2p_FDI-E_norm')!();
    await flushPromises();
    const panels = (): string[] =>
      w.findAll('[data-testid^="compare-panel-"]').map((p) => p.attributes('data-testid') ?? '');
    expect(panels()).toEqual(['compare-panel-p2p_FDI-E_norm']);
    // The older, slower answers change nothing.
    gates.get('p2p_FDI-E_mag')!();
    gates.get('p2p_ADM-E_mag')!();
    await flushPromises();
    expect(panels()).toEqual(['compare-panel-p2p_FDI-E_norm']);
    w.unmount();
  });
});
